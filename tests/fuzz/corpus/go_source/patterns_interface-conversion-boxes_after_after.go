package after

type Sample struct {
	Values [8]int
	Name   string
}

func Keep[T any](s T) T {
	return s
}

func KeepSample(s Sample) Sample { return Keep(s) }
