package main

// Parameter uses: what each function does with what its parameters point
// to: store it (it outlives the call), write through it, only read it, or
// nothing; unknown where a call leaves the checked packages or goes through
// an interface or a func value. Computed from the bodies to a fixed point
// over the package's functions; calls into other checked packages use their
// final summaries (they are checked first).

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// paramUse is ordered: when a parameter is used in several ways, the
// highest wins (a store anywhere makes it a store; an unknown hides a write).
type paramUse uint8

const (
	useNone paramUse = iota
	useRead
	useWrite
	useUnknown
	useStore
)

func (u paramUse) String() string {
	return [...]string{"none", "read", "write", "unknown", "store"}[u]
}

func maxUse(a, b paramUse) paramUse {
	if a > b {
		return a
	}
	return b
}

// maxTracked bounds the parameters of one function followed by bit masks.
const maxTracked = 64

// paramFlow is a parameter (or a value reached from it) passed to a
// parameter of a function of this package, known only at the fixed point.
type paramFlow struct {
	callee *function
	index  int
	inGo   bool // passed to a go statement's call: anything it does outlives us
}

// funcUses is one function's parameters and what its body does with them.
type funcUses struct {
	fn     *function
	params []*types.Var // receiver first
	direct []paramUse
	flows  [][]paramFlow
	uses   []paramUse // at the fixed point
}

// useCtx is what happens to the value of an expression.
type useCtx struct {
	level       paramUse   // applied to the parameters the value derives from
	flow        *paramFlow // or: passed to a parameter of a function of this package
	writeTarget bool       // the expression is assigned to
	addr        bool       // its address is taken (&x)
	// within: the parameters a stored value goes back into (p.f = p.g):
	// for them the store is a write.
	within uint64
}

var (
	readCtx    = useCtx{level: useRead}
	writeCtx   = useCtx{level: useWrite}
	storeCtx   = useCtx{level: useStore}
	unknownCtx = useCtx{level: useUnknown}
)

// computeParamUses fills every function's parameter uses and publishes the
// declared functions' for the packages that import this one.
func (b *builder) computeParamUses() {
	var all []*funcUses
	b.uses = map[*function]*funcUses{}
	for _, fn := range b.funcs {
		if fn.sig == nil {
			continue
		}
		fu := &funcUses{fn: fn}
		if fd, ok := fn.node.(*ast.FuncDecl); ok && fd.Recv != nil && fn.sig.Recv() != nil {
			fu.params = append(fu.params, fn.sig.Recv())
		}
		for i := 0; i < fn.sig.Params().Len(); i++ {
			fu.params = append(fu.params, fn.sig.Params().At(i))
		}
		fu.direct = make([]paramUse, len(fu.params))
		fu.flows = make([][]paramFlow, len(fu.params))
		fu.uses = make([]paramUse, len(fu.params))
		b.uses[fn] = fu
		all = append(all, fu)
	}
	for _, fu := range all {
		b.analyzeUses(fu)
	}
	for changed := true; changed; {
		changed = false
		for _, fu := range all {
			for i := range fu.params {
				use := fu.direct[i]
				for _, f := range fu.flows[i] {
					use = maxUse(use, b.flowUse(f))
				}
				if use != fu.uses[i] {
					fu.uses[i] = use
					changed = true
				}
			}
		}
	}
	summaries := map[*types.Func][]paramUse{}
	for _, fu := range all {
		if fd, ok := fu.fn.node.(*ast.FuncDecl); ok {
			if obj, ok := b.info.Defs[fd.Name].(*types.Func); ok {
				summaries[obj] = fu.uses
			}
		}
	}
	b.u.summaries = summaries
}

// flowUse is what a parameter passed to f's callee suffers, as known now.
func (b *builder) flowUse(f paramFlow) paramUse {
	fu := b.uses[f.callee]
	if fu == nil || len(fu.uses) == 0 {
		return useUnknown
	}
	i := f.index
	if i >= len(fu.uses) {
		i = len(fu.uses) - 1 // variadic
	}
	use := fu.uses[i]
	if f.inGo && use > useNone {
		return useStore
	}
	return use
}

// useAnalysis walks one function body.
type useAnalysis struct {
	b       *builder
	fu      *funcUses
	tracked map[*types.Var]uint64 // parameters and the locals that alias them
	inGo    bool
}

