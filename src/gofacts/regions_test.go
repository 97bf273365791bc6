package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var regionRE = regexp.MustCompile(`// region: (.*)$`)

// TestRegions checks the `region` of the var sites of testdata/regions
// against its `// region: NAME=LABEL` comments: the same label, the same
// region; different labels, different regions; `-`, none.
func TestRegions(t *testing.T) {
	needRelease(t, 22)
	dir := filepath.Join("testdata", "regions")
	pkgs := runHelper(t, dir, false)
	file := filepath.Join(dir, "regions.go")
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p := pkgs[0]
	regionOf := map[string]int{} // "line name" -> region (0: none)
	for _, s := range p.sites {
		if s["node"] != "var" || p.files[int(s["file"].(float64))] != abs {
			continue
		}
		r, _ := s["region"].(float64)
		regionOf[strconv.Itoa(int(s["line"].(float64)))+" "+s["var"].(string)] = int(r)
	}
	byLabel, labelOf := map[string]int{}, map[int]string{}
	checked := 0
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for line := 1; sc.Scan(); line++ {
		m := regionRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for _, item := range strings.Fields(m[1]) {
			name, label, _ := strings.Cut(item, "=")
			r, ok := regionOf[strconv.Itoa(line)+" "+name]
			switch {
			case !ok:
				t.Errorf("line %d: no var site for %s", line, name)
			case label == "-":
				if r != 0 {
					t.Errorf("line %d: %s has region %d, want none", line, name, r)
				}
			case r == 0:
				t.Errorf("line %d: %s has no region, want %s", line, name, label)
			default:
				if want, seen := byLabel[label]; seen && want != r {
					t.Errorf("line %d: %s has region %d, want %d (label %s)", line, name, r, want, label)
				}
				if other, seen := labelOf[r]; seen && other != label {
					t.Errorf("line %d: %s shares region %d with label %s, want %s", line, name, r, other, label)
				}
				byLabel[label], labelOf[r] = r, label
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("only %d region annotations read", checked)
	}
}
