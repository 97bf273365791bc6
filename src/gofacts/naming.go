package main

// Naming: every function the compiler generates code for in a package, named
// as cmd/compile names it for the release that built the helper (closureName
// in cmd/compile/internal/ir/func.go, renameinit in noder, OutlineMapInits in
// staticinit, normalizeGoDeferCall in typecheck), which is the name pprof
// shows.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Function kinds, as FACTS.md lists them.
const (
	kindFunc         = "func"
	kindMethod       = "method"
	kindLiteral      = "literal"
	kindInit         = "init"
	kindPackageInit  = "package_init"
	kindMapInit      = "map_init"
	kindRangeBody    = "range_body"
	kindGoWrapper    = "go_wrapper"
	kindDeferWrapper = "defer_wrapper"
)

// function is one function of the package while its facts are built.
type function struct {
	id     int
	local  string // the name without the package: "F", "(*T).M", "F.func1"
	kind   string
	node   ast.Node // *ast.FuncDecl, *ast.FuncLit, *ast.RangeStmt, *ast.GoStmt, *ast.DeferStmt, map init's value; nil for package_init
	file   int      // index in the package's files, -1 without source
	pos    token.Pos
	end    token.Pos
	parent *function
	depth  int // nesting depth, for ordering

	sig  *types.Signature // nil for package_init, map_init, wrappers, range bodies
	body *ast.BlockStmt

	// rangeParent is, for a range-over-func body, the function whose counters
	// name the closures made inside it (the compiler's RangeParent).
	rangeParent *function
	// closure: named after its enclosing function ("." + N for its own
	// literals) rather than declared.
	closure bool
	// Counters of closures named after this function.
	litGen, rangeGen, goDeferGen int

	callsRecover bool
}

// namingOuter is the function whose counters name a closure made in f.
func (f *function) namingOuter() *function {
	if f.kind == kindRangeBody && f.rangeParent != nil {
		return f.rangeParent
	}
	return f
}

// collectFunctions finds and names the package's functions, in the order the
// compiler meets them: declarations file by file (init.N numbering), package
// variable initialisers in initialisation order.
func (b *builder) collectFunctions() {
	inits := 0
	for fi, f := range b.files {
		for _, decl := range f.ast.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Name.Name == "_" {
				// The compiler skips blank functions: no code, no closures.
				continue
			}
			fn := &function{
				kind: kindFunc,
				node: fd,
				file: fi,
				pos:  fd.Pos(),
				end:  fd.End(),
				body: fd.Body,
			}
			if obj, ok := b.info.Defs[fd.Name].(*types.Func); ok {
				fn.sig, _ = obj.Type().(*types.Signature)
			}
			switch {
			case fd.Recv != nil:
				fn.kind = kindMethod
				fn.local = methodName(fd)
			case fd.Name.Name == "init" && fd.Type.TypeParams == nil:
				fn.kind = kindInit
				fn.local = "init." + strconv.Itoa(inits)
				inits++
			default:
				fn.local = fd.Name.Name
				if fd.Type.TypeParams != nil {
					fn.local += "[...]"
				}
			}
			b.addFunction(fn)
			b.funcOf[fd] = fn
			if fd.Body != nil {
				b.collectNested(fd.Body, fn)
			}
		}
	}
	b.collectInitializers()
	b.numberFunctions()
}

// methodName is "(*T).M", "T.M", "(*T[...]).M" or "T[...].M".
func methodName(fd *ast.FuncDecl) string {
	recv := fd.Recv.List[0].Type
	ptr := false
	if star, ok := recv.(*ast.StarExpr); ok {
		ptr = true
		recv = star.X
	}
	recv = unparen(recv)
	generic := false
	switch r := recv.(type) {
	case *ast.IndexExpr:
		recv, generic = r.X, true
	case *ast.IndexListExpr:
		recv, generic = r.X, true
	}
	name := "?"
	if id, ok := recv.(*ast.Ident); ok {
		name = id.Name
	}
	if generic {
		name += "[...]"
	}
	if ptr {
		return "(*" + name + ")." + fd.Name.Name
	}
	return name + "." + fd.Name.Name
}

// collectInitializers names what package variable initialisers compile to:
// the package's init function, outlined map initialisers (map.init.N,
// Go 1.21+, numbered in initialisation order) and the closures they contain:
// init.funcN from Go 1.22, numbered in initialisation order (the order the
// compiler reads them in), glob..funcN before, in source order.
func (b *builder) collectInitializers() {
	order := b.info.InitOrder
	if len(order) == 0 {
		return
	}
	b.pkgInit = &function{local: "init", kind: kindPackageInit, file: -1}
	b.addFunction(b.pkgInit)
	mapInits := 0
	var sourceOrder []ast.Expr
	for _, init := range order {
		if b.release < 22 {
			sourceOrder = append(sourceOrder, init.Rhs)
		}
		if b.release >= 21 && b.outlinesMapInit(init) {
			fn := &function{
				local: "map.init." + strconv.Itoa(mapInits),
				kind:  kindMapInit,
				node:  init.Rhs,
				pos:   init.Lhs[0].Pos(),
				end:   init.Rhs.End(),
			}
			fn.file = b.fileIndex(fn.pos)
			mapInits++
			b.addFunction(fn)
			b.mapInits[init.Rhs] = fn
			continue
		}
		if b.release >= 22 {
			b.collectNested(init.Rhs, b.pkgInit)
		}
	}
	// A unit's files are parsed in compile order: positions order them.
	sort.Slice(sourceOrder, func(i, j int) bool { return sourceOrder[i].Pos() < sourceOrder[j].Pos() })
	for _, rhs := range sourceOrder {
		if b.mapInits[rhs] == nil {
			b.collectNested(rhs, b.pkgInit)
		}
	}
}

