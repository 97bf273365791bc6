package main

// Sites: the expressions and declarations escape analysis can report, each at
// the position the compiler prints for it, with the function whose code
// evaluates it, its loop depth and the context it sits in. One walk over each
// function body also gathers the loops (loops.go) and the variable facts.

import (
	"go/ast"
	"go/token"
	"go/types"
)

// context is a set of the places a site can sit in (FACTS.md "context").
type context uint8

const (
	ctxErrorBranch context = 1 << iota
	ctxPanicArg
	ctxReturnErr
	ctxGo
	ctxDefer
	ctxOnce
)

// ctxInherited are the contexts a function literal's body keeps from where
// the literal is: its body runs there (a panic argument, a Once.Do argument,
// an error branch), unlike a go or defer statement's or a return's.
const ctxInherited = ctxErrorBranch | ctxPanicArg | ctxOnce

// walkState is what the walk knows about the code it is in.
type walkState struct {
	fn        *function        // the function whose code evaluates it
	sig       *types.Signature // of the enclosing declared function or literal (returns)
	loopDepth int
	ctx       context
}

// varState gathers the facts of one local variable over the walk.
type varState struct {
	sites      []*siteFact
	fn         *function // declaring function
	addrTaken  bool
	captured   bool
	reassigned bool
}

// walkSites walks every function and package initialiser of the package.
func (b *builder) walkSites() {
	for _, f := range b.files {
		for _, decl := range f.ast.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				fn := b.funcOf[d]
				if fn == nil {
					continue
				}
				st := walkState{fn: fn, sig: fn.sig}
				b.instantiationSite(d, fn)
				b.walkFields(d.Recv, st)
				b.walkFields(d.Type.Params, st)
				b.walkFields(d.Type.Results, st)
				if d.Body != nil {
					b.walk(d.Body, st)
				}
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					b.walkPackageVars(d)
				}
			}
		}
	}
	regions := b.computeRegions()
	for v, s := range b.vars {
		for _, site := range s.sites {
			site.AddrTaken, site.Captured, site.Reassigned = s.addrTaken, s.captured, s.reassigned
			site.Region = regions[v]
		}
	}
}

// walkPackageVars walks the initialisers of package variables: their code is
// the package's init function or an outlined map.init.N.
func (b *builder) walkPackageVars(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		vs := spec.(*ast.ValueSpec)
		if vs.Type != nil {
			if t := b.info.TypeOf(vs.Type); t != nil {
				for _, v := range vs.Values {
					b.convTargets[v] = t
				}
			}
		}
		for _, v := range vs.Values {
			fn := b.mapInits[v]
			if fn == nil {
				fn = b.pkgInit
			}
			if fn == nil {
				continue
			}
			b.walk(v, walkState{fn: fn})
		}
	}
}

// walkFields emits the variable sites of a parameter or result list.
func (b *builder) walkFields(fl *ast.FieldList, st walkState) {
	if fl == nil {
		return
	}
	for _, field := range fl.List {
		for _, name := range field.Names {
			b.varDef(name, st)
		}
	}
}

// walk visits root and everything below it in state st.
func (b *builder) walk(root ast.Node, st walkState) {
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		return b.visit(n, st)
	})
}

