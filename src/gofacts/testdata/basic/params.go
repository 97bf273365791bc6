package basic

import (
	"strings"
	"sync"
)

// Parameter uses: what each function does through its pointer-shaped
// parameters.

type Node struct {
	next *Node
	val  int
	tags []string
	mu   sync.Mutex
}

var global *Node

func readOnly(n *Node) int { return n.val } // want uses n=read

func unused(n *Node, s []int) {} // want uses n=none s=none

func writes(n *Node, s []int, m map[string]int) { // want uses n=write s=write m=write
	n.val = 1
	s[0] = 2
	m["k"] = 3
}

func stores(n *Node) { global = n } // want uses n=store

func returns(n *Node) *Node { return n.next } // want uses n=store

func selfStore(n *Node) { n.next = n.next.next } // want uses n=write

func viaLocal(n *Node) { // want uses n=write
	m := n
	m.val++
}

func viaLocalStore(n *Node) { // want uses n=store
	m := n.next
	global = m
}

func callsWriter(n *Node, s []int) { // want uses n=write s=write
	writes(n, s, nil)
}

func callsStorer(n *Node) { stores(n) } // want uses n=store

func recursive(n *Node, depth int) { // want uses n=write depth=none
	if depth == 0 {
		n.val = 0
		return
	}
	recursive(n.next, depth-1)
}

func iface(x any) string { // want uses x=unknown
	if s, ok := x.(interface{ String() string }); ok {
		return s.String()
	}
	return ""
}

func external(b *strings.Builder, r *strings.Reader) { // want uses b=write r=unknown
	b.WriteString("x")
	r.Reset("y")
}

func locks(n *Node) { // want uses n=write
	n.mu.Lock()
	defer n.mu.Unlock()
	n.val++
}

func captured(n *Node) func() int { // want uses n=store
	return func() int { return n.val }
}

func calledClosure(n *Node) int { // want uses n=read
	return func() int { return n.val }()
}

func funcValue(f func(*Node), n *Node) { f(n) } // want uses f=read n=unknown

func goroutine(n *Node) { go readOnly(n) } // want uses n=store

func sliceElems(ns []*Node) { // want uses ns=write
	for _, n := range ns {
		n.val = 1
	}
}

func appendTo(s []int) []int { return append(s, 1) } // want uses s=store

func lengths(s []int, m map[int]int, c chan int) int { // want uses s=read m=read c=read
	return len(s) + len(m) + cap(c)
}

func send(c chan *Node, n *Node) { c <- n } // want uses c=write n=store

func (n *Node) Len() int { // want uses n=read
	count := 0
	for p := n; p != nil; p = p.next {
		count++
	}
	return count
}

func (n Node) ValueLen() int { return n.val } // want uses n=none
