package cache

import (
	"strconv"
	"testing"
)

func TestLRUEvictsOldest(t *testing.T) {
	var evicted []string                                                // want "moved to heap: evicted"
	c := New(2, func(k string, _ int) { evicted = append(evicted, k) }) // want "func literal escapes to heap"
	c.Put("a", 1)
	c.Put("b", 2)
	if _, ok := c.Get("a"); !ok {
		t.Fatal("a missing") // want ".a missing. escapes to heap"
	}
	c.Put("c", 3)
	if len(evicted) != 1 || evicted[0] != "b" {
		t.Fatalf("evicted = %v, want [b]", evicted) // want "evicted escapes to heap"
	}
	if got := c.Stats().String(); got != "len=2 hits=1 misses=0" { // want "s\.Len escapes to heap" "s\.Hits escapes to heap" "s\.Misses escapes to heap"
		t.Fatalf("stats = %q", got) // want "got escapes to heap"
	}
}

func BenchmarkLRUPutGet(b *testing.B) {
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i) // want ".key-. \+ ~[rR]0 escapes to heap"
	}
	c := New[string, []byte](256, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := keys[i%len(keys)]
		if _, ok := c.Get(k); !ok {
			c.Put(k, []byte(k)) // want "\(\[\]byte\)\(k\) escapes to heap"
		}
	}
}