// visit handles one node; it returns whether the walk should go on into the
// node's children in the same state (false when visit walked them itself).
func (b *builder) visit(n ast.Node, st walkState) bool {
	if extra := b.extraCtx[n]; extra != 0 {
		delete(b.extraCtx, n)
		st.ctx |= extra
		b.walk(n, st)
		return false
	}
	if e, ok := n.(ast.Expr); ok {
		if target, ok := b.convTargets[e]; ok {
			delete(b.convTargets, e)
			b.implicitConversion(e, target, st)
		}
	}
	switch n := n.(type) {
	case *ast.FuncLit:
		b.funcLit(n, st)
		return false
	case *ast.ForStmt:
		b.forStmt(n, st)
		return false
	case *ast.RangeStmt:
		b.rangeStmt(n, st)
		return false
	case *ast.GoStmt:
		b.goDefer(n, n.Call, "go", ctxGo, st)
		return false
	case *ast.DeferStmt:
		b.goDefer(n, n.Call, "defer", ctxDefer, st)
		return false
	case *ast.IfStmt:
		b.ifStmt(n, st)
	case *ast.CaseClause:
		b.markErrorClause(n.Body, st)
	case *ast.CommClause:
		b.markErrorClause(n.Body, st)
	case *ast.SwitchStmt:
		b.switchConversions(n)
	case *ast.TypeSwitchStmt:
		b.typeSwitchVars(n, st)
	case *ast.ReturnStmt:
		return b.returnStmt(n, st)
	case *ast.AssignStmt:
		b.assignStmt(n, st)
	case *ast.IncDecStmt:
		b.assigned(n.X)
	case *ast.LabeledStmt:
		if l, ok := b.info.Defs[n.Label].(*types.Label); ok {
			b.loopLabels[n.Stmt] = l
		}
	case *ast.ValueSpec:
		b.valueSpec(n)
	case *ast.SendStmt:
		if ch, ok := coreType(b.info.TypeOf(n.Chan)).(*types.Chan); ok {
			b.convTargets[n.Value] = ch.Elem()
		}
	case *ast.CompositeLit:
		b.compositeLit(n, st)
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			b.addrOf(n, st)
		}
	case *ast.CallExpr:
		return b.call(n, st)
	case *ast.SelectorExpr:
		b.selector(n, st)
	case *ast.BinaryExpr:
		b.binary(n, st)
	case *ast.IndexExpr:
		b.index(n)
	case *ast.SliceExpr:
		if v := b.rootVar(n.X); v != nil {
			if _, isArray := under(b.info.TypeOf(n.X)).(*types.Array); isArray {
				b.varOf(v).addrTaken = true
			}
		}
	case *ast.Ident:
		b.ident(n, st)
	}
	return true
}

// site adds a site of node kind at pos..end in st and returns it.
func (b *builder) site(node string, pos, end token.Pos, typ types.Type, st walkState) *siteFact {
	s := &siteFact{
		Node:      node,
		span:      b.span(pos, end),
		Function:  -1,
		LoopDepth: st.loopDepth,
		Context:   b.contextNames(st),
	}
	if st.fn != nil {
		s.Function = st.fn.id
	}
	if typ != nil {
		s.Type = b.types.name(typ)
	}
	b.sites = append(b.sites, s)
	return s
}

// contextNames lists st's contexts in FACTS.md's words.
func (b *builder) contextNames(st walkState) []string {
	names := []string{}
	if st.ctx&ctxErrorBranch != 0 {
		names = append(names, "error_branch")
	}
	if st.ctx&ctxPanicArg != 0 {
		names = append(names, "panic_arg")
	}
	if st.fn != nil && st.fn.callsRecover {
		names = append(names, "recover")
	}
	if st.ctx&ctxReturnErr != 0 {
		names = append(names, "return_err")
	}
	if st.ctx&ctxGo != 0 {
		names = append(names, "go")
	}
	if st.ctx&ctxDefer != 0 {
		names = append(names, "defer")
	}
	if st.ctx&ctxOnce != 0 {
		names = append(names, "once")
	}
	return names
}

// funcLit: the closure is a site of the function that evaluates it; its body
// is walked as the literal's own function.
func (b *builder) funcLit(n *ast.FuncLit, st walkState) {
	s := b.site("func_lit", n.Pos(), n.End(), b.info.TypeOf(n), st)
	s.Captures = b.captures(n.Body, func(p token.Pos) bool { return p >= n.Pos() && p < n.End() })
	fn := b.funcOf[n]
	if fn == nil {
		return
	}
	inner := walkState{fn: fn, sig: fn.sig, ctx: st.ctx & ctxInherited}
	b.walkFields(n.Type.Params, inner)
	b.walkFields(n.Type.Results, inner)
	b.walk(n.Body, inner)
}

