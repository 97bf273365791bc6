package main

// Loops: each for and range statement with what preallocation advice needs:
// the iteration count when it is known before the loop, whether the loop can
// be left early, and the appends, map stores and builder writes of its own
// body.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"unicode/utf8"
)

// forStmt walks a three-clause (or condition-only) loop.
func (b *builder) forStmt(n *ast.ForStmt, st walkState) {
	b.addLoop(n, n.Body, st)
	if n.Init != nil {
		if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && b.perIteration {
			for _, lhs := range as.Lhs {
				if v, ok := b.info.Defs[ident(lhs)].(*types.Var); ok {
					b.perIterationVars[v] = true
				}
			}
		}
		b.walk(n.Init, st)
	}
	inner := st
	inner.loopDepth++
	if n.Cond != nil {
		b.walk(n.Cond, inner)
	}
	if n.Post != nil {
		b.walk(n.Post, inner)
	}
	b.walk(n.Body, inner)
}

// rangeStmt walks a range loop. Ranging over a function (Go 1.23+) makes the
// body a closure: its variables and code belong to the range body function.
func (b *builder) rangeStmt(n *ast.RangeStmt, st walkState) {
	b.addLoop(n, n.Body, st)
	b.walk(n.X, st)
	inner := st
	inner.loopDepth++
	body := b.funcOf[n]
	if body != nil {
		inner.fn = body
	}
	for _, e := range []ast.Expr{n.Key, n.Value} {
		if e == nil {
			continue
		}
		if n.Tok == token.DEFINE {
			if v, ok := b.info.Defs[ident(e)].(*types.Var); ok && (b.perIteration || body != nil) {
				b.perIterationVars[v] = true
			}
			b.walk(e, withDepth(inner, st.loopDepth))
		} else {
			b.assigned(e)
			b.walk(e, st)
		}
	}
	if body != nil {
		b.rangeFuncSites(n, st)
	}
	b.walk(n.Body, inner)
}

// rangeFuncSites: ranging over a function, the enclosing function makes the
// body's closure and calls the iterator with it at the for keyword. The
// compiler usually inlines both the iterator and the body there, and then
// reports what the body allocates, and the loop's variables, at the for
// keyword in the enclosing function: the loop's variables get a second site
// there.
func (b *builder) rangeFuncSites(n *ast.RangeStmt, outer walkState) {
	sig, ok := coreType(b.info.TypeOf(n.X)).(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return
	}
	lit := b.site("func_lit", n.For, n.End(), sig.Params().At(0).Type(), outer)
	lit.Captures = b.captures(n.Body, func(p token.Pos) bool { return p >= n.Pos() && p < n.End() })
	call := b.site("call", n.For, n.End(), nil, outer)
	call.Args = []*callArg{{Type: b.types.name(sig.Params().At(0).Type()), Text: ""}}
	call.Params = b.paramTypes(sig)
	for _, e := range []ast.Expr{n.Key, n.Value} {
		if v, ok := b.info.Defs[ident(e)].(*types.Var); ok && n.Tok == token.DEFINE && v.Name() != "_" {
			b.varSite(v, n.For, n.For+3, outer) // declared in the body: varSite keeps that
		}
	}
}

func withDepth(st walkState, depth int) walkState {
	st.loopDepth = depth
	return st
}

func ident(e ast.Expr) *ast.Ident {
	id, _ := unparen(e).(*ast.Ident)
	return id
}

// addLoop adds the loop fact of n.
func (b *builder) addLoop(n ast.Stmt, body *ast.BlockStmt, st walkState) {
	lf := &loopFact{
		Function:  -1,
		span:      b.span(n.Pos(), n.End()),
		Kind:      "for",
		Appends:   []*appendFact{},
		MapStores: []*storeFact{},
		Writes:    []*writeFact{},
	}
	if st.fn != nil {
		lf.Function = st.fn.id
	}
	switch n := n.(type) {
	case *ast.ForStmt:
		lf.Key, lf.Length = b.counter(n)
	case *ast.RangeStmt:
		lf.Kind = "range"
		lf.RangeOver, lf.Length = b.rangeOver(n.X)
		lf.Key, lf.Value = varName(n.Key), varName(n.Value)
	}
	lf.Exits, lf.Continues = b.leaves(n, body)
	b.bodyEffects(lf, body, st)
	b.loops = append(b.loops, lf)
}

func varName(e ast.Expr) string {
	if id := ident(e); id != nil && id.Name != "_" {
		return id.Name
	}
	return ""
}

