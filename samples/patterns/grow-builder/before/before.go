package before

import (
	"bytes"
	"strings"
)

const digits = "0123456789abcdef"

// Hex writes two bytes per input byte.
func Hex(data []byte) string {
	var sb strings.Builder
	for _, b := range data {
		sb.WriteByte(digits[b>>4]) // want "grow-builder"
		sb.WriteByte(digits[b&15])
	}
	return sb.String()
}

// Ruler writes a constant string per iteration of a counted loop.
func Ruler(n int) []byte {
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		buf.WriteString("----+") // want "grow-builder"
	}
	return buf.Bytes()
}

// Not: the bytes written depend on run-time values.
func Join(parts []string) string {
	var sb strings.Builder
	for _, p := range parts {
		sb.WriteString(p)
		sb.WriteByte(',')
	}
	return sb.String()
}

// Not: written conditionally.
func Digits(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// Not: a few bytes in all (the first write allocates that much anyway).
func Dots(p *[4]int) string {
	var sb strings.Builder
	for range p {
		sb.WriteByte('.')
	}
	return sb.String()
}

// Not: the builder is used otherwise in the loop.
func Capped(data []byte, limit int) string {
	var sb strings.Builder
	for _, b := range data {
		sb.WriteByte(digits[b&15])
		_ = sb.Len() > limit
	}
	return sb.String()
}
