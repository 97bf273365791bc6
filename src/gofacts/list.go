package main

// Listing: which packages to check (go list -deps), where the export data of
// their other dependencies is (go list -export), and the target architecture.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// listedPackage is the part of `go list -json` output the helper reads.
type listedPackage struct {
	ImportPath   string
	Name         string
	Dir          string
	Export       string
	Standard     bool
	ForTest      string
	DepOnly      bool
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	Imports      []string
	ImportMap    map[string]string
	Module       *struct{ GoVersion string }
	Error        *struct{ Err string }
}

// listFields keeps go list's output (and its work) small.
const listFields = "ImportPath,Name,Dir,Standard,ForTest,DepOnly,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Imports,ImportMap,Module,Error"

// goRunner runs the go command as the user would in opts.dir.
type goRunner struct {
	opts options
}

// output runs `go args...` and returns its standard output; a failure carries
// go's own standard error, which says what to fix.
func (g goRunner) output(args ...string) ([]byte, error) {
	cmd := exec.Command(g.opts.goCmd, args...)
	cmd.Dir = g.opts.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("%s %s: %s", g.opts.goCmd, strings.Join(args, " "), msg)
	}
	return out, nil
}

// listPackages returns the packages the patterns match and all their
// dependencies, in go list's order (dependencies first).
func (g goRunner) listPackages() ([]*listedPackage, error) {
	args := []string{"list", "-e", "-deps", "-json=" + listFields}
	if g.opts.tags != "" {
		args = append(args, "-tags="+g.opts.tags)
	}
	if g.opts.tests {
		args = append(args, "-test")
	}
	args = append(args, "--")
	args = append(args, g.opts.patterns...)
	out, err := g.output(args...)
	if err != nil {
		return nil, err
	}
	return decodePackages(out)
}

// exportFiles returns the export data file of each of paths, compiling what
// the build cache lacks (after a go build it holds them all).
func (g goRunner) exportFiles(paths []string) (map[string]string, error) {
	files := make(map[string]string, len(paths))
	if len(paths) == 0 {
		return files, nil
	}
	args := []string{"list", "-e", "-export", "-json=ImportPath,Export,Error"}
	if g.opts.tags != "" {
		args = append(args, "-tags="+g.opts.tags)
	}
	args = append(args, "--")
	args = append(args, paths...)
	out, err := g.output(args...)
	if err != nil {
		return nil, err
	}
	pkgs, err := decodePackages(out)
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		if p.Export != "" {
			files[p.ImportPath] = p.Export
		}
	}
	return files, nil
}

// goarch returns the architecture the go command builds for (GOARCH in the
// environment or go env).
func (g goRunner) goarch() string {
	if arch := os.Getenv("GOARCH"); arch != "" {
		return arch
	}
	out, err := g.output("env", "GOARCH")
	if err != nil {
		return runtime.GOARCH // go list will say what is wrong
	}
	return strings.TrimSpace(string(out))
}

func decodePackages(out []byte) ([]*listedPackage, error) {
	var pkgs []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err != nil {
			if errors.Is(err, io.EOF) {
				return pkgs, nil
			}
			return nil, fmt.Errorf("reading go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
}

// packagePath is the path a listed package is type-checked under: go list
// names test variants "p [p.test]"; the package itself is still p.
func packagePath(importPath string) string {
	if i := strings.Index(importPath, " ["); i >= 0 {
		return importPath[:i]
	}
	return importPath
}

// selectUnits picks the packages to check from source, in go list's order:
// those the patterns match and, with tests, their test variants (p [p.test],
// which also holds the in-package _test.go files), their external test
// packages (p_test [p.test]), and the variants go recompiles for a test
// (q [p.test] of a matched q that imports p), since p_test is type-checked
// against those. emit tells which get a line of facts: every matched package,
// or with tests its test variant instead, and the external test packages.
func selectUnits(pkgs []*listedPackage, tests bool) (units []*listedPackage, emit map[*listedPackage]bool) {
	emit = map[*listedPackage]bool{}
	matched := map[string]bool{}
	for _, p := range pkgs {
		// A pattern that matches nothing comes back as a package with only
		// an error: it is reported, not checked.
		files := len(p.GoFiles) + len(p.CgoFiles) + len(p.TestGoFiles) + len(p.XTestGoFiles)
		if !p.DepOnly && p.ForTest == "" && !strings.HasSuffix(p.ImportPath, ".test") && (files > 0 || p.Error == nil) {
			matched[p.ImportPath] = true
		}
	}
	variant := map[string]bool{} // p whose p [p.test] is listed
	for _, p := range pkgs {
		if tests && p.ForTest != "" && packagePath(p.ImportPath) == p.ForTest {
			variant[p.ForTest] = true
		}
	}
	for _, p := range pkgs {
		path := packagePath(p.ImportPath)
		switch {
		case p.ForTest == "" && matched[p.ImportPath]:
			emit[p] = !variant[p.ImportPath]
		case !tests || p.ForTest == "" || !matched[p.ForTest]:
			continue
		case path == p.ForTest || path == p.ForTest+"_test":
			emit[p] = true // p [p.test], p_test [p.test]
		case !matched[path]:
			continue // a dependency outside the patterns: export data
		}
		units = append(units, p)
	}
	return units, emit
}