// rangeOver returns what a range statement ranges over and its iteration
// count as Go source when known before the loop.
func (b *builder) rangeOver(x ast.Expr) (kind, length string) {
	t := b.info.TypeOf(x)
	if t == nil {
		return "", ""
	}
	if p, ok := coreType(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := coreType(t).(type) {
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return "string", b.lenOf(x)
		}
		if u.Info()&types.IsInteger != 0 {
			if tv := b.info.Types[x]; tv.Value != nil {
				return "int", tv.Value.ExactString()
			}
			if b.simple(x) {
				return "int", b.text(x, maxArgText)
			}
			return "int", ""
		}
	case *types.Slice:
		return "slice", b.lenOf(x)
	case *types.Array:
		return "array", strconv.FormatInt(u.Len(), 10)
	case *types.Map:
		return "map", b.lenOf(x)
	case *types.Chan:
		return "chan", ""
	case *types.Signature:
		return "func", ""
	}
	return "", ""
}

// lenOf is "len(x)" when x can be evaluated again before the loop.
func (b *builder) lenOf(x ast.Expr) string {
	if !b.simple(x) {
		return ""
	}
	return "len(" + b.text(x, maxArgText) + ")"
}

// simple reports whether evaluating e has no effect and gives the same value
// twice in a row: names, constants, field selections, len/cap of those.
func (b *builder) simple(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return b.simple(e.X)
	case *ast.StarExpr:
		return b.simple(e.X)
	case *ast.SelectorExpr:
		if sel := b.info.Selections[e]; sel != nil && sel.Kind() != types.FieldVal {
			return false
		}
		return b.simple(e.X)
	case *ast.BinaryExpr:
		return b.simple(e.X) && b.simple(e.Y)
	case *ast.CallExpr:
		if id, ok := unparen(e.Fun).(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") && b.info.Types[id].IsBuiltin() {
			return len(e.Args) == 1 && b.simple(e.Args[0])
		}
	}
	return false
}

// counter recognises `for i := 0; i < n; i++` (i not assigned in the body, n
// simple and not assigned in the body) and returns i and n.
func (b *builder) counter(n *ast.ForStmt) (key, length string) {
	init, ok := n.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 || (init.Tok != token.DEFINE && init.Tok != token.ASSIGN) {
		return "", ""
	}
	i := ident(init.Lhs[0])
	if i == nil || i.Name == "_" {
		return "", ""
	}
	key = i.Name
	if !isZero(b.info.Types[init.Rhs[0]]) {
		return key, ""
	}
	cond, ok := unparen(n.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS || ident(cond.X) == nil || ident(cond.X).Name != i.Name || !b.simple(cond.Y) {
		return key, ""
	}
	switch post := n.Post.(type) {
	case *ast.IncDecStmt:
		if post.Tok != token.INC {
			return key, ""
		}
	case *ast.AssignStmt:
		if post.Tok != token.ADD_ASSIGN || b.info.Types[post.Rhs[0]].Value == nil || b.info.Types[post.Rhs[0]].Value.ExactString() != "1" {
			return key, ""
		}
	default:
		return key, ""
	}
	counterVar := b.objectOf(i)
	if counterVar == nil || b.assignsAny(n.Body, append(b.namesIn(cond.Y), counterVar)) {
		return key, ""
	}
	return key, b.text(cond.Y, maxArgText)
}

func (b *builder) objectOf(id *ast.Ident) types.Object {
	if obj := b.info.Defs[id]; obj != nil {
		return obj
	}
	return b.info.Uses[id]
}

// namesIn lists the variables e mentions.
func (b *builder) namesIn(e ast.Expr) []types.Object {
	var objs []types.Object
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := b.info.Uses[id].(*types.Var); ok {
				objs = append(objs, v)
			}
		}
		return true
	})
	return objs
}

// assignsAny reports whether body assigns to (or takes the address of) any
// of objs.
func (b *builder) assignsAny(body ast.Node, objs []types.Object) bool {
	hit := func(e ast.Expr) bool {
		if e == nil {
			return false
		}
		obj := b.objectOf(lvalueRoot(e))
		for _, o := range objs {
			if obj != nil && o == obj {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || hit(l)
			}
		case *ast.IncDecStmt:
			found = found || hit(n.X)
		case *ast.UnaryExpr:
			found = found || (n.Op == token.AND && hit(n.X))
		case *ast.RangeStmt:
			found = found || (n.Tok == token.ASSIGN && (hit(n.Key) || hit(n.Value)))
		}
		return !found
	})
	return found
}

