package after

type Point struct{ X, Y int }

func Collect(n int) []Point {
	ps := make([]Point, 0, n)
	for i := 0; i < n; i++ {
		ps = append(ps, Point{X: i, Y: i})
	}
	return ps
}
