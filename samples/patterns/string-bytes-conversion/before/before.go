package before

import (
	"io"
	"net"
)

func WriteAll(w io.Writer, lines []string) {
	for _, line := range lines {
		w.Write([]byte(line)) // want "string-bytes-conversion"
	}
}

// A net.Conn has no WriteString: io.WriteString would convert the same way.
func Send(c net.Conn, req string) error {
	_, err := c.Write([]byte(req)) // held "no-cheap-rewrite"
	return err
}
