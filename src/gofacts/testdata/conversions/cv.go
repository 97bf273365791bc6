package conversions

import (
	"fmt"
	"net/http"
	"net/http/pprof"
	"unsafe"
)

// Conversions to interfaces and between strings and slices, whose positions
// differ between Go 1.19 and the unified IR (1.20+).

type T struct {
	a int
	s string
	p *int
}

type E struct{ x, y int }

type Str string

func (s Str) Error() string { return string(s) }

var sink any

func c1()                 { sink = 1 }
func c2()                 { sink = "str" }
func c3(x int)            { sink = any(x) }
func c4(t T)              { sink = t }
func c5(t *T)             { sink = t.a }
func c6(t *T)             { sink = *t }
func c7(a []int, i int)   { sink = a[i] }
func c8(m map[string]int) { sink = m["k"] }
func c9(x, y int)         { fmt.Println("hi", 42, x, x+y, E{x, y}, &E{}, []int{x}) }
func c10(f float64)       { sink = f * 2 }
func c11(b bool)          { sink = !b }
func c12(s string)        { sink = s[1:] }
func c13(e error) string  { return fmt.Sprintf("%v %d", e, 3) }
func c15(c chan int)      { sink = <-c }
func c16(x int)           { sink = struct{ a int }{x} }
func c17(p *[4]byte)      { sink = p[:] }
func c19(x int)           { sink = x + 1 }
func c20()                { sink = [2]int{1, 2} }
func c21(f func())        { sink = f }
func c22(x int) any       { return x }
func c23(b []byte) error  { return Str(b) }
func c24(s string) []byte { return []byte(s) }
func c25(b []byte) string { return string(b) }
func c26(r []rune) string { return string(r) }
func c27(i int) string    { return string(rune(i)) }
func c28(x *int) unsafe.Pointer {
	p := unsafe.Pointer(x)
	sink = &p
	return p
}
func c29(x int, s string) { fmt.Println(x, s, x) }
func c30(x, y int) (any, any) {
	a, b := any(x), any(y)
	return a, b
}

// Package-level closures: numbered in source order up to Go 1.21, in
// initialisation order (b before a, which uses it) from 1.22.
var a = func() int { return b() } // want(<22) func name=glob..func1 ; want(>=22) func name=init.func2

var b = func() int { return 1 } // want(<22) func name=glob..func2 ; want(>=22) func name=init.func1

// A constant of a type this package never names, unexported in its package:
// inlined, pprof.Handler converts pprof.handler("heap") to http.Handler, and
// the compiler prints that constant.
func c_pprof() http.Handler { return pprof.Handler("heap") } // want type short=pprof.handler kind=string size=16
