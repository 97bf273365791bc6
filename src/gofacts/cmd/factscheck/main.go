// Command factscheck measures how well gofacts' sites agree with the
// compiler: it builds a module with -gcflags=./...=-m=2, runs the helper on it
// and reports, for the heap verdicts in the module's own files, how many find
// a site at exactly their position and of the right node kind, and (for logs
// that name functions: Go 1.25+, or the log given with -names) how many
// headings name the same function as the helper, with the reasons for the
// others. scripts/facts-check builds and runs it.
//
// Usage:
//
//	factscheck -helper GOFACTS [-names LOG] [-log FILE] [-v] MODULE_DIR
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
	"sort"
	"strings"

	"goescape.dev/gofacts/internal/compilerlog"
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

func main() {
	helper := flag.String("helper", "", "the gofacts `binary`")
	namesLog := flag.String("names", "", "take the headings from this Go 1.25+ -m=2 `log` of the same module")
	keep := flag.String("log", "", "also write the build's log to this `file`")
	verbose := flag.Bool("v", false, "list every mismatch")
	flag.Parse()
	if flag.NArg() != 1 || *helper == "" {
		fmt.Fprintln(os.Stderr, "usage: factscheck -helper GOFACTS [-names LOG] [-log FILE] [-v] MODULE_DIR")
		os.Exit(2)
	}
	dir, err := filepath.Abs(flag.Arg(0))
	if err == nil {
		err = run(dir, *helper, *namesLog, *keep, *verbose)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "factscheck:", err)
		os.Exit(1)
	}
}

func run(dir, helper, namesLog, keep string, verbose bool) error {
	text, err := build(dir)
	if err != nil {
		return err
	}
	if keep != "" {
		if err := os.WriteFile(keep, text, 0o644); err != nil {
			return err
		}
	}
	pkgs, err := facts(dir, helper)
	if err != nil {
		return err
	}
	idx := newIndex(pkgs)
	log := compilerlog.Parse(text, idx.resolver(dir))
	release := ""
	if len(pkgs) > 0 {
		release = pkgs[0].Go
	}
	fmt.Printf("module %s (helper and build: %s)\n", dir, release)
	checkPositions(log, idx, verbose)
	if namesLog != "" {
		text, err := os.ReadFile(namesLog)
		if err != nil {
			return err
		}
		log = compilerlog.Parse(text, idx.resolver(dir))
		fmt.Printf("headings from %s\n", namesLog)
	}
	if len(log.Headings) == 0 {
		fmt.Println("function names: the log names no functions (Go <= 1.24); give -names LOG of a Go 1.25+ build")
		return nil
	}
	var escapes, leaks []*compilerlog.Verdict
	for _, h := range log.Headings {
		if h.Leaks {
			leaks = append(leaks, h)
		} else {
			escapes = append(escapes, h)
		}
	}
	checkNames("`... escapes to heap in F:` headings", escapes, log.Inlined, idx, verbose)
	checkNames("`parameter p leaks to ... for F` headings", leaks, log.Inlined, idx, verbose)
	return nil
}

// build runs go build -gcflags=./...=-m=2 ./... in dir and returns its log.
func build(dir string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-gcflags=./...=-m=2", "./...")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		s := out.String()
		if len(s) > 2000 {
			s = s[len(s)-2000:]
		}
		return nil, fmt.Errorf("go build in %s: %v\n%s", dir, err, s)
	}
	return out.Bytes(), nil
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

// index finds the helper's sites by position and its packages by file and
// path.
type index struct {
	sites  map[compilerlog.Pos][]*site
	files  map[string]*packageLine // absolute path -> package
	byPath map[string]*packageLine // package path -> package
}

func newIndex(pkgs []*packageLine) *index {
	idx := &index{sites: map[compilerlog.Pos][]*site{}, files: map[string]*packageLine{}, byPath: map[string]*packageLine{}}
	for _, p := range pkgs {
		idx.byPath[p.Package] = p
		for _, f := range p.Files {
			idx.files[f.Path] = p
		}
		for _, s := range p.Sites {
			if s.File >= 0 && s.File < len(p.Files) {
				at := compilerlog.Pos{File: p.Files[s.File].Path, Line: s.Line, Col: s.Col}
				idx.sites[at] = append(idx.sites[at], s)
			}
		}
	}
	return idx
}

// resolver maps a log's file to a module file the helper checked: the go
// command writes paths relative to where the build ran (or, replayed from
// the cache, where it first ran: then relative to the package's directory).
func (idx *index) resolver(dir string) func(file, block string) string {
	return func(file, block string) string {
		candidates := []string{file}
		if !filepath.IsAbs(file) {
			candidates = []string{filepath.Join(dir, file)}
			if p := idx.byPath[strings.Fields(block + " ")[0]]; p != nil {
				candidates = append(candidates, filepath.Join(p.Dir, file))
			}
		}
		for _, c := range candidates {
			if idx.files[c] != nil {
				return c
			}
		}
		return ""
	}
}

