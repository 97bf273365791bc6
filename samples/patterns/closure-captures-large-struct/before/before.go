package before

type Settings struct {
	Limit int
	Name  string
	Pad   [30]int
}

// The closure reads two fields of a struct too large to copy into it, so the
// whole struct moves to the heap; copies of the two fields would not.
func Counter(s Settings) func() int { // want "closure-captures-large-struct" fix
	return func() int {
		return s.Limit + len(s.Name)
	}
}

// The struct changes after the closure is made: the closure must see it.
func Tracker(s Settings) (func() int, func()) { // held "struct-modified"
	get := func() int { return s.Limit }
	bump := func() { s.Limit++ }
	return get, bump
}
