package after

func Sum(n int) int {
	if n > 64 {
		n = 64
	}
	s := make([]int, n, 64)
	for i := range s {
		s[i] = i
	}
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}