// leaves reports whether the loop can be left other than by its condition
// (a break or labelled continue of it or of an outer statement, a goto to
// a label outside it, a return) and whether it has a continue of its own.
func (b *builder) leaves(loop ast.Stmt, body *ast.BlockStmt) (exits, continues bool) {
	label := b.loopLabels[loop]
	var visit func(n ast.Node, breakable, continuable bool)
	visit = func(n ast.Node, breakable, continuable bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				exits = true
			case *ast.ForStmt, *ast.RangeStmt:
				var inner *ast.BlockStmt
				if f, ok := n.(*ast.ForStmt); ok {
					inner = f.Body
				} else {
					inner = n.(*ast.RangeStmt).Body
				}
				visit(inner, true, true)
				return false
			case *ast.SwitchStmt:
				visit(n.Body, true, continuable)
				return false
			case *ast.TypeSwitchStmt:
				visit(n.Body, true, continuable)
				return false
			case *ast.SelectStmt:
				visit(n.Body, true, continuable)
				return false
			case *ast.BranchStmt:
				switch n.Tok {
				case token.BREAK:
					if n.Label == nil {
						exits = exits || !breakable
					} else {
						exits = exits || b.labelOutside(n.Label, body, label)
					}
				case token.CONTINUE:
					switch {
					case n.Label == nil:
						continues = continues || !continuable
					case label != nil && b.info.Uses[n.Label] == label:
						continues = true
					default:
						exits = exits || b.labelOutside(n.Label, body, label)
					}
				case token.GOTO:
					exits = exits || b.labelOutside(n.Label, body, nil)
				}
			}
			return true
		})
	}
	visit(body, false, false)
	return exits, continues
}

// labelOutside reports whether a branch to l leaves body: l labels this loop
// (own) or a statement outside body.
func (b *builder) labelOutside(l *ast.Ident, body *ast.BlockStmt, own types.Object) bool {
	obj := b.info.Uses[l]
	if obj == nil {
		return true
	}
	if own != nil && obj == own {
		return true
	}
	return obj.Pos() < body.Pos() || obj.Pos() >= body.End()
}

// bodyEffects fills the loop's appends, map stores and builder writes: the
// statements of its own body (not nested loops or closures).
func (b *builder) bodyEffects(lf *loopFact, body *ast.BlockStmt, st walkState) {
	var stmts func(list []ast.Stmt, conditional bool)
	var stmt func(s ast.Stmt, conditional bool)
	stmts = func(list []ast.Stmt, conditional bool) {
		for _, s := range list {
			stmt(s, conditional)
		}
	}
	stmt = func(s ast.Stmt, conditional bool) {
		switch s := s.(type) {
		case *ast.BlockStmt:
			stmts(s.List, conditional)
		case *ast.LabeledStmt:
			stmt(s.Stmt, conditional)
		case *ast.IfStmt:
			stmts(s.Body.List, true)
			if s.Else != nil {
				stmt(s.Else, true)
			}
		case *ast.SwitchStmt:
			stmts(s.Body.List, true)
		case *ast.TypeSwitchStmt:
			stmts(s.Body.List, true)
		case *ast.SelectStmt:
			stmts(s.Body.List, true)
		case *ast.CaseClause:
			stmts(s.Body, conditional)
		case *ast.CommClause:
			stmts(s.Body, conditional)
		case *ast.AssignStmt:
			b.loopAssign(lf, s, conditional, st)
		case *ast.IncDecStmt:
			b.mapStore(lf, s, s.X, conditional, st)
		case *ast.ExprStmt:
			if call, ok := unparen(s.X).(*ast.CallExpr); ok {
				b.loopWrite(lf, call, conditional)
			}
		}
	}
	stmts(body.List, false)
	for _, list := range [][]*appendFact{lf.Appends, lf.MapStores} {
		counts := map[string]int{}
		for _, a := range list {
			counts[a.Var]++
		}
		for _, a := range list {
			a.Count = counts[a.Var]
			a.Uses = b.mentions(body, a.v)
			a.Elsewhere = b.elsewhere(a.v, a.stmt)
		}
	}
	for _, w := range lf.Writes {
		w.Uses = b.mentions(body, w.v)
	}
}

// mentions counts the uses of v in n (nested loops and literals included).
func (b *builder) mentions(n ast.Node, v *types.Var) int {
	count := 0
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && b.info.Uses[id] == v {
			count++
		}
		return true
	})
	return count
}

