package after

import "regexp"

var validRe = regexp.MustCompile(`^[a-z]+$`)

func Valid(s string) bool {
	return validRe.MatchString(s)
}
