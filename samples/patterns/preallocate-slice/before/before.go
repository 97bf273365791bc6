package before

import (
	"bufio"
	"strconv"
)

type User struct {
	ID   int
	Name string
}

// Names collects one field per element: the textbook case.
func Names(users []User) []string {
	var names []string
	for _, u := range users {
		names = append(names, u.Name) // want "preallocate-slice"
	}
	return names
}

// Labels fills a slice in a counted loop, starting from an empty literal.
func Labels(n int) []string {
	out := []string{}
	for i := 0; i < n; i++ {
		out = append(out, "item-"+strconv.Itoa(i)) // want "preallocate-slice"
	}
	return out
}

// Pairs appends two values per iteration to make([]T, 0).
func Pairs(m map[string]string) []string {
	kv := make([]string, 0)
	for k, v := range m {
		kv = append(kv, k, v) // want "preallocate-slice"
	}
	return kv
}

// Merge fills one slice from two loops: the capacities add up.
func Merge(a, b []User) []int {
	var ids []int
	for _, u := range a {
		ids = append(ids, u.ID) // want "preallocate-slice"
	}
	for _, u := range b {
		ids = append(ids, u.ID)
	}
	return ids
}

var defaults = []string{"a", "b", "c"}

var table []string

func init() {
	var all []string
	for _, d := range defaults {
		all = append(all, d+d) // held "init-function"
	}
	table = all
}

// Not: the loop can stop early.
func UntilEmpty(parts []string) []string {
	var out []string
	for _, p := range parts {
		if p == "" {
			break
		}
		out = append(out, p)
	}
	return out
}

// Not: a continue skips some iterations.
func NonEmpty(parts []string) []string {
	var out []string
	for _, p := range parts {
		if p == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Not: a return can leave the loop.
func Positive(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x < 0 {
			return nil
		}
		out = append(out, x)
	}
	return out
}

// Not: appended conditionally.
func Evens(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

// Not: appended twice per iteration.
func Doubled(xs []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x)
		out = append(out, -x)
	}
	return out
}

// Not: a spread appends a run-time number of values.
func Flatten(rows [][]int) []int {
	var out []int
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// Not: the length is not known before the loop.
func Drain(ch <-chan int) []int {
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

func Lines(s *bufio.Scanner) []string {
	var out []string
	for s.Scan() {
		out = append(out, s.Text())
	}
	return out
}

// Not: declared outside the outer loop; one row's length is not the total.
func Cells(rows [][]int) []int {
	var out []int
	for _, r := range rows {
		for _, x := range r {
			out = append(out, x)
		}
	}
	return out
}

// Not: something else appends to it before the loop.
func WithHeader(rows []string) []string {
	var out []string
	out = append(out, "header")
	for _, r := range rows {
		out = append(out, r)
	}
	return out
}

// Not: the source is only known after the declaration.
func Loaded(load func() []string) []string {
	var out []string
	src := load()
	for _, s := range src {
		out = append(out, s)
	}
	return out
}

// Not: already sized.
func Sized(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, x*2)
	}
	return out
}
