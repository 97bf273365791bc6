package main

// The helper is tested on small modules in testdata/ two ways: `// want`
// comments in their sources state facts (names, sites, parameter uses,
// loops, types), and TestCompilerAgrees holds the sites and names against
// the compiler's own -m=2 output for the same modules.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"goescape.dev/gofacts/internal/compilerlog"
)

// fact is one JSON object of the helper's output, read generically so that
// annotations can name any field.
type fact = map[string]interface{}

// pkgFacts is one package line.
type pkgFacts struct {
	raw   fact
	path  string
	files []string
	funcs []fact
	sites []fact
	loops []fact
	types []fact
}

// modules are the testdata modules and the Go release each needs.
var modules = []struct {
	dir     string
	release int
	tests   bool
}{
	{"testdata/basic", 22, false},
	{"testdata/rangefunc", 23, false},
	{"testdata/withtests", 22, true},
	{"testdata/broken", 19, false},
	{"testdata/conversions", 19, false},
}

// runHelper runs the helper in-process on ./... in dir.
func runHelper(t *testing.T, dir string, tests bool) []*pkgFacts {
	t.Helper()
	var out, errs bytes.Buffer
	opts := options{goCmd: "go", dir: dir, tests: tests, patterns: []string{"./..."}}
	if err := check(opts, &out, &errs); err != nil {
		t.Fatalf("gofacts in %s: %v\n%s", dir, err, errs.String())
	}
	var pkgs []*pkgFacts
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	sawDone := false
	for sc.Scan() {
		var raw fact
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		if raw["done"] == true {
			sawDone = true
			continue
		}
		p := &pkgFacts{raw: raw, path: raw["package"].(string)}
		for _, f := range raw["files"].([]interface{}) {
			p.files = append(p.files, f.(fact)["path"].(string))
		}
		p.funcs, p.sites, p.loops, p.types = list(raw["functions"]), list(raw["sites"]), list(raw["loops"]), list(raw["types"])
		pkgs = append(pkgs, p)
	}
	if !sawDone {
		t.Fatalf("no done line in the output of %s", dir)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no packages in %s", dir)
	}
	return pkgs
}

func list(v interface{}) []fact {
	var out []fact
	for _, x := range v.([]interface{}) {
		out = append(out, x.(fact))
	}
	return out
}