// analyzeUses finds the direct uses and flows of fu's parameters.
func (b *builder) analyzeUses(fu *funcUses) {
	body := fu.fn.body
	if body == nil {
		for i, p := range fu.params {
			if carriesReach(p.Type()) {
				fu.direct[i] = useUnknown // assembly or linkname: no body to read
			}
		}
		return
	}
	c := &useAnalysis{b: b, fu: fu, tracked: map[*types.Var]uint64{}}
	for i, p := range fu.params {
		if i >= maxTracked {
			fu.direct[i] = useUnknown
			continue
		}
		if _, isTypeParam := p.Type().(*types.TypeParam); isTypeParam {
			fu.direct[i] = useUnknown
		}
		if carriesReach(p.Type()) {
			c.tracked[p] |= 1 << uint(i)
		}
	}
	c.aliases(body)
	c.stmts(body.List)
}

// aliases marks the locals that get values reached from the parameters, to a
// fixed point (assignments are taken in any order).
func (c *useAnalysis) aliases(body *ast.BlockStmt) {
	type pair struct {
		lhs *types.Var
		rhs ast.Expr
	}
	var pairs []pair
	add := func(lhs ast.Expr, rhs ast.Expr) {
		if v := c.localOf(lhs); v != nil && carriesReach(v.Type()) {
			pairs = append(pairs, pair{v, rhs})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(n.Lhs[i], n.Rhs[i])
				}
			} else if len(n.Rhs) == 1 {
				for _, l := range n.Lhs {
					add(l, n.Rhs[0])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if len(n.Values) == len(n.Names) {
					add(name, n.Values[i])
				} else if len(n.Values) == 1 {
					add(name, n.Values[0])
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				add(n.Key, n.X)
			}
			if n.Value != nil {
				add(n.Value, n.X)
			}
		case *ast.TypeSwitchStmt:
			var guard ast.Expr
			switch a := n.Assign.(type) {
			case *ast.AssignStmt:
				guard = a.Rhs[0]
			case *ast.ExprStmt:
				guard = a.X
			}
			for _, cl := range n.Body.List {
				if v, ok := c.b.info.Implicits[cl].(*types.Var); ok && guard != nil && carriesReach(v.Type()) {
					pairs = append(pairs, pair{v, guard})
				}
			}
		}
		return true
	})
	for changed := true; changed; {
		changed = false
		for _, p := range pairs {
			m := c.mask(p.rhs)
			if m&^c.tracked[p.lhs] != 0 {
				c.tracked[p.lhs] |= m
				changed = true
			}
		}
	}
}

// localOf returns the variable of this function lhs names, or nil.
func (c *useAnalysis) localOf(lhs ast.Expr) *types.Var {
	id := ident(lhs)
	if id == nil || id.Name == "_" {
		return nil
	}
	v, _ := c.b.objectOf(id).(*types.Var)
	if v == nil || !c.b.isLocal(v) {
		return nil
	}
	if vs := c.b.vars[v]; vs == nil || vs.fn == nil || !sameFunction(vs.fn, c.fu.fn) {
		return nil
	}
	return v
}

// rootMask returns the parameters whose memory an assignment to lhs
// writes: those lhs's variable (through fields, elements, dereferences)
// carries.
func (c *useAnalysis) rootMask(lhs ast.Expr) uint64 {
	if v, ok := c.b.info.Uses[lvalueRoot(lhs)].(*types.Var); ok {
		return c.tracked[v]
	}
	return 0
}

// mask returns the parameters whose reach the value of e can carry.
func (c *useAnalysis) mask(e ast.Expr) uint64 {
	var m uint64
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if v, ok := c.b.info.Uses[n].(*types.Var); ok {
				m |= c.tracked[v]
			}
		case *ast.CallExpr:
			// A call's result is not the argument, except for conversions
			// and append (which returns its first argument's array).
			if !c.b.isConversion(n) && !c.b.isBuiltin(n, "append") {
				return false
			}
		case *ast.BinaryExpr:
			return false
		case *ast.FuncLit:
			return true // a closure holds what it captures
		}
		return true
	})
	return m
}

