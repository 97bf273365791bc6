package cache

import (
	"strconv"
	"testing"
)

func TestLRUEvictsOldest(t *testing.T) {
	var evicted []string
	c := New(2, func(k string, _ int) { evicted = append(evicted, k) })
	c.Put("a", 1)
	c.Put("b", 2)
	if _, ok := c.Get("a"); !ok {
		t.Fatal("a missing")
	}
	c.Put("c", 3)
	if len(evicted) != 1 || evicted[0] != "b" {
		t.Fatalf("evicted = %v, want [b]", evicted)
	}
	if got := c.Stats().String(); got != "len=2 hits=1 misses=0" {
		t.Fatalf("stats = %q", got)
	}
}

func BenchmarkLRUPutGet(b *testing.B) {
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
	}
	c := New[string, []byte](256, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := keys[i%len(keys)]
		if _, ok := c.Get(k); !ok {
			c.Put(k, []byte(k))
		}
	}
}
