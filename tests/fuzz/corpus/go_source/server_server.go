// Package server is a tiny request router with middleware, a response cache
// and a worker pool, in the style of net/http but without sockets.
package server

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"example.com/goescape/samples/internal/cache"
	"example.com/goescape/samples/internal/kv"
	"example.com/goescape/samples/internal/stats"
)

// Request is an incoming call.
type Request struct {
	Method string
	Path   string
	Query  map[string]string
	Body   []byte
}

// Response is what a handler produces.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Handler serves one request.
type Handler interface {
	Serve(req *Request) Response
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(req *Request) Response

// Serve calls f; a value receiver on a func type.
func (f HandlerFunc) Serve(req *Request) Response { return f(req) }

// Middleware wraps a handler.
type Middleware func(Handler) Handler

// Router dispatches on the request path.
type Router struct {
	mu     sync.RWMutex
	routes map[string]Handler
	mw     []Middleware
	cache  *cache.LRU[string, Response]
	served stats.Counter
	inf    *stats.Gauge
}

// defaultHeaders is built by a closure in a package-level initializer.
var defaultHeaders = func() map[string]string {
	h := map[string]string{"Server": "samples"} // want "map\[string\]string\{\.\.\.\} escapes to heap"
	add := func(k, v string) { h[k] = v }
	add("Content-Type", "text/plain")
	return h
}() // want "map\[string\]string\{\.\.\.\} escapes to heap"

var registry = map[string]HandlerFunc{} // want "map\[string\]HandlerFunc\{\} escapes to heap"

func init() {
	registry["/health"] = func(*Request) Response { // want "func literal escapes to heap"
		return Response{Status: 200, Body: []byte("ok")} // want "\(\[\]byte\)\(.ok.\) escapes to heap"
	}
}

// NewRouter returns a router with a response cache of the given size.
func NewRouter(cacheSize int) *Router {
	r := &Router{ // want "&Router\{\.\.\.\} escapes to heap"
		routes: make(map[string]Handler), // want "make\(map\[string\]Handler\) escapes to heap"
		cache:  cache.New[string, Response](cacheSize, nil),
		inf:    stats.NewGauge("in_flight", 0), // want "&stats\.Gauge\{\.\.\.\} escapes to heap" "moved to heap: stats\.initial"
	}
	for path, h := range registry {
		r.routes[path] = h
	}
	return r
}

// Handle registers h for path.
func (r *Router) Handle(path string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes[path] = h
}

// Use appends middleware; the last one added runs first.
func (r *Router) Use(mw ...Middleware) {
	r.mw = append(r.mw, mw...)
}

// Serve dispatches req, consulting the cache for GET requests.
func (r *Router) Serve(req *Request) Response {
	r.served.Inc()
	key := req.Method + " " + req.Path // want "req\.Method \+ . . \+ req\.Path escapes to heap"
	if req.Method == "GET" {
		if resp, ok := r.cache.Get(key); ok {
			return resp
		}
	}
	r.mu.RLock()
	h, ok := r.routes[req.Path]
	r.mu.RUnlock()
	if !ok {
		return errorResponse(404, "no route for %s", req.Path) // want "\(\[\]byte\)\(fmt\.Sprintf\(format, args\.\.\.\)\) escapes to heap" "req\.Path escapes to heap"
	}
	for i := len(r.mw) - 1; i >= 0; i-- {
		h = r.mw[i](h)
	}
	resp := h.Serve(req)
	if req.Method == "GET" && resp.Status == 200 {
		r.cache.Put(key, resp)
	}
	return resp
}

func errorResponse(status int, format string, args ...any) Response {
	return Response{Status: status, Header: defaultHeaders, Body: []byte(fmt.Sprintf(format, args...))} // want "\(\[\]byte\)\(fmt\.Sprintf\(format, args\.\.\.\)\) escapes to heap"
}

// Logging returns middleware that appends one line per request to sink.
func Logging(sink func(string)) Middleware {
	return func(next Handler) Handler { // want "func literal escapes to heap"
		return HandlerFunc(func(req *Request) Response { // want "func literal escapes to heap"
			start := time.Now()
			resp := next.Serve(req)
			sink(fmt.Sprintf("%s %s -> %d (%v)", req.Method, req.Path, resp.Status, time.Since(start))) // want "req\.Method escapes to heap" "req\.Path escapes to heap" "resp\.Status escapes to heap" "time\.Since\((server\.)?start\) escapes to heap"
			return resp
		})
	}
}

// Limits configures request checking. It is large on purpose: more than 128
// bytes, so closures capture it by reference.
type Limits struct {
	MaxBody    int
	MaxQuery   int
	Forbidden  [16]string
	RatePerSec float64
}

// Guard returns middleware that rejects requests outside lim.
func Guard(lim Limits) Middleware { // want "moved to heap: lim"
	return func(next Handler) Handler { // want "func literal escapes to heap"
		return HandlerFunc(func(req *Request) Response { // want "func literal escapes to heap"
			if len(req.Body) > lim.MaxBody || len(req.Query) > lim.MaxQuery {
				return errorResponse(413, "request too large: %d bytes", len(req.Body)) // want "\(\[\]byte\)\(fmt\.Sprintf\(format, args\.\.\.\)\) escapes to heap" "len\((server\.)?req\.Body\) escapes to heap"
			}
			for _, f := range lim.Forbidden {
				if f != "" && strings.HasPrefix(req.Path, f) {
					return errorResponse(403, "forbidden: %s", req.Path) // want "\(\[\]byte\)\(fmt\.Sprintf\(format, args\.\.\.\)\) escapes to heap" "req\.Path escapes to heap"
				}
			}
			return next.Serve(req)
		})
	}
}

// EchoHandler answers with the parsed record in the request body.
func EchoHandler() Handler {
	return HandlerFunc(func(req *Request) Response { // want "func literal escapes to heap"
		rec, err := kv.Parse(string(req.Body)) // want "string\((server\.)?req\.Body\) escapes to heap"
		if err != nil {
			return errorResponse(400, "%v", err) // want "\(\[\]byte\)\(fmt\.Sprintf\(format, args\.\.\.\)\) escapes to heap"
		}
		return Response{Status: 200, Header: defaultHeaders, Body: []byte(rec.Format())} // want "\(\[\]byte\)\(\(\*kv\.Record\)\.Format\((server\.)?rec\)\) escapes to heap"
	})
}

// Report renders a plain-text table of query parameters, one Sprintf per
// line on the loop path.
func Report(req *Request) string {
	keys := make([]string, 0, len(req.Query))
	for k := range req.Query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("%-12s %s", k, req.Query[k]) // want "k escapes to heap" "req\.Query\[k\] escapes to heap"
	}
	return strings.Join(lines, "\n")
}

