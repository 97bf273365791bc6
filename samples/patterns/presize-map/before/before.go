package before

type User struct {
	ID   int
	Name string
}

// ByID builds a lookup map from a slice: the textbook case.
func ByID(users []User) map[int]User {
	m := make(map[int]User)
	for _, u := range users {
		m[u.ID] = u // want "presize-map"
	}
	return m
}

// Count counts words into a literal map.
func Count(words []string) map[string]int {
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++ // want "presize-map"
	}
	return counts
}

// Invert swaps keys and values.
func Invert(m map[string]int) map[int]string {
	out := make(map[int]string)
	for k, v := range m {
		out[v] = k // want "presize-map"
	}
	return out
}

// Set fills a set in a counted loop.
func Set(n int) map[int]struct{} {
	set := map[int]struct{}{}
	for i := 0; i < n; i++ {
		set[i*i] = struct{}{} // want "presize-map"
	}
	return set
}

// Not: stored conditionally.
func Admins(users []User) map[int]bool {
	m := make(map[int]bool)
	for _, u := range users {
		if u.Name == "root" {
			m[u.ID] = true
		}
	}
	return m
}

// Not: the loop can stop early.
func UntilZero(users []User) map[int]User {
	m := make(map[int]User)
	for _, u := range users {
		if u.ID == 0 {
			break
		}
		m[u.ID] = u
	}
	return m
}

// Not: one constant key, filled over and over.
func Total(xs []int) map[string]int {
	m := map[string]int{}
	for _, x := range xs {
		m["total"] += x
	}
	return m
}

// Not: the map is filled elsewhere too.
func WithDefault(users []User) map[int]User {
	m := make(map[int]User)
	m[0] = User{Name: "nobody"}
	for _, u := range users {
		m[u.ID] = u
	}
	return m
}

// Not: already sized.
func Sized(users []User) map[int]User {
	m := make(map[int]User, len(users))
	for _, u := range users {
		m[u.ID] = u
	}
	return m
}

// Not: the length is not known before the loop.
func FromChannel(ch <-chan User) map[int]User {
	m := make(map[int]User)
	for u := range ch {
		m[u.ID] = u
	}
	return m
}
