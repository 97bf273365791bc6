package after

type Point struct{ X, Y int }

var seen []Point

//go:noinline
func record(p Point) { seen = append(seen, p) }

func RecordAll(ps []Point) {
	for _, p := range ps {
		record(p)
	}
}
