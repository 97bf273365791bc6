// Package compilerlog reads the heap verdicts and function headings of a
// `go build -gcflags=-m=2` log and tells which fact sites can explain them.
// scripts/facts-check and the helper's tests use it to hold the helper's
// sites and names against the compiler; the helper itself does not.
package compilerlog

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Pos is a position in a log: an absolute file, a line and a byte column.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Verdict is a heap verdict (`moved to heap: x`, `E escapes to heap`) or a
// heading that names a function (`E escapes to heap in F:`, `parameter p
// leaks to ... for F with derefs=N:`, Go 1.25+). A parameter heading's Text
// is written as `moved to heap: p`, so that it matches a variable site.
type Verdict struct {
	At    Pos
	Text  string // "moved to heap: x" or the expression
	Func  string // the function a heading names, as the log writes it
	Block string // the package block (`# path`) it appeared in
	Leaks bool   // a parameter heading
}

// Log is what a log says about the module's files.
type Log struct {
	Verdicts []*Verdict   // heap verdicts, duplicates merged
	Headings []*Verdict   // function headings, duplicates merged
	Named    []*Verdict   // `can inline F` / `cannot inline F: why` at F
	Inlined  map[Pos]bool // positions of `inlining call to` lines
}

var (
	lineRE    = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)
	headerRE  = regexp.MustCompile(`^# (\S+)`)
	escapesIn = regexp.MustCompile(`^(.+) escapes to heap in (.+):$`)
	leaksFor  = regexp.MustCompile(`^parameter (\S+) leaks to (?:\{heap\}|\{temp\}|\{storage for .+\}|[^{\s]\S*) for (.+) with derefs=\d+:$`)
	inlineRE  = regexp.MustCompile(`^(?:can inline (.+?)(?: with cost \d+ as: .*)?|cannot inline ([^:]+): .*)$`)
)

// Parse reads a log. resolve maps a file as the log writes it (relative to
// where the build ran) and the package block it is in to an absolute path,
// or "" for a file to leave out.
func Parse(text []byte, resolve func(file, block string) string) *Log {
	l := &Log{Inlined: map[Pos]bool{}}
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
		file := resolve(m[1], block)
		if file == "" {
			continue
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		v := &Verdict{At: Pos{file, ln, col}, Block: block}
		msg := m[4]
		list := &l.Verdicts
		switch {
		case strings.HasPrefix(msg, "inlining call to "):
			l.Inlined[v.At] = true
			continue
		case strings.HasPrefix(msg, "can inline "), strings.HasPrefix(msg, "cannot inline "):
			h := inlineRE.FindStringSubmatch(msg)
			if h == nil || strings.Contains(msg, " into ") {
				continue // cannot inline A into B: a call, not a function
			}
			v.Text, v.Func = "function", h[1]+h[2]
			list = &l.Named
		case strings.HasPrefix(msg, "moved to heap: "):
			v.Text = msg
		case strings.HasSuffix(msg, " escapes to heap"):
			v.Text = strings.TrimSuffix(msg, " escapes to heap")
		default:
			if h := escapesIn.FindStringSubmatch(msg); h != nil {
				v.Text, v.Func = h[1], h[2]
			} else if h := leaksFor.FindStringSubmatch(msg); h != nil {
				v.Text, v.Func, v.Leaks = "moved to heap: "+h[1], h[2], true
			} else {
				continue
			}
			list = &l.Headings
		}
		key := fmt.Sprintf("%v|%s|%s", v.At, v.Text, v.Func)
		if seen[key] {
			continue
		}
		seen[key] = true
		*list = append(*list, v)
	}
	return l
}

// Site is what Match needs of a fact site.
type Site struct {
	Node string
	Var  string
}

// Match returns the index of the site among sites (all at the verdict's
// position) that explains it, or -1, and whether it is the call of an
// inlined function (whose allocations the compiler reports at the call).
func Match(v *Verdict, inlined bool, sites []Site) (index int, viaCall bool) {
	kinds, name := Kinds(v.Text)
	for i, s := range sites {
		for _, k := range kinds {
			if s.Node == k && (k != "var" || name == "" || s.Var == name) {
				return i, false
			}
		}
	}
	if inlined {
		for i, s := range sites {
			if s.Node == "call" {
				return i, true
			}
		}
	}
	return -1, false
}

