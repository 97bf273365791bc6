package before

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Level formats through its String method.
type Level int

func (l Level) String() string { return "level-" + strconv.Itoa(int(l)) }

func Key(user string, id int) string {
	return fmt.Sprintf("user=%s,id=%d", user, id) // want "fmt-on-hot-path" fix
}

// Each argument by its exact type: no strconv.Itoa on a uint8 or an int64.
// The rewrite still allocates the joined string (and FormatInt's), where the
// only allocation fmt made visible was boxing b: the compiler finds no gain,
// so it is no fix.
func Sized(a uint8, b int64) string {
	return fmt.Sprintf("%d/%d", a, b) // held "unverified"
}

// Writing name+"="+... allocates the joined string where fmt boxed name:
// the same count, so no fix either.
func Line(w io.Writer, name string, ok bool) error {
	_, err := fmt.Fprintf(w, "%s=%t\n", name, ok) // held "unverified"
	return err
}

// %v of a Stringer calls its String method: no cheap rewrite.
func Leveled(l Level) string {
	return fmt.Sprintf("level %v", l) // held "no-cheap-rewrite"
}

// A width has no strconv twin.
func Padded(n int) string {
	return fmt.Sprintf("%5d", n) // held "no-cheap-rewrite"
}

// An error branch runs when something failed: fmt is fine there.
func Open(name string, err error) error {
	if err != nil {
		return errors.New(fmt.Sprintf("open %s", name)) // held "error-path"
	}
	return nil
}
