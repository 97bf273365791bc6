package basic

import (
	"bytes"
	"fmt"
	"strings"
)

// Loops: what preallocation advice needs, positive and negative cases.

func rangeSlice(src []int) []int {
	var out []int
	for i, x := range src { // want loop kind=range range_over=slice length=len(src) key=i value=x exits=false continues=false appends=out appends.0.decl=nil appends.0.conditional=false appends.0.count=1 appends.0.values=1 appends.0.spread=false appends.0.uses=2 appends.0.decl_col=6 appends.0.elsewhere=
		out = append(out, x*i)
	}
	return out
}

func conditional(src []string) []string {
	out := make([]string, 0, len(src))
	for _, s := range src { // want loop appends=out appends.0.conditional=false appends.0.decl=make appends.0.decl_cap=len(src) continues=true
		if s == "" {
			continue
		}
		out = append(out, s)
	}
	return out
}

func exits(src map[string]int) []string {
	out := []string{}
	for k := range src { // want loop range_over=map length=len(src) exits=true appends.0.decl=empty_lit
		if k == "stop" {
			break
		}
		out = append(out, k)
	}
	return out
}

func switchBreak(src []int) []int {
	out := make([]int, 0)
	for _, x := range src { // want loop exits=false appends.0.decl=make0 appends.0.conditional=true
		switch x {
		case 0:
			break // leaves the switch, not the loop
		default:
			out = append(out, x)
		}
	}
	return out
}

func returnsEarly(src []int) []int {
	var out []int
	for _, x := range src { // want loop exits=true
		if x < 0 {
			return nil
		}
		out = append(out, x)
	}
	return out
}

func labelled(grid [][]int) int {
	n := 0
outer:
	for _, row := range grid { // want loop exits=false continues=true
		for _, x := range row { // want loop exits=true continues=false
			if x < 0 {
				continue outer
			}
			n += x
		}
	}
	return n
}

func counter(n int) []int {
	var out []int
	for i := 0; i < n; i++ { // want loop kind=for key=i length=n appends.0.count=2 appends.0.uses=4 appends.0.elsewhere=83 appends.1.elsewhere=82
		out = append(out, i)
		out = append(out, -i)
	}
	return out
}

func counterModified(n int) int {
	s := 0
	for i := 0; i < n; i++ { // want loop key=i length=
		i++
		s += i
	}
	return s
}

func boundModified(n int) int {
	s := 0
	for i := 0; i < n; i++ { // want loop length=
		n--
		s++
	}
	return s
}

func nested(src [][]int) []int {
	var out []int
	for _, row := range src { // want loop appends=
		for _, x := range row { // want loop appends=out
			out = append(out, x)
		}
	}
	return out
}

func maps(keys []string) map[string]int {
	m := make(map[string]int)
	for i, k := range keys { // want loop map_stores=m map_stores.0.decl=make_nohint map_stores.0.uses=1
		m[k] = i
	}
	return m
}

func counts(words []string, extra map[string]int) map[string]int {
	m := map[string]int{}
	m["total"] = 0
	for _, w := range words { // want loop map_stores=m,m map_stores.0.decl=empty_lit map_stores.0.count=2 map_stores.0.elsewhere=126,129,131,133
		m[w]++
		m["total"] += 1
	}
	delete(m, "")
	for k, v := range extra { // want loop map_stores=m map_stores.0.elsewhere=126,128,129,131
		m[k] = v
	}
	return m
}

func spreads(parts [][]byte, pairs map[string]string) ([]byte, []string) {
	var out []byte
	kv := make([]string, 0, 2*len(pairs))
	p := &out
	for _, b := range parts { // want loop appends=out appends.0.spread=true appends.0.values=1 appends.0.elsewhere=141
		out = append(out, b...)
	}
	for k, v := range pairs { // want loop appends=kv appends.0.values=2 appends.0.decl=make appends.0.decl_cap=2*len(pairs)
		kv = append(kv, k, v)
	}
	_ = p
	return out, kv
}

func builders(parts []string) string {
	var sb strings.Builder
	var buf bytes.Buffer
	for _, p := range parts { // want loop writes=sb,buf,buf writes.0.method=WriteString writes.0.type=strings.Builder writes.2.method=fmt.Fprintf writes.0.bytes= writes.1.bytes=1 writes.0.uses=1 writes.1.uses=2
		sb.WriteString(p)
		buf.WriteByte(' ')
		fmt.Fprintf(&buf, "%s", p)
	}
	return sb.String() + buf.String()
}

func constantWrites(data []byte) string {
	var sb strings.Builder
	for range data { // want loop writes=sb,sb,sb writes.0.bytes=2 writes.1.bytes=3 writes.2.bytes=1
		sb.WriteString("ab")
		sb.WriteRune('€')
		sb.Write([]byte("x"))
	}
	return sb.String()
}

func arrays(a [4]int, p *[8]int, s string) int {
	n := 0
	for range a { // want loop range_over=array length=4
		n++
	}
	for range p { // want loop range_over=array length=8
		n++
	}
	for range s { // want loop range_over=string length=len(s)
		n++
	}
	for i := range 10 { // want loop range_over=int length=10 key=i
		n += i
	}
	for range f() { // want loop range_over=slice length=
		n++
	}
	return n
}

func f() []int { return nil }

func goTo(src []int) int {
	n := 0
	for _, x := range src { // want loop exits=true
		if x < 0 {
			goto done
		}
		n += x
	}
done:
	return n
}
