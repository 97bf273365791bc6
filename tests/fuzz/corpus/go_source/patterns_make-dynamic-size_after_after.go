package after

func Fill(n int) int {
	s := make([]int, n, 64)
	total := 0
	for i := range s {
		s[i] = i
		total += s[i]
	}
	return total
}
