// Command factscheck measures how well gofacts' sites agree with the
// compiler: it builds a module with -gcflags=./...=-m=2, runs the helper on it
// and reports, for the heap verdicts in the module's own files, how many find
// a site at exactly their position and of the right node kind, and (for logs
// that name functions: Go 1.25+, or the log given with -names) how many
// headings name the same function as the helper. scripts/facts-check runs it.
//
// Usage:
//
//	factscheck -helper GOFACTS [-names LOG] [-v] MODULE_DIR
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The helper's output, as far as this check reads it.
type packageLine struct {
	Package   string `json:"package"`
	Name      string `json:"name"`
	Dir       string `json:"dir"`
	Go        string `json:"go"`
	Files     []struct{ Path string }
	Functions []struct {
		Name    string `json:"name"`
		Kind    string `json:"kind"`
		File    int    `json:"file"`
		Line    int    `json:"line"`
		EndLine int    `json:"end_line"`
	} `json:"functions"`
	Sites []*site `json:"sites"`
}

type site struct {
	Node     string `json:"node"`
	File     int    `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Function int    `json:"function"`
	Var      string `json:"var"`
	pkg      *packageLine
}

type pos struct {
	file      string // absolute
	line, col int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d:%d", p.file, p.line, p.col) }

// verdict is one heap verdict or heading of the log.
type verdict struct {
	at    pos
	text  string // "moved to heap: x" or the expression
	fn    string // the function a heading names
	block string // the package block it appeared in
}

func main() {
	helper := flag.String("helper", "", "the gofacts binary")
	namesLog := flag.String("names", "", "a Go 1.25+ -m=2 log of the same module whose headings name the functions (default: the build's own log)")
	verbose := flag.Bool("v", false, "list every mismatch")
	keep := flag.String("log", "", "also write the build's log to this file")
	flag.Parse()
	if flag.NArg() != 1 || *helper == "" {
		fmt.Fprintln(os.Stderr, "usage: factscheck -helper GOFACTS [-names LOG] [-v] MODULE_DIR")
		os.Exit(2)
	}
	dir, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	if err := run(dir, *helper, *namesLog, *keep, *verbose); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "factscheck:", err)
	os.Exit(1)
}

func run(dir, helper, namesLog, keep string, verbose bool) error {
	logText, err := build(dir)
	if err != nil {
		return err
	}
	if keep != "" {
		if err := os.WriteFile(keep, logText, 0o644); err != nil {
			return err
		}
	}
	pkgs, err := facts(dir, helper)
	if err != nil {
		return err
	}
	idx := newIndex(pkgs)
	verdicts, headings, inlined := parseLog(logText, dir, idx)
	goVersion := ""
	if len(pkgs) > 0 {
		goVersion = pkgs[0].Go
	}
	fmt.Printf("module %s (helper %s)\n", dir, goVersion)
	checkPositions(verdicts, inlined, idx, verbose)
	if namesLog != "" {
		text, err := os.ReadFile(namesLog)
		if err != nil {
			return err
		}
		_, headings, inlined = parseLog(text, dir, idx)
		fmt.Printf("headings from %s\n", namesLog)
	}
	if len(headings) > 0 {
		checkNames(headings, inlined, idx, verbose)
	} else {
		fmt.Println("function names: the log names no functions (Go <= 1.24); give -names LOG of a Go 1.25+ build")
	}
	return nil
}

// build runs go build -gcflags=./...=-m=2 ./... in dir and returns its log.
func build(dir string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-gcflags=./...=-m=2", "./...")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build in %s: %v\n%s", dir, err, tail(out.String()))
	}
	return out.Bytes(), nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// facts runs the helper on ./... in dir.
func facts(dir, helper string) ([]*packageLine, error) {
	cmd := exec.Command(helper, "./...")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", helper, err)
	}
	var pkgs []*packageLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		if bytes.HasPrefix(sc.Bytes(), []byte(`{"done"`)) {
			continue
		}
		p := new(packageLine)
		if err := json.Unmarshal(sc.Bytes(), p); err != nil {
			return nil, err
		}
		for _, s := range p.Sites {
			s.pkg = p
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, sc.Err()
}

// index finds the helper's sites by position and files by path.
type index struct {
	sites  map[pos][]*site
	files  map[string]*packageLine // absolute path -> package
	byPath map[string]*packageLine // package path -> package
}

func newIndex(pkgs []*packageLine) *index {
	idx := &index{sites: map[pos][]*site{}, files: map[string]*packageLine{}, byPath: map[string]*packageLine{}}
	for _, p := range pkgs {
		idx.byPath[p.Package] = p
		for _, f := range p.Files {
			idx.files[f.Path] = p
		}
		for _, s := range p.Sites {
			if s.File < 0 || s.File >= len(p.Files) {
				continue
			}
			at := pos{p.Files[s.File].Path, s.Line, s.Col}
			idx.sites[at] = append(idx.sites[at], s)
		}
	}
	return idx
}

var (
	lineRE    = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)
	headerRE  = regexp.MustCompile(`^# (\S+)`)
	escapesIn = regexp.MustCompile(`^(.+) escapes to heap in (.+):$`)
	leaksFor  = regexp.MustCompile(`^parameter (\S+) leaks to (?:\{heap\}|\{temp\}|\{storage for .+\}|[^{\s]\S*) for (.+) with derefs=\d+:$`)
)

// parseLog returns the heap verdicts and the headings in the module's files
// (duplicates merged), and the positions of inlined calls.
func parseLog(text []byte, dir string, idx *index) (verdicts, headings []*verdict, inlined map[pos]bool) {
	inlined = map[pos]bool{}
	seen := map[string]bool{}
	block := ""
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		if m := headerRE.FindStringSubmatch(line); m != nil {
			block = m[1]
			continue
		}
		m := lineRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file := resolve(m[1], dir, block, idx)
		if file == "" {
			continue
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		at := pos{file, l, c}
		msg := m[4]
		var v *verdict
		var list *[]*verdict
		switch {
		case strings.HasPrefix(msg, "inlining call to "):
			inlined[at] = true
			continue
		case strings.HasPrefix(msg, "moved to heap: "):
			v, list = &verdict{at: at, text: msg}, &verdicts
		case strings.HasSuffix(msg, " escapes to heap"):
			v, list = &verdict{at: at, text: strings.TrimSuffix(msg, " escapes to heap")}, &verdicts
		default:
			if h := escapesIn.FindStringSubmatch(msg); h != nil {
				v, list = &verdict{at: at, text: h[1], fn: h[2]}, &headings
			} else if h := leaksFor.FindStringSubmatch(msg); h != nil {
				v, list = &verdict{at: at, text: "moved to heap: " + h[1], fn: h[2]}, &headings
			} else {
				continue
			}
		}
		v.block = block
		key := fmt.Sprintf("%v|%s|%s", at, v.text, v.fn)
		if seen[key] {
			continue
		}
		seen[key] = true
		*list = append(*list, v)
	}
	return verdicts, headings, inlined
}

// resolve turns a log path into the absolute path of a module file the
// helper checked, or "". The go command writes paths relative to where the
// build ran (or, replayed from the cache, where it first ran).
func resolve(file, dir, block string, idx *index) string {
	if !filepath.IsAbs(file) {
		candidates := []string{filepath.Join(dir, file)}
		if p := idx.byPath[strings.Fields(block + " ")[0]]; p != nil {
			candidates = append(candidates, filepath.Join(p.Dir, file))
		}
		for _, c := range candidates {
			if idx.files[c] != nil {
				return c
			}
		}
		return ""
	}
	if idx.files[file] != nil {
		return file
	}
	return ""
}

// kinds returns the site node kinds that can explain a verdict's text.
func kinds(text string) (kinds []string, varName string) {
	if name := strings.TrimPrefix(text, "moved to heap: "); name != text {
		if strings.HasPrefix(name, "#") {
			// A compiler temporary: #state1 of a range-over-func loop.
			return []string{"func_lit", "call"}, ""
		}
		if i := strings.LastIndex(name, "."); i >= 0 {
			// pkg.v: a variable of an inlined function, at the call or, in a
			// closure copied by inlining, at its declaration.
			return []string{"var", "call"}, name[i+1:]
		}
		return []string{"var"}, name
	}
	switch {
	case text == "func literal":
		return []string{"func_lit", "go", "defer"}, ""
	case text == "... argument":
		return []string{"variadic"}, ""
	case text == "append" || strings.HasPrefix(text, "append("):
		return []string{"append"}, ""
	case strings.HasPrefix(text, "make("):
		return []string{"make"}, ""
	case strings.HasPrefix(text, "new("):
		return []string{"new"}, ""
	case strings.HasPrefix(text, "&"):
		return []string{"addr"}, ""
	case strings.HasPrefix(text, "#"):
		return []string{"func_lit", "call"}, "" // a compiler temporary
	case topLevelPlus(text):
		return []string{"concat", "conv_iface"}, ""
	case strings.HasSuffix(text, "{...}"), strings.HasSuffix(text, "{}"):
		return []string{"composite", "conv_iface"}, ""
	case strings.HasSuffix(text, ")"):
		// T(x): a conversion that copies, or the boxing of a conversion or
		// call result.
		return []string{"conv", "conv_iface"}, ""
	}
	if m := identRE.FindStringSubmatch(text); m != nil {
		// A heading names variables too; pkg.v is one of an inlined function.
		return []string{"conv_iface", "method_value", "var", "call"}, m[2]
	}
	return []string{"conv_iface", "method_value"}, ""
}

var identRE = regexp.MustCompile(`^([\pL_][\pL\pN_]*\.)?([\pL_][\pL\pN_]*)$`)

// topLevelPlus reports whether text is a sum: a " + " outside brackets.
func topLevelPlus(text string) bool {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '+':
			if depth == 0 && i > 0 && text[i-1] == ' ' {
				return true
			}
		}
	}
	return false
}

