package before

type Point struct{ X, Y int }

func Collect(n int) []*Point {
	var ps []*Point
	for i := 0; i < n; i++ {
		ps = append(ps, &Point{X: i, Y: i}) // want "heap-allocated-small-struct"
	}
	return ps
}

// Returned among other results, as an interface method's signature wants it
// (http.Hijacker): by value would change the API, and that advice belongs to
// return-pointer-to-local, with its own rules. No advice here.
func Split(n int) (int, *Point, error) {
	return n, &Point{X: n, Y: n}, nil
}
