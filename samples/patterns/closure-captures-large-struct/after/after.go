package after

type Settings struct {
	Limit int
	Name  string
	Pad   [30]int
}

func Counter(s Settings) func() int {
	limit, name := s.Limit, s.Name
	return func() int {
		return limit + len(name)
	}
}