// match returns the site that explains v, and whether one is at its
// position at all.
func match(v *verdict, inlined map[pos]bool, idx *index) (best *site, atPos bool, how string) {
	sites := idx.sites[v.at]
	want, name := kinds(v.text)
	for _, s := range sites {
		for _, k := range want {
			if s.Node == k && (name == "" || s.Var == name || k != "var") {
				return s, true, "kind"
			}
		}
	}
	if inlined[v.at] {
		for _, s := range sites {
			if s.Node == "call" {
				return s, true, "inlined"
			}
		}
	}
	return nil, len(sites) > 0, ""
}

func checkPositions(verdicts []*verdict, inlined map[pos]bool, idx *index, verbose bool) {
	atPos, right, viaInline := 0, 0, 0
	var misses []string
	for _, v := range verdicts {
		s, any, how := match(v, inlined, idx)
		if any {
			atPos++
		}
		if s != nil {
			right++
			if how == "inlined" {
				viaInline++
			}
			continue
		}
		var have []string
		for _, s := range idx.sites[v.at] {
			have = append(have, s.Node)
		}
		inl := ""
		if inlined[v.at] {
			inl = " (inlined call)"
		}
		misses = append(misses, fmt.Sprintf("  %s: %q%s; sites here: %v", rel(v.at), v.text, inl, have))
	}
	n := len(verdicts)
	fmt.Printf("heap verdicts in module files: %d\n", n)
	fmt.Printf("  a site at exactly their position: %d (%s)\n", atPos, percent(atPos, n))
	fmt.Printf("  a site of the right node kind there: %d (%s), %d of them an inlined call\n", right, percent(right, n), viaInline)
	report(misses, verbose)
}

