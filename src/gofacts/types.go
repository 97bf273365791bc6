package main

// Types: the facts of every type the package declares or a site or
// parameter names (size, kind, method sets, locks), and small questions about
// types the other parts ask.

import (
	"go/ast"
	"go/types"
	"sort"
)

// typeTable collects the types a package's facts name, once each, by their
// full name.
type typeTable struct {
	sizes   types.Sizes
	names   map[types.Type]string
	byName  map[string]*typeFact
	list    []*typeFact  // in the order they were named
	pending []types.Type // list's types, facts computed by facts()
}

func newTypeTable(sizes types.Sizes) *typeTable {
	return &typeTable{
		sizes:  sizes,
		names:  map[types.Type]string{},
		byName: map[string]*typeFact{},
	}
}

// name returns t's full name (types.TypeString with package paths) and adds
// t to the table.
func (tt *typeTable) name(t types.Type) string {
	if t == nil {
		return ""
	}
	if name, ok := tt.names[t]; ok {
		return name
	}
	key := t
	t = defaultType(t)
	name := types.TypeString(t, nil)
	tt.names[key] = name
	if _, ok := tt.byName[name]; !ok {
		tt.byName[name] = nil // reserved: computed by facts, after the walk
		tt.list = append(tt.list, &typeFact{Name: name})
		tt.pending = append(tt.pending, t)
	}
	return name
}

// size is t's size in bytes for the target, or -1 when it depends on type
// parameters.
func (tt *typeTable) size(t types.Type) int64 {
	if t == nil || !sizeKnown(defaultType(t)) {
		return -1
	}
	return tt.sizes.Sizeof(defaultType(t))
}

// facts computes the facts of every type named so far (and of the named
// types pointers among them point to), in the order they were named.
func (tt *typeTable) facts() []*typeFact {
	for i := 0; i < len(tt.pending); i++ {
		t := tt.pending[i]
		fact := tt.list[i]
		tt.fill(fact, t)
		tt.byName[fact.Name] = fact
		if p, ok := t.(*types.Pointer); ok {
			if _, named := p.Elem().(*types.Named); named {
				tt.name(p.Elem())
			}
		}
	}
	return tt.list
}

// fill computes t's facts into f.
func (tt *typeTable) fill(f *typeFact, t types.Type) {
	short := func(p *types.Package) string { return p.Name() }
	f.Short = types.TypeString(t, short)
	f.Kind, f.Bits = kindOf(t)
	f.Size, f.Align = -1, -1
	if sizeKnown(t) {
		f.Size = tt.sizes.Sizeof(t)
		f.Align = tt.sizes.Alignof(t)
	}
	f.PointerShaped = pointerShaped(t)
	f.HasPointers = hasPointers(t)
	f.SliceOrMap = holdsSliceOrMap(t)
	f.Lock = holdsLock(t)
	f.PointerMethods, f.ValueMethods = []string{}, []string{}
	if named, ok := t.(*types.Named); ok && !isInterface(t) {
		value := types.NewMethodSet(named)
		pointer := types.NewMethodSet(types.NewPointer(named))
		for i := 0; i < value.Len(); i++ {
			f.ValueMethods = append(f.ValueMethods, value.At(i).Obj().Name())
		}
		for i := 0; i < pointer.Len(); i++ {
			if value.Lookup(pointer.At(i).Obj().Pkg(), pointer.At(i).Obj().Name()) == nil {
				f.PointerMethods = append(f.PointerMethods, pointer.At(i).Obj().Name())
			}
		}
	}
	f.Stringer = hasStringMethod(t, "String")
	f.Error = hasStringMethod(t, "Error")
	if st, ok := t.Underlying().(*types.Struct); ok && sizeKnown(t) {
		fields := make([]*types.Var, st.NumFields())
		for i := range fields {
			fields[i] = st.Field(i)
		}
		offsets := tt.sizes.Offsetsof(fields)
		for i, field := range fields {
			f.Fields = append(f.Fields, fieldFact{
				Name:   field.Name(),
				Type:   types.TypeString(field.Type(), nil),
				Size:   tt.sizes.Sizeof(field.Type()),
				Offset: offsets[i],
			})
		}
	}
}

