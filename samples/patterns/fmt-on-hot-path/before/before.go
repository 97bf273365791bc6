package before

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Level formats through its String method.
type Level int8

func (l Level) String() string { return "level-" + strconv.Itoa(int(l)) }

func Key(user string, id int) string {
	return fmt.Sprintf("user=%s,id=%d", user, id) // want "fmt-on-hot-path" fix
}

// Each argument by its exact type: no strconv.Itoa on a uint8 or an int64.
func Sized(a uint8, b int64) string {
	return fmt.Sprintf("%d/%d", a, b) // want "fmt-on-hot-path" fix
}

func Line(w io.Writer, name string, ok bool) error {
	_, err := fmt.Fprintf(w, "%s=%t\n", name, ok) // want "fmt-on-hot-path" fix
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
