package before

type Point struct{ X, Y int }

func Collect(n int) []*Point {
	var ps []*Point
	for i := 0; i < n; i++ {
		ps = append(ps, &Point{X: i, Y: i}) // want "heap-allocated-small-struct"
	}
	return ps
}
