package before

type Sample struct {
	Values [8]int
	Name   string
}

func Keep(s Sample) any {
	i := interface{}(s) // want "interface-conversion-boxes"
	return i
}
