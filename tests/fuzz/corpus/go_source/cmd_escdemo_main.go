// Command escdemo drives the sample packages: it builds a router, serves a
// batch of requests on a worker pool and prints a summary.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"example.com/goescape/samples/internal/cache"
	"example.com/goescape/samples/internal/kv"
	"example.com/goescape/samples/internal/seq"
	"example.com/goescape/samples/internal/stats"
	"example.com/goescape/samples/server"
)

// uptime is set from main; the gauge comes from an inlined constructor.
var uptime *stats.Gauge

// config is read from the command line.
var config = kv.MustParse(`workers=4 cache=64 name="escape demo"`)

func intOption(key string, def int) int {
	v, ok := config.Values[key]
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		panic(fmt.Sprintf("option %s: %v", key, err)) // want "fmt\.Sprintf\(.*\) escapes to heap" "key escapes to heap"
	}
	return n
}

// summary collects what main prints at the end.
type summary struct {
	name    string
	lines   []string
	byCode  map[int]int
	history [32]int64
}

// add records one response; a pointer receiver.
func (s *summary) add(resp server.Response) {
	s.byCode[resp.Status]++
	s.lines = append(s.lines, strconv.Itoa(resp.Status)+" "+string(resp.Body)) // want "~[rR]0 \+ . . \+ string\(resp\.Body\) escapes to heap"
}

// codes renders the status histogram; a value receiver with a closure inside.
func (s summary) codes() string {
	keys := make([]int, 0, len(s.byCode))
	for k := range s.byCode {
		keys = append(keys, k)
	}
	strs := seq.Map(keys, func(k int) string {
		return fmt.Sprintf("%d:%d", k, s.byCode[k])
	})
	return strings.Join(strs, ",")
}

// printer returns a closure that owns a buffered writer; the closure returns
// another closure that flushes it.
func (s *summary) printer(w *bufio.Writer) func(string) func() error {
	count := 0                              // want "moved to heap: count"
	return func(line string) func() error { // want "func literal escapes to heap"
		count++
		fmt.Fprintf(w, "%s[%d] %s\n", s.name, count, line) // want "count escapes to heap" "line escapes to heap" "s\.name escapes to heap"
		return func() error { return w.Flush() }           // want "func literal escapes to heap"
	}
}

func buildRequests(n int) []*server.Request {
	reqs := make([]*server.Request, n) // want "make\(\[\]\*server\.Request, n\) escapes to heap"
	for i := range reqs {
		body := "id=" + strconv.Itoa(i) + ` note="hello world"`
		reqs[i] = &server.Request{Method: "POST", Path: "/echo", Body: []byte(body)} // want "&server\.Request\{\.\.\.\} escapes to heap" "\(\[\]byte\)\(body\) escapes to heap"
		if i%3 == 0 {
			reqs[i].Method, reqs[i].Path = "GET", "/health"
		}
	}
	return reqs
}

func lengths(reqs []*server.Request) []int {
	return seq.Map(reqs, func(r *server.Request) int { return len(r.Body) })
}

func main() {
	uptime = stats.NewGauge("uptime", 1) // want "&stats\.Gauge\{\.\.\.\} escapes to heap" "moved to heap: stats\.initial"

	workers := intOption("workers", 2)
	router := server.NewRouter(intOption("cache", 16))
	router.Handle("/echo", server.EchoHandler())

	var log []string // want "moved to heap: log"
	lim := server.Limits{MaxBody: 1 << 10, MaxQuery: 8}
	lim.Forbidden[0] = "/admin"
	router.Use(server.Logging(func(s string) { log = append(log, s) }), server.Guard(lim)) // want "func literal escapes to heap"

	pool := server.NewPool(workers)
	reqs := buildRequests(workers * 3)
	resps := router.ServeAll(pool, reqs)
	for _, err := range pool.Close() {
		fmt.Fprintln(os.Stderr, "error:", err) // want ".error:. escapes to heap"
	}

	sum := summary{name: config.Values["name"], byCode: map[int]int{}} // want "map\[int\]int\{\} escapes to heap" "moved to heap: sum"
	for _, r := range resps {
		sum.add(r)
	}
	total := seq.Reduce(lengths(reqs), 0, func(a, n int) int { return a + n })
	big := seq.Filter(lengths(reqs), func(n int) bool { return n > 24 })

	seen := cache.New[int, string](8, nil)
	for i, l := range sum.lines {
		seen.Put(i%4, l)
	}
	pair := seq.Pair[string, int]{Key: "total", Val: total}
	pair.Replace(total + len(big))

	out := bufio.NewWriter(os.Stdout) // want "&bufio\.Writer\{\.\.\.\} escapes to heap" "make\(\[\]byte, .*\) escapes to heap"
	print := sum.printer(out)
	defer func() {
		if err := print("done")(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	print(sum.codes())
	print(pair.First() + "=" + strconv.Itoa(pair.Val)) // want "\+ .=. \+ ~[rR]0 escapes to heap"
	print(seen.Stats().String())                       // want "cache\.s\.Hits\)? escapes to heap" "cache\.s\.Len\)? escapes to heap" "cache\.s\.Misses\)? escapes to heap"
	for _, l := range log {
		print(l)
	}
	done := make(chan struct{})
	go func() { // want "func literal escapes to heap"
		defer close(done)
		sum.history[0] = uptime.Value()
	}()
	<-done
}
