package after

func Squares(n int) []int {
	out := make([]int, n)
	for i := 0; i < n; i++ {
		out[i] = i * i
	}
	return out
}

func Lengths(words []string) []int {
	lens := make([]int, len(words))
	for i, w := range words {
		lens[i] = len(w) + i
	}
	return lens
}
