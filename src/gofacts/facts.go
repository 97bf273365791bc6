package main

// Facts: builds one package's line from its checked syntax and types.

import (
	"go/ast"
	"go/token"
	"go/types"
	"runtime"
	"sort"
	"strings"
)

// builder is the working state while one package's facts are built.
type builder struct {
	l       *loader
	u       *unit
	info    *types.Info
	pkg     *types.Package
	release int
	files   []*sourceFile
	prefix  string // the package as symbol names write it

	funcs        []*function
	funcOf       map[ast.Node]*function    // declarations, literals, range-over-func loops
	wrappers     map[ast.Stmt]*function    // go/defer statements with a wrapper
	mapInits     map[ast.Expr]*function    // outlined map initialisers by value
	pkgInit      *function                 // package variable initialisation
	declOf       map[*types.Func]*function // declared functions by object
	uses         map[*function]*funcUses   // parameter uses
	globClosures int                       // glob..funcN counter (Go <= 1.21)

	types *typeTable
	sites []*siteFact
	loops []*loopFact

	// Walk state.
	vars             map[*types.Var]*varState
	varInits         map[*types.Var]ast.Expr // declared with this initial value (nil: none)
	perIteration     bool                    // loop variables are per iteration (Go 1.22 semantics)
	perIterationVars map[*types.Var]bool
	convTargets      map[ast.Expr]types.Type // the type an expression is implicitly converted to
	convPos          map[ast.Expr]token.Pos  // where that conversion is reported, when not at the expression
	extraCtx         map[ast.Node]context    // contexts a subtree adds
	calledFun        map[*ast.SelectorExpr]bool
	concatOperand    map[*ast.BinaryExpr]bool
	loopLabels       map[ast.Stmt]types.Object
}

// newPackageLine returns a unit's line with its files and errors only.
func newPackageLine(l *loader, u *unit) *packageLine {
	line := &packageLine{
		Package:   u.path,
		Name:      u.list.Name,
		Dir:       u.list.Dir,
		Go:        runtime.Version(),
		Goarch:    l.goarch,
		Files:     []fileFact{},
		Scope:     []string{},
		Functions: []*funcFact{},
		Types:     []*typeFact{},
		Sites:     []*siteFact{},
		Loops:     []*loopFact{},
		Errors:    u.errors,
	}
	for _, f := range u.files {
		line.Files = append(line.Files, fileFact{Path: f.path, Test: f.test, Generated: f.generated})
	}
	return line
}

// buildFacts returns the facts of a checked unit.
func buildFacts(l *loader, u *unit) *packageLine {
	line := newPackageLine(l, u)
	if u.pkg == nil {
		return line
	}
	line.Name = u.pkg.Name()
	b := &builder{
		l:                l,
		u:                u,
		info:             u.info,
		pkg:              u.pkg,
		release:          l.release,
		files:            u.files,
		prefix:           symbolPrefix(u.pkg),
		funcOf:           map[ast.Node]*function{},
		wrappers:         map[ast.Stmt]*function{},
		mapInits:         map[ast.Expr]*function{},
		types:            newTypeTable(l.sizes),
		sites:            []*siteFact{},
		loops:            []*loopFact{},
		vars:             map[*types.Var]*varState{},
		varInits:         map[*types.Var]ast.Expr{},
		perIterationVars: map[*types.Var]bool{},
		convTargets:      map[ast.Expr]types.Type{},
		convPos:          map[ast.Expr]token.Pos{},
		extraCtx:         map[ast.Node]context{},
		calledFun:        map[*ast.SelectorExpr]bool{},
		concatOperand:    map[*ast.BinaryExpr]bool{},
		loopLabels:       map[ast.Stmt]types.Object{},
	}
	if m := u.list.Module; l.release >= 22 && (m == nil || m.GoVersion == "" || goRelease("go"+m.GoVersion) >= 22) {
		b.perIteration = true
	}
	b.collectFunctions()
	b.markRecovers()
	b.walkSites()
	b.computeParamUses()
	line.Functions = b.functionFacts()
	line.Sites = b.sites
	line.Loops = b.loops
	line.Scope = b.scope()
	b.types.addDeclared(u.pkg)
	b.types.addConstantTypes(u.pkg)
	line.Types = b.types.facts()
	return line
}

// markRecovers notes the functions that call recover themselves.
func (b *builder) markRecovers() {
	for _, fn := range b.funcs {
		if fn.body == nil {
			continue
		}
		ast.Inspect(fn.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.RangeStmt:
				if b.funcOf[n] != nil && n != fn.node {
					return false // its body is a function of its own
				}
			case *ast.CallExpr:
				if b.isBuiltin(n, "recover") {
					fn.callsRecover = true
				}
			}
			return true
		})
	}
}

// functionFacts writes the functions in id order.
func (b *builder) functionFacts() []*funcFact {
	out := make([]*funcFact, 0, len(b.funcs))
	for _, fn := range b.funcs {
		f := &funcFact{
			ID:      fn.id,
			Name:    b.fullName(fn),
			Kind:    fn.kind,
			span:    span{File: -1},
			Parent:  -1,
			Params:  []*paramFact{},
			Results: []string{},
			Names:   []string{},
		}
		if fn.file >= 0 && fn.pos.IsValid() {
			f.span = b.span(fn.pos, fn.end)
		}
		if fn.parent != nil {
			f.Parent = fn.parent.id
		}
		if fn.sig != nil {
			b.signatureFacts(f, fn)
		}
		if fn.body != nil {
			f.Names = b.names(fn.body)
		}
		out = append(out, f)
	}
	return out
}

