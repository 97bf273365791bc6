package main

// Calls: builtins (new, make, append, panic), conversions, calls with their
// callees and the implicit "... argument" slice, and go/defer statements with
// the wrapper closure Go 1.22+ compiles them into.

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
)

// maxArgText bounds the source text kept for one call argument.
const maxArgText = 240

// call handles a call expression; it returns whether its children are to be
// walked in the same state.
func (b *builder) call(n *ast.CallExpr, st walkState) bool {
	fun := unparen(n.Fun)
	tv := b.info.Types[fun]
	if tv.IsType() {
		b.conversion(n, tv.Type, st)
		return true
	}
	if tv.IsBuiltin() {
		b.builtinCall(n, fun, st)
		return true
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		b.calledFun[sel] = true
	}
	sig, ok := coreType(tv.Type).(*types.Signature)
	if !ok {
		return true
	}
	b.argConversions(n, sig)
	b.variadicSite(n, sig, st)
	b.callSite(n, fun, sig, st)
	if b.runsOnce(fun) {
		for _, a := range n.Args {
			b.extraCtx[a] |= ctxOnce
		}
	}
	return true
}

// argConversions registers the conversion of each argument to its
// parameter's type.
func (b *builder) argConversions(n *ast.CallExpr, sig *types.Signature) {
	params := sig.Params()
	if len(n.Args) == 1 && params.Len() != 1 {
		if _, tuple := b.info.TypeOf(n.Args[0]).(*types.Tuple); tuple {
			return // f(g()): the conversions have no expression of their own
		}
	}
	for i, arg := range n.Args {
		if t := paramType(sig, i, n.Ellipsis.IsValid()); t != nil {
			b.convTargets[arg] = t
			if b.release <= 19 {
				b.convPos[arg] = b.argPos119(n, i)
			}
		}
	}
}

// paramType is the type argument i is assigned to: the element type for the
// variadic arguments of a call without "...".
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	params := sig.Params()
	last := params.Len() - 1
	if sig.Variadic() && !spread && i >= last {
		if s, ok := params.At(last).Type().Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	}
	if i > last {
		return nil
	}
	return params.At(i).Type()
}

// variadicSite: a call of a variadic function with variadic arguments and no
// "..." builds the implicit "... argument" slice at the call.
func (b *builder) variadicSite(n *ast.CallExpr, sig *types.Signature, st walkState) {
	if !sig.Variadic() || n.Ellipsis.IsValid() {
		return
	}
	args := len(n.Args)
	if args == 1 {
		if tuple, ok := b.info.TypeOf(n.Args[0]).(*types.Tuple); ok {
			args = tuple.Len()
		}
	}
	count := args - (sig.Params().Len() - 1)
	if count <= 0 {
		return
	}
	s := b.site("variadic", n.Lparen, n.End(), sig.Params().At(sig.Params().Len()-1).Type(), st)
	s.Args = count
}

// callSite emits the site of a call with its callee. Every call is listed:
// the compiler reports what an inlined callee allocates at the call.
func (b *builder) callSite(n *ast.CallExpr, fun ast.Expr, sig *types.Signature, st walkState) {
	callee, static, calleePkg := b.callee(fun)
	s := b.site("call", n.Lparen, n.End(), resultType(sig), st)
	s.Callee = callee
	s.Static = static
	s.InModule = calleePkg != nil && (calleePkg == b.pkg || b.l.isModule(calleePkg.Path()))
	s.Variadic = sig.Variadic()
	args := []*callArg{}
	for _, a := range n.Args {
		tv := b.info.Types[a]
		arg := &callArg{Text: b.text(a, maxArgText)}
		if tv.Type != nil {
			arg.Type = b.types.name(tv.Type)
		}
		if tv.Value != nil {
			arg.Const = true
			arg.Value = constantSource(tv.Value)
		}
		args = append(args, arg)
	}
	s.Args = args
	s.Params = b.paramTypes(sig)
}

