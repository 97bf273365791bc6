package lib

import (
	"errors"
	"fmt"
	"sync"
)

// MustPositive panics with a formatted message: a panic path, never hot.
func MustPositive(n int) int {
	if n < 0 {
		panic(fmt.Sprintf("negative: %d", n)) // held "panic-path"
	}
	return n
}

// Check builds its errors on the error-return path.
func Check(n int) (int, error) {
	if n < 0 {
		return 0, fmt.Errorf("bad n %d", n)
	}
	if n == 0 {
		return 0, errors.New("zero")
	}
	return n, nil
}

// Big is larger than 512 bytes: right as a pointer.
type Big struct{ Data [100]int }

func NewBig() *Big {
	return &Big{} // held "pointer-type"
}

// Holder contains a slice: right as a pointer.
type Holder struct {
	Items []string
	Index map[string]int
}

func NewHolder() *Holder {
	return &Holder{Index: map[string]int{}} // held "pointer-type"
}

// Guard holds a mutex: copying it is a bug.
type Guard struct {
	mu sync.Mutex
	n  int
}

func NewGuard() *Guard {
	return &Guard{n: 1} // held "pointer-type"
}