func checkNames(headings []*verdict, inlined map[pos]bool, idx *index, verbose bool) {
	same := 0
	classes := map[string]int{}
	var misses []string
	for _, h := range headings {
		want := qualify(h, idx)
		s, _, _ := match(h, inlined, idx)
		got := ""
		if s != nil && s.Function >= 0 && s.Function < len(s.pkg.Functions) {
			got = s.pkg.Functions[s.Function].Name
		}
		if got == want {
			same++
			continue
		}
		class := classify(h, want, got, s, idx)
		classes[class]++
		if class == "other" || verbose {
			misses = append(misses, fmt.Sprintf("  %s: %q: log %s, helper %s [%s]", rel(h.at), h.text, want, got, class))
		}
	}
	n := len(headings)
	fmt.Printf("headings naming a function in module files: %d\n", n)
	fmt.Printf("  the helper's site names the same function: %d (%s)\n", same, percent(same, n))
	var names []string
	for c := range classes {
		names = append(names, c)
	}
	sort.Strings(names)
	explained := 0
	for _, c := range names {
		fmt.Printf("  %-58s %d\n", classDescriptions[c]+":", classes[c])
		if c != "other" {
			explained += classes[c]
		}
	}
	fmt.Printf("  same or a compiler-made function the source does not name: %d (%s)\n", same+explained, percent(same+explained, n))
	report(misses, verbose)
}

var classDescriptions = map[string]string{
	"wrapper":   "compiler-made method wrapper ((*T).M, promoted, M-fm)",
	"inlined":   "closure copied by inlining (names with the caller's)",
	"release":   "named differently by the helper's release (older)",
	"interface": "parameter of an interface method (its wrapper)",
	"other":     "other (unexplained)",
}

