package before

import "sync"

type point struct{ x, y int }

// midpoint is too large to inline, and its caller uses the result locally:
// returned by value, it would stay on the caller's stack.
func midpoint(ps []point) *point {
	var m point // want "return-pointer-to-local"
	if len(ps) == 0 {
		return &m
	}
	for _, p := range ps {
		m.x += p.x
		m.y += p.y
	}
	m.x /= len(ps)
	m.y /= len(ps)
	if m.x < 0 {
		m.x = -m.x
	}
	if m.y < 0 {
		m.y = -m.y
	}
	if m.x > m.y {
		m.x, m.y = m.y, m.x
	}
	for m.x > 1000 || m.y > 1000 {
		m.x, m.y = m.x/2, m.y/2
	}
	return &m
}

func Spread(ps []point) int {
	m := midpoint(ps)
	return m.x - m.y
}

// Exported: the signature is API, and callers elsewhere keep the pointer.
type Point struct{ X, Y int }

func NewPoint(x, y int) *Point {
	return &Point{X: x, Y: y} // held "exported-api"
}

// Methods with pointer receivers: its users need a *counter.
type counter struct{ n int }

func (c *counter) inc() { c.n++ }

func newCounter() *counter {
	return &counter{} // held "pointer-methods"
}

func Count(k int) int {
	c := newCounter()
	for i := 0; i < k; i++ {
		c.inc()
	}
	return c.n
}

// Values that go through a sync.Pool must be pointers.
type scratch struct{ b [64]byte }

var pool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch {
	if s, ok := pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{} // held "pooled"
}

func Use() byte {
	s := getScratch()
	defer pool.Put(s)
	return s.b[0]
}

// The caller keeps the pointer: by value it would move to the heap there.
var last *point

func Remember(ps []point) {
	last = newPair(ps)
}

func newPair(ps []point) *point {
	var p point // held "kept-by-callers"
	for _, q := range ps {
		p.x, p.y = p.y+q.x, p.x+q.y
	}
	if p.x > p.y {
		p.x, p.y = p.y, p.x
	}
	if p.x < 0 {
		p.x = 0
	}
	return &p
}

// Inlined into its caller, where the point stays on the stack already.
func origin() *point {
	return &point{} // held "inlined-no-escape"
}

func Zero() int {
	o := origin()
	return o.x + o.y
}
