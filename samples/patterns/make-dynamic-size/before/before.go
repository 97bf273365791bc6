package before

// Up to Go 1.24 the variable size alone sends this slice to the heap.
func Sum(n int) int {
	s := make([]int, n) // want "make-dynamic-size"
	for i := range s {
		s[i] = i
	}
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

var kept [][]int

// Stored in a long-lived slice: no size keeps it on the stack.
func Fill(n int) {
	s := make([]int, n) // held "escapes-anyway"
	for i := range s {
		s[i] = i
	}
	kept = append(kept, s)
}