// outlinesMapInit reports whether the compiler moves the initialiser into a
// map.init.N function of its own (staticinit.tryWrapGlobalInit): one named
// map variable, a right-hand side of at least 20 IR nodes, no side effects.
func (b *builder) outlinesMapInit(init *types.Initializer) bool {
	if len(init.Lhs) != 1 || init.Lhs[0].Name() == "_" {
		return false
	}
	if _, ok := init.Lhs[0].Type().Underlying().(*types.Map); !ok {
		return false
	}
	n, pure := b.irSize(init.Rhs)
	return pure && n >= 20
}

// irSize estimates how many IR nodes the compiler builds for e (ir.Any's
// count in tryWrapGlobalInit) and whether none of them has side effects
// (staticinit.isSideEffect).
func (b *builder) irSize(e ast.Expr) (int, bool) {
	e = unparen(e)
	tv := b.info.Types[e]
	if tv.Value != nil {
		return 1, true
	}
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return 1, true
	case *ast.CompositeLit:
		n := 1
		for _, el := range e.Elts {
			k, pure := b.irElement(e, el)
			if !pure {
				return n, false
			}
			n += k
		}
		return n, true
	case *ast.SelectorExpr:
		if sel := b.info.Selections[e]; sel != nil {
			if sel.Kind() != types.FieldVal || sel.Indirect() {
				return 1, false // method value, field through a pointer
			}
			n, pure := b.irSize(e.X)
			return n + 1, pure
		}
		return 1, true // a package-qualified name
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			return 1, false
		}
		n, pure := b.irSize(e.X)
		return n + 1, pure
	case *ast.BinaryExpr:
		if e.Op == token.QUO || e.Op == token.REM {
			return 1, false // may panic
		}
		n, pure := b.irSize(e.X)
		m, pure2 := b.irSize(e.Y)
		return n + m + 1, pure && pure2
	case *ast.CallExpr:
		if b.isConversion(e) {
			n, pure := b.irSize(e.Args[0])
			return n + 1, pure
		}
	}
	return 1, false
}

// irElement sizes one element of composite literal lit: a map entry or a
// struct field is a key node plus its parts, a slice element is its value.
func (b *builder) irElement(lit *ast.CompositeLit, el ast.Expr) (int, bool) {
	kv, keyed := el.(*ast.KeyValueExpr)
	value := el
	if keyed {
		value = kv.Value
	}
	n, pure := b.irValue(value, lit, el)
	typ := b.info.TypeOf(lit)
	if typ == nil {
		return n, false
	}
	if ptr, ok := typ.Underlying().(*types.Pointer); ok {
		typ = ptr.Elem()
	}
	switch typ.Underlying().(type) {
	case *types.Struct:
		return n + 1, pure
	case *types.Map:
		k, pure2 := b.irSize(kv.Key)
		return n + k + 1, pure && pure2
	}
	if keyed {
		k, pure2 := b.irSize(kv.Key)
		return n + k + 1, pure && pure2
	}
	return n, pure
}

// irValue sizes an element value, counting the implicit conversion to an
// interface element type and the implicit & of an elided *T literal.
func (b *builder) irValue(value ast.Expr, lit *ast.CompositeLit, el ast.Expr) (int, bool) {
	n, pure := b.irSize(value)
	if inner, ok := unparen(value).(*ast.CompositeLit); ok && inner.Type == nil {
		if _, ptr := under(b.info.TypeOf(inner)).(*types.Pointer); ptr {
			n++
		}
	}
	if vt, et := b.info.TypeOf(value), b.elementType(lit, el); vt != nil && et != nil && isInterface(et) && !isInterface(vt) {
		n++
	}
	return n, pure
}