// captures lists the local variables body uses that are declared outside
// it (own reports whether a declaration position is inside), in order of
// first use.
func (b *builder) captures(body ast.Node, own func(token.Pos) bool) []*capture {
	list := []*capture{}
	seen := map[*types.Var]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := b.info.Uses[id].(*types.Var)
		if !ok || seen[v] || v.IsField() || !b.isLocal(v) || own(v.Pos()) {
			return true
		}
		seen[v] = true
		list = append(list, &capture{Name: v.Name(), Type: b.types.name(v.Type()), Size: b.types.size(v.Type())})
		return true
	})
	return list
}

// isLocal reports whether v is a variable of a function of this package (a
// parameter, result or local), not a package variable or a field.
func (b *builder) isLocal(v *types.Var) bool {
	return v.Pkg() == b.pkg && !v.IsField() && v.Parent() != nil && v.Parent() != b.pkg.Scope() && v.Parent() != types.Universe
}

// varDef emits the site of a declared variable (name must define a local).
func (b *builder) varDef(name *ast.Ident, st walkState) {
	v, ok := b.info.Defs[name].(*types.Var)
	if !ok || name.Name == "_" || !b.isLocal(v) {
		return
	}
	b.varSite(v, name.Pos(), name.End(), st)
}

func (b *builder) varSite(v *types.Var, pos, end token.Pos, st walkState) {
	vs := b.varOf(v)
	if vs.fn == nil {
		vs.fn = st.fn
	}
	if b.perIterationVars[v] {
		st.loopDepth++
	}
	s := b.site("var", pos, end, v.Type(), st)
	s.Var = v.Name()
	vs.sites = append(vs.sites, s)
}

func (b *builder) varOf(v *types.Var) *varState {
	vs := b.vars[v]
	if vs == nil {
		vs = &varState{}
		b.vars[v] = vs
	}
	return vs
}

// ident: a definition is a variable site; a use of a variable from an
// enclosing function is a capture.
func (b *builder) ident(id *ast.Ident, st walkState) {
	if _, ok := b.info.Defs[id]; ok {
		b.varDef(id, st)
		return
	}
	v, ok := b.info.Uses[id].(*types.Var)
	if !ok || !b.isLocal(v) {
		return
	}
	if vs := b.vars[v]; vs != nil && vs.fn != nil && st.fn != nil && vs.fn != st.fn && b.closesOver(st.fn, vs.fn) {
		vs.captured = true
	}
}

// closesOver reports whether code of fn reaches a variable of outer through a
// closure: fn is a literal or range body nested in outer. A go/defer wrapper
// receives its operands as copies, and a package initialiser closure counts.
func (b *builder) closesOver(fn, outer *function) bool {
	for f := fn; f != nil && f != outer; f = f.parent {
		if f.kind == kindLiteral || f.kind == kindRangeBody {
			return true
		}
	}
	return false
}

