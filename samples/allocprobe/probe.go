// Package allocprobe holds one straight-line function per construct whose
// escape goescape classifies as allocating always, sometimes or never. Its
// test measures each function with testing.AllocsPerRun, and the ctest
// tests/count compares those counts with goescape's allocating findings,
// function by function.
//
// Every function is //go:noinline, so the test calls exactly the code the
// compiler reported on. The comment above each function says what it
// probes: `rule: ID...` names the rows of goescape's allocation rules
// (src/analysis/allocation.cpp) it exercises (`rule from go1.N: ID...`
// from that release on, where older ones compile it otherwise), `probe:` a
// case no rule is needed for, `reported: go1.N` that the compiler reports
// the construct from
// that release on, `upper bound before: go1.N` that older releases count it
// as allocating where the runtime may not, and `uncounted:` an allocation
// escape analysis does not report at all, which the check lists but cannot
// compare.
package allocprobe

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/pprof"
)

// Values the probes store their results in, so that they escape.
var (
	sinkAny   any
	sinkInts  []int
	sinkAnys  []any
	sinkFuncs []func() int
)

type empty struct{}

type point struct{ x, y int }

func (p point) sum() int { return p.x + p.y }

type flag struct{ on bool }

// rule: box-constant
//
//go:noinline
func BoxConstString() any { return "hello" }

// rule: box-constant
//
//go:noinline
func BoxConstInt() any { return 1000 }

// rule: box-static-value
// (before Go 1.25 the compiler boxes x: box-small-int)
//
//go:noinline
func BoxLocalConstInt() any {
	x := 1000
	return x
}

// rule: box-static-value
// (before Go 1.25: box-string)
//
//go:noinline
func BoxLocalConstString() any {
	s := "constant"
	return s
}

// rule: box-constant
// probe: a constant of a type of another package the module never names
// (slog.Kind, inlined from slog.Int64Value)
//
//go:noinline
func InlinedTypedConst(n int64) slog.Value { return slog.Int64Value(n) }

// rule from go1.25: box-constant
// probe: an unexported type of another package, pprof.handler, converted in
// pprof.Handler's inlined body; Go 1.25+ replaces the inlined parameter by
// its constant, older releases box the parameter (convTstring)
//
//go:noinline
func InlinedUnexportedConst() http.Handler { return pprof.Handler("heap") }

// rule: box-zero-size
//
//go:noinline
func BoxEmpty(e empty) any { return e }

// rule: box-single-byte
//
//go:noinline
func BoxByte(b byte) any { return b }

// rule: box-single-byte
//
//go:noinline
func BoxFlag(f flag) any { return f }

// probe: a pointer-shaped value is the interface's data word; the compiler
// reports nothing and the runtime allocates nothing
//
//go:noinline
func BoxPointer(p *int) any { return p }

// rule: box-zero-literal-untyped
// upper bound before: go1.25 (the facts do not know context.backgroundCtx, so
// an older release's zero-size value is counted as allocating)
//
//go:noinline
func InlinedZeroLiteral() context.Context { return context.Background() }

// rule: box-small-int
//
//go:noinline
func BoxInt(n int) any { return n }

// rule: box-small-int
//
//go:noinline
func BoxInt16(n int16) any { return n }

// rule: box-small-int
//
//go:noinline
func BoxFloat32(f float32) any { return f }

// rule: box-string
//
//go:noinline
func BoxString(s string) any { return s }

// rule: box-slice
//
//go:noinline
func BoxSlice(b []byte) any { return b }

// rule: box-zero-literal
//
//go:noinline
func BoxZeroPoint() any { return point{} }

// rule: box-value
//
//go:noinline
func BoxPoint(p point) any { return p }

// rule: moved-variable
//
//go:noinline
func MovedVar(n int) *int {
	x := n
	return &x
}

// Addresses of the small variables the probes below move to the heap.
var (
	sinkInt1, sinkInt2, sinkInt3 *int
	sinkIntPtr                   **int
)

// rule from go1.25: moved-shared
//
//go:noinline
func MovedTwoInts(a, b int) {
	x := a
	y := b
	sinkInt1, sinkInt2 = &x, &y
}

// probe: three ints do not fit in 16 bytes: two allocations from Go 1.25
//
//go:noinline
func MovedThreeInts(a int) {
	x := a
	y := a + 1
	z := a + 2
	sinkInt1, sinkInt2, sinkInt3 = &x, &y, &z
}

