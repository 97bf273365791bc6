package before

type Point struct{ X, Y int }

func NewPoint(x, y int) *Point {
	return &Point{X: x, Y: y} // want "return-pointer-to-local"
}

func Midpoint(a, b Point) *Point {
	m := Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2} // want "return-pointer-to-local"
	return &m
}
