package after

import (
	"io"
	"strconv"
)

func Key(user string, id int) string {
	return "user=" + user + ",id=" + strconv.Itoa(id)
}

func Sized(a uint8, b int64) string {
	return strconv.FormatUint(uint64(a), 10) + "/" + strconv.FormatInt(b, 10)
}

func Line(w io.Writer, name string, ok bool) error {
	_, err := io.WriteString(w, name+"="+strconv.FormatBool(ok)+"\n")
	return err
}