// paramTypes lists a signature's parameter types.
func (b *builder) paramTypes(sig *types.Signature) []string {
	params := []string{}
	for i := 0; i < sig.Params().Len(); i++ {
		params = append(params, b.types.name(sig.Params().At(i).Type()))
	}
	return params
}

// resultType is a call's type: its result, a tuple of several, or nil.
func resultType(sig *types.Signature) types.Type {
	switch sig.Results().Len() {
	case 0:
		return nil
	case 1:
		return sig.Results().At(0).Type()
	}
	return sig.Results()
}

// instantiationSite: from Go 1.20 the compiler makes, for each list of type
// arguments a generic function or method is used with, a wrapper that calls
// the shaped body at the declaration's position (cmd/compile's parser puts it
// on the token after `func`: the name, or a method's receiver "("); what the
// wrapper inlines is reported there.
func (b *builder) instantiationSite(fd *ast.FuncDecl, fn *function) {
	if fn.sig == nil || (fd.Type.TypeParams == nil && fn.sig.RecvTypeParams().Len() == 0) {
		return
	}
	pos := fd.Name.Pos()
	if fd.Recv != nil {
		pos = fd.Recv.Opening
	}
	s := b.site("call", pos, fd.Name.End(), resultType(fn.sig), walkState{fn: fn})
	s.Callee = b.fullName(fn)
	s.Static = true
	s.InModule = true
	s.Variadic = fn.sig.Variadic()
	s.Args = []*callArg{}
	s.Params = b.paramTypes(fn.sig)
}

// callee names what a call calls: the pprof name of a static callee (function,
// method, function literal), the method expression of an interface method, or
// "" for a call of a func value. It also returns the callee's package.
func (b *builder) callee(fun ast.Expr) (name string, static bool, pkg *types.Package) {
	switch f := fun.(type) {
	case *ast.FuncLit:
		if fn := b.funcOf[f]; fn != nil {
			return b.fullName(fn), true, b.pkg
		}
		return "", false, nil
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	var id *ast.Ident
	switch f := unparen(fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if sel := b.info.Selections[f]; sel != nil {
			fn, ok := sel.Obj().(*types.Func)
			if !ok {
				return "", false, nil // a field of func type
			}
			if isInterface(sel.Recv()) {
				return b.types.name(sel.Recv()) + "." + fn.Name(), false, fn.Pkg()
			}
			if sel.Kind() == types.MethodVal || sel.Kind() == types.MethodExpr {
				return funcSymbol(fn), true, fn.Pkg()
			}
		}
		id = f.Sel
	}
	if id == nil {
		return "", false, nil
	}
	if fn, ok := b.info.Uses[id].(*types.Func); ok {
		return funcSymbol(fn), true, fn.Pkg()
	}
	return "", false, nil
}

// funcSymbol is the pprof name of a declared function or method of any
// package: "pkg.F", "pkg.(*T).M", "pkg.T.M", generics with "[...]".
func funcSymbol(fn *types.Func) string {
	fn = fn.Origin()
	prefix := "?"
	if fn.Pkg() != nil {
		prefix = symbolPrefix(fn.Pkg())
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		name := fn.Name()
		if sig != nil && sig.TypeParams().Len() > 0 {
			name += "[...]"
		}
		return prefix + "." + name
	}
	t := sig.Recv().Type()
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	recv := "?"
	if named, ok := t.(*types.Named); ok {
		recv = named.Obj().Name()
		if named.TypeParams().Len() > 0 || named.TypeArgs().Len() > 0 {
			recv += "[...]"
		}
	}
	if ptr {
		return prefix + ".(*" + recv + ")." + fn.Name()
	}
	return prefix + "." + recv + "." + fn.Name()
}

// runsOnce reports whether fun runs its function argument once: sync.Once's
// Do, sync.OnceFunc, OnceValue and OnceValues.
func (b *builder) runsOnce(fun ast.Expr) bool {
	name, static, _ := b.callee(fun)
	if !static {
		return false
	}
	switch name {
	case "sync.(*Once).Do", "sync.OnceFunc", "sync.OnceValue[...]", "sync.OnceValues[...]":
		return true
	}
	return false
}

// builtinCall handles new, make, append and panic.
func (b *builder) builtinCall(n *ast.CallExpr, fun ast.Expr, st walkState) {
	id, ok := fun.(*ast.Ident)
	if !ok {
		return // unsafe.Sizeof and friends
	}
	typ := b.info.TypeOf(n)
	switch id.Name {
	case "new":
		if p, ok := typ.(*types.Pointer); ok {
			b.site("new", n.Lparen, n.End(), p.Elem(), st)
		}
	case "make":
		s := b.site("make", n.Lparen, n.End(), typ, st)
		switch coreType(typ).(type) {
		case *types.Slice:
			s.Make = "slice"
		case *types.Map:
			s.Make = "map"
		case *types.Chan:
			s.Make = "chan"
		}
		args := []*makeArg{}
		for _, a := range n.Args[1:] {
			arg := &makeArg{Text: b.text(a, maxArgText)}
			if tv := b.info.Types[a]; tv.Value != nil {
				arg.Const = true
				if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
					arg.Value = &v
				}
			}
			args = append(args, arg)
		}
		s.Args = args
	case "append":
		s := b.site("append", n.Lparen, n.End(), typ, st)
		if len(n.Args) > 0 {
			if first, ok := unparen(n.Args[0]).(*ast.Ident); ok {
				s.Var = first.Name
			}
		}
		s.Spread = n.Ellipsis.IsValid()
		if slice, ok := coreType(typ).(*types.Slice); ok && !s.Spread {
			for _, a := range n.Args[1:] {
				b.convTargets[a] = slice.Elem()
			}
		}
	case "panic":
		if len(n.Args) == 1 {
			b.extraCtx[n.Args[0]] |= ctxPanicArg
			b.convTargets[n.Args[0]] = types.Universe.Lookup("any").Type()
		}
	}
}

