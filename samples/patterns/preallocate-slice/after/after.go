package after

import (
	"bufio"
	"strconv"
)

type User struct {
	ID   int
	Name string
}

func Names(users []User) []string {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.Name)
	}
	return names
}

func Labels(n int) []string {
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, "item-"+strconv.Itoa(i))
	}
	return out
}

func Pairs(m map[string]string) []string {
	kv := make([]string, 0, 2*len(m))
	for k, v := range m {
		kv = append(kv, k, v)
	}
	return kv
}

func Merge(a, b []User) []int {
	ids := make([]int, 0, len(a)+len(b))
	for _, u := range a {
		ids = append(ids, u.ID)
	}
	for _, u := range b {
		ids = append(ids, u.ID)
	}
	return ids
}

func Lines(s *bufio.Scanner) []string {
	var out []string
	for s.Scan() {
		out = append(out, s.Text())
	}
	return out
}
