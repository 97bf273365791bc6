package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestCacheEntryFrame(t *testing.T) {
	line := []byte(`{"package":"p"}` + "\n")
	entry := encodeEntry(line)
	got, ok := decodeEntry(entry)
	if !ok || !bytes.Equal(got, line) {
		t.Fatalf("decodeEntry(encodeEntry(%q)) = %q, %v", line, got, ok)
	}
	damaged := map[string][]byte{
		"truncated":    entry[:len(entry)-3],
		"flipped byte": append(append([]byte(nil), entry[:len(entry)-5]...), 'x', '"', '}', '\n', '\n'),
		"no frame":     line,
		"empty":        nil,
	}
	for name, data := range damaged {
		if _, ok := decodeEntry(data); ok {
			t.Errorf("%s entry accepted: %q", name, data)
		}
	}
}

// copyTree copies the module at src to a new temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// cachedRun runs the helper with a facts cache and returns its package
// lines by import path.
func cachedRun(t *testing.T, dir, cacheDir string) map[string]string {
	t.Helper()
	var out, errs bytes.Buffer
	opts := options{goCmd: "go", dir: dir, tests: true, cacheDir: cacheDir, patterns: []string{"./..."}}
	if err := check(opts, &out, &errs); err != nil {
		t.Fatalf("gofacts in %s: %v\n%s", dir, err, errs.String())
	}
	lines := map[string]string{}
	for _, line := range strings.SplitAfter(out.String(), "\n") {
		var head struct {
			Package string
			Done    bool
		}
		if line == "" || json.Unmarshal([]byte(line), &head) != nil || head.Done {
			continue
		}
		lines[head.Package] = line
	}
	return lines
}

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(names)
	return names
}

// The second run writes what the first did, from the cache; a damaged entry
// is recomputed and rewritten; a changed file changes its package's line.
func TestCacheReuse(t *testing.T) {
	needRelease(t, 22) // testdata/withtests is a go 1.22 module
	dir := copyTree(t, "testdata/withtests")
	cacheDir := filepath.Join(t.TempDir(), "facts")

	first := cachedRun(t, dir, cacheDir)
	entries := cacheEntries(t, cacheDir)
	if len(first) == 0 || len(entries) != len(first) {
		t.Fatalf("%d package lines, %d cache entries", len(first), len(entries))
	}
	second := cachedRun(t, dir, cacheDir)
	if !sameLines(first, second) {
		t.Fatalf("the run from the cache differs:\n%v\n%v", first, second)
	}

	// An entry planted with a valid frame is what the next run writes: the
	// cache is read, not merely written.
	planted, _ := decodeEntry(mustRead(t, entries[0]))
	var line map[string]interface{}
	if err := json.Unmarshal(planted, &line); err != nil {
		t.Fatal(err)
	}
	pkg := line["package"].(string)
	line["scope"] = []string{"planted"}
	marked, _ := json.Marshal(line)
	mustWrite(t, entries[0], encodeEntry(append(marked, '\n')))
	if got := cachedRun(t, dir, cacheDir)[pkg]; !strings.Contains(got, `"planted"`) {
		t.Fatalf("the cached line of %s was not used: %s", pkg, got)
	}

	// Damaged: ignored, recomputed, rewritten.
	mustWrite(t, entries[0], []byte("gofacts-cache 1 0000\n{}\n"))
	if again := cachedRun(t, dir, cacheDir); !sameLines(first, again) {
		t.Fatalf("a damaged entry changed the output:\n%v\n%v", first, again)
	}
	if _, ok := decodeEntry(mustRead(t, entries[0])); !ok {
		t.Fatalf("the damaged entry %s was not rewritten", entries[0])
	}

	// A changed file: new facts for its package, and a new key.
	lib := filepath.Join(dir, "lib.go")
	mustWrite(t, lib, append(mustRead(t, lib), []byte("\nfunc Added() {}\n")...))
	changed := cachedRun(t, dir, cacheDir)
	found := false
	for path, text := range changed {
		if strings.Contains(text, "withtests.Added") {
			found = true
			if text == first[path] {
				t.Fatalf("%s: line unchanged", path)
			}
		}
	}
	if !found {
		t.Fatalf("no package line names the added function: %v", changed)
	}
	if n := len(cacheEntries(t, cacheDir)); n <= len(entries) {
		t.Fatalf("%d cache entries after a change, %d before", n, len(entries))
	}
}

func sameLines(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A dependency outside GOROOT and the module cache (a replace directive's
// directory) is identified by its export data: changing it changes the keys
// of the packages that import it.
func TestCacheFollowsReplacedDependency(t *testing.T) {
	needRelease(t, 22)
	root := t.TempDir()
	files := map[string]string{
		"dep/go.mod":   "module example.com/dep\n\ngo 1.22\n",
		"dep/dep.go":   "package dep\n\ntype T struct{ A int }\n\nfunc New() *T { return &T{} }\n",
		"main/go.mod":  "module example.com/main\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n",
		"main/main.go": "package main\n\nimport \"example.com/dep\"\n\nfunc main() { t := dep.New(); println(t.A) }\n",
	}
	for name, text := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, path, []byte(text))
	}
	dir := filepath.Join(root, "main")
	cacheDir := filepath.Join(root, "facts")
	first := cachedRun(t, dir, cacheDir)
	if again := cachedRun(t, dir, cacheDir); !sameLines(first, again) {
		t.Fatalf("the run from the cache differs:\n%v\n%v", first, again)
	}
	before := len(cacheEntries(t, cacheDir))
	mustWrite(t, filepath.Join(root, "dep/dep.go"),
		[]byte("package dep\n\ntype T struct{ A int; B [4]int }\n\nfunc New() *T { return &T{} }\n"))
	cachedRun(t, dir, cacheDir)
	if after := len(cacheEntries(t, cacheDir)); after <= before {
		t.Fatalf("changing a replaced dependency made no new cache entry (%d, %d before)", after, before)
	}
}