// conversion: T(x) to an interface boxes x; between strings and byte or rune
// slices (or an integer to a string) it copies.
func (b *builder) conversion(n *ast.CallExpr, to types.Type, st walkState) {
	if len(n.Args) != 1 {
		return
	}
	arg := n.Args[0]
	tv := b.info.Types[arg]
	if tv.Type == nil || tv.IsNil() || b.info.Types[n].Value != nil {
		return
	}
	if isInterface(to) {
		if !isInterface(tv.Type) {
			s := b.site("conv_iface", b.conversionPos(n), n.End(), tv.Type, st)
			s.Iface = b.types.name(to)
			b.constant(s, tv)
		}
		return
	}
	if !copiesString(to, tv.Type) && !b.isUnsafePointer(to) {
		return
	}
	s := b.site("conv", b.conversionPos(n), n.End(), to, st)
	s.From = b.types.name(tv.Type)
	s.Const = tv.Value != nil
}

// copiesString reports whether converting from to to copies bytes: string
// from []byte, []rune or an integer; []byte or []rune from a string.
func copiesString(to, from types.Type) bool {
	switch {
	case isString(to):
		return isByteOrRuneSlice(from) || isInteger(from)
	case isByteOrRuneSlice(to):
		return isString(from)
	}
	return false
}

// goDefer: the go/defer statement is a site at its keyword. From Go 1.22 a
// call with operands runs in a wrapper closure: the call itself, its "...
// argument" slice, new(T) and composite literal arguments are evaluated in the
// wrapper; everything else before it, in the enclosing function
// (typecheck.normalizeGoDeferCall).
func (b *builder) goDefer(stmt ast.Stmt, call *ast.CallExpr, keyword string, flag context, st walkState) {
	s := b.site(keyword, stmt.Pos(), stmt.End(), nil, st)
	count := len(call.Args)
	s.CallArgs = &count
	s.Captures = b.goDeferCaptures(call)
	st.ctx |= flag
	w := b.wrappers[stmt]
	if w == nil {
		b.walk(call, st)
		return
	}
	inner := st
	inner.fn = w
	if b.call(call, inner) {
		b.walk(call.Fun, st)
		for _, a := range call.Args {
			b.wrappedArg(a, st, inner)
		}
	}
}

