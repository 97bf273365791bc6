package after

type User struct {
	ID   int
	Name string
}

func ByID(users []User) map[int]User {
	m := make(map[int]User, len(users))
	for _, u := range users {
		m[u.ID] = u
	}
	return m
}

func Count(words []string) map[string]int {
	counts := make(map[string]int, len(words))
	for _, w := range words {
		counts[w]++
	}
	return counts
}

func Invert(m map[string]int) map[int]string {
	out := make(map[int]string, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

func Set(n int) map[int]struct{} {
	set := make(map[int]struct{}, n)
	for i := 0; i < n; i++ {
		set[i*i] = struct{}{}
	}
	return set
}