// apply notes a use of the parameters in mask.
func (c *useAnalysis) apply(mask uint64, ctx useCtx) {
	for i := range c.fu.params {
		if i >= maxTracked || mask&(1<<uint(i)) == 0 {
			continue
		}
		switch {
		case ctx.writeTarget:
			// The variable itself is reassigned: nothing it points to changes.
		case ctx.addr:
			c.fu.direct[i] = maxUse(c.fu.direct[i], useUnknown) // &p: p can change under us
		case ctx.flow != nil:
			c.fu.direct[i] = maxUse(c.fu.direct[i], useRead)
			c.fu.flows[i] = append(c.fu.flows[i], *ctx.flow)
		case ctx.level == useStore && ctx.within&(1<<uint(i)) != 0:
			c.fu.direct[i] = maxUse(c.fu.direct[i], useWrite)
		default:
			c.fu.direct[i] = maxUse(c.fu.direct[i], ctx.level)
		}
	}
}

// derive is the context of x when the value of expression v, taken from x
// (a field, element, dereference, slice or conversion of it), is used in
// ctx; through tells whether v is reached from x through a pointer.
func derive(ctx useCtx, v types.Type, through bool) useCtx {
	switch {
	case ctx.writeTarget || ctx.addr:
		if through {
			if ctx.writeTarget {
				return writeCtx // writes what x points to
			}
			ctx.addr = false // a pointer into what x points to
			return ctx
		}
		return ctx // still x's own storage
	case ctx.level == useWrite && ctx.flow == nil:
		return ctx
	case v != nil && !carriesReach(v):
		return readCtx
	}
	return ctx
}

func (c *useAnalysis) stmts(list []ast.Stmt) {
	for _, s := range list {
		c.stmt(s)
	}
}

func (c *useAnalysis) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		c.assign(s)
	case *ast.IncDecStmt:
		c.value(s.X, useCtx{writeTarget: true})
	case *ast.ExprStmt:
		c.value(s.X, readCtx)
	case *ast.SendStmt:
		c.value(s.Chan, writeCtx)
		c.value(s.Value, storeCtx)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			c.value(r, storeCtx)
		}
	case *ast.GoStmt:
		c.inGo = true
		c.value(s.Call, readCtx)
		c.inGo = false
	case *ast.DeferStmt:
		c.value(s.Call, readCtx)
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, spec := range gd.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						c.value(v, readCtx)
					}
				}
			}
		}
	case *ast.BlockStmt:
		c.stmts(s.List)
	case *ast.LabeledStmt:
		c.stmt(s.Stmt)
	case *ast.IfStmt:
		c.optStmt(s.Init)
		c.value(s.Cond, readCtx)
		c.stmts(s.Body.List)
		c.optStmt(s.Else)
	case *ast.ForStmt:
		c.optStmt(s.Init)
		if s.Cond != nil {
			c.value(s.Cond, readCtx)
		}
		c.optStmt(s.Post)
		c.stmts(s.Body.List)
	case *ast.RangeStmt:
		c.value(s.X, readCtx)
		if s.Tok == token.ASSIGN {
			for _, e := range []ast.Expr{s.Key, s.Value} {
				if e != nil && c.localOf(e) == nil {
					c.value(e, useCtx{writeTarget: true})
					c.value(s.X, unknownCtx)
				}
			}
		}
		c.stmts(s.Body.List)
	case *ast.SwitchStmt:
		c.optStmt(s.Init)
		if s.Tag != nil {
			c.value(s.Tag, readCtx)
		}
		c.stmts(s.Body.List)
	case *ast.TypeSwitchStmt:
		c.optStmt(s.Init)
		switch a := s.Assign.(type) {
		case *ast.AssignStmt:
			c.value(a.Rhs[0], readCtx)
		case *ast.ExprStmt:
			c.value(a.X, readCtx)
		}
		c.stmts(s.Body.List)
	case *ast.SelectStmt:
		c.stmts(s.Body.List)
	case *ast.CaseClause:
		for _, e := range s.List {
			c.value(e, readCtx)
		}
		c.stmts(s.Body)
	case *ast.CommClause:
		c.optStmt(s.Comm)
		c.stmts(s.Body)
	}
}

func (c *useAnalysis) optStmt(s ast.Stmt) {
	if s != nil {
		c.stmt(s)
	}
}