// match returns the helper's site that explains v, and whether any site is
// at its position.
func (idx *index) match(v *compilerlog.Verdict, inlined map[compilerlog.Pos]bool) (*site, bool, bool) {
	sites := idx.sites[v.At]
	list := make([]compilerlog.Site, len(sites))
	for i, s := range sites {
		list[i] = compilerlog.Site{Node: s.Node, Var: s.Var}
	}
	i, viaCall := compilerlog.Match(v, inlined[v.At], list)
	if i < 0 {
		return nil, len(sites) > 0, false
	}
	return sites[i], true, viaCall
}

func checkPositions(log *compilerlog.Log, idx *index, verbose bool) {
	atPos, right, viaCall := 0, 0, 0
	var misses []string
	for _, v := range log.Verdicts {
		s, any, call := idx.match(v, log.Inlined)
		if any {
			atPos++
		}
		if s != nil {
			right++
			if call {
				viaCall++
			}
			continue
		}
		var have []string
		for _, s := range idx.sites[v.At] {
			have = append(have, s.Node)
		}
		note := ""
		if log.Inlined[v.At] {
			note = " (an inlined call)"
		}
		misses = append(misses, fmt.Sprintf("  %s: %q%s; sites here: %v", rel(v.At), v.Text, note, have))
	}
	n := len(log.Verdicts)
	fmt.Printf("heap verdicts in module files: %d\n", n)
	fmt.Printf("  a site at exactly their position: %d (%s)\n", atPos, percent(atPos, n))
	fmt.Printf("  a site of the right node kind there: %d (%s), %d of them the call of an inlined function\n", right, percent(right, n), viaCall)
	report(misses, verbose)
}

var classDescriptions = map[string]string{
	compilerlog.Wrapper:   "compiler-made method wrapper ((*T).M, promoted, M-fm)",
	compilerlog.Inlined:   "closure copied by inlining (named after the caller)",
	compilerlog.Interface: "parameter of an interface method's wrapper",
	compilerlog.Release:   "named differently by the helper's (older) release",
	compilerlog.Other:     "other (unexplained)",
}

func checkNames(title string, headings []*compilerlog.Verdict, inlined map[compilerlog.Pos]bool, idx *index, verbose bool) {
	same := 0
	classes := map[string]int{}
	var misses []string
	for _, h := range headings {
		p := idx.files[h.At.File]
		want := compilerlog.FuncName(h.Func, compilerlog.SymbolPrefix(p.Package, p.Name), p.Package, p.Name, strings.Fields(h.Block + " ")[0])
		s, _, _ := idx.match(h, inlined)
		got := ""
		if s != nil && s.Function >= 0 && s.Function < len(s.pkg.Functions) {
			got = s.pkg.Functions[s.Function].Name
		}
		if got == want {
			same++
			continue
		}
		class := compilerlog.Classify(h, want, got, inFunction(p, h.At))
		classes[class]++
		if class == compilerlog.Other || verbose {
			misses = append(misses, fmt.Sprintf("  %s: %q: log %s, helper %s [%s]", rel(h.At), h.Text, want, got, class))
		}
	}
	n := len(headings)
	fmt.Printf("%s in module files: %d\n", title, n)
	fmt.Printf("  the helper's site names the same function: %d (%s)\n", same, percent(same, n))
	var names []string
	for c := range classes {
		names = append(names, c)
	}
	sort.Strings(names)
	explained := 0
	for _, c := range names {
		fmt.Printf("  %-60s %d\n", classDescriptions[c]+":", classes[c])
		if c != compilerlog.Other {
			explained += classes[c]
		}
	}
	if explained > 0 {
		fmt.Printf("  the same, or a function the source does not name: %d (%s)\n", same+explained, percent(same+explained, n))
	}
	report(misses, verbose)
}

// inFunction reports whether at lies in one of p's functions.
func inFunction(p *packageLine, at compilerlog.Pos) bool {
	for _, fn := range p.Functions {
		if fn.File >= 0 && p.Files[fn.File].Path == at.File && fn.Line <= at.Line && at.Line <= fn.EndLine {
			return true
		}
	}
	return false
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

func rel(p compilerlog.Pos) string {
	if r, err := filepath.Rel(cwd, p.File); err == nil && !strings.HasPrefix(r, "..") {
		p.File = r
	}
	return p.String()
}

func percent(a, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(n))
}
