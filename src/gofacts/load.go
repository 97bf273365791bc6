package main

// Loading: the matched packages are parsed and type-checked from source in
// dependency order, concurrently where they are independent; their other
// dependencies come from export data. Each package's facts are written as soon
// as it is checked.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"
)

// unit is one package to check from source.
type unit struct {
	list   *listedPackage
	emit   bool    // write its facts (else it is checked for its dependents)
	cached []byte  // its line from the facts cache, when there is one
	path   string  // package path (test variants without their " [p.test]")
	deps   []*unit // units it imports
	done   chan struct{}
	files  []*sourceFile

	// Set by the checker before done is closed; read-only afterwards.
	pkg       *types.Package
	info      *types.Info
	summaries map[*types.Func][]paramUse // parameter uses, for dependents
	errors    []string
}

// sourceFile is one parsed file of a unit.
type sourceFile struct {
	path      string // absolute
	src       []byte
	ast       *ast.File
	tokenFile *token.File
	test      bool
	generated bool
}

// loader holds what the units share.
type loader struct {
	fset    *token.FileSet
	sizes   types.Sizes
	goarch  string
	release int // Go 1.release built the helper: names and positions follow it

	units   map[string]*unit // by listed import path
	modules map[string]bool  // package paths checked from source

	pkgMu sync.Mutex
	byPkg map[*types.Package]*unit // checked packages, for parameter uses

	need map[*unit]bool // units to check, by needed

	exportsReady chan struct{}
	exports      map[string]string // import path -> export data file
	exportsErr   error

	gcMu sync.Mutex // the gc importer is not safe for concurrent use
	gc   types.Importer

	outMu sync.Mutex
	out   io.Writer
}

// check lists, loads and checks the packages opts names, writing one line per
// package to stdout and then the done line.
func check(opts options, stdout, stderr io.Writer) error {
	start := time.Now()
	g := goRunner{opts: opts}
	archc := make(chan string, 1)
	go func() { archc <- g.goarch() }()
	listed, err := g.listPackages()
	if err != nil {
		return err
	}
	units, emit := selectUnits(listed, opts.tests)
	if len(units) == 0 {
		for _, p := range listed {
			if !p.DepOnly && p.Error != nil {
				fmt.Fprintf(stderr, "%s\n", strings.TrimSpace(p.Error.Err))
			}
		}
		return fmt.Errorf("no packages match %s", strings.Join(opts.patterns, " "))
	}
	l := &loader{
		fset:         token.NewFileSet(),
		release:      goRelease(runtime.Version()),
		units:        map[string]*unit{},
		modules:      map[string]bool{},
		byPkg:        map[*types.Package]*unit{},
		exportsReady: make(chan struct{}),
		out:          stdout,
	}
	for _, p := range units {
		u := &unit{list: p, emit: emit[p], path: packagePath(p.ImportPath), done: make(chan struct{})}
		l.units[p.ImportPath] = u
		l.modules[u.path] = true
	}
	l.gc = importer.ForCompiler(l.fset, "gc", l.openExport)

	// The export data of the other dependencies is listed while the units
	// are parsed; with the cache, only once a unit is to be checked, unless
	// the cache keys need it.
	external := l.linkUnits()
	exportsListed := false
	listExports := func() {
		exportsListed = true
		go func() {
			l.exports, l.exportsErr = g.exportFiles(external)
			close(l.exportsReady)
		}()
	}
	cache := openCache(opts.cacheDir)
	externalID := ""
	if cache != nil {
		externalID = l.immutableExternals(listed)
	}
	if cache == nil || externalID == "" {
		listExports()
	}
	l.goarch = <-archc
	l.sizes = types.SizesFor("gc", l.goarch)
	if l.sizes == nil {
		l.sizes = types.SizesFor("gc", "amd64")
	}

	for _, p := range listed {
		if u := l.units[p.ImportPath]; u != nil && p.Error != nil {
			fmt.Fprintf(stderr, "%s: %s\n", p.ImportPath, strings.TrimSpace(p.Error.Err))
		}
	}

	// Lines from the cache go out first; only what they do not cover, and
	// what that imports, is checked from source.
	var keys map[*unit]string
	if cache != nil {
		keys = l.cacheKeys(units, opts, externalID)
		for _, p := range units {
			if u := l.units[p.ImportPath]; u.emit && keys[u] != "" {
				u.cached = cache.get(keys[u])
			}
		}
		for _, u := range l.units {
			if !exportsListed && l.needed(u) {
				listExports()
			}
		}
	}

	tokens := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	written := 0
	for _, p := range units {
		u := l.units[p.ImportPath]
		if !l.needed(u) {
			close(u.done)
			if u.cached != nil {
				written++
				if err := l.writeRaw(u.cached); err != nil {
					return err
				}
			}
			continue
		}
		if u.emit {
			written++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(u.done)
			tokens <- struct{}{}
			l.parse(u)
			<-tokens
			for _, d := range u.deps {
				<-d.done
			}
			tokens <- struct{}{}
			defer func() { <-tokens }()
			l.typeCheck(u)
			line := l.safeFacts(u, stderr)
			if u.emit {
				data, err := encodeLine(line)
				if err == nil {
					l.writeRaw(data)
					if cache != nil && keys[u] != "" && len(line.Errors) == 0 {
						cache.put(keys[u], data)
					}
				}
			}
			// Dependents need only the package and the parameter uses.
			u.info, u.files = nil, nil
		}()
	}
	wg.Wait()
	if cache != nil {
		cache.trim()
	}
	if l.exportsErr != nil {
		fmt.Fprintln(stderr, "gofacts:", l.exportsErr)
	}
	return l.write(doneLine{Done: true, Packages: written, Seconds: roundSeconds(time.Since(start))})
}