// classify says why a heading names another function than the helper: a
// wrapper the compiler makes for a method (pointer receiver for a value
// method, a promoted method, a method value), a closure inlined into another
// function (renamed after it), an interface method's wrapper; or other.
func classify(h *verdict, want, got string, s *site, idx *index) string {
	local, gotLocal := localName(want), localName(got)
	if strings.HasSuffix(local, "-fm") {
		return "wrapper"
	}
	if strings.HasPrefix(h.text, "moved to heap: ~p") {
		return "interface" // an unnamed parameter: a wrapper's
	}
	if s == nil {
		if !strings.HasPrefix(h.text, "moved to heap: ") {
			return "other"
		}
		p := idx.files[h.at.file]
		for _, fn := range p.Functions {
			if fn.File >= 0 && p.Files[fn.File].Path == h.at.file && fn.Line <= h.at.line && h.at.line <= fn.EndLine {
				return "other"
			}
		}
		return "interface"
	}
	if method(local) != "" && method(local) == method(gotLocal) && strings.Count(local, ".") == strings.Count(gotLocal, ".") {
		return "wrapper"
	}
	for _, newer := range []string{".gowrap", ".deferwrap", "-range"} {
		if strings.Contains(local, newer) && strings.HasPrefix(local, gotLocal) && !strings.Contains(gotLocal, newer) {
			return "release" // Go 1.22+ wrappers, 1.23+ range bodies
		}
	}
	if strings.HasPrefix(local, "init.func") && strings.HasPrefix(gotLocal, "glob..func") {
		return "release" // package-level closures before Go 1.22
	}
	if decl := declared(gotLocal); decl != "" && decl != gotLocal && strings.Contains("."+local, "."+decl+".") && local != gotLocal {
		return "inlined"
	}
	return "other"
}

// localName strips the package from a function's full name.
func localName(full string) string {
	rest := full
	if i := strings.LastIndex(full, "/"); i >= 0 {
		rest = full[i:]
	}
	return rest[strings.Index(rest, ".")+1:]
}

// method returns M of "(*T).M" or "T.M", "" for other names.
func method(local string) string {
	i := strings.LastIndex(local, ".")
	if i < 0 || strings.Contains(local[i:], "func") {
		return ""
	}
	return local[i+1:]
}

// declared returns the declared function a closure's name starts with:
// "F" of "F.func1.2", "(*T).M" of "(*T).M.func3".
func declared(local string) string {
	if i := strings.Index(local, ".func"); i >= 0 {
		return local[:i]
	}
	if i := strings.Index(local, "-range"); i >= 0 {
		return local[:i]
	}
	return ""
}

// qualify writes a heading's function as pprof would: with its package
// path, and type arguments as [...].
func qualify(h *verdict, idx *index) string {
	fn := bracketsRE.ReplaceAllString(elideShapes(h.fn), "[...]")
	p := idx.files[h.at.file]
	// A promoted unexported method's wrapper: (*Outer).example.com/p.m
	fn = strings.ReplaceAll(fn, ")."+p.Package+".", ").")
	block := strings.Fields(h.block + " ")[0]
	if p.Package != block && strings.HasPrefix(fn, p.Name+".") {
		fn = strings.TrimPrefix(fn, p.Name+".") // an instantiation compiled in another package
	}
	return symbolPrefix(p) + "." + fn
}

var bracketsRE = regexp.MustCompile(`\[[^\[\]]*\]`)

// elideShapes collapses nested brackets so that one pass of bracketsRE
// leaves "[...]" for each outermost type argument list.
func elideShapes(s string) string {
	var sb strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '[':
			depth++
			if depth == 1 {
				sb.WriteRune(r)
			}
			continue
		case ']':
			depth--
			if depth == 0 {
				sb.WriteRune(r)
			}
			continue
		}
		if depth == 0 {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// symbolPrefix writes a package path as symbol names do (objabi.PathToPrefix).
func symbolPrefix(p *packageLine) string {
	if p.Name == "main" {
		return "main"
	}
	path := p.Package
	slash := strings.LastIndexByte(path, '/')
	var sb strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c <= ' ' || (c == '.' && i > slash) || c == '%' || c == '"' || c >= 0x7f {
			fmt.Fprintf(&sb, "%%%02x", c)
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func report(misses []string, verbose bool) {
	if len(misses) == 0 {
		return
	}
	sort.Strings(misses)
	limit := 25
	if verbose {
		limit = len(misses)
	}
	fmt.Printf("  mismatches (%d):\n", len(misses))
	for i, m := range misses {
		if i == limit {
			fmt.Printf("  ... %d more (-v lists them all)\n", len(misses)-limit)
			break
		}
		fmt.Println(m)
	}
}

var cwd, _ = os.Getwd()

func rel(p pos) string {
	if r, err := filepath.Rel(cwd, p.file); err == nil && !strings.HasPrefix(r, "..") {
		p.file = r
	}
	return p.String()
}

func percent(a, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(n))
}
