package growth

import (
	"runtime"
	"strconv"
	"testing"
)

var (
	sinkBoxes  []any
	sinkPoints []*Point
	sinkInts   []int
	sinkInt    int
	sinkMap    map[string]int
	sinkString string
)

func BenchmarkGrowth(b *testing.B) {
	// Record every allocation, so that the figures are exact.
	runtime.MemProfileRate = 1
	xs := make([]int, 200)
	words := make([]string, 200)
	for i := range xs {
		xs[i] = i - 50
		words[i] = "w" + strconv.Itoa(i%150)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkBoxes, sinkPoints = Collect(100)
		sinkInts = Evens(xs)
		sinkInt = Positive(xs)
		sinkMap = Index(words)
		sinkString = Shout(words)
	}
}
