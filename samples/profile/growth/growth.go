// Package growth allocates in the ways a heap profile cannot tell apart by
// line alone: slices, maps and builders growing, boxing and struct
// allocations on the same line as an append, an inlined callee's allocation.
// Its benchmark's profile (mem.out, and mem.raw.txt, its `go tool pprof -raw`
// text) is the input of the profile tests (tests/profile).
package growth

import "strings"

// Point is 24 bytes without pointers: one 24-byte block.
type Point struct{ X, Y, Z int64 }

// Collect appends once per iteration of a loop of known length, boxing an
// int64 and allocating a Point on the append lines.
func Collect(n int) ([]any, []*Point) {
	var boxes []any
	var points []*Point
	for i := 0; i < n; i++ {
		boxes = append(boxes, int64(i)+1000)
		points = append(points, &Point{X: int64(i)})
	}
	return boxes, points
}

// Evens appends conditionally: no preallocation advice, but the profile
// measures the growth.
func Evens(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

// Positive keeps a local slice the compiler says nothing about.
func Positive(xs []int) int {
	var kept []int
	for _, x := range xs {
		if x > 0 {
			kept = append(kept, x*x)
		}
	}
	total := 0
	for _, v := range kept {
		total += v
	}
	return total
}

// Index fills a map conditionally.
func Index(words []string) map[string]int {
	m := map[string]int{}
	for i, w := range words {
		if w != "" {
			m[w] = i
		}
	}
	return m
}

// Shout builds a string with a builder whose size depends on the input.
func Shout(words []string) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(strings.ToUpper(w))
	}
	return b.String()
}
