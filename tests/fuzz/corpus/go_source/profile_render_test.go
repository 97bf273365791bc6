package render

import (
	"runtime"
	"testing"
)

var sink []byte

func BenchmarkRender(b *testing.B) {
	// Record every allocation: the default rate samples one per 512 KiB,
	// which would miss most of these small buffers.
	runtime.MemProfileRate = 1
	r := Record{ID: 42, Name: "gopher"}
	for i := 0; i < b.N; i++ {
		sink = Render(r)
	}
}
