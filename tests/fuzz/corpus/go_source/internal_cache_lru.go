// Package cache implements a small generic least-recently-used cache.
package cache

import (
	"fmt"
	"sync"
)

type entry[K comparable, V any] struct {
	key        K
	val        V
	prev, next *entry[K, V]
}

// LRU is a fixed-capacity cache that evicts the least recently used entry.
// It is safe for concurrent use.
type LRU[K comparable, V any] struct {
	mu       sync.Mutex
	capacity int
	items    map[K]*entry[K, V]
	head     *entry[K, V] // most recently used
	tail     *entry[K, V] // least recently used
	hits     int
	misses   int
	onEvict  func(K, V)
}

// Stats reports how the cache has been used.
type Stats struct {
	Len, Hits, Misses int
}

// String is a value-receiver method that formats with fmt.
func (s Stats) String() string {
	return fmt.Sprintf("len=%d hits=%d misses=%d", s.Len, s.Hits, s.Misses) // want "s\.Hits escapes to heap" "s\.Len escapes to heap" "s\.Misses escapes to heap"
}

// New returns an empty cache. It panics if capacity is not positive.
func New[K comparable, V any](capacity int, onEvict func(K, V)) *LRU[K, V] {
	if capacity <= 0 {
		panic(fmt.Sprintf("cache: capacity must be positive, got %d", capacity)) // want "capacity escapes to heap" "fmt\.Sprintf\(.*\) escapes to heap"
	}
	return &LRU[K, V]{ // want "&(cache\.)?LRU\[.*\]\{\.\.\.\} escapes to heap"
		capacity: capacity,
		items:    make(map[K]*entry[K, V], capacity), // want "make\(map\[.*\], (cache\.)?capacity\) escapes to heap"
		onEvict:  onEvict,
	}
}

// Get returns the value stored under k and marks it as recently used.
func (c *LRU[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		c.misses++
		var zero V
		return zero, false
	}
	c.hits++
	c.moveToFront(e)
	return e.val, true
}

// Put stores v under k, evicting the oldest entry when the cache is full.
func (c *LRU[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		e.val = v
		c.moveToFront(e)
		return
	}
	e := &entry[K, V]{key: k, val: v} // want "&(cache\.)?entry\[.*\]\{\.\.\.\} escapes to heap"
	c.items[k] = e
	c.pushFront(e)
	if len(c.items) > c.capacity {
		c.evict()
	}
}

// Keys returns the keys from most to least recently used.
func (c *LRU[K, V]) Keys() []K {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]K, 0, len(c.items)) // want "make\(\[\]go\.shape\..*len\((cache\.)?c\.items\)\) escapes to heap"
	for e := c.head; e != nil; e = e.next {
		keys = append(keys, e.key)
	}
	return keys
}

// Stats returns a copy of the usage counters.
func (c *LRU[K, V]) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Len: len(c.items), Hits: c.hits, Misses: c.misses}
}

func (c *LRU[K, V]) pushFront(e *entry[K, V]) {
	e.prev = nil
	e.next = c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

func (c *LRU[K, V]) unlink(e *entry[K, V]) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (c *LRU[K, V]) moveToFront(e *entry[K, V]) {
	if c.head == e {
		return
	}
	c.unlink(e)
	c.pushFront(e)
}

func (c *LRU[K, V]) evict() {
	e := c.tail
	if e == nil {
		return
	}
	c.unlink(e)
	delete(c.items, e.key)
	if c.onEvict != nil {
		c.onEvict(e.key, e.val)
	}
}
