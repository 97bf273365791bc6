package after

import "strconv"

func EncodeInto(dst []byte, v int) []byte {
	dst = append(dst, "v="...)
	return strconv.AppendInt(dst, int64(v), 10)
}
