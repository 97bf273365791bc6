package after

import (
	"io"
	"strconv"
)

func encodeInto(dst []byte, v int) []byte {
	buf := dst[:0]
	buf = append(buf, "v="...)
	buf = strconv.AppendInt(buf, int64(v), 10)
	return buf
}

func WriteAll(w io.Writer, vs []int) error {
	scratch := make([]byte, 0, 64)
	for _, v := range vs {
		scratch = encodeInto(scratch[:0], v)
		if _, err := w.Write(scratch); err != nil {
			return err
		}
	}
	return nil
}
