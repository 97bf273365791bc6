package after

type Point struct{ X, Y int }

func NewPoint(x, y int) Point {
	return Point{X: x, Y: y}
}

func Midpoint(a, b Point) Point {
	return Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}
}
