package main

// The facts cache: a package's line of facts, kept in a directory under a key
// that covers everything the line is computed from, so that a second run over
// unchanged code writes it without parsing or type-checking anything.
//
// The key of a package hashes the helper's own settings (release, target
// architecture and OS, GOEXPERIMENT, tags, tests), what go list says of the
// package (path, name, directory, files, module language version), the
// contents of its files, and
// for each import either the key of that package (when it is checked from
// source too) or the identity of the other packages: what go list says of
// all of them when they live in GOROOT or the module cache (immutable for a
// version), else the export data file go list -export names for the import.
// The build cache names export files by a hash of their contents, so a
// changed dependency changes the key. Entries carry a checksum: a truncated or
// corrupt entry is ignored and written again. Writes go to a temporary file
// renamed into place, so readers never see half an entry. The directory is
// kept under cacheMaxBytes by removing the least recently used entries.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

const (
	// cacheMagic starts every entry; the number changes with the format.
	cacheMagic = "gofacts-cache 1 "
	// cacheMaxBytes bounds the directory; a run that stores entries and finds
	// it larger removes the least recently used ones down to cacheKeepBytes.
	cacheMaxBytes  = 256 << 20
	cacheKeepBytes = 192 << 20
	// cacheStaleTemp is the age past which a temporary file is an abandoned
	// write of a run that died.
	cacheStaleTemp = time.Hour
)

// factsCache is one cache directory.
type factsCache struct {
	dir    string
	stored bool // an entry was written: trim the directory at the end
}

func openCache(dir string) *factsCache {
	if dir == "" {
		return nil
	}
	return &factsCache{dir: dir}
}

func (c *factsCache) path(key string) string {
	return filepath.Join(c.dir, key+".json")
}

// get returns the line stored under key, or nil when there is none or it is
// damaged. A hit marks the entry as recently used.
func (c *factsCache) get(key string) []byte {
	path := c.path(key)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	payload, ok := decodeEntry(data)
	if !ok {
		return nil
	}
	now := time.Now()
	_ = os.Chtimes(path, now, now)
	return payload
}

// put stores line under key; a failure only costs the next run the check.
func (c *factsCache) put(key string, line []byte) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(encodeEntry(line))
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path(key)) != nil {
		os.Remove(tmp.Name())
		return
	}
	c.stored = true
}

// trim removes the least recently used entries while the directory holds
// more than cacheMaxBytes, and temporary files that a dead run left.
func (c *factsCache) trim() {
	if !c.stored {
		return
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var entries []entry
	var total int64
	dirents, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, d := range dirents {
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		path := filepath.Join(c.dir, d.Name())
		if strings.HasPrefix(d.Name(), ".tmp-") {
			if time.Since(info.ModTime()) > cacheStaleTemp {
				os.Remove(path)
			}
			continue
		}
		entries = append(entries, entry{path, info.Size(), info.ModTime()})
		total += info.Size()
	}
	if total <= cacheMaxBytes {
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].used.Before(entries[j].used) })
	for _, e := range entries {
		if total <= cacheKeepBytes {
			break
		}
		if err := os.Remove(e.path); err == nil || os.IsNotExist(err) {
			total -= e.size
		}
	}
}

// encodeEntry frames a line with the magic and the checksum of the line.
func encodeEntry(line []byte) []byte {
	sum := sha256.Sum256(line)
	out := make([]byte, 0, len(cacheMagic)+2*len(sum)+1+len(line))
	out = append(out, cacheMagic...)
	out = append(out, hex.EncodeToString(sum[:])...)
	out = append(out, '\n')
	return append(out, line...)
}

// decodeEntry returns the line of an entry whose frame and checksum hold.
func decodeEntry(data []byte) ([]byte, bool) {
	if !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil, false
	}
	rest := data[len(cacheMagic):]
	nl := bytes.IndexByte(rest, '\n')
	if nl != 2*sha256.Size {
		return nil, false
	}
	line := rest[nl+1:]
	sum := sha256.Sum256(line)
	if hex.EncodeToString(sum[:]) != string(rest[:nl]) || len(line) == 0 || line[len(line)-1] != '\n' {
		return nil, false
	}
	return line, true
}

// immutableExternals returns a hash of what go list says of every package
// that is not checked from source, when all of them are in GOROOT or the
// module cache, whose files a version names once and for all: their export
// data then follows from it, and the keys need no go list -export. Empty
// when some package lives elsewhere (a replace directive's directory, a
// vendor directory): the keys then name export files.
func (l *loader) immutableExternals(listed []*listedPackage) string {
	h := sha256.New()
	fmt.Fprintf(h, "cgo %q %q %q\n", os.Getenv("CGO_ENABLED"), os.Getenv("CGO_CFLAGS"), os.Getenv("CC"))
	for _, p := range listed {
		if l.units[p.ImportPath] != nil {
			continue
		}
		inModuleCache := strings.Contains(p.Dir, string(filepath.Separator)+"pkg"+string(filepath.Separator)+"mod"+string(filepath.Separator)) &&
			strings.Contains(p.Dir, "@")
		if !p.Standard && !inModuleCache {
			return ""
		}
		fmt.Fprintf(h, "%q %q %v %q %q %q\n", p.ImportPath, p.Dir, p.Standard, p.GoFiles, p.CgoFiles, p.Imports)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cacheKeys computes the key of every unit, dependencies first (units is in
// go list -deps order). Without externalID (see immutableExternals) it
// needs the export files, so it waits for them. A unit whose files cannot
// be read gets no key (it is never cached).
func (l *loader) cacheKeys(units []*listedPackage, opts options, externalID string) map[*unit]string {
	if externalID == "" {
		<-l.exportsReady
	}
	keys := make(map[*unit]string, len(units))
	for _, p := range units {
		u := l.units[p.ImportPath]
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%q\x00%v\x00%v\n", cacheMagic, runtime.Version(), l.goarch,
			opts.tags, opts.tests, u.emit)
		// What go list's answers do not show but go/types may see.
		fmt.Fprintf(h, "env %q %q\n", os.Getenv("GOEXPERIMENT"), os.Getenv("GOOS"))
		fmt.Fprintf(h, "%q %q %q %q\n", p.ImportPath, p.Name, p.Dir, p.ForTest)
		if p.Module != nil {
			fmt.Fprintf(h, "go %q\n", p.Module.GoVersion)
		}
		ok := true
		for _, group := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
			for _, name := range group {
				path := name
				if !filepath.IsAbs(path) {
					path = filepath.Join(p.Dir, name)
				}
				src, err := os.ReadFile(path)
				if err != nil {
					ok = false
					break
				}
				sum := sha256.Sum256(src)
				fmt.Fprintf(h, "file %q %x\n", name, sum)
			}
			h.Write([]byte("--\n"))
		}
		imports := append([]string(nil), p.Imports...)
		sort.Strings(imports)
		for _, imp := range imports {
			path := l.resolve(u, imp)
			if d := l.units[path]; d != nil && d != u {
				dep, found := keys[d]
				if !found {
					ok = false // its files could not be read
				}
				fmt.Fprintf(h, "unit %q %s\n", imp, dep)
				continue
			}
			if externalID != "" {
				fmt.Fprintf(h, "external %q %s\n", imp, externalID)
			} else {
				fmt.Fprintf(h, "export %q %q\n", imp, l.exports[packagePath(path)])
			}
		}
		if ok {
			keys[u] = hex.EncodeToString(h.Sum(nil))
		}
	}
	return keys
}