// collectNested finds the closures, range-over-func bodies (Go 1.23+) and
// go/defer wrappers (Go 1.22+) the compiler makes for code within root, which
// belongs to function owner, and names them in source order.
func (b *builder) collectNested(root ast.Node, owner *function) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			fn := &function{kind: kindLiteral, node: n, pos: n.Pos(), end: n.End(), body: n.Body, closure: true}
			if sig, ok := b.info.TypeOf(n).(*types.Signature); ok {
				fn.sig = sig
			}
			b.nameClosure(fn, owner, ".func")
			b.funcOf[n] = fn
			b.collectNested(n.Body, fn)
			return false
		case *ast.RangeStmt:
			if b.release < 23 || !b.rangesOverFunc(n) {
				return true
			}
			if n.Key != nil {
				b.collectNested(n.Key, owner)
			}
			if n.Value != nil {
				b.collectNested(n.Value, owner)
			}
			b.collectNested(n.X, owner)
			fn := &function{kind: kindRangeBody, node: n, pos: n.Pos(), end: n.End(), body: n.Body, closure: true}
			b.nameClosure(fn, owner, "-range")
			fn.rangeParent = owner.namingOuter()
			b.funcOf[n] = fn
			b.collectNested(n.Body, fn)
			return false
		case *ast.GoStmt:
			return b.collectGoDefer(n, n.Call, kindGoWrapper, ".gowrap", owner)
		case *ast.DeferStmt:
			return b.collectGoDefer(n, n.Call, kindDeferWrapper, ".deferwrap", owner)
		}
		return true
	})
}

// collectGoDefer names the wrapper Go 1.22+ makes for a go or defer
// statement, after the closures in the statement itself.
func (b *builder) collectGoDefer(stmt ast.Stmt, call *ast.CallExpr, kind, suffix string, owner *function) bool {
	b.collectNested(call, owner)
	if b.release >= 22 && b.wrapsGoDefer(call) {
		fn := &function{kind: kind, node: stmt, pos: stmt.Pos(), end: stmt.End(), closure: true}
		b.nameClosure(fn, owner, suffix)
		b.wrappers[stmt] = fn
	}
	return false
}

// nameClosure names fn, made within owner, as closureName does: after the
// outer function (the range body's own outer function inside a range-over-func
// body), with owner's counter for the kind; a literal inside a literal is
// "outer.N", inside a declared function "outer.funcN". Package-level closures
// are "glob..funcN" up to Go 1.21 and "init.funcN" from 1.22.
func (b *builder) nameClosure(fn, owner *function, suffix string) {
	fn.parent = owner
	fn.depth = owner.depth + 1
	outer := owner.namingOuter()
	fn.file = b.fileIndex(fn.pos)
	var gen *int
	switch suffix {
	case ".func":
		gen = &outer.litGen
		if outer.closure {
			suffix = "."
		}
	case "-range":
		gen = &outer.rangeGen
	default:
		gen = &outer.goDeferGen
	}
	name := outer.local
	if outer.kind == kindPackageInit && b.release < 22 {
		name, gen = "glob.", &b.globClosures
	}
	*gen++
	fn.local = name + suffix + strconv.Itoa(*gen)
	b.addFunction(fn)
}

// rangesOverFunc reports whether a range statement ranges over a function
// (an iterator), whose body the compiler turns into a closure.
func (b *builder) rangesOverFunc(n *ast.RangeStmt) bool {
	t := b.info.TypeOf(n.X)
	if t == nil {
		return false
	}
	_, ok := coreType(t).(*types.Signature)
	return ok
}

// wrapsGoDefer reports whether Go 1.22+ wraps the call of a go or defer
// statement in a closure: unless it already is a plain function call
// without arguments and results (typecheck.normalizeGoDeferCall). Method
// calls, builtins and calls with arguments are wrapped.
func (b *builder) wrapsGoDefer(call *ast.CallExpr) bool {
	fun := unparen(call.Fun)
	if tv, ok := b.info.Types[fun]; ok && tv.IsBuiltin() {
		return true
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s := b.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			return true // method calls become calls with the receiver as an argument
		}
	}
	sig, ok := coreType(b.info.TypeOf(fun)).(*types.Signature)
	if !ok {
		return true
	}
	return sig.Params().Len() > 0 || sig.Results().Len() > 0
}

func (b *builder) addFunction(fn *function) {
	b.funcs = append(b.funcs, fn)
}

// numberFunctions orders the functions by position (package init first) and
// gives them their ids.
func (b *builder) numberFunctions() {
	sort.SliceStable(b.funcs, func(i, j int) bool {
		x, y := b.funcs[i], b.funcs[j]
		if x.file != y.file {
			return x.file < y.file
		}
		if x.pos != y.pos {
			return x.pos < y.pos
		}
		return x.depth < y.depth
	})
	for i, fn := range b.funcs {
		fn.id = i
	}
}

// fullName is a function's name as pprof shows it.
func (b *builder) fullName(fn *function) string {
	return b.prefix + "." + fn.local
}

// symbolPrefix is how the runtime and pprof write a package path in symbol
// names (cmd/internal/objabi.PathToPrefix): "main" for a command, and in the
// last element a "." (and any control, space, '%' or '"' byte) as %xx.
func symbolPrefix(pkg *types.Package) string {
	if pkg.Name() == "main" {
		return "main"
	}
	path := pkg.Path()
	slash := strings.LastIndexByte(path, '/')
	var sb strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c <= ' ' || (c == '.' && i > slash) || c == '%' || c == '"' || c >= 0x7f {
			sb.WriteString("%" + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&0xf, 16))
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}
