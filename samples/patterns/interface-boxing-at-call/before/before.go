// Boxing a value to hand it to a function that takes an interface: every
// case here is a "when not to". The compiler boxes on the heap only when
// the callee keeps the value or hands it on where escape analysis cannot
// follow, and then a concrete parameter would be boxed there anyway.
package before

import "fmt"

type Point struct{ X, Y int }

var seen []any

// record keeps what it is given.
func record(v any) { seen = append(seen, v) }

func RecordAll(ps []Point) {
	for _, p := range ps {
		record(p) // held "still-boxed"
	}
}

// show hands the value to fmt, which takes an interface too.
func show(v any) string { return fmt.Sprint(v) }

func ShowAll(ps []Point) int {
	n := 0
	for _, p := range ps {
		n += len(show(p)) // held "still-boxed"
	}
	return n
}

// Two types go through describe: it needs the interface.
var described []any

func describe(v any) { described = append(described, v) }

func DescribeBoth(p Point, q [4]int) {
	describe(p) // held "polymorphic"
	describe(q) // held "polymorphic"
}
