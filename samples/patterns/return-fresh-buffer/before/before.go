package before

import (
	"io"
	"strconv"
)

// encode is called in a loop, and each result is written before the next:
// the caller could reuse one buffer.
func encode(v int) []byte {
	buf := make([]byte, 0, 64) // want "return-fresh-buffer"
	buf = append(buf, "v="...)
	buf = strconv.AppendInt(buf, int64(v), 10)
	return buf
}

func WriteAll(w io.Writer, vs []int) error {
	for _, v := range vs {
		if _, err := w.Write(encode(v)); err != nil {
			return err
		}
	}
	return nil
}

// Exported: callers outside the package decide how results are used.
func Encode(v int) []byte {
	buf := make([]byte, 0, 64) // held "exported-api"
	buf = strconv.AppendInt(buf, int64(v), 10)
	return buf
}

// Called once, outside any loop: nobody could reuse a buffer.
func header(name string) []byte {
	buf := make([]byte, 0, 64) // held "no-caller-in-loop"
	buf = append(buf, name...)
	return append(buf, ':')
}

func WriteHeader(w io.Writer, name string) error {
	_, err := w.Write(header(name))
	return err
}
