package main

// Regions: which variables the compiler declares one after the other in one
// SSA basic block. Since Go 1.25 the heap allocations of small pointer-free
// moved variables of a block share one allocation
// (cmd/compile/internal/ssagen/ssa.go newHeapaddr: a pending group flushed by
// endBlock and when the next variable would not fit in 16 bytes). A region
// is a run of declarations the compiler reaches with no block end between
// them; FACTS.md ("region") says which code is taken to end a block. When in
// doubt a variable starts a region of its own: a missed merge counts one
// allocation too many, a wrong one hides an allocation.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// regionWalker numbers the regions of one package, from 1.
type regionWalker struct {
	b      *builder
	next   int
	region map[*types.Var]int
}

// computeRegions gives a region to the parameters, results and straight-line
// locals of every declared function and literal that is not generic.
func (b *builder) computeRegions() map[*types.Var]int {
	w := &regionWalker{b: b, region: map[*types.Var]int{}}
	for _, fn := range b.funcs {
		switch fn.kind {
		case kindFunc, kindMethod, kindInit, kindLiteral:
		default:
			continue // range bodies, wrappers, initialisers: no region
		}
		if fn.body == nil || fn.sig == nil || inGeneric(fn) {
			continue
		}
		// ssagen/ssa.go buildssa: zeroResults, paramsToHeap (receiver,
		// parameters, results, in order), then the body, in the entry block.
		cur := w.fresh()
		w.fields(fn.node, cur)
		w.block(fn.body.List, cur)
	}
	return w.region
}

// inGeneric reports whether fn is, or is inside, a generic function: its
// code is compiled per shape, with dictionary lookups the source does not show.
func inGeneric(fn *function) bool {
	for f := fn; f != nil; f = f.parent {
		if f.sig != nil && (f.sig.TypeParams().Len() > 0 || f.sig.RecvTypeParams().Len() > 0) {
			return true
		}
	}
	return false
}

func (w *regionWalker) fresh() int {
	w.next++
	return w.next
}

// fields gives region r to the receiver, parameters and named results of a
// function declaration or literal.
func (w *regionWalker) fields(node ast.Node, r int) {
	var lists []*ast.FieldList
	switch n := node.(type) {
	case *ast.FuncDecl:
		lists = []*ast.FieldList{n.Recv, n.Type.Params, n.Type.Results}
	case *ast.FuncLit:
		lists = []*ast.FieldList{n.Type.Params, n.Type.Results}
	}
	for _, fl := range lists {
		if fl == nil {
			continue
		}
		for _, field := range fl.List {
			for _, name := range field.Names {
				w.define(name, r)
			}
		}
	}
}

func (w *regionWalker) define(name *ast.Ident, r int) {
	if v, ok := w.b.info.Defs[name].(*types.Var); ok && name.Name != "_" {
		w.region[v] = r
	}
}

// block walks a statement list entered in region cur (a block that starts
// with nothing pending, or the function's entry after its parameters).
func (w *regionWalker) block(list []ast.Stmt, cur int) {
	for _, s := range list {
		names, safe := w.stmt(s)
		for _, name := range names {
			w.define(name, cur)
		}
		if !safe {
			cur = w.fresh()
		}
		if ifs, ok := s.(*ast.IfStmt); ok {
			w.ifBranches(ifs)
		}
	}
}

// ifBranches walks the branches of an if statement whose condition is not
// a constant: each starts a block of its own (ssagen/ssa.go OIF: condBranch,
// startBlock). A constant condition's branch is compiled into the current
// block, so its variables get no region.
func (w *regionWalker) ifBranches(s *ast.IfStmt) {
	if tv, ok := w.b.info.Types[s.Cond]; !ok || tv.Value != nil {
		return
	}
	w.block(s.Body.List, w.fresh())
	switch e := s.Else.(type) {
	case *ast.BlockStmt:
		w.block(e.List, w.fresh())
	case *ast.IfStmt:
		w.ifBranches(e)
	}
}

// stmt returns the variables s declares, in the order of their ODCLs (which
// come before the statement's right-hand side: noder/reader.go initDefn),
// and whether the code of s certainly ends no block.
func (w *regionWalker) stmt(s ast.Stmt) ([]*ast.Ident, bool) {
	switch s := s.(type) {
	case *ast.EmptyStmt:
		return nil, true
	case *ast.IncDecStmt:
		return nil, w.plainType(s.X) && w.expr(s.X)
	case *ast.DeclStmt:
		d, ok := s.Decl.(*ast.GenDecl)
		if !ok {
			return nil, false
		}
		if d.Tok != token.VAR {
			return nil, true // const, type
		}
		var names []*ast.Ident
		safe := true
		for _, spec := range d.Specs {
			vs := spec.(*ast.ValueSpec)
			names = append(names, vs.Names...)
			for i, v := range vs.Values {
				if i >= len(vs.Names) || !w.assignable(vs.Names[i], v) {
					safe = false
				}
			}
		}
		return names, safe
	case *ast.AssignStmt:
		return w.assign(s)
	}
	return nil, false
}