// safeFacts builds u's facts; a bug in the helper costs that package its
// facts (its line says why, its dependents see its parameters as unknown),
// not the whole run.
func (l *loader) safeFacts(u *unit, stderr io.Writer) (line *packageLine) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("gofacts: internal error: %v", r)
			fmt.Fprintf(stderr, "%s: %s\n%s", u.path, msg, debug.Stack())
			u.errors = append(u.errors, msg)
			u.summaries = nil
			line = newPackageLine(l, u)
		}
	}()
	return buildFacts(l, u)
}

// resolve returns the listed import path an import in u's files refers to
// (go list's ImportMap names vendored packages and test variants).
func (l *loader) resolve(u *unit, path string) string {
	if mapped := u.list.ImportMap[path]; mapped != "" {
		return mapped
	}
	return path
}

// needed reports whether u is to be checked: its facts are written, or a
// unit to be checked imports it.
func (l *loader) needed(u *unit) bool {
	if l.need == nil {
		l.need = map[*unit]bool{}
		var mark func(*unit)
		mark = func(u *unit) {
			if l.need[u] {
				return
			}
			l.need[u] = true
			for _, d := range u.deps {
				mark(d)
			}
		}
		for _, v := range l.units {
			if v.emit && v.cached == nil {
				mark(v)
			}
		}
	}
	return l.need[u]
}

// linkUnits sets each unit's dependencies among the units and returns the
// other packages they import, whose export data the checker needs.
func (l *loader) linkUnits() []string {
	seen := map[string]bool{}
	var external []string
	for _, u := range l.units {
		imports := u.list.Imports
		for _, imp := range imports {
			if imp == "C" || imp == "unsafe" {
				continue
			}
			path := l.resolve(u, imp)
			if d := l.units[path]; d != nil {
				if d != u {
					u.deps = append(u.deps, d)
				}
				continue
			}
			// A dependency recompiled for a test ("q [p.test]") cannot be named
			// on go list's command line; q's own export data stands in for it.
			path = packagePath(path)
			if !seen[path] {
				seen[path] = true
				external = append(external, path)
			}
		}
	}
	sort.Strings(external)
	return external
}

// openExport opens the export data of a non-target package for the gc importer.
func (l *loader) openExport(path string) (io.ReadCloser, error) {
	<-l.exportsReady
	file := l.exports[path]
	if file == "" {
		return nil, fmt.Errorf("no export data for %s", path)
	}
	return os.Open(file)
}