// Kinds returns the site node kinds that can explain a verdict's text, and
// for a variable its name.
func Kinds(text string) (kinds []string, varName string) {
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

// FuncName writes a heading's function as pprof names it: prefix is the
// symbol prefix of the package the heading's file belongs to (named name),
// block the package being compiled. Type arguments become [...], a promoted
// unexported method's wrapper loses its package path, and an instantiation
// compiled in another package loses the package name.
func FuncName(fn, prefix, path, name, block string) string {
	fn = elideTypeArgs(fn)
	fn = strings.ReplaceAll(fn, ")."+path+".", ").")
	if path != block && strings.HasPrefix(fn, name+".") {
		fn = strings.TrimPrefix(fn, name+".")
	}
	return prefix + "." + fn
}

// elideTypeArgs writes each outermost [...] group as "[...]".
func elideTypeArgs(s string) string {
	var sb strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[':
			if depth == 0 {
				sb.WriteString("[...]")
			}
			depth++
		case r == ']':
			depth--
		case depth == 0:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// LocalName strips the package from a function's full name.
func LocalName(full string) string {
	rest := full
	if i := strings.LastIndex(full, "/"); i >= 0 {
		rest = full[i:]
	}
	return rest[strings.Index(rest, ".")+1:]
}

// Why a heading names another function than the helper's site.
const (
	Wrapper   = "wrapper"   // (*T).M of a value method, a promoted method, M-fm
	Inlined   = "inlined"   // a closure copied into the function that inlined it
	Interface = "interface" // a parameter of an interface method's wrapper
	Release   = "release"   // the helper's (older) release names it differently
	Other     = "other"
)

// Classify says why a heading names want (a pprof name) while the helper's
// site says got ("" when the helper has no site at the position). inFunction
// tells whether the position lies inside a function the helper lists.
func Classify(h *Verdict, want, got string, inFunction bool) string {
	local, gotLocal := LocalName(want), LocalName(got)
	if strings.HasSuffix(local, "-fm") {
		return Wrapper
	}
	if strings.HasPrefix(h.Text, "moved to heap: ~p") {
		return Interface // an unnamed parameter: a wrapper's
	}
	if got == "" {
		if h.Leaks && !inFunction {
			return Interface
		}
		return Other
	}
	if m := method(local); m != "" && m == method(gotLocal) && strings.Count(local, ".") == strings.Count(gotLocal, ".") {
		return Wrapper
	}
	for _, newer := range []string{".gowrap", ".deferwrap", "-range"} {
		if strings.Contains(local, newer) && strings.HasPrefix(local, gotLocal) && !strings.Contains(gotLocal, newer) {
			return Release // Go 1.22+ wrappers, 1.23+ range bodies
		}
	}
	if strings.HasPrefix(local, "init.func") && strings.HasPrefix(gotLocal, "glob..func") {
		return Release // package-level closures before Go 1.22
	}
	if decl := declared(gotLocal); decl != "" && local != gotLocal && strings.Contains("."+local, "."+decl+".") {
		return Inlined
	}
	return Other
}

// method returns M of "(*T).M" or "T.M", "" for other names.
func method(local string) string {
	i := strings.LastIndex(local, ".")
	if i < 0 || strings.Contains(local[i:], "func") {
		return ""
	}
	return local[i+1:]
}

// declared returns the declared function a closure's name starts with: "F"
// of "F.func1.2", "(*T).M" of "(*T).M.func3".
func declared(local string) string {
	if i := strings.Index(local, ".func"); i >= 0 {
		return local[:i]
	}
	if i := strings.Index(local, "-range"); i >= 0 {
		return local[:i]
	}
	return ""
}

// SymbolPrefix writes a package as symbol names do: "main" for a command,
// else its path with "." (and control, space, '%', '"' bytes) in the last
// element as %xx (cmd/internal/objabi.PathToPrefix).
func SymbolPrefix(path, name string) string {
	if name == "main" {
		return "main"
	}
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
