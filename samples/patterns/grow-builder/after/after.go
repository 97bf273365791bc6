package after

import (
	"bytes"
	"strings"
)

const digits = "0123456789abcdef"

func Hex(data []byte) string {
	var sb strings.Builder
	sb.Grow(2 * len(data))
	for _, b := range data {
		sb.WriteByte(digits[b>>4])
		sb.WriteByte(digits[b&15])
	}
	return sb.String()
}

func Ruler(n int) []byte {
	var buf bytes.Buffer
	buf.Grow(5 * n)
	for i := 0; i < n; i++ {
		buf.WriteString("----+")
	}
	return buf.Bytes()
}
