// Package regions holds the cases of the `region` of var sites (FACTS.md,
// "Regions"): each region comment (NAME=LABEL ...) says which variables
// share a region (the same label) and which have none (-).
package regions

var sink any
var sinkI *int

type pair struct{ a, b int }

func Straight(a, b int) (r int) { // region: a=A b=A r=A
	x := a               // region: x=A
	var y, z int         // region: y=A z=A
	y += x * 2           //
	p := pair{a, b}      // region: p=A
	q := &p.a            // region: q=B
	w := *q              // region: w=B
	sink, sinkI = &x, &y //
	return z + w
}

func Breaks(s []int, n int, c bool, m map[int]int) { // region: s=C n=C c=C m=C
	x := s[0]       // region: x=C
	y := n / 2      // region: y=D
	z := c && n > 0 // region: z=E
	u := m[n]       // region: u=F
	v := f()        // region: v=G
	var i any = n   // region: i=H
	k := n << c2    // region: k=I
	l := n << n     // region: l=I
	o := 0          // region: o=J
	sinkI = &o
	_, _, _, _, _, _, _, _ = x, y, z, u, v, i, k, l
}

const c2 = 2

func f() int { return 1 }

func Branches(c bool, n int) { // region: c=K n=K
	x := n // region: x=K
	if c {
		y := n // region: y=L
		z := 1 // region: z=L
		sinkI, sinkI = &y, &z
	} else if n > 2 {
		w := n // region: w=M
		sinkI = &w
	} else {
		w := 3 // region: w=N
		sinkI = &w
	}
	if debug {
		d := 1 // region: d=-
		sinkI = &d
	}
	for i := 0; i < n; i++ { // region: i=-
		q := i // region: q=-
		sinkI = &q
	}
	{
		b := 1 // region: b=-
		sinkI = &b
	}
	switch n {
	case 1:
		s := 1 // region: s=-
		sinkI = &s
	}
	sinkI = &x
	lit := func(a int) { // region: lit=O a=P
		v := a // region: v=P
		sinkI = &v
	}
	lit(n)
}

const debug = false

func Generic[T any](t T, n int) { // region: t=- n=-
	x := n // region: x=-
	sinkI = &x
	sink = t
}