// parse reads and parses u's files (test files too when listed with tests).
func (l *loader) parse(u *unit) {
	p := u.list
	names := append([]string(nil), p.GoFiles...)
	names = append(names, p.CgoFiles...)
	if strings.HasSuffix(u.path, "_test") {
		names = append(names[:0], p.XTestGoFiles...)
		// go list puts an external test package's files in GoFiles too.
		if len(names) == 0 {
			names = append(names, p.GoFiles...)
		}
	}
	test := map[string]bool{}
	for _, n := range p.TestGoFiles {
		test[n] = true
	}
	for _, n := range p.XTestGoFiles {
		test[n] = true
	}
	for _, name := range names {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.Dir, name)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			u.errors = append(u.errors, err.Error())
			continue
		}
		f, err := parser.ParseFile(l.fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			u.errors = append(u.errors, relativeError(p.Dir, err.Error()))
		}
		if f == nil {
			continue
		}
		u.files = append(u.files, &sourceFile{
			path:      path,
			src:       src,
			ast:       f,
			tokenFile: l.fset.File(f.Pos()),
			test:      test[name] || strings.HasSuffix(name, "_test.go"),
			generated: isGenerated(src),
		})
	}
}

// typeCheck checks u from source. Errors are collected, never fatal.
func (l *loader) typeCheck(u *unit) {
	conf := types.Config{
		Importer:    unitImporter{l, u},
		Sizes:       l.sizes,
		FakeImportC: true,
		Error: func(err error) {
			if len(u.errors) < 100 {
				u.errors = append(u.errors, relativeError(u.list.Dir, err.Error()))
			}
		},
	}
	if m := u.list.Module; m != nil && m.GoVersion != "" && goRelease("go"+m.GoVersion) <= l.release {
		conf.GoVersion = "go" + majorMinor(m.GoVersion)
	}
	u.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	files := make([]*ast.File, len(u.files))
	for i, f := range u.files {
		files[i] = f.ast
	}
	u.pkg, _ = conf.Check(u.path, l.fset, files, u.info)
	l.pkgMu.Lock()
	l.byPkg[u.pkg] = u
	l.pkgMu.Unlock()
}

// unitImporter imports for one unit: targets come checked from source, the
// rest from export data.
type unitImporter struct {
	l *loader
	u *unit
}

func (im unitImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	resolved := im.l.resolve(im.u, path)
	if d := im.l.units[resolved]; d != nil && d != im.u {
		<-d.done
		if d.pkg == nil {
			return nil, fmt.Errorf("could not check %s", path)
		}
		return d.pkg, nil
	}
	im.l.gcMu.Lock()
	defer im.l.gcMu.Unlock()
	return im.l.gc.Import(packagePath(resolved))
}

// isModule reports whether the package at path is checked from source.
func (l *loader) isModule(path string) bool {
	return l.modules[path]
}

// summary returns the parameter uses of a function of another checked
// package (checked before any package importing it), or nil.
func (l *loader) summary(fn *types.Func) []paramUse {
	l.pkgMu.Lock()
	u := l.byPkg[fn.Pkg()]
	l.pkgMu.Unlock()
	if u == nil {
		return nil
	}
	select {
	case <-u.done:
		return u.summaries[fn]
	default:
		return nil // not a dependency (cannot happen for a static call)
	}
}

// write writes one JSON line, flushed at once so that goescape can start on it.
func (l *loader) write(v interface{}) error {
	data, err := encodeLine(v)
	if err != nil {
		return err
	}
	return l.writeRaw(data)
}

// writeRaw writes one encoded line.
func (l *loader) writeRaw(data []byte) error {
	l.outMu.Lock()
	defer l.outMu.Unlock()
	_, err := l.out.Write(data)
	return err
}

// relativeError shortens "/abs/dir/file.go:1:2: msg" to "file.go:1:2: msg".
func relativeError(dir, msg string) string {
	return strings.TrimPrefix(msg, dir+string(filepath.Separator))
}

// isGenerated reports whether src has the "Code generated ... DO NOT EDIT."
// comment before its package clause (go.dev/s/generatedcode).
func isGenerated(src []byte) bool {
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		text := string(bytes.TrimSpace(line))
		if strings.HasPrefix(text, "package ") {
			return false
		}
		if strings.HasPrefix(text, "// Code generated ") && strings.HasSuffix(text, " DO NOT EDIT.") {
			return true
		}
	}
	return false
}

func roundSeconds(d time.Duration) float64 {
	return float64(d.Milliseconds()) / 1000
}