// Describe converts a small and a large value to interfaces.
func Describe(status int, resp Response) []any {
	return []any{status, resp, resp.Status} // want "\[\]any\{\.\.\.\} escapes to heap" "status escapes to heap" "resp escapes to heap" "resp\.Status escapes to heap"
}

// Pool runs jobs on a fixed number of goroutines.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
	errs []error
	mu   sync.Mutex
}

// NewPool starts n workers.
func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func(), n)} // want "&Pool\{\.\.\.\} escapes to heap"
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func(id int) { // want "func literal escapes to heap"
			defer p.wg.Done()
			for job := range p.jobs {
				p.run(id, job)
			}
		}(i)
	}
	return p
}

func (p *Pool) run(id int, job func()) {
	defer func() {
		if v := recover(); v != nil {
			p.mu.Lock()
			p.errs = append(p.errs, fmt.Errorf("worker %d: %v", id, v)) // want "id escapes to heap"
			p.mu.Unlock()
		}
	}()
	job()
}

// Submit queues job.
func (p *Pool) Submit(job func()) { p.jobs <- job }

// Close waits for all jobs and returns the recovered panics.
func (p *Pool) Close() []error {
	close(p.jobs)
	p.wg.Wait()
	return p.errs
}

// ServeAll serves every request on the pool and collects the responses in order.
func (r *Router) ServeAll(p *Pool, reqs []*Request) []Response {
	out := make([]Response, len(reqs)) // want "make\(\[\]Response, len\(reqs\)\) escapes to heap"
	var wg sync.WaitGroup              // want "moved to heap: wg"
	for i, req := range reqs {
		i, req := i, req
		wg.Add(1)
		p.Submit(func() { // want "func literal escapes to heap"
			defer wg.Done()
			out[i] = r.Serve(req)
		})
	}
	wg.Wait()
	return out
}