// addDeclared adds the package's named types.
func (tt *typeTable) addDeclared(pkg *types.Package) {
	scope := pkg.Scope()
	names := scope.Names()
	sort.Strings(names)
	for _, n := range names {
		if tn, ok := scope.Lookup(n).(*types.TypeName); ok && !tn.IsAlias() {
			tt.name(tn.Type())
		}
	}
}

// addConstantTypes adds the named types that a constant can have (a basic
// underlying type) of the packages pkg imports and of the packages those
// import, unexported ones included: their export data keeps every type an
// inlinable body uses, and the compiler prints a constant of such a type,
// converted to an interface in code it inlined, as `name.T(value)`
// (`pprof.handler("heap")` at a call of pprof.Handler("heap"),
// `syscall.Errno(22)` in a wrapper of net's methods). A name that another of
// these packages with the same package name declares as something else than a
// type, and the packages named like pkg itself (whose names the compiler does
// not qualify), are left out: `name.T(...)` would not tell a constant from a
// call.
func (tt *typeTable) addConstantTypes(pkg *types.Package) {
	byName := map[string][]*types.Package{}
	seen := map[*types.Package]bool{}
	for _, imp := range pkg.Imports() {
		for _, p := range append([]*types.Package{imp}, imp.Imports()...) {
			if p.Name() != pkg.Name() && !seen[p] {
				seen[p] = true
				byName[p.Name()] = append(byName[p.Name()], p)
			}
		}
	}
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		same := byName[name]
		for _, p := range same {
			for _, member := range p.Scope().Names() {
				tn, ok := p.Scope().Lookup(member).(*types.TypeName)
				if ok && constantType(tn.Type()) && !declaredOtherwise(same, member) {
					tt.name(tn.Type())
				}
			}
		}
	}
}

// constantType reports whether values of the named type t can be constants.
func constantType(t types.Type) bool {
	if _, named := t.(*types.Named); !named {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsConstType != 0
}

// declaredOtherwise reports whether one of pkgs declares member as something
// other than a type name.
func declaredOtherwise(pkgs []*types.Package, member string) bool {
	for _, p := range pkgs {
		if obj := p.Scope().Lookup(member); obj != nil {
			if _, isType := obj.(*types.TypeName); !isType {
				return true
			}
		}
	}
	return false
}

// kindOf is the kind of t's underlying type in FACTS.md's words, with the
// bits of sized numeric kinds.
func kindOf(t types.Type) (string, int) {
	if _, ok := t.(*types.TypeParam); ok {
		return "type_param", 0
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return "struct", 0
	case *types.Pointer:
		return "pointer", 0
	case *types.Slice:
		return "slice", 0
	case *types.Map:
		return "map", 0
	case *types.Chan:
		return "chan", 0
	case *types.Signature:
		return "func", 0
	case *types.Interface:
		return "interface", 0
	case *types.Array:
		return "array", 0
	case *types.Basic:
		k := basicKinds[u.Kind()]
		return k.kind, k.bits
	}
	return "", 0
}

// basicKinds names the basic types' kinds and bits (0 for int, uint and
// uintptr, whose size is the target's).
var basicKinds = map[types.BasicKind]struct {
	kind string
	bits int
}{
	types.Bool: {"bool", 0}, types.UntypedBool: {"bool", 0},
	types.String: {"string", 0}, types.UntypedString: {"string", 0},
	types.Int: {"int", 0}, types.UntypedInt: {"int", 0}, types.UntypedRune: {"int", 0},
	types.Int8: {"int", 8}, types.Int16: {"int", 16}, types.Int32: {"int", 32}, types.Int64: {"int", 64},
	types.Uint: {"uint", 0}, types.Uintptr: {"uint", 0},
	types.Uint8: {"uint", 8}, types.Uint16: {"uint", 16}, types.Uint32: {"uint", 32}, types.Uint64: {"uint", 64},
	types.Float32: {"float", 32}, types.Float64: {"float", 64}, types.UntypedFloat: {"float", 64},
	types.Complex64: {"complex", 64}, types.Complex128: {"complex", 128}, types.UntypedComplex: {"complex", 128},
	types.UnsafePointer: {"unsafe_pointer", 0},
}

// pointerShaped reports whether a value of t is stored directly in an
// interface's data word (the compiler's types.IsDirectIface).
func pointerShaped(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() == 1 && pointerShaped(u.Elem())
	case *types.Struct:
		return u.NumFields() == 1 && pointerShaped(u.Field(0).Type())
	}
	return false
}

