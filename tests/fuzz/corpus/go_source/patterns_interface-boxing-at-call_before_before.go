package before

type Point struct{ X, Y int }

var seen []any

//go:noinline
func record(v any) { seen = append(seen, v) }

func RecordAll(ps []Point) {
	for _, p := range ps {
		record(p) // want "interface-boxing-at-call"
	}
}
