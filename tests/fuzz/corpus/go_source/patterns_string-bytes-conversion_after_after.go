package after

import "io"

func WriteAll(w io.Writer, lines []string) {
	for _, line := range lines {
		io.WriteString(w, line)
	}
}
