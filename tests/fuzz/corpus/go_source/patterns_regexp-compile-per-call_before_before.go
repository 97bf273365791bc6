package before

import "regexp"

func Valid(s string) bool {
	return regexp.MustCompile(`^[a-z]+$`).MatchString(s) // want "regexp-compile-per-call"
}