// probe: a variable holding a pointer has an allocation of its own
//
//go:noinline
func MovedIntAndPointer(a int) {
	x := a
	var p *int
	sinkInt1, sinkIntPtr = &x, &p
}

// probe: a branch starts a block: its variable is not packed with the one before
//
//go:noinline
func MovedInBranch(c bool, a int) {
	x := a
	if c {
		y := a
		sinkInt2 = &y
	}
	sinkInt1 = &x
}

// rule from go1.25: moved-shared
//
//go:noinline
func MovedParamAndLocal(a int) {
	x := a + 1
	sinkInt1, sinkInt2 = &a, &x
}

// rule: moved-zero-size
//
//go:noinline
func MovedEmpty() *empty {
	var e empty
	return &e
}

// rule: new-object
//
//go:noinline
func AddrPoint(x int) *point { return &point{x, x} }

// rule: new-object
//
//go:noinline
func NewPoint() *point { return new(point) }

// rule: new-zero-size
//
//go:noinline
func AddrEmpty() *empty { return &empty{} }

// rule: slice-literal
//
//go:noinline
func SliceLiteral(x int) []int { return []int{x, x, x} }

// rule: slice-literal-empty
//
//go:noinline
func SliceLiteralEmpty() []int { return []int{} }

// rule: map
//
//go:noinline
func MapLiteralEmpty() map[string]int { return map[string]int{} }

// rule: map
//
//go:noinline
func MakeMap() map[string]int { return make(map[string]int) }

// uncounted: channels live on the heap and the compiler reports no verdict for
// make(chan T): an allocation escape analysis does not show
//
//go:noinline
func MakeChan() chan int { return make(chan int) }

// rule: make-slice
//
//go:noinline
func MakeSlice(n int) []int { return make([]int, n) }

// rule: make-slice-empty
//
//go:noinline
func MakeSliceEmpty() []int { return make([]int, 0) }

// rule: closure-static
//
//go:noinline
func StaticClosure() func() int { return func() int { return 1 } }

// rule: closure
//
//go:noinline
func Closure(n int) func() int { return func() int { return n } }

// rule: method-value
//
//go:noinline
func MethodValue(p point) func() int { return p.sum }

//go:noinline
func send(ch chan int, n int) { ch <- n }

//go:noinline
func ping(n int) { probeDone <- n }

var probeDone = make(chan int, 1)

// rule: go-defer-wrapper
//
//go:noinline
func GoWithValues(ch chan int, n int) { go send(ch, n) }

// rule: go-defer-wrapper-static
//
//go:noinline
func GoWithConstants() { go ping(1) }

//go:noinline
func keepInts(xs ...int) { sinkInts = xs }

//go:noinline
func keepAnys(xs ...any) { sinkAnys = xs }

// rule: variadic
//
//go:noinline
func Variadic(n int) { keepInts(n, n) }

// rule: variadic box-constant box-small-int
//
//go:noinline
func VariadicAny(n int) { keepAnys("n", n) }

// rule: append
// reported: go1.25
//
//go:noinline
func Append(s []int, n int) []int { return append(s, n) }

// rule: concat
//
//go:noinline
func Concat(a, b string) string { return a + b }

// rule: bytes-to-string
//
//go:noinline
func BytesToString(b []byte) string { return string(b) }

// rule: string-to-bytes
//
//go:noinline
func StringToBytes(s string) []byte { return []byte(s) }

// rule: string-to-bytes-constant
//
//go:noinline
func ConstToBytes() []byte { return []byte("constant") }

// rule: string-to-runes
//
//go:noinline
func StringToRunes(s string) []rune { return []rune(s) }

// rule: runes-to-string
//
//go:noinline
func RunesToString(r []rune) string { return string(r) }

type text []byte

// rule: unknown
//
//go:noinline
func NamedBytesToString(t text) string { return string(t) }

// rule: rune-to-string
//
//go:noinline
func RuneToString(r rune) string { return string(r) }

//go:noinline
func keepInt(n int) { sinkInts = sinkInts[:0]; _ = n }

// rule: go-defer-wrapper
//
//go:noinline
func DeferInLoop(n int) {
	for i := 0; i < 1; i++ {
		defer keepInt(n)
	}
}