// hasPointers reports whether a value of t holds pointers the garbage
// collector follows.
func hasPointers(t types.Type) bool {
	return anyPart(t, func(t types.Type) bool {
		switch u := t.Underlying().(type) {
		case *types.Basic:
			return u.Kind() == types.String || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedString
		case *types.Array, *types.Struct:
			return false // by their parts
		}
		return true
	})
}

// holdsSliceOrMap reports whether t is or contains, not through a pointer, a
// slice or a map.
func holdsSliceOrMap(t types.Type) bool {
	return anyPart(t, func(t types.Type) bool {
		switch t.Underlying().(type) {
		case *types.Slice, *types.Map:
			return true
		}
		return false
	})
}

// holdsLock reports whether t is or contains, not through a pointer, a value
// that must not be copied: a sync or sync/atomic type, or a type whose
// pointer has Lock and Unlock methods (go vet's copylocks rule).
func holdsLock(t types.Type) bool {
	return anyPart(t, func(t types.Type) bool {
		named, ok := t.(*types.Named)
		if !ok {
			return false
		}
		if pkg := named.Obj().Pkg(); pkg != nil {
			switch pkg.Path() {
			case "sync/atomic":
				return true
			case "sync":
				switch named.Obj().Name() {
				case "Mutex", "RWMutex", "WaitGroup", "Once", "Cond", "Pool", "Map":
					return true
				}
			}
		}
		if isInterface(t) {
			return false
		}
		ms := types.NewMethodSet(types.NewPointer(t))
		return ms.Lookup(named.Obj().Pkg(), "Lock") != nil && ms.Lookup(named.Obj().Pkg(), "Unlock") != nil
	})
}

// anyPart reports whether t, or a part of it stored inline (an element of a
// non-empty array, a struct field: not through a pointer), satisfies is.
func anyPart(t types.Type, is func(types.Type) bool) bool {
	return anyPartAt(t, is, 0)
}

// maxPartDepth bounds anyPart on pathological nesting.
const maxPartDepth = 32

func anyPartAt(t types.Type, is func(types.Type) bool, depth int) bool {
	if depth > maxPartDepth {
		return false
	}
	if is(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		return u.Len() > 0 && anyPartAt(u.Elem(), is, depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if anyPartAt(u.Field(i).Type(), is, depth+1) {
				return true
			}
		}
	}
	return false
}

