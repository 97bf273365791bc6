package before

type Settings struct {
	Limit int
	Name  string
	Pad   [30]int
}

func Counter(s Settings) func() int { // want "closure-captures-large-struct"
	return func() int {
		s.Limit++
		return s.Limit + len(s.Name)
	}
}