// assign: a value assigned to a local is an alias (followed by aliases);
// to anything else (a field, an element, a package variable, a variable of
// an enclosing function) it outlives the call.
func (c *useAnalysis) assign(s *ast.AssignStmt) {
	if len(s.Lhs) != len(s.Rhs) {
		for _, r := range s.Rhs {
			c.value(r, readCtx)
		}
	} else {
		for i, r := range s.Rhs {
			ctx := storeCtx
			if id := ident(s.Lhs[i]); id != nil && (id.Name == "_" || c.localOf(id) != nil) {
				ctx = readCtx
			} else if c.b.info.TypeOf(s.Lhs[i]) == nil {
				ctx = readCtx
			}
			if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
				ctx = readCtx // x op= y
			}
			if ctx == storeCtx {
				ctx.within = c.rootMask(s.Lhs[i])
			}
			c.value(r, ctx)
			if ix, ok := unparen(s.Lhs[i]).(*ast.IndexExpr); ok && ctx.level == useStore {
				c.value(ix.Index, storeCtx) // a map key is kept too
			}
		}
	}
	for _, l := range s.Lhs {
		if s.Tok == token.DEFINE {
			if _, defined := c.b.info.Defs[ident(l)]; defined {
				continue
			}
		}
		c.value(l, useCtx{writeTarget: true})
		if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
			c.value(l, readCtx)
		}
	}
}

// value notes what happens to the value of e in ctx, and walks e.
func (c *useAnalysis) value(e ast.Expr, ctx useCtx) {
	b := c.b
	switch x := e.(type) {
	case *ast.ParenExpr:
		c.value(x.X, ctx)
	case *ast.Ident:
		if v, ok := b.info.Uses[x].(*types.Var); ok {
			if m := c.tracked[v]; m != 0 {
				c.apply(m, ctx)
			}
		}
	case *ast.SelectorExpr:
		sel := b.info.Selections[x]
		if sel == nil {
			return // a package-qualified name
		}
		switch sel.Kind() {
		case types.FieldVal:
			c.value(x.X, derive(ctx, b.info.TypeOf(x), sel.Indirect()))
		case types.MethodVal:
			c.value(x.X, unknownCtx) // a method value holds its receiver
		}
	case *ast.IndexExpr:
		c.value(x.Index, readCtx)
		t := b.info.TypeOf(x.X)
		if t == nil {
			return
		}
		switch u := coreType(t).(type) {
		case *types.Array:
			c.value(x.X, derive(ctx, u.Elem(), false))
		case *types.Map:
			if ctx.writeTarget {
				c.value(x.X, writeCtx)
			} else {
				c.value(x.X, derive(ctx, u.Elem(), true))
			}
		case *types.Basic:
			c.value(x.X, readCtx)
		default:
			c.value(x.X, derive(ctx, b.info.TypeOf(x), true))
		}
	case *ast.IndexListExpr:
		return // a generic function instantiation
	case *ast.SliceExpr:
		for _, i := range []ast.Expr{x.Low, x.High, x.Max} {
			if i != nil {
				c.value(i, readCtx)
			}
		}
		if _, isArray := under(b.info.TypeOf(x.X)).(*types.Array); isArray && ctx.level > useRead {
			ctx.addr = true // x[:] of an array value is &x
		}
		c.value(x.X, ctx)
	case *ast.StarExpr:
		c.value(x.X, derive(ctx, b.info.TypeOf(x), true))
	case *ast.TypeAssertExpr:
		c.value(x.X, ctx)
	case *ast.UnaryExpr:
		switch x.Op {
		case token.AND:
			inner := ctx
			if _, lit := unparen(x.X).(*ast.CompositeLit); !lit {
				inner.addr = true // &v, &v.f: a pointer to storage, not a fresh value
			}
			c.value(x.X, inner)
		case token.ARROW:
			c.value(x.X, writeCtx) // a receive changes the channel
		default:
			c.value(x.X, readCtx)
		}
	case *ast.BinaryExpr:
		c.value(x.X, readCtx)
		c.value(x.Y, readCtx)
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if _, isStruct := coreType(b.info.TypeOf(x)).(*types.Struct); !isStruct {
					c.value(kv.Key, derive(ctx, b.info.TypeOf(kv.Key), false))
				}
				el = kv.Value
			}
			c.value(el, derive(ctx, b.info.TypeOf(el), false))
		}
	case *ast.FuncLit:
		c.closure(x, ctx)
	case *ast.CallExpr:
		c.call(x, ctx)
	case *ast.KeyValueExpr:
		c.value(x.Value, ctx)
	}
}

