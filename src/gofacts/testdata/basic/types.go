package basic

import (
	"sync"
	"sync/atomic"
)

// Types: sizes, method sets, locks.

type Small struct{ a, b int32 } // want type short=basic.Small kind=struct size=8 align=4 pointer_shaped=false has_pointers=false lock=false

type WithLock struct { // want type short=basic.WithLock lock=true size=16
	mu sync.Mutex
	n  int
}

type WithAtomic struct{ n atomic.Int64 } // want type short=basic.WithAtomic lock=true

type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type Guarded struct { // want type short=basic.Guarded lock=true
	_ noCopy
	v []int
}

type LockPtr struct{ mu *sync.Mutex } // want type short=basic.LockPtr lock=false pointer_shaped=true has_pointers=true

type Methods struct{ s []string } // want type short=basic.Methods pointer_methods=Add,Reset value_methods=Len,String stringer=true error=false slice_or_map=true

func (m *Methods) Add(s string)  { m.s = append(m.s, s) }
func (m *Methods) Reset()        { m.s = nil }
func (m Methods) Len() int       { return len(m.s) }
func (m Methods) String() string { return "" }

type ErrT struct{ msg string } // want type short=basic.ErrT error=true stringer=false has_pointers=true

func (e *ErrT) Error() string { return e.msg }

type ID uint8 // want type short=basic.ID kind=uint bits=8 size=1

type Count int64 // want type short=basic.Count kind=int bits=64

type PlainInt int // want type short=basic.PlainInt kind=int bits=0

type Fn func() // want type short=basic.Fn kind=func pointer_shaped=true

type Wrapper struct{ p *int } // want type short=basic.Wrapper pointer_shaped=true fields=p fields.0.offset=0 fields.0.size=8
