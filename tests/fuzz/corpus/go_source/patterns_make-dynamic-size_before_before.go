package before

var kept [][]int

func Fill(n int) {
	s := make([]int, n) // want "make-dynamic-size"
	for i := range s {
		s[i] = i
	}
	kept = append(kept, s)
}
