package basic

import (
	"fmt"
	"sync"
)

// Naming: every function the compiler generates code for, named as the
// compiler names it.

type T struct{ n int }

func Plain() int { return 1 } // want func name=Plain kind=func exported=true

func (t T) Value() int { return t.n } // want func name=T.Value kind=method receiver=T

func (t *T) Pointer() { t.n++ } // want func name=(*T).Pointer kind=method receiver=*T

func unexported() {} // want func name=unexported exported=false

func (t *T) closures() func() int { // want func name=(*T).closures
	f := func() int { return t.n } // want func name=(*T).closures.func1 kind=literal
	g := func() func() int {       // want func name=(*T).closures.func2
		return func() int { return 2 } // want func name=(*T).closures.func2.1
	}
	_ = g
	return f
}

func init() { fmt.Println("first") } // want func name=init.0 kind=init

func init() { // want func name=init.1
	go func() {}() // want func name=init.1.func1 ; nofunc kind=go_wrapper
}

func _() { // want nofunc name=_
	_ = func() {} // want nofunc kind=literal
}

// Package-level closures are named in initialisation order: b is
// initialised before a because a uses it.
var a = func() int { return b() } // want func name=init.func2 kind=literal parent=init

var b = func() int { return 1 } // want func name=init.func1

func Map[K comparable, V any](m map[K]V, k K) V { return m[k] } // want func name=Map[...] ; site node=call col=6

type Stack[E any] struct{ items []E }

func (s *Stack[E]) Push(v E) { s.items = append(s.items, v) } // want func name=(*Stack[...]).Push ; site node=call col=6

func wrappers(mu *sync.Mutex, wg *sync.WaitGroup, ch chan int, f func(), g func(int)) { // want func name=wrappers
	defer mu.Unlock()         // want func name=wrappers.deferwrap1 kind=defer_wrapper parent=wrappers
	defer f()                 // want nofunc kind=defer_wrapper
	go g(1)                   // want func name=wrappers.gowrap2 kind=go_wrapper
	defer close(ch)           // want func name=wrappers.deferwrap3
	go func() { wg.Done() }() // want func name=wrappers.func1 ; nofunc kind=go_wrapper
	defer func(x int) {}(2)   // want func name=wrappers.func2 ; func name=wrappers.deferwrap4
	defer Plain()             // want func name=wrappers.deferwrap5
	defer unexported()        // want nofunc kind=defer_wrapper
}

// Big enough (20 IR nodes) and free of side effects: the compiler moves its
// initialisation into map.init.0.
var table = map[string]int{ // want func name=map.init.0 kind=map_init
	"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7,
}

var small = map[string]int{"a": 1} // want nofunc kind=map_init

var withCall = map[string]int{ // want nofunc kind=map_init
	"a": Plain(), "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7,
}
