// The Go source scanner: lexing corner cases, positions, parameters, line
// text, type declarations and robustness on arbitrary bytes.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "source/go_source.hpp"

using namespace goescape;

namespace {

std::vector<std::string> names(const GoSourceFile& f) {
  std::vector<std::string> out;
  for (const GoFunc& g : f.funcs) out.push_back(g.name);
  return out;
}

const GoFunc* find(const GoSourceFile& f, const std::string& name) {
  for (const GoFunc& g : f.funcs)
    if (g.name == name) return &g;
  return nullptr;
}

}  // namespace

TEST_CASE("strings, raw strings, runes and comments hide braces and func", "[source]") {
  const char* src = R"go(package p

// func commented() {
/* func block() { */
func A() {
	s := "func() { \" }"
	r := `raw
func notReal() {
}`
	c := '}'
	q := '\''
	d := '"'
	f := func() {}
	_, _, _, _, _, _ = s, r, c, q, d, f
}

func B() {}
)go";
  GoSourceFile f = scan_go_source(src);
  CHECK(f.package_name == "p");
  CHECK(names(f) == std::vector<std::string>{"A", "A.func1", "B"});
  const GoFunc* a = find(f, "A");
  REQUIRE(a);
  CHECK(a->begin == Position{"", 5, 1});
  CHECK(a->body_begin == Position{"", 5, 10});
  CHECK(a->end == Position{"", 15, 1});
  const GoFunc* lit = find(f, "A.func1");
  REQUIRE(lit);
  CHECK(lit->begin == Position{"", 13, 7});
  CHECK(lit->is_literal);
  CHECK(lit->parent == 0);
}

TEST_CASE("function types are not literals", "[source]") {
  const char* src = R"go(package p

type H func(int) error

var table = []func() int{one, two}
var m = map[string]func(){"a": func() {}}

func F(cb func(int) error, opt ...func(*int)) func() int {
	var g func() = nil
	_ = g
	x := (func())(nil)
	_ = x
	return func() int { return 1 }
}

func G() struct{ a int } { return struct{ a int }{} }

func one() int { return 1 }
func two() int { return 2 }
)go";
  GoSourceFile f = scan_go_source(src);
  CHECK(names(f) == std::vector<std::string>{"init.func1", "F", "F.func1", "G", "one", "two"});
  const GoFunc* fn = find(f, "F");
  REQUIRE(fn);
  CHECK(fn->params == std::vector<std::string>{"cb", "opt"});
  CHECK(fn->end.line == 14);
}

TEST_CASE("generics: type parameter lists with brackets, maps and func types", "[source]") {
  const char* src = R"go(package p

func Map[T any, K comparable](xs []T, f func(T) K) []K { return nil }

func Keys[M ~map[K]V, K comparable, V any](m M) []K { return nil }

func Apply[S ~[]E, E any, F func(E) E](s S, fn F) S {
	g := func(e E) E { return fn(e) }
	_ = g
	return s
}

type List[T any] struct{ items []T }

func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

func (l List[T]) Len() int { return len(l.items) }

type Pair[K comparable, V any] struct{ k K; v V }

func (p *Pair[K, V]) Swap() {}
)go";
  GoSourceFile f = scan_go_source(src);
  CHECK(names(f) == std::vector<std::string>{"Map[...]", "Keys[...]", "Apply[...]",
                                             "Apply[...].func1", "(*List[...]).Push",
                                             "List[...].Len", "(*Pair[...]).Swap"});
  const GoFunc* push = find(f, "(*List[...]).Push");
  REQUIRE(push);
  CHECK(push->receiver == "List");
  CHECK(push->pointer_receiver);
  CHECK(push->params == std::vector<std::string>{"l", "v"});
  const GoFunc* len = find(f, "List[...].Len");
  REQUIRE(len);
  CHECK_FALSE(len->pointer_receiver);
  CHECK(find(f, "Map[...]")->params == std::vector<std::string>{"xs", "f"});
}

TEST_CASE("methods, unnamed parameters and receivers", "[source]") {
  const char* src = R"go(package p

type T struct{}

func (T) A(int, string) {}
func (*T) B(a, b int, c string) {}
func (t *T) C(arr [4]int, l List[int], q pkg.Q) {}
func _() { _ = func() {} }
)go";
  GoSourceFile f = scan_go_source(src, GoNaming{26});
  CHECK(names(f) == std::vector<std::string>{"T.A", "(*T).B", "(*T).C", "_", "glob..func1"});
  CHECK(find(f, "T.A")->params == std::vector<std::string>{"", "", ""});
  CHECK(find(f, "(*T).B")->params == std::vector<std::string>{"", "a", "b", "c"});
  CHECK(find(f, "(*T).C")->params == std::vector<std::string>{"t", "arr", "l", "q"});
}