func needRelease(t *testing.T, release int) {
	t.Helper()
	if have := goRelease(runtime.Version()); have < release {
		t.Skipf("needs Go 1.%d, have %s", release, runtime.Version())
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
}

// annotation is one `// want` item: what to look for on its line.
type annotation struct {
	file   string
	line   int
	what   string // func, nofunc, site, nosite, loop, type, uses
	fields map[string]string
	text   string
}

var (
	wantRE  = regexp.MustCompile(`// (want.*)$`)
	guardRE = regexp.MustCompile(`^want(?:\((>=|<)(\d+)\))? `)
)

// annotations reads the `// want` comments of a module's files: items
// separated by " ; ", each `want ...` or, for some releases only,
// `want(>=23) ...` / `want(<22) ...`; an item without its own `want` takes
// the previous one's.
func annotations(t *testing.T, dir string) []*annotation {
	var list []*annotation
	release := goRelease(runtime.Version())
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		abs, _ := filepath.Abs(path)
		for i, line := range strings.Split(string(data), "\n") {
			m := wantRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			holds := true
			for _, item := range strings.Split(m[1], " ; ") {
				item = strings.TrimSpace(item)
				if g := guardRE.FindStringSubmatch(item); g != nil {
					item = item[len(g[0]):]
					holds = true
					if g[1] != "" {
						n, _ := strconv.Atoi(g[2])
						holds = (g[1] == ">=" && release >= n) || (g[1] == "<" && release < n)
					}
				}
				if !holds {
					continue
				}
				words := splitWords(item)
				a := &annotation{file: abs, line: i + 1, what: words[0], fields: map[string]string{}, text: item}
				for _, w := range words[1:] {
					k, v, _ := strings.Cut(w, "=")
					a.fields[k] = v
				}
				list = append(list, a)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// splitWords splits at blanks outside double quotes (a quoted value keeps
// its quotes, unquoted by strconv when compared).
func splitWords(s string) []string {
	var words []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && quoted && i+1 < len(s):
			cur.WriteByte(c)
			cur.WriteByte(s[i+1])
			i++
		case c == '"':
			quoted = !quoted
			cur.WriteByte(c)
		case c == ' ' && !quoted:
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

// render writes a JSON value the way annotations write it: lists of names
// comma-separated, objects by their "var" or "name".
func render(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []interface{}:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return strings.Join(parts, ",")
	case fact:
		for _, k := range []string{"var", "name", "text"} {
			if s, ok := x[k].(string); ok {
				return s
			}
		}
	}
	return fmt.Sprint(v)
}

// lookup returns the value of a dotted key ("appends.0.decl") in f.
func lookup(f fact, key string) (interface{}, bool) {
	var cur interface{} = f
	for _, part := range strings.Split(key, ".") {
		switch c := cur.(type) {
		case fact:
			v, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []interface{}:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// matches reports whether fact f has every field a states; names are
// compared without their package, function ids by the function's name.
func (a *annotation) matches(p *pkgFacts, f fact) (bool, string) {
	keys := make([]string, 0, len(a.fields))
	for k := range a.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want := a.fields[k]
		if unq, err := strconv.Unquote(want); err == nil && strings.HasPrefix(want, `"`) {
			want = unq
		}
		v, ok := lookup(f, k)
		got := render(v)
		switch {
		case k == "name":
			got = compilerlog.LocalName(got)
		case (k == "parent" || k == "function") && ok:
			if id := int(v.(float64)); id >= 0 && id < len(p.funcs) {
				got = compilerlog.LocalName(p.funcs[id]["name"].(string))
			}
		}
		if !ok && want != "" && want != "false" {
			return false, fmt.Sprintf("%s missing", k) // left out: false or empty
		}
		if !ok && want == "false" {
			got = "false"
		}
		if got != want {
			return false, fmt.Sprintf("%s=%q", k, got)
		}
	}
	return true, ""
}

// candidates are the facts an annotation is about: those starting on its
// line.
func (a *annotation) candidates(p *pkgFacts) []fact {
	var list []fact
	switch a.what {
	case "func", "nofunc", "uses":
		list = p.funcs
	case "site", "nosite":
		list = p.sites
	case "loop":
		list = p.loops
	case "type":
		return p.types
	}
	var out []fact
	for _, f := range list {
		file, ok := f["file"].(float64)
		if !ok || int(file) < 0 || int(file) >= len(p.files) {
			continue
		}
		if p.files[int(file)] == a.file && int(f["line"].(float64)) == a.line {
			out = append(out, f)
		}
	}
	return out
}

func TestAnnotations(t *testing.T) {
	for _, m := range modules {
		m := m
		t.Run(filepath.Base(m.dir), func(t *testing.T) {
			needRelease(t, m.release)
			pkgs := runHelper(t, m.dir, m.tests)
			if !strings.HasSuffix(m.dir, "broken") {
				for _, p := range pkgs {
					if errs, _ := p.raw["errors"].([]interface{}); len(errs) > 0 {
						t.Errorf("%s: type errors: %v", p.path, errs)
					}
				}
			}
			list := annotations(t, m.dir)
			if len(list) == 0 {
				t.Fatalf("no annotations in %s", m.dir)
			}
			for _, a := range list {
				checkAnnotation(t, a, pkgs)
			}
		})
	}
}

func checkAnnotation(t *testing.T, a *annotation, pkgs []*pkgFacts) {
	t.Helper()
	where := fmt.Sprintf("%s:%d: %s", filepath.Base(a.file), a.line, a.text)
	var near []string
	found := false
	for _, p := range pkgs {
		for _, f := range a.candidates(p) {
			if a.what == "uses" {
				ok, why := usesMatch(a, f)
				found = found || ok
				if !ok {
					near = append(near, why)
				}
				continue
			}
			ok, why := a.matches(p, f)
			if ok {
				found = true
			} else {
				near = append(near, fmt.Sprintf("%s (%s)", render(f["node"])+render(f["name"]), why))
			}
		}
	}
	negative := strings.HasPrefix(a.what, "no")
	switch {
	case negative && found:
		t.Errorf("%s: found", where)
	case !negative && !found:
		t.Errorf("%s: not found; candidates on the line: %v", where, near)
	}
}

// usesMatch checks a `uses p=write` annotation against a function.
func usesMatch(a *annotation, f fact) (bool, string) {
	uses := map[string]string{}
	for _, p := range list(f["params"]) {
		uses[p["name"].(string)] = p["use"].(string)
	}
	for name, want := range a.fields {
		if uses[name] != want {
			return false, fmt.Sprintf("%s: %s=%s", render(f["name"]), name, uses[name])
		}
	}
	return true, ""
}

// TestCompilerAgrees builds each testdata module with -gcflags=-m=2 and
// holds the helper against the compiler: every heap verdict in the module's
// files finds a site of the right kind at its position, every function the
// log names (can inline, cannot inline, and from Go 1.25 the headings)
// is one the helper lists, or a function the compiler makes that the
// source does not name.
func TestCompilerAgrees(t *testing.T) {
	dirs := []string{"testdata/basic", "testdata/rangefunc", "testdata/withtests", "testdata/conversions"}
	if _, err := os.Stat("../../samples/go.mod"); err == nil {
		dirs = append(dirs, "../../samples")
	}
	for _, dir := range dirs {
		dir := dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			release := 22
			switch filepath.Base(dir) {
			case "rangefunc":
				release = 23
			case "conversions":
				release = 19
			}
			needRelease(t, release)
			abs, _ := filepath.Abs(dir)
			text := compile(t, abs)
			pkgs := runHelper(t, abs, false)
			checkAgainstLog(t, pkgs, text, abs)
		})
	}
}

// compile returns the -m=2 log of building ./... in dir.
func compile(t *testing.T, dir string) []byte {
	t.Helper()
	cmd := exec.Command("go", "build", "-gcflags=./...=-m=2", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build in %s: %v\n%s", dir, err, out.String())
	}
	return out.Bytes()
}

func checkAgainstLog(t *testing.T, pkgs []*pkgFacts, text []byte, dir string) {
	files := map[string]*pkgFacts{}
	byPath := map[string]*pkgFacts{}
	sites := map[compilerlog.Pos][]fact{}
	for _, p := range pkgs {
		byPath[p.path] = p
		for _, f := range p.files {
			files[f] = p
		}
		for _, s := range p.sites {
			at := compilerlog.Pos{File: p.files[int(s["file"].(float64))], Line: int(s["line"].(float64)), Col: int(s["col"].(float64))}
			sites[at] = append(sites[at], s)
		}
	}
	resolve := func(file, block string) string {
		for _, c := range []string{filepath.Join(dir, file), file} {
			if files[c] != nil {
				return c
			}
		}
		if p := byPath[strings.Fields(block + " ")[0]]; p != nil && files[filepath.Join(raw(p, "dir"), file)] != nil {
			return filepath.Join(raw(p, "dir"), file)
		}
		return ""
	}
	log := compilerlog.Parse(text, resolve)
	if len(log.Verdicts) == 0 {
		t.Fatalf("no heap verdicts in the log of %s", dir)
	}
	match := func(v *compilerlog.Verdict) fact {
		list := sites[v.At]
		refs := make([]compilerlog.Site, len(list))
		for i, s := range list {
			refs[i] = compilerlog.Site{Node: render(s["node"]), Var: render(s["var"])}
		}
		if i, _ := compilerlog.Match(v, log.Inlined[v.At], refs); i >= 0 {
			return list[i]
		}
		return nil
	}
	for _, v := range log.Verdicts {
		if match(v) == nil {
			t.Errorf("%v: %q has no site of its kind (sites there: %d)", v.At, v.Text, len(sites[v.At]))
		}
	}
	funcName := func(p *pkgFacts, s fact) string {
		if s == nil {
			return ""
		}
		return p.funcs[int(s["function"].(float64))]["name"].(string)
	}
	for _, h := range log.Headings {
		p := files[h.At.File]
		want := compilerlog.FuncName(h.Func, compilerlog.SymbolPrefix(p.path, raw(p, "name")), p.path, raw(p, "name"), strings.Fields(h.Block + " ")[0])
		got := funcName(p, match(h))
		if got != want && compilerlog.Classify(h, want, got, innermost(p, h.At.File, h.At.Line) != "") == compilerlog.Other {
			t.Errorf("%v: %q: the log names %s, the helper %s", h.At, h.Text, want, got)
		}
	}
	// Every function the log says it can or cannot inline, at its position.
	for _, n := range log.Named {
		p := files[n.At.File]
		block := strings.Fields(n.Block + " ")[0]
		if strings.HasPrefix(n.Func, raw(p, "name")+".") && p.path != block {
			continue // an instantiation compiled in another package
		}
		want := compilerlog.FuncName(n.Func, compilerlog.SymbolPrefix(p.path, raw(p, "name")), p.path, raw(p, "name"), block)
		found := false
		for _, f := range p.funcs {
			found = found || f["name"] == want
		}
		if got := innermost(p, n.At.File, n.At.Line); !found && compilerlog.Classify(n, want, got, true) == compilerlog.Other {
			t.Errorf("%v: the log names %s; the helper has no such function (innermost there: %s)", n.At, want, got)
		}
	}
}

func raw(p *pkgFacts, key string) string { return p.raw[key].(string) }

// innermost names the last-starting function that spans line.
func innermost(p *pkgFacts, file string, line int) string {
	best := ""
	for _, f := range p.funcs {
		fi := int(f["file"].(float64))
		if fi < 0 || p.files[fi] != file {
			continue
		}
		if int(f["line"].(float64)) <= line && line <= int(f["end_line"].(float64)) {
			best = f["name"].(string)
		}
	}
	return best
}

func TestBrokenPackage(t *testing.T) {
	needRelease(t, 19)
	pkgs := runHelper(t, "testdata/broken", false)
	errs, _ := pkgs[0].raw["errors"].([]interface{})
	if len(errs) == 0 || !strings.Contains(render(errs[0]), "broken.go:5:") || !strings.Contains(render(errs[0]), "undefined") {
		t.Fatalf("errors = %v, want the undefined name at broken.go:5", errs)
	}
}

func TestNoPackages(t *testing.T) {
	needRelease(t, 19)
	var out, errs bytes.Buffer
	err := check(options{goCmd: "go", dir: "testdata/basic", patterns: []string{"./nothing/..."}}, &out, &errs)
	if err == nil {
		t.Fatal("no error for a pattern that matches nothing")
	}
	if out.Len() != 0 {
		t.Fatalf("output for no packages: %q", out.String())
	}
}

func TestMissingGo(t *testing.T) {
	code := run([]string{"-go", "/nonexistent/go", "./..."}, &bytes.Buffer{}, &bytes.Buffer{})
	if code == 0 {
		t.Fatal("exit status 0 without a go command")
	}
}

func TestGoRelease(t *testing.T) {
	for v, want := range map[string]int{"go1.26.8": 26, "go1.19": 19, "go1.23rc1": 23, "devel go1.27-abcdef Mon": 27, "weird": latestRelease} {
		if got := goRelease(v); got != want {
			t.Errorf("goRelease(%q) = %d, want %d", v, got, want)
		}
	}
	for v, want := range map[string]string{"1.22.3": "1.22", "1.21rc2": "1.21", "1.19": "1.19"} {
		if got := majorMinor(v); got != want {
			t.Errorf("majorMinor(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestSymbolPrefix(t *testing.T) {
	for _, c := range []struct{ path, name, want string }{
		{"example.com/m/cache", "cache", "example.com/m/cache"},
		{"gopkg.in/yaml.v3", "yaml", "gopkg.in/yaml%2ev3"},
		{"example.com/m/cmd/tool", "main", "main"},
	} {
		if got := symbolPrefix(types.NewPackage(c.path, c.name)); got != c.want {
			t.Errorf("symbolPrefix(%s) = %s, want %s", c.path, got, c.want)
		}
		if got := compilerlog.SymbolPrefix(c.path, c.name); got != c.want {
			t.Errorf("compilerlog.SymbolPrefix(%s) = %s, want %s", c.path, got, c.want)
		}
	}
}