// closure: a literal that is not called on the spot holds the parameters it
// captures: stored with it, or unknown.
func (c *useAnalysis) closure(lit *ast.FuncLit, ctx useCtx) {
	level := useUnknown
	if ctx.level == useStore || c.inGo {
		level = useStore
	}
	var m uint64
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.b.info.Uses[id].(*types.Var); ok {
				m |= c.tracked[v]
			}
		}
		return true
	})
	c.apply(m, useCtx{level: level})
}

// call notes the uses a call makes of its operands; ctx is what happens to
// its result.
func (c *useAnalysis) call(call *ast.CallExpr, ctx useCtx) {
	b := c.b
	fun := unparen(call.Fun)
	tv := b.info.Types[fun]
	switch {
	case tv.IsType():
		if len(call.Args) == 1 {
			if b.isUnsafePointer(tv.Type) {
				c.value(call.Args[0], unknownCtx)
				return
			}
			c.value(call.Args[0], derive(ctx, tv.Type, false))
		}
		return
	case tv.IsBuiltin():
		c.builtin(call, fun, ctx)
		return
	}
	if lit, ok := fun.(*ast.FuncLit); ok && !c.inGo {
		// Called on the spot (or deferred): its body runs as part of ours.
		c.stmts(lit.Body.List)
		if fn := b.funcOf[lit]; fn != nil {
			for i, a := range call.Args {
				c.value(a, useCtx{level: useRead, flow: &paramFlow{callee: fn, index: i}})
			}
		}
		return
	}
	offset := 0
	var callee *types.Func
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		sel := b.info.Selections[f]
		if sel == nil {
			callee, _ = b.info.Uses[f.Sel].(*types.Func)
			break
		}
		fn, _ := sel.Obj().(*types.Func)
		switch {
		case fn == nil:
			c.value(f, readCtx) // a func-typed field
		case sel.Kind() == types.MethodExpr:
			callee = fn
		case isInterface(sel.Recv()):
			c.value(f.X, unknownCtx)
		default:
			callee, offset = fn, 1
			c.receiver(f, sel, c.calleeCtx(fn, 0))
		}
	case *ast.Ident:
		callee, _ = b.info.Uses[f].(*types.Func)
		if callee == nil {
			c.value(f, readCtx) // calling a func value reads it
		}
	case *ast.IndexExpr:
		callee, _ = b.objectOf(ident(f.X)).(*types.Func)
	case *ast.IndexListExpr:
		callee, _ = b.objectOf(ident(f.X)).(*types.Func)
	default:
		c.value(fun, readCtx)
	}
	for i, a := range call.Args {
		if callee == nil {
			c.value(a, unknownCtx)
			continue
		}
		c.value(a, c.calleeCtx(callee, i+offset))
	}
}

// receiver passes a method call's receiver, with the implicit & or * the
// call makes.
func (c *useAnalysis) receiver(f *ast.SelectorExpr, sel *types.Selection, ctx useCtx) {
	fn := sel.Obj().(*types.Func)
	recv := fn.Type().(*types.Signature).Recv()
	_, wantPtr := recv.Type().(*types.Pointer)
	_, havePtr := under(c.b.info.TypeOf(f.X)).(*types.Pointer)
	switch {
	case wantPtr && !havePtr:
		ctx.addr = false // &x of a value: as if x's storage were passed
		c.value(f.X, derive(ctx, recv.Type(), false))
	case !wantPtr && havePtr:
		c.value(f.X, derive(ctx, recv.Type(), true))
	default:
		c.value(f.X, ctx)
	}
}