// elsewhere lists the lines of the statements of v's function, other than
// except, that change v: assign it, take its address, range into it, and for
// a map also store into it, delete from it or clear it. Preallocation advice
// sized by one loop holds only when nothing else adds to the variable.
func (b *builder) elsewhere(v *types.Var, except ast.Node) []int {
	lines := []int{}
	vs := b.vars[v]
	if vs == nil || vs.fn == nil || vs.fn.body == nil {
		return lines
	}
	_, isMap := coreType(v.Type()).(*types.Map)
	is := func(e ast.Expr) bool {
		id := ident(e)
		return id != nil && b.info.Uses[id] == v
	}
	changes := func(e ast.Expr) bool {
		if ix, ok := unparen(e).(*ast.IndexExpr); ok && isMap {
			return is(ix.X)
		}
		return is(e)
	}
	add := func(pos token.Pos) {
		line, _ := b.lineCol(pos)
		lines = append(lines, line)
	}
	ast.Inspect(vs.fn.body, func(n ast.Node) bool {
		if n == nil || n == except {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if changes(l) {
					add(n.Pos())
					break
				}
			}
		case *ast.IncDecStmt:
			if changes(n.X) {
				add(n.Pos())
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && (is(n.Key) || is(n.Value)) {
				add(n.Pos())
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				add(n.Pos())
			}
		case *ast.CallExpr:
			if (b.isBuiltin(n, "delete") || b.isBuiltin(n, "clear")) && len(n.Args) > 0 && is(n.Args[0]) {
				add(n.Pos())
			}
		}
		return true
	})
	return lines
}

// loopAssign records `v = append(v, ...)` and `m[k] = x` (or `op=`) for
// local v and m.
func (b *builder) loopAssign(lf *loopFact, s *ast.AssignStmt, conditional bool, st walkState) {
	if s.Tok == token.DEFINE || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return
	}
	if _, ok := unparen(s.Lhs[0]).(*ast.IndexExpr); ok {
		b.mapStore(lf, s, s.Lhs[0], conditional, st)
		return
	}
	call, ok := unparen(s.Rhs[0]).(*ast.CallExpr)
	if s.Tok != token.ASSIGN || !ok || len(call.Args) == 0 || !b.isBuiltin(call, "append") {
		return
	}
	v := b.localVar(s.Lhs[0], st)
	if v == nil || b.localVar(call.Args[0], st) != v {
		return
	}
	entry := &appendFact{Var: v.Name(), Conditional: conditional, v: v, stmt: s}
	entry.Values, entry.Spread = len(call.Args)-1, call.Ellipsis.IsValid()
	entry.Line, entry.Col = b.lineCol(call.Lparen)
	entry.DeclLine, entry.DeclCol, entry.Decl, entry.DeclCap = b.declaration(v)
	lf.Appends = append(lf.Appends, entry)
}

// mapStore records `m[k] = x`, `m[k] op= x` and `m[k]++` (statement s,
// left-hand side lhs) for a local map m.
func (b *builder) mapStore(lf *loopFact, s ast.Stmt, lhs ast.Expr, conditional bool, st walkState) {
	ix, ok := unparen(lhs).(*ast.IndexExpr)
	if !ok {
		return
	}
	if _, isMap := coreType(b.info.TypeOf(ix.X)).(*types.Map); !isMap {
		return
	}
	v := b.localVar(ix.X, st)
	if v == nil {
		return
	}
	entry := &storeFact{Var: v.Name(), Conditional: conditional, v: v, stmt: s}
	entry.Line, entry.Col = b.lineCol(ix.Lbrack)
	entry.DeclLine, entry.DeclCol, entry.Decl, entry.DeclCap = b.declaration(v)
	lf.MapStores = append(lf.MapStores, entry)
}

// localVar returns the variable e names when it is a local (or parameter) of
// the loop's function, not one of an enclosing function.
func (b *builder) localVar(e ast.Expr, st walkState) *types.Var {
	id := ident(e)
	if id == nil {
		return nil
	}
	v, ok := b.info.Uses[id].(*types.Var)
	if !ok || !b.isLocal(v) {
		return nil
	}
	if vs := b.vars[v]; vs == nil || vs.fn == nil || st.fn == nil || !sameFunction(vs.fn, st.fn) {
		return nil
	}
	return v
}

// sameFunction reports whether a and b are one source function: range
// bodies belong to the function they are written in.
func sameFunction(a, b *function) bool {
	for a.kind == kindRangeBody && a.parent != nil {
		a = a.parent
	}
	for b.kind == kindRangeBody && b.parent != nil {
		b = b.parent
	}
	return a == b
}

