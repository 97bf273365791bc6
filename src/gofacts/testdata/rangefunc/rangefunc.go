package rangefunc

import "fmt"

// Range-over-func bodies are closures (F-rangeN); closures and go/defer
// wrappers inside them are named after the enclosing function.

func Seq(n int) func(func(int) bool) { // want func name=Seq
	return func(yield func(int) bool) { // want func name=Seq.func1
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

var sink any

func Loops(n int) { // want func name=Loops
	for x := range Seq(n) { // want func name=Loops-range1 kind=range_body parent=Loops ; site node=func_lit col=2 function=Loops ; site node=call col=2 function=Loops ; site node=var var=x col=2 function=Loops ; site node=var var=x col=6 function=Loops-range1
		f := func() int { return x } // want func name=Loops.func1 parent=Loops-range1
		for y := range Seq(x) {      // want func name=Loops-range2 parent=Loops-range1 ; site node=var var=y col=7 captured=false loop_depth=2 function=Loops-range2 ; site node=var var=y col=3 function=Loops-range1 loop_depth=2
			sink = f() + y // want site node=conv_iface function=Loops-range2 loop_depth=2
		}
	}
	g := func() {} // want func name=Loops.func2
	g()
}

func Deferred(f func(func(int) bool)) { // want func name=Deferred
	for x := range f { // want func name=Deferred-range1
		defer fmt.Println(x) // want func name=Deferred.deferwrap1 parent=Deferred-range1
		go fmt.Println(x)    // want func name=Deferred.gowrap2
	}
}

func InLiteral() func() { // want func name=InLiteral
	return func() { // want func name=InLiteral.func1
		for x := range Seq(3) { // want func name=InLiteral.func1-range1
			_ = func() int { return x } // want func name=InLiteral.func1.1
		}
	}
}
