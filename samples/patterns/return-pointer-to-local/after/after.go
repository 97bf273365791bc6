package after

type point struct{ x, y int }

func midpoint(ps []point) point {
	var m point
	if len(ps) == 0 {
		return m
	}
	for _, p := range ps {
		m.x += p.x
		m.y += p.y
	}
	m.x /= len(ps)
	m.y /= len(ps)
	if m.x < 0 {
		m.x = -m.x
	}
	if m.y < 0 {
		m.y = -m.y
	}
	if m.x > m.y {
		m.x, m.y = m.y, m.x
	}
	for m.x > 1000 || m.y > 1000 {
		m.x, m.y = m.x/2, m.y/2
	}
	return m
}

func Spread(ps []point) int {
	m := midpoint(ps)
	return m.x - m.y
}