// assign: `=` and `:=` of as many values as targets, each value of the
// target's own type (no conversion to an interface), and the arithmetic
// assignments that cannot panic.
func (w *regionWalker) assign(s *ast.AssignStmt) ([]*ast.Ident, bool) {
	var names []*ast.Ident
	if s.Tok == token.DEFINE {
		for _, lhs := range s.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && w.b.info.Defs[id] != nil {
				names = append(names, id)
			}
		}
	}
	switch s.Tok {
	case token.DEFINE, token.ASSIGN:
		if len(s.Lhs) != len(s.Rhs) {
			return names, false // a call's results, a map read, a receive, an assertion
		}
		for i := range s.Lhs {
			if !w.assignable(s.Lhs[i], s.Rhs[i]) {
				return names, false
			}
		}
		return names, true
	case token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.AND_ASSIGN,
		token.OR_ASSIGN, token.XOR_ASSIGN, token.AND_NOT_ASSIGN:
		return names, w.plainType(s.Lhs[0]) && w.expr(s.Lhs[0]) && w.expr(s.Rhs[0])
	}
	return names, false
}

// assignable reports whether storing value into target ends no block.
func (w *regionWalker) assignable(target, value ast.Expr) bool {
	lt, rt := w.b.info.TypeOf(target), w.b.info.TypeOf(value)
	if lt == nil || rt == nil {
		return false
	}
	if id, ok := target.(*ast.Ident); !ok || id.Name != "_" {
		// A value converted to the target's type on the way: an interface
		// (walk/convert.go), or anything else the walk might expand.
		if !types.Identical(lt, rt) && !isUntypedNil(rt) {
			if _, isBasic := rt.(*types.Basic); !isBasic || types.IsInterface(lt) {
				return false
			}
		}
		if !w.expr(target) {
			return false
		}
	}
	return w.expr(value)
}

func isUntypedNil(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == types.UntypedNil
}

// plainType reports whether e is a boolean, integer or float (arithmetic on
// it is a machine instruction; strings and complex numbers call the runtime).
func (w *regionWalker) plainType(e ast.Expr) bool {
	t, ok := under(w.b.info.TypeOf(e)).(*types.Basic)
	return ok && t.Info()&(types.IsBoolean|types.IsInteger|types.IsFloat) != 0
}

// expr reports whether evaluating e certainly ends no block: names,
// constants, field selections, dereferences (a nil check is a value, not a
// block), addresses of those, and arithmetic and comparisons of plain
// values without division or shifts by a variable (ssagen/ssa.go check,
// boundsCheck end blocks) and without && / || (condBranch). Calls are left
// out: an inlined body brings its own branches.
func (w *regionWalker) expr(e ast.Expr) bool {
	if tv, ok := w.b.info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch e := e.(type) {
	case *ast.Ident:
		_, isFunc := w.b.info.Uses[e].(*types.Func)
		return !isFunc // a function value may be a closure the compiler makes
	case *ast.ParenExpr:
		return w.expr(e.X)
	case *ast.SelectorExpr:
		if sel, ok := w.b.info.Selections[e]; ok {
			return sel.Kind() == types.FieldVal && w.expr(e.X)
		}
		_, isVar := w.b.info.Uses[e.Sel].(*types.Var) // a package's variable
		return isVar
	case *ast.StarExpr:
		return w.expr(e.X)
	case *ast.UnaryExpr:
		switch e.Op {
		case token.AND:
			switch e.X.(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.ParenExpr, *ast.StarExpr:
				return w.expr(e.X)
			}
			return false
		case token.SUB, token.ADD, token.XOR, token.NOT:
			return w.plainType(e.X) && w.expr(e.X)
		}
		return false
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT,
			token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		case token.SHL, token.SHR:
			if tv, ok := w.b.info.Types[e.Y]; !ok || tv.Value == nil || constant.Sign(tv.Value) < 0 {
				return false
			}
		default:
			return false // && ||: branches; / %: the divide check
		}
		return w.plainType(e.X) && w.plainType(e.Y) && w.expr(e.X) && w.expr(e.Y)
	}
	return false
}
