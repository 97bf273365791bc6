package before

import "io"

func WriteAll(w io.Writer, lines []string) {
	for _, line := range lines {
		w.Write([]byte(line)) // want "string-bytes-conversion"
	}
}