// signatureFacts fills a function's parameters, results, receiver and the
// facts that follow from its name and signature.
func (b *builder) signatureFacts(f *funcFact, fn *function) {
	own := func(p *types.Package) string {
		if p == b.pkg {
			return ""
		}
		return p.Name()
	}
	sig := fn.sig
	f.Signature = types.TypeString(sig, own)
	var uses []paramUse
	if fu := b.uses[fn]; fu != nil {
		uses = fu.uses
	}
	var params []*types.Var
	if sig.Recv() != nil && fn.kind == kindMethod {
		params = append(params, sig.Recv())
		f.Receiver = types.TypeString(sig.Recv().Type(), own)
	}
	for i := 0; i < sig.Params().Len(); i++ {
		params = append(params, sig.Params().At(i))
	}
	for i, p := range params {
		use := useNone
		if _, isTypeParam := p.Type().(*types.TypeParam); isTypeParam {
			use = useUnknown
		} else if i < len(uses) && pointerShapedParam(p.Type()) {
			use = uses[i]
		}
		f.Params = append(f.Params, &paramFact{
			Name: p.Name(),
			Type: b.types.name(p.Type()),
			Size: b.types.size(p.Type()),
			Use:  use.String(),
		})
		if isTestingType(p.Type()) {
			f.TestHelper = true
		}
	}
	for i := 0; i < sig.Results().Len(); i++ {
		f.Results = append(f.Results, b.types.name(sig.Results().At(i).Type()))
	}
	if fd, ok := fn.node.(*ast.FuncDecl); ok {
		name := fd.Name.Name
		if fd.Recv == nil && b.files[fn.file].test {
			for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
				if strings.HasPrefix(name, prefix) {
					f.TestHelper = true
				}
			}
		}
		f.Exported = ast.IsExported(name) && b.pkg.Name() != "main" && !strings.HasSuffix(b.pkg.Path(), "_test")
		if fd.Recv != nil {
			recv := sig.Recv().Type()
			if p, ok := recv.(*types.Pointer); ok {
				recv = p.Elem()
			}
			if named, ok := recv.(*types.Named); ok && !named.Obj().Exported() {
				f.Exported = false
			}
		}
	}
}

// pointerShapedParam: the parameters FACTS.md gives a use for (pointer,
// slice, map, channel, interface, func).
func pointerShapedParam(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Interface, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	}
	return false
}

// isTestingType reports whether t is *testing.T, *testing.B, *testing.F or
// testing.TB.
func isTestingType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch named.Obj().Name() {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}

// names lists the identifiers a body declares or uses, sorted.
func (b *builder) names(body *ast.BlockStmt) []string {
	set := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name != "_" {
			set[id.Name] = true
		}
		return true
	})
	return sortedKeys(set)
}

// scope lists the package-level names and the files' import names.
func (b *builder) scope() []string {
	set := map[string]bool{}
	for _, n := range b.pkg.Scope().Names() {
		set[n] = true
	}
	for _, f := range b.files {
		for _, imp := range f.ast.Imports {
			if imp.Name != nil {
				if imp.Name.Name != "_" && imp.Name.Name != "." {
					set[imp.Name.Name] = true
				}
				continue
			}
			if pkg, ok := b.info.Implicits[imp].(*types.PkgName); ok {
				set[pkg.Name()] = true
			}
		}
	}
	return sortedKeys(set)
}

func sortedKeys(set map[string]bool) []string {
	list := make([]string, 0, len(set))
	for k := range set {
		list = append(list, k)
	}
	sort.Strings(list)
	return list
}

// fileIndex is the index of the package file holding pos, -1 if none.
func (b *builder) fileIndex(pos token.Pos) int {
	i := sort.Search(len(b.files), func(i int) bool {
		f := b.files[i].tokenFile
		return f.Base()+f.Size() >= int(pos)
	})
	if i < len(b.files) && int(pos) >= b.files[i].tokenFile.Base() {
		return i
	}
	return -1
}

// fileAt returns the package file holding pos, or nil.
func (b *builder) fileAt(pos token.Pos) *sourceFile {
	if i := b.fileIndex(pos); i >= 0 {
		return b.files[i]
	}
	return nil
}

// lineCol returns pos's line and byte column (//line directives ignored: the
// positions are in the file itself).
func (b *builder) lineCol(pos token.Pos) (int, int) {
	f := b.fileAt(pos)
	if f == nil {
		return 0, 0
	}
	p := f.tokenFile.PositionFor(pos, false)
	return p.Line, p.Column
}

// span returns the span from pos to end (exclusive).
func (b *builder) span(pos, end token.Pos) span {
	s := span{File: b.fileIndex(pos)}
	s.Line, s.Col = b.lineCol(pos)
	if end.IsValid() {
		s.EndLine, s.EndCol = b.lineCol(end)
	}
	return s
}
