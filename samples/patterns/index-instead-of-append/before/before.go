package before

// Squares fills a slice made with capacity n in a loop of n.
func Squares(n int) []int {
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, i*i) // want "index-instead-of-append"
	}
	return out
}

// Lengths maps a slice element by element.
func Lengths(words []string) []int {
	lens := make([]int, 0, len(words))
	for i, w := range words {
		lens = append(lens, len(w)+i) // want "index-instead-of-append"
	}
	return lens
}

// Not: appended conditionally (indexing would leave zero values).
func Positive(xs []int) []int {
	out := make([]int, 0, len(xs))
	for i, x := range xs {
		if x > 0 {
			out = append(out, x+i)
		}
	}
	return out
}

// Not: the body reads the slice's length as it grows.
func Running(n int) []int {
	out := make([]int, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, len(out)+i)
	}
	return out
}

// Not: the capacity is not the loop's count.
func Half(n int) []int {
	out := make([]int, 0, n/2)
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// Not: the loop can stop early.
func UntilNegative(xs []int) []int {
	out := make([]int, 0, len(xs))
	for i, x := range xs {
		if x < 0 {
			break
		}
		out = append(out, x*i)
	}
	return out
}

// Not: no index to assign through (a range over a map).
func Keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