// calleeCtx is what passing a value as parameter i of fn does to it.
func (c *useAnalysis) calleeCtx(fn *types.Func, i int) useCtx {
	fn = fn.Origin()
	level, flow := useUnknown, (*paramFlow)(nil)
	if fn.Pkg() == c.b.pkg {
		if target := c.b.funcByObj(fn); target != nil {
			flow = &paramFlow{callee: target, index: i, inGo: c.inGo}
		}
	} else if uses := c.b.l.summary(fn); uses != nil {
		if i >= len(uses) {
			i = len(uses) - 1
		}
		if i >= 0 {
			level = uses[i]
		}
	} else if known, ok := knownUse(funcSymbol(fn), i); ok {
		level = known
	}
	if flow != nil {
		return useCtx{level: useRead, flow: flow}
	}
	if c.inGo && level > useNone {
		level = useStore
	}
	return useCtx{level: level}
}

// builtin notes the uses of a builtin's operands.
func (c *useAnalysis) builtin(call *ast.CallExpr, fun ast.Expr, ctx useCtx) {
	id, ok := fun.(*ast.Ident)
	if !ok {
		for _, a := range call.Args {
			c.value(a, unknownCtx) // unsafe.Slice and friends
		}
		return
	}
	for i, a := range call.Args {
		switch id.Name {
		case "append":
			if i == 0 {
				c.value(a, writeCtx) // may write past len
			}
			c.value(a, derive(ctx, c.b.info.TypeOf(call), false))
		case "copy":
			if i == 0 {
				c.value(a, writeCtx)
			} else {
				c.value(a, derive(unknownCtx, elemOf(c.b.info.TypeOf(a)), false))
			}
		case "delete", "clear", "close":
			if i == 0 {
				c.value(a, writeCtx)
			} else {
				c.value(a, readCtx)
			}
		case "panic":
			c.value(a, storeCtx)
		default:
			c.value(a, readCtx)
		}
	}
}

func elemOf(t types.Type) types.Type {
	if s, ok := coreType(t).(*types.Slice); ok {
		return s.Elem()
	}
	return t
}

func (b *builder) isUnsafePointer(t types.Type) bool {
	basic, ok := t.Underlying().(*types.Basic)
	return ok && basic.Kind() == types.UnsafePointer
}

// funcByObj returns this package's function declared as obj.
func (b *builder) funcByObj(obj *types.Func) *function {
	if b.declOf == nil {
		b.declOf = map[*types.Func]*function{}
		for _, fn := range b.funcs {
			if fd, ok := fn.node.(*ast.FuncDecl); ok {
				if o, ok := b.info.Defs[fd.Name].(*types.Func); ok {
					b.declOf[o] = fn
				}
			}
		}
	}
	return b.declOf[obj]
}

// carriesReach reports whether a value of t can lead to memory that can be
// written or kept: pointers, slices, maps, channels, functions, interfaces,
// or aggregates of them (strings cannot be written through).
func carriesReach(t types.Type) bool {
	return anyPart(t, func(t types.Type) bool {
		if _, ok := t.(*types.TypeParam); ok {
			return true
		}
		switch u := t.Underlying().(type) {
		case *types.Basic:
			return u.Kind() == types.UnsafePointer
		case *types.Array, *types.Struct:
			return false // by their parts
		}
		return true
	})
}

// knownUse gives the uses of the few standard library methods whose effect
// on their receiver is certain and common: locks, atomics, builders.
func knownUse(symbol string, i int) (paramUse, bool) {
	switch {
	case strings.HasPrefix(symbol, "sync.(*Mutex)."), strings.HasPrefix(symbol, "sync.(*RWMutex)."),
		strings.HasPrefix(symbol, "sync.(*WaitGroup)."), symbol == "sync.(*Once).Do":
		if i == 0 {
			return useWrite, true
		}
		return useRead, true // Add's delta, Do's function (called, not kept)
	case strings.HasPrefix(symbol, "sync/atomic.(*"):
		if i != 0 {
			return useUnknown, true // Store/Swap keep their argument
		}
		if strings.Contains(symbol, ").Load") {
			return useRead, true
		}
		return useWrite, true
	case strings.HasPrefix(symbol, "strings.(*Builder)."), strings.HasPrefix(symbol, "bytes.(*Buffer)."):
		method := symbol[strings.LastIndexByte(symbol, '.')+1:]
		if i != 0 {
			return useRead, true // Write(p) copies p
		}
		switch method {
		case "String", "Len", "Cap":
			return useRead, true
		case "Bytes", "Next", "ReadFrom", "WriteTo", "UnreadByte", "UnreadRune":
			return useUnknown, false
		}
		return useWrite, true
	}
	return useNone, false
}