// declaration classifies how a slice or map variable v was declared, for
// preallocation advice. A slice: nil (`var v []T`, `= nil`), an empty
// literal, make with length 0 and no capacity (make0), make with a capacity
// or a length (make, with the capacity's text), or other. A map: make
// without a size hint (make_nohint), an empty literal, make with a hint
// (make, with the hint's text), or other.
func (b *builder) declaration(v *types.Var) (line, col int, kind, capText string) {
	line, col = b.lineCol(v.Pos())
	kind, capText = b.declKind(v)
	return line, col, kind, capText
}

func (b *builder) declKind(v *types.Var) (kind, capText string) {
	init, declared := b.varInits[v]
	_, isMap := coreType(v.Type()).(*types.Map)
	if !declared {
		return "other", ""
	}
	if init == nil || b.info.Types[init].IsNil() {
		if isMap {
			return "other", ""
		}
		return "nil", ""
	}
	switch x := unparen(init).(type) {
	case *ast.CompositeLit:
		if len(x.Elts) == 0 {
			return "empty_lit", ""
		}
	case *ast.CallExpr:
		switch {
		case b.isConversion(x) && b.info.Types[x.Args[0]].IsNil() && !isMap:
			return "nil", ""
		case !b.isBuiltin(x, "make"):
		case isMap && len(x.Args) == 1:
			return "make_nohint", ""
		case isMap:
			return "make", b.text(x.Args[1], maxArgText)
		case len(x.Args) == 3:
			return "make", b.text(x.Args[2], maxArgText)
		case len(x.Args) == 2 && isZero(b.info.Types[x.Args[1]]):
			return "make0", ""
		case len(x.Args) == 2:
			return "make", b.text(x.Args[1], maxArgText)
		}
	}
	return "other", ""
}

// isZero reports whether tv is the integer constant 0.
func isZero(tv types.TypeAndValue) bool {
	return tv.Value != nil && tv.Value.Kind() == constant.Int && constant.Sign(tv.Value) == 0
}

func (b *builder) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := unparen(call.Fun).(*ast.Ident)
	return ok && id.Name == name && b.info.Types[id].IsBuiltin()
}

// loopWrite records a write to a local strings.Builder or bytes.Buffer:
// b.Write*(...) or fmt.Fprint*(&b, ...).
func (b *builder) loopWrite(lf *loopFact, call *ast.CallExpr, conditional bool) {
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	var target ast.Expr
	method := sel.Sel.Name
	if s := b.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
		switch method {
		case "Write", "WriteString", "WriteByte", "WriteRune":
			target = sel.X
		}
	} else if fn, ok := b.info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && len(call.Args) > 0 {
		switch method {
		case "Fprint", "Fprintf", "Fprintln":
			target, method = call.Args[0], "fmt."+method
		}
	}
	if target == nil {
		return
	}
	if u, ok := unparen(target).(*ast.UnaryExpr); ok && u.Op == token.AND {
		target = u.X
	}
	id := ident(target)
	if id == nil {
		return
	}
	v, ok := b.info.Uses[id].(*types.Var)
	if !ok || !b.isLocal(v) {
		return
	}
	t := v.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return
	}
	typeName := named.Obj().Pkg().Path() + "." + named.Obj().Name()
	if typeName != "strings.Builder" && typeName != "bytes.Buffer" {
		return
	}
	entry := &writeFact{Var: v.Name(), Method: method, Type: typeName, Conditional: conditional, v: v}
	entry.Line, entry.Col = b.lineCol(call.Lparen)
	entry.Bytes = b.writtenBytes(method, call)
	lf.Writes = append(lf.Writes, entry)
}

// writtenBytes is the number of bytes a builder write adds when its
// argument says so: 1 for WriteByte, a constant rune's or string's UTF-8
// length for WriteRune, WriteString and Write([]byte("...")); 0 when it
// depends on run-time values.
func (b *builder) writtenBytes(method string, call *ast.CallExpr) int {
	if len(call.Args) != 1 {
		return 0
	}
	arg := unparen(call.Args[0])
	if method == "Write" {
		conv, ok := arg.(*ast.CallExpr)
		if !ok || !b.isConversion(conv) {
			return 0
		}
		arg = conv.Args[0]
	}
	tv := b.info.Types[arg]
	switch method {
	case "WriteByte":
		return 1
	case "WriteRune":
		if tv.Value != nil && tv.Value.Kind() == constant.Int {
			if r, ok := constant.Int64Val(tv.Value); ok {
				return utf8.RuneLen(rune(r))
			}
		}
	case "WriteString", "Write":
		if tv.Value != nil && tv.Value.Kind() == constant.String {
			return len(constant.StringVal(tv.Value))
		}
	}
	return 0
}
