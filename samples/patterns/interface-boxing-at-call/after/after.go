package after

type Point struct{ X, Y int }

var seen []Point

func record(v Point) { seen = append(seen, v) }

func RecordAll(ps []Point) {
	for _, p := range ps {
		record(p)
	}
}