TEST_CASE("function literals in arguments, returns, composites, go and defer", "[source]") {
  const char* src = R"go(package p

func F(ch chan func()) {
	run(func() {}, func(x int) {})
	s := S{cb: func() {}}
	ch <- func() {}
	go func() {}()
	defer func() {
		recover()
	}()
	mu.Lock()
	defer mu.Unlock()
	defer cancel()
	defer close(done)
	go pkgfn()
	_ = s
}
)go";
  GoSourceFile f22 = scan_go_source(src, GoNaming{22});
  CHECK(names(f22) == std::vector<std::string>{"F", "F.func1", "F.func2", "F.func3", "F.func4",
                                               "F.func5", "F.func6", "F.deferwrap1",
                                               "F.deferwrap2"});
  // recover() inside the deferred literal is an expression statement, not a
  // defer; `defer cancel()` calls a func() value and needs no wrapper.
  GoSourceFile f21 = scan_go_source(src, GoNaming{21});
  CHECK(names(f21) == std::vector<std::string>{"F", "F.func1", "F.func2", "F.func3", "F.func4",
                                               "F.func5", "F.func6"});
}

TEST_CASE("innermost_at: literal, declaration, outside, column 0", "[source]") {
  const char* src =
      "package p\n"                       // 1
      "\n"                                // 2
      "func F() {\n"                      // 3
      "\tx := 1\n"                        // 4
      "\tg := func() int { return x }\n"  // 5
      "\th := func() {\n"                 // 6
      "\t\tprintln(x)\n"                  // 7
      "\t}\n"                             // 8
      "\t_, _ = g, h\n"                   // 9
      "}\n"                               // 10
      "var y = 2\n";                      // 11
  GoSourceFile f = scan_go_source(src);
  CHECK(f.innermost_at(4, 2)->name == "F");
  CHECK(f.innermost_at(5, 20)->name == "F.func1");
  CHECK(f.innermost_at(5, 2)->name == "F");
  CHECK(f.innermost_at(5, 0)->name == "F");  // the line's start is in F
  CHECK(f.innermost_at(7, 0)->name == "F.func2");
  CHECK(f.innermost_at(8, 2)->name == "F.func2");  // the closing brace
  CHECK(f.innermost_at(10, 1)->name == "F");
  CHECK(f.innermost_at(11, 5) == nullptr);
  CHECK(f.innermost_at(2, 0) == nullptr);
  CHECK(f.innermost_at(99, 0) == nullptr);
}

TEST_CASE("columns are byte columns", "[source]") {
  // "é" is two bytes: the literal's `func` is at byte column 16, rune column 15.
  GoSourceFile f = scan_go_source("package p\nfunc F() {\n\t_ = \"é\"; _ = func() {}\n}\n");
  const GoFunc* lit = find(f, "F.func1");
  REQUIRE(lit);
  CHECK(lit->begin == Position{"", 3, 16});
}

TEST_CASE("line_text handles LF, CRLF and a missing final newline", "[source]") {
  GoSourceFile f = scan_go_source("package p\r\nfunc F() {\r\n}\r\n");
  CHECK(f.line_count() == 3);
  CHECK(f.line_text(1) == "package p");
  CHECK(f.line_text(2) == "func F() {");
  CHECK(f.line_text(3) == "}");
  CHECK(f.line_text(4).empty());
  CHECK(f.line_text(0).empty());
  CHECK(find(f, "F")->end == Position{"", 3, 1});
  GoSourceFile g = scan_go_source("a\nb");
  CHECK(g.line_count() == 2);
  CHECK(g.line_text(2) == "b");
  GoSourceFile empty = scan_go_source("");
  CHECK(empty.line_count() == 1);
  CHECK(empty.line_text(1).empty());
}

TEST_CASE("init functions and their closures", "[source]") {
  GoSourceFile f = scan_go_source(
      "package p\nfunc init() { go func() {}() }\nfunc init() {}\nfunc (T) init() {}\n");
  CHECK(names(f) == std::vector<std::string>{"init.0", "init.0.func1", "init.1", "T.init"});
}

