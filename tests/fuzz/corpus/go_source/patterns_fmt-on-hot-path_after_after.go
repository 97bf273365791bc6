package after

import (
	"strconv"
	"strings"
)

func Key(user string, id int) string {
	var b strings.Builder
	b.Grow(32)
	b.WriteString("user=")
	b.WriteString(user)
	b.WriteString(",id=")
	b.WriteString(strconv.Itoa(id))
	return b.String()
}
