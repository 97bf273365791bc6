package before

import "strconv"

func Encode(v int) []byte {
	buf := make([]byte, 0, 64) // want "return-fresh-buffer"
	buf = append(buf, "v="...)
	buf = strconv.AppendInt(buf, int64(v), 10)
	return buf
}