TEST_CASE("imports and type declarations", "[source]") {
  const char* src = R"go(package p

import (
	"fmt"
	yaml "gopkg.in/yaml.v3"
	_ "embed"
	"github.com/x/y/v2"
)
import "strings"

type (
	A struct {
		a, b int
		Embedded
		*pkg.Other
		name string `json:"name"`
		arr  [4]byte
		gen  List[int]
		cb   func(int) error
	}
	B = map[string][]int
	C[T any] struct{ v T }
	D [8]int
)

func F() {
	type local struct{ x int }
	switch v := any(1).(type) {
	case int:
		_ = v
	}
}
)go";
  GoSourceFile f = scan_go_source(src);
  using P = std::pair<std::string, std::string>;
  CHECK(f.imports == std::vector<P>{{"fmt", "fmt"},
                                    {"yaml", "gopkg.in/yaml.v3"},
                                    {"y", "github.com/x/y/v2"},
                                    {"strings", "strings"}});
  REQUIRE(f.types.size() == 5);
  const GoTypeDecl& a = f.types[0];
  CHECK(a.name == "A");
  CHECK(a.is_struct);
  REQUIRE(a.fields.size() == 8);
  CHECK(a.fields[0].name == "a");
  CHECK(a.fields[1].name == "b");
  CHECK(a.fields[1].type == "int");
  CHECK(a.fields[2].name.empty());
  CHECK(a.fields[2].type == "Embedded");
  CHECK(a.fields[3].type == "*pkg.Other");
  CHECK(a.fields[4].name == "name");
  CHECK(a.fields[4].type == "string");
  CHECK(a.fields[5].type == "[4]byte");
  CHECK(a.fields[6].type == "List[int]");
  CHECK(a.fields[7].type == "func(int) error");
  CHECK(f.types[1].is_alias);
  CHECK(f.types[1].type == "map[string][]int");
  CHECK(f.types[2].is_generic);
  CHECK(f.types[3].type == "[8]int");
  CHECK_FALSE(f.types[3].is_generic);
  CHECK(f.types[4].name == "local");
}

TEST_CASE("broken input: unbalanced braces, truncation, garbage bytes", "[source]") {
  // A missing closing brace: the next declaration at column 1 still starts anew.
  GoSourceFile f = scan_go_source("package p\nfunc A() {\n\tif x {\n}\nfunc B() {}\n");
  CHECK(names(f) == std::vector<std::string>{"A", "B"});
  CHECK(find(f, "A")->end.line == 4);
  // Truncated inside a literal and inside a string.
  GoSourceFile t = scan_go_source("package p\nfunc A() {\n\tg := func() {\n\t\ts := \"abc");
  CHECK(names(t) == std::vector<std::string>{"A", "A.func1"});
  CHECK(t.innermost_at(4, 3)->name == "A.func1");
  // Extra closers, NUL and invalid UTF-8.
  std::string junk = "package p\n}}})]\nfunc A() { \xff\xfe\x00 }\n/* unterminated";
  junk.push_back('\0');
  GoSourceFile j = scan_go_source(junk);
  CHECK(names(j) == std::vector<std::string>{"A"});
  // Random bytes and random Go-ish tokens never crash or hang.
  std::mt19937 rng(42);
  const std::vector<std::string> pieces = {
      "func",   "(",     ")",      "{",  "}",   "[",     "]",  "go ", "defer ", "for ",
      "range ", "type ", "struct", "\"", "`",   "'",     "/*", "//",  "\n",     "x",
      ".",      ",",     "*",      "<-", "map", "chan ", "=",  ":=",  "init",   "_"};
  for (int round = 0; round < 300; ++round) {
    std::string s;
    const int len = static_cast<int>(rng() % 400);
    for (int k = 0; k < len; ++k) {
      if (round % 2)
        s += pieces[rng() % pieces.size()];
      else
        s.push_back(static_cast<char>(rng() % 256));
    }
    GoSourceFile r = scan_go_source(s, GoNaming{static_cast<int>(19 + rng() % 8)});
    for (int line = 0; line <= r.line_count() + 1; ++line) {
      (void)r.line_text(line);
      (void)r.innermost_at(line, 0);
      (void)r.innermost_at(line, 3);
    }
    for (const GoFunc& g : r.funcs) CHECK(g.parent < static_cast<int>(r.funcs.size()));
  }
}

TEST_CASE("scanning copes with deep nesting and big files", "[source]") {
  // No timing here (scripts/bench measures); a quadratic scan of these inputs
  // would run into ctest's timeout.
  std::string deep = "package p\nfunc F() {\n";
  for (int k = 0; k < 20000; ++k) deep += "x := func() {\n";
  GoSourceFile d = scan_go_source(deep);
  CHECK(d.funcs.size() == 1000);  // F and 999 nested literals, then plain blocks
  std::string types = "package p\nvar x ";
  for (int k = 0; k < 20000; ++k) types += "func(";
  (void)scan_go_source(types);

  std::string big = "package p\n";
  for (int k = 0; k < 2000; ++k)
    big += "func F" + std::to_string(k) +
           "(a int, b []string) error {\n\ts := \"x{\"\n\tg := func() { _ = s }\n"
           "\tg()\n\treturn nil\n}\n";
  GoSourceFile b = scan_go_source(big);
  CHECK(b.funcs.size() == 4000);
  CHECK(b.line_count() == 12001);
}