// wrappedArg walks an argument of a wrapped go/defer call: composite
// literals (not maps) and new(T) stay in the wrapper, their elements are
// walked the same way; anything else is evaluated outside.
func (b *builder) wrappedArg(arg ast.Expr, outer, inner walkState) {
	if _, converted := b.convTargets[arg]; converted && b.convertsToInterface(arg) {
		b.walk(arg, outer)
		return
	}
	switch a := unparen(arg).(type) {
	case *ast.CompositeLit:
		if _, isMap := coreType(b.info.TypeOf(a)).(*types.Map); isMap {
			break
		}
		delete(b.convTargets, arg)
		b.compositeLit(a, inner)
		for _, el := range a.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				b.walk(kv.Key, outer)
				el = kv.Value
			}
			b.wrappedArg(el, outer, inner)
		}
		return
	case *ast.CallExpr:
		if id, ok := unparen(a.Fun).(*ast.Ident); ok && id.Name == "new" && b.info.Types[id].IsBuiltin() {
			b.walk(arg, inner)
			return
		}
	}
	b.walk(arg, outer)
}

// convertsToInterface reports whether arg's registered conversion boxes it.
func (b *builder) convertsToInterface(arg ast.Expr) bool {
	t := b.info.TypeOf(arg)
	return t != nil && !isInterface(t) && isInterface(b.convTargets[arg])
}

// goDeferCaptures lists what a wrapped go/defer call's closure holds: the
// receiver and the operands that are not constants, literals, new(T) or
// functions.
func (b *builder) goDeferCaptures(call *ast.CallExpr) []*capture {
	list := []*capture{}
	if !b.wrapsGoDefer(call) {
		return list
	}
	add := func(e ast.Expr) {
		t := b.info.TypeOf(e)
		if t == nil {
			return
		}
		list = append(list, &capture{Name: b.text(e, maxArgText), Type: b.types.name(t), Size: b.types.size(t)})
	}
	switch f := unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if sel := b.info.Selections[f]; sel != nil && sel.Kind() == types.MethodVal {
			add(f.X)
		} else if sel != nil {
			add(f) // a func-typed field
		}
	case *ast.Ident:
		if _, isFunc := b.info.Uses[f].(*types.Func); !isFunc {
			if _, builtin := b.info.Uses[f].(*types.Builtin); !builtin {
				add(f)
			}
		}
	case *ast.FuncLit:
		add(f)
	}
	var operand func(e ast.Expr)
	operand = func(e ast.Expr) {
		tv := b.info.Types[e]
		if tv.Value != nil || tv.IsNil() {
			return
		}
		switch x := unparen(e).(type) {
		case *ast.CompositeLit:
			if _, isMap := coreType(tv.Type).(*types.Map); !isMap && !(b.convTargets[e] != nil && b.convertsToInterface(e)) {
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						el = kv.Value
					}
					operand(el)
				}
				return
			}
		case *ast.Ident:
			if _, isFunc := b.info.Uses[x].(*types.Func); isFunc {
				return
			}
		case *ast.CallExpr:
			if id, ok := unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" && b.info.Types[id].IsBuiltin() {
				return
			}
		}
		add(e)
	}
	for _, a := range call.Args {
		operand(a)
	}
	return list
}

// constantSource writes a constant as Go source.
func constantSource(v constant.Value) string {
	if v.Kind() == constant.String {
		return strconv.Quote(constant.StringVal(v))
	}
	return v.String()
}

// text returns e's source text, or "" when it is longer than limit bytes.
func (b *builder) text(e ast.Expr, limit int) string {
	f := b.fileAt(e.Pos())
	if f == nil {
		return ""
	}
	start, end := f.tokenFile.Offset(e.Pos()), f.tokenFile.Offset(e.End())
	if end-start > limit || start < 0 || end > len(f.src) {
		return ""
	}
	return string(f.src[start:end])
}
