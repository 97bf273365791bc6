// Package seq has generic helpers over slices.
package seq

// Map applies f to every element of xs.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs)) // want "make\(\[\]go\.shape\..*len\(seq\.xs\)\) escapes to heap"
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Filter keeps the elements for which keep returns true, reusing xs.
func Filter[T any](xs []T, keep func(T) bool) []T {
	out := xs[:0]
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Reduce folds xs into an accumulator.
func Reduce[T, A any](xs []T, acc A, f func(A, T) A) A {
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

// Pair is a generic two-value tuple.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// First returns the key.
func (p Pair[K, V]) First() K { return p.Key }

// Replace sets the value and returns a pointer to the pair for chaining.
func (p *Pair[K, V]) Replace(v V) *Pair[K, V] {
	p.Val = v
	return p
}