// rootVar returns the local variable whose own storage expression e
// denotes (x, x.f of a struct value, x[i] of an array value), or nil.
func (b *builder) rootVar(e ast.Expr) *types.Var {
	for {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			v, ok := b.objectOf(x).(*types.Var)
			if !ok || !b.isLocal(v) {
				return nil
			}
			return v
		case *ast.SelectorExpr:
			sel := b.info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			if _, isArray := under(b.info.TypeOf(x.X)).(*types.Array); !isArray {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// lvalueRoot returns the name an assignable expression starts from (v of
// v.f[i], *v, (v)), or nil.
func lvalueRoot(e ast.Expr) *ast.Ident {
	for {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// addrOf: &x and &T{...}.
func (b *builder) addrOf(n *ast.UnaryExpr, st walkState) {
	var elem types.Type
	if p, ok := b.info.TypeOf(n).(*types.Pointer); ok {
		elem = p.Elem()
	}
	s := b.site("addr", n.OpPos, n.End(), elem, st)
	switch x := unparen(n.X).(type) {
	case *ast.CompositeLit:
		s.Composite = true
	case *ast.Ident:
		s.Var = x.Name
	}
	if v := b.rootVar(n.X); v != nil {
		b.varOf(v).addrTaken = true
	}
}

// compositeLit: the literal at its "{", preceded by an implicit & for an
// element literal of pointer type ([]*T{{...}}); its elements' conversions.
func (b *builder) compositeLit(n *ast.CompositeLit, st walkState) {
	typ := b.info.TypeOf(n)
	if typ == nil {
		return
	}
	if p, ok := typ.Underlying().(*types.Pointer); ok && n.Type == nil {
		typ = p.Elem()
		s := b.site("addr", n.Lbrace, n.End(), typ, st)
		s.Composite = true
	}
	s := b.site("composite", n.Lbrace, n.End(), typ, st)
	count := len(n.Elts)
	s.Elements = &count
	for _, el := range n.Elts {
		value := el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			value = kv.Value
			if m, ok := coreType(typ).(*types.Map); ok {
				b.convTargets[kv.Key] = m.Key()
			}
			if b.release <= 19 {
				b.convPos[value] = kv.Colon
			}
		}
		if t := b.elementType(n, el); t != nil {
			b.convTargets[value] = t
		}
	}
}

// selector: a method used as a value (not called) is a method value.
func (b *builder) selector(n *ast.SelectorExpr, st walkState) {
	sel := b.info.Selections[n]
	if sel == nil {
		return
	}
	if sel.Kind() == types.MethodVal {
		if b.calledFun[n] {
			b.methodReceiver(n, sel)
			return
		}
		s := b.site("method_value", b.dotBefore(n.Sel.Pos()), n.End(), b.info.TypeOf(n), st)
		s.ReceiverType = b.types.name(sel.Recv())
		b.methodReceiver(n, sel)
	}
}

// methodReceiver notes the implicit &x of a pointer method called on (or
// bound to) an addressable value x.
func (b *builder) methodReceiver(n *ast.SelectorExpr, sel *types.Selection) {
	fn, ok := sel.Obj().(*types.Func)
	if !ok {
		return
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return
	}
	if _, ptr := recv.Type().(*types.Pointer); !ptr {
		return
	}
	if _, isPtr := under(b.info.TypeOf(n.X)).(*types.Pointer); isPtr {
		return
	}
	if v := b.rootVar(n.X); v != nil {
		b.varOf(v).addrTaken = true
	}
}

// binary: a string concatenation (the root of a chain of +), and the implicit
// conversion of the concrete side of a comparison with an interface.
func (b *builder) binary(n *ast.BinaryExpr, st walkState) {
	tv := b.info.Types[n]
	switch n.Op {
	case token.ADD:
		if tv.Value != nil || !isString(tv.Type) || b.concatOperand[n] {
			return
		}
		operands := b.concatOperands(n, nil)
		s := b.site("concat", n.OpPos, n.End(), tv.Type, st)
		s.Operands = len(operands)
		for _, o := range operands {
			if b.info.Types[o].Value != nil {
				s.ConstOperands++
			}
		}
	case token.EQL, token.NEQ:
		x, y := b.info.TypeOf(n.X), b.info.TypeOf(n.Y)
		if x == nil || y == nil {
			return
		}
		if isInterface(x) && !isInterface(y) {
			b.convTargets[n.Y] = x
		} else if isInterface(y) && !isInterface(x) {
			b.convTargets[n.X] = y
		}
	}
}

// concatOperands flattens a chain of string +, as the compiler does for its
// left operands, marking the nested additions it absorbs.
func (b *builder) concatOperands(n *ast.BinaryExpr, list []ast.Expr) []ast.Expr {
	if left, ok := unparen(n.X).(*ast.BinaryExpr); ok && left.Op == token.ADD && b.info.Types[left].Value == nil && isString(b.info.TypeOf(left)) {
		b.concatOperand[left] = true
		list = b.concatOperands(left, list)
	} else {
		list = append(list, n.X)
	}
	return append(list, n.Y)
}

// index: a map index converts its key to an interface key type.
func (b *builder) index(n *ast.IndexExpr) {
	if m, ok := coreType(b.info.TypeOf(n.X)).(*types.Map); ok {
		b.convTargets[n.Index] = m.Key()
	}
}

// assignStmt: conversions to the assigned variables' types, string +=, and
// which variables are reassigned.
func (b *builder) assignStmt(n *ast.AssignStmt, st walkState) {
	if n.Tok == token.ADD_ASSIGN && len(n.Lhs) == 1 {
		if t := b.info.TypeOf(n.Lhs[0]); isString(t) {
			s := b.site("concat", n.TokPos, n.End(), t, st)
			s.Operands = 2
			if b.info.Types[n.Rhs[0]].Value != nil {
				s.ConstOperands = 1
			}
		}
	}
	for i, lhs := range n.Lhs {
		if n.Tok == token.DEFINE {
			if v, ok := b.info.Defs[ident(lhs)].(*types.Var); ok {
				if len(n.Lhs) == len(n.Rhs) {
					b.varInits[v] = n.Rhs[i]
				}
				continue
			}
		}
		b.assigned(lhs)
	}
	if n.Tok != token.ASSIGN && n.Tok != token.DEFINE || len(n.Lhs) != len(n.Rhs) {
		return
	}
	for i, lhs := range n.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if t := b.info.TypeOf(lhs); t != nil {
			b.convTargets[n.Rhs[i]] = t
			if b.release <= 19 {
				b.convPos[n.Rhs[i]] = assignPos119(n, lhs)
			}
		}
	}
}

// assigned notes that the variable holding lhs's storage is reassigned.
func (b *builder) assigned(lhs ast.Expr) {
	if v := b.rootVar(lhs); v != nil {
		b.varOf(v).reassigned = true
	}
}

// valueSpec: `var x T = v` converts v to T.
func (b *builder) valueSpec(n *ast.ValueSpec) {
	for i, name := range n.Names {
		if v, ok := b.info.Defs[name].(*types.Var); ok {
			switch len(n.Values) {
			case 0:
				b.varInits[v] = nil
			case len(n.Names):
				b.varInits[v] = n.Values[i]
			}
		}
	}
	if n.Type == nil {
		return
	}
	if t := b.info.TypeOf(n.Type); t != nil {
		for _, v := range n.Values {
			b.convTargets[v] = t
		}
	}
}

// typeSwitchVars: `switch v := x.(type)` declares one v per clause; the
// compiler places each by typeExprEndPos of its clause's last type (or at
// `default`).
func (b *builder) typeSwitchVars(n *ast.TypeSwitchStmt, st walkState) {
	as, ok := n.Assign.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 {
		return
	}
	id := ident(as.Lhs[0])
	if id == nil || id.Name == "_" {
		return
	}
	for _, clause := range n.Body.List {
		cc := clause.(*ast.CaseClause)
		pos, end := cc.Case, cc.Colon
		if len(cc.List) > 0 {
			last := cc.List[len(cc.List)-1]
			pos, end = typeExprEndPos(last), last.End()
		}
		if v, ok := b.info.Implicits[clause].(*types.Var); ok {
			b.varSite(v, pos, end, st)
		}
	}
}

// switchConversions: the case values of a switch on an interface are
// converted to it.
func (b *builder) switchConversions(n *ast.SwitchStmt) {
	if n.Tag == nil {
		return
	}
	tag := b.info.TypeOf(n.Tag)
	if tag == nil || !isInterface(tag) {
		return
	}
	for _, c := range n.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			b.convTargets[e] = tag
		}
	}
}

// implicitConversion emits the site of e's implicit conversion to target,
// when target is an interface and e is not.
func (b *builder) implicitConversion(e ast.Expr, target types.Type, st walkState) {
	tv := b.info.Types[e]
	if tv.Type == nil || tv.IsNil() || !isInterface(target) || isInterface(tv.Type) || tv.IsType() {
		return
	}
	pos := b.syntaxPos(e)
	if p, ok := b.convPos[e]; ok {
		pos = p
	}
	s := b.site("conv_iface", pos, e.End(), tv.Type, st)
	s.Iface = b.types.name(target)
	s.Implicit = true
	b.constant(s, tv)
}

// constant records a constant operand's value as Go source.
func (b *builder) constant(s *siteFact, tv types.TypeAndValue) {
	if tv.Value == nil {
		return
	}
	s.Const = true
	s.Value = constantSource(tv.Value)
}

// ifStmt marks its branches that run on an error: the body of
// `if err != nil`, the else of `if err == nil`, and any branch that ends by
// returning a non-nil error.
func (b *builder) ifStmt(n *ast.IfStmt, st walkState) {
	onErr, onNil := b.errorTest(n.Cond)
	if onErr || b.returnsError(n.Body.List, st) {
		b.extraCtx[n.Body] |= ctxErrorBranch
	}
	if n.Else != nil {
		if block, ok := n.Else.(*ast.BlockStmt); ok && (onNil || b.returnsError(block.List, st)) {
			b.extraCtx[block] |= ctxErrorBranch
		} else if onNil {
			b.extraCtx[n.Else] |= ctxErrorBranch
		}
	}
}

// markErrorClause marks a case clause's statements when it ends by returning
// a non-nil error.
func (b *builder) markErrorClause(body []ast.Stmt, st walkState) {
	if b.returnsError(body, st) {
		for _, s := range body {
			b.extraCtx[s] |= ctxErrorBranch
		}
	}
}

// errorTest reports whether cond is `x != nil` (onErr) or `x == nil` (onNil)
// for an error-typed x.
func (b *builder) errorTest(cond ast.Expr) (onErr, onNil bool) {
	be, ok := unparen(cond).(*ast.BinaryExpr)
	if !ok || (be.Op != token.NEQ && be.Op != token.EQL) {
		return false, false
	}
	x := be.X
	if b.info.Types[be.X].IsNil() {
		x = be.Y
	} else if !b.info.Types[be.Y].IsNil() {
		return false, false
	}
	if !b.isErrorType(b.info.TypeOf(x)) {
		return false, false
	}
	return be.Op == token.NEQ, be.Op == token.EQL
}

// returnsError reports whether stmts end with a return whose error result is
// not nil, in a function whose last result is an error.
func (b *builder) returnsError(stmts []ast.Stmt, st walkState) bool {
	if len(stmts) == 0 {
		return false
	}
	ret, ok := stmts[len(stmts)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 || !b.lastResultIsError(st.sig) {
		return false
	}
	last := ret.Results[len(ret.Results)-1]
	return !b.info.Types[last].IsNil()
}

func (b *builder) lastResultIsError(sig *types.Signature) bool {
	if sig == nil || sig.Results().Len() == 0 {
		return false
	}
	return b.isErrorType(sig.Results().At(sig.Results().Len() - 1).Type())
}

// returnStmt: its results are converted to the result types; a return that
// builds its error value here is in the return_err context.
func (b *builder) returnStmt(n *ast.ReturnStmt, st walkState) bool {
	if st.sig != nil && len(n.Results) == st.sig.Results().Len() {
		for i, r := range n.Results {
			b.convTargets[r] = st.sig.Results().At(i).Type()
		}
	}
	if len(n.Results) == 0 || !b.lastResultIsError(st.sig) {
		return true
	}
	switch last := unparen(n.Results[len(n.Results)-1]).(type) {
	case *ast.Ident:
		return true // nil, or an error made elsewhere
	default:
		if b.info.Types[last].IsNil() {
			return true
		}
	}
	st.ctx |= ctxReturnErr
	for _, r := range n.Results {
		b.walk(r, st)
	}
	return false
}
