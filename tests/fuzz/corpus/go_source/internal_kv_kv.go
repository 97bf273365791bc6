// Package kv parses records of the form `key=value key2="quoted value"`.
package kv

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies a token.
type Kind int

// Token kinds.
const (
	Key Kind = iota
	Value
	Quoted
)

// Token is one lexeme with its offset in the input.
type Token struct {
	Kind Kind
	Text string
	Off  int
}

// String describes the token; a value receiver.
func (t Token) String() string {
	return fmt.Sprintf("%d@%d:%q", t.Kind, t.Off, t.Text) // want "t\.Kind escapes to heap" "t\.Off escapes to heap" "t\.Text escapes to heap"
}

// ErrSyntax is wrapped by every parse error.
var ErrSyntax = errors.New("kv: syntax error")

// SyntaxError locates a parse error.
type SyntaxError struct {
	Off int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("kv: offset %d: %s", e.Off, e.Msg) // want "e\.Msg escapes to heap" "e\.Off escapes to heap"
}

func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// Lexer splits a record into tokens. It works on a private copy of the input.
type Lexer struct {
	buf []byte
	pos int
}

// NewLexer copies s so that the lexer may rewrite escapes in place.
func NewLexer(s string) *Lexer {
	return &Lexer{buf: []byte(s)} // want "&Lexer\{\.\.\.\} escapes to heap" "\(\[\]byte\)\(s\) escapes to heap"
}

// Next returns the next token, or ok=false at the end of the input.
func (l *Lexer) Next() (tok Token, ok bool, err error) {
	for l.pos < len(l.buf) && l.buf[l.pos] == ' ' {
		l.pos++
	}
	if l.pos >= len(l.buf) {
		return Token{}, false, nil
	}
	start := l.pos
	switch c := l.buf[l.pos]; {
	case c == '"':
		return l.quoted()
	case c == '=':
		return Token{}, false, &SyntaxError{Off: start, Msg: "unexpected '='"} // want "&SyntaxError\{\.\.\.\} escapes to heap"
	}
	for l.pos < len(l.buf) && l.buf[l.pos] != ' ' && l.buf[l.pos] != '=' {
		l.pos++
	}
	kind := Value
	if l.pos < len(l.buf) && l.buf[l.pos] == '=' {
		kind = Key
	}
	text := string(l.buf[start:l.pos]) // want "string\(l\.buf\[start:l\.pos\]\) escapes to heap"
	if kind == Key {
		l.pos++
	}
	return Token{Kind: kind, Text: text, Off: start}, true, nil
}

func (l *Lexer) quoted() (Token, bool, error) {
	start := l.pos
	l.pos++
	w := l.pos
	for l.pos < len(l.buf) {
		c := l.buf[l.pos]
		switch {
		case c == '\\' && l.pos+1 < len(l.buf):
			l.pos++
			l.buf[w] = l.buf[l.pos]
		case c == '"':
			text := string(l.buf[start+1 : w]) // want "string\(l\.buf\[start \+ 1:w\]\) escapes to heap"
			l.pos++
			return Token{Kind: Quoted, Text: text, Off: start}, true, nil
		default:
			l.buf[w] = c
		}
		w++
		l.pos++
	}
	return Token{}, false, &SyntaxError{Off: start, Msg: "unterminated quote"} // want "&SyntaxError\{\.\.\.\} escapes to heap"
}

// Record is a parsed line: ordered keys and their values.
type Record struct {
	Keys   []string
	Values map[string]string
}

// Parse reads one record.
func Parse(line string) (*Record, error) {
	rec := &Record{Values: make(map[string]string)} // want "&Record\{\.\.\.\} escapes to heap" "make\(map\[string\]string\) escapes to heap"
	lx := NewLexer(line)
	var key string
	for {
		tok, ok, err := lx.Next()
		if err != nil {
			return nil, fmt.Errorf("parse %q: %w", line, err) // want "line escapes to heap"
		}
		if !ok {
			break
		}
		if tok.Kind == Key {
			key = tok.Text
			continue
		}
		if key == "" {
			return nil, &SyntaxError{Off: tok.Off, Msg: "value without key"} // want "&SyntaxError\{\.\.\.\} escapes to heap"
		}
		rec.Keys = append(rec.Keys, key)
		rec.Values[key] = tok.Text
		key = ""
	}
	return rec, nil
}

// MustParse is Parse for constant input; it panics on error.
func MustParse(line string) *Record {
	rec, err := Parse(line)
	if err != nil {
		panic(fmt.Sprintf("kv.MustParse(%q): %v", line, err)) // want "fmt\.Sprintf\(.*\) escapes to heap" "line escapes to heap"
	}
	return rec
}

// Format renders the record back into its text form.
func (r *Record) Format() string {
	var b strings.Builder
	for i, k := range r.Keys {
		if i > 0 {
			b.WriteByte(' ') // want "strings: illegal use of non-zero Builder copied by value.* escapes to heap"
		}
		v := r.Values[k]
		if strings.ContainsAny(v, " \"=") {
			v = fmt.Sprintf("%q", v) // want "v escapes to heap"
		}
		b.WriteString(k + "=" + v) // want "strings: illegal use of non-zero Builder copied by value.* escapes to heap"
	}
	return b.String()
}

// Upper returns a copy of s in upper case using a byte slice round trip.
func Upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b) // want "string\(b\) escapes to heap"
}