// hasStringMethod reports whether T or *T has method name() string.
func hasStringMethod(t types.Type, name string) bool {
	if _, ok := t.(*types.Pointer); !ok && !isInterface(t) {
		t = types.NewPointer(t)
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && isString(sig.Results().At(0).Type())
}

// sizeKnown reports whether t has a size: it is typed, valid, not a tuple
// and mentions no type parameter.
func sizeKnown(t types.Type) bool {
	return !unsized(t, map[types.Type]bool{})
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	found := false
	walkType(t, map[types.Type]bool{}, func(t types.Type) {
		if _, ok := t.(*types.TypeParam); ok {
			found = true
		}
		if named, ok := t.(*types.Named); ok && named.TypeParams().Len() > named.TypeArgs().Len() {
			found = true // a generic type, not instantiated
		}
	})
	return found
}

// unsized reports whether t mentions what has no size: a type parameter, an
// invalid or untyped type, a tuple.
func unsized(t types.Type, seen map[types.Type]bool) bool {
	found := hasTypeParam(t)
	walkType(t, seen, func(t types.Type) {
		switch u := t.(type) {
		case *types.Basic:
			if u.Kind() == types.Invalid || u.Info()&types.IsUntyped != 0 {
				found = true
			}
		case *types.Tuple:
			found = true
		}
	})
	return found
}

// walkType calls visit for t and the types it is made of (not through
// named types' methods).
func walkType(t types.Type, seen map[types.Type]bool, visit func(types.Type)) {
	if t == nil || seen[t] {
		return
	}
	seen[t] = true
	visit(t)
	switch u := t.(type) {
	case *types.Named:
		for i := 0; i < u.TypeArgs().Len(); i++ {
			walkType(u.TypeArgs().At(i), seen, visit)
		}
		walkType(u.Underlying(), seen, visit)
	case *types.Pointer:
		walkType(u.Elem(), seen, visit)
	case *types.Slice:
		walkType(u.Elem(), seen, visit)
	case *types.Array:
		walkType(u.Elem(), seen, visit)
	case *types.Chan:
		walkType(u.Elem(), seen, visit)
	case *types.Map:
		walkType(u.Key(), seen, visit)
		walkType(u.Elem(), seen, visit)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			walkType(u.Field(i).Type(), seen, visit)
		}
	case *types.Tuple:
		for i := 0; i < u.Len(); i++ {
			walkType(u.At(i).Type(), seen, visit)
		}
	case *types.Signature, *types.Interface, *types.Basic, *types.TypeParam:
	default:
		if under := t.Underlying(); under != t {
			walkType(under, seen, visit) // an alias
		}
	}
}

// defaultType is t with untyped constants' types made typed.
func defaultType(t types.Type) types.Type {
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return types.Default(t)
	}
	return t
}

// coreType is t's underlying type, or for a type parameter the single
// underlying type of its type set, or nil.
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	tp, ok := t.(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		union, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			continue
		}
		for j := 0; j < union.Len(); j++ {
			u := union.Term(j).Type().Underlying()
			if core != nil && !types.Identical(core, u) {
				return nil
			}
			core = u
		}
	}
	return core
}

// under is t's underlying type, nil for nil (an expression without a
// type: cgo's C.x, or code with errors).
func under(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// isInterface reports whether t is an interface type (not a type parameter).
func isInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.(*types.TypeParam); ok {
		return false
	}
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

func isString(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isByteOrRuneSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && (b.Kind() == types.Byte || b.Kind() == types.Rune)
}

// isErrorType reports whether t is error or implements it.
func (b *builder) isErrorType(t types.Type) bool {
	if t == nil {
		return false
	}
	return types.Implements(t, errorInterface)
}

var errorInterface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// isConversion reports whether call converts its operand to a type.
func (b *builder) isConversion(call *ast.CallExpr) bool {
	return len(call.Args) == 1 && b.info.Types[unparen(call.Fun)].IsType()
}

// elementType is the type element el of composite literal lit is assigned
// to: a field's, an element's or a map value's type.
func (b *builder) elementType(lit *ast.CompositeLit, el ast.Expr) types.Type {
	typ := b.info.TypeOf(lit)
	if typ == nil {
		return nil
	}
	if p, ok := typ.Underlying().(*types.Pointer); ok {
		typ = p.Elem()
	}
	switch u := coreType(typ).(type) {
	case *types.Struct:
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				for i := 0; i < u.NumFields(); i++ {
					if u.Field(i).Name() == id.Name {
						return u.Field(i).Type()
					}
				}
			}
			return nil
		}
		for i, e := range lit.Elts {
			if e == el && i < u.NumFields() {
				return u.Field(i).Type()
			}
		}
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	}
	return nil
}
