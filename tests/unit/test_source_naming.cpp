// Function names of the source scanner per Go release. Every expectation here
// was checked with real toolchains (go1.19.13, go1.21.13, go1.22.12, go1.24.13,
// go1.26.8; go.mod `go 1.21` and `go 1.22`, and `go 1.23` for range-over-func)
// by printing runtime.FuncForPC(...).Name() from inside each function, built
// with -gcflags=-l so that no inlined copy is renamed, and by reading the names
// in `-gcflags=-m=2` output (`can inline F.func1`, `F.gowrap1`, ...).
#include <catch2/catch.hpp>
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

// The closure shapes of the verification program (a trimmed copy).
constexpr const char* closures_go = R"go(package main

import "sync"

var G1 = func() int { return 1 }
var G2 = []func(){func() {}, func() {}}

type S struct{ f func() }

var G3 = S{f: func() {}}
var G4 = compute(func() int { return 4 })

func compute(f func() int) int { return f() }

func F() {
	a := func() {}
	b := func() {
		c := func() {}
		d := func() {
			e := func() {}
			e()
		}
		c()
		d()
	}
	a()
	b()
	func() {}()
	var wg sync.WaitGroup
	go func() { defer wg.Done() }()
	defer func() {}()
	x := 5
	go func(y int) {}(x)
	go work(&wg, x)
	g := func() {}
	g()
}

func work(wg *sync.WaitGroup, x int) {
	defer wg.Done()
}

type T struct{ n int }

func (t *T) M() { f := func() {}; f() }

func (t T) V() { f := func() {}; f() }

type List[E any] struct{ items []E }

func (l *List[E]) Push(v E) {
	f := func() { l.items = append(l.items, v) }
	f()
}

func (l List[E]) Len() int {
	f := func() int { return len(l.items) }
	return f()
}

func Map[T any, K comparable](xs []T, fn func(T) K) []K {
	g := func(x T) K { return fn(x) }
	_ = g
	return nil
}

func init() {
	f := func() {}
	f()
}

func init() {
	func() {}()
}

func Ret() func() int {
	return func() int { return 1 }
}
)go";

// Runtime names in source order of the `func` (or `go`/`defer`) keyword.
std::vector<std::string> closures_expected(int minor) {
  const std::string glob = minor >= 22 ? "init.func" : "glob..func";
  std::vector<std::string> v = {glob + "1",  glob + "2",    glob + "3", glob + "4", glob + "5",
                                "compute",   "F",           "F.func1",  "F.func2",  "F.func2.1",
                                "F.func2.2", "F.func2.2.1", "F.func3",  "F.func4"};
  if (minor >= 22) v.push_back("F.func4.deferwrap1");
  v.push_back("F.func5");
  if (minor >= 22) v.push_back("F.gowrap1");
  v.push_back("F.func6");
  if (minor >= 22) v.push_back("F.gowrap2");
  v.push_back("F.func7");
  v.push_back("work");
  if (minor >= 22) v.push_back("work.deferwrap1");
  for (const char* s :
       {"(*T).M", "(*T).M.func1", "T.V", "T.V.func1", "(*List[...]).Push",
        "(*List[...]).Push.func1", "List[...].Len", "List[...].Len.func1", "Map[...]",
        "Map[...].func1", "init.0", "init.0.func1", "init.1", "init.1.func1", "Ret", "Ret.func1"})
    v.push_back(s);
  return v;
}

constexpr const char* range_go = R"go(package main

import (
	"fmt"
	"iter"
)

func seq(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func noop()         {}
func withRes() int { return 1 }

func R() {
	a := func() {}
	a()
	for i := range seq(2) {
		b := func() {}
		b()
		for j := range seq(1) {
			c := func() {}
			c()
			_ = j
		}
		_ = i
	}
	d := func() {}
	d()
	for k := range seq(1) {
		_ = k
	}
	go func() { defer noop() }()
	defer noop()
	defer withRes()
	defer fmt.Sprint("x")
	e := func() {}
	e()
}
)go";

}  // namespace

TEST_CASE("closure names per Go release", "[source]") {
  for (int minor : {19, 21, 22, 24, 26}) {
    INFO("go1." << minor);
    GoSourceFile f = scan_go_source(closures_go, GoNaming{minor});
    CHECK(names(f) == closures_expected(minor));
  }
}

TEST_CASE("range-over-func bodies and go/defer wrappers (Go 1.23+)", "[source]") {
  // go1.24.13 and go1.26.8 with `go 1.23`: identical names.
  const std::vector<std::string> expected = {"seq",      "seq.func1",    "noop",         "withRes",
                                             "R",        "R.func1",      "R-range1",     "R.func2",
                                             "R-range2", "R.func3",      "R.func4",      "R-range3",
                                             "R.func5",  "R.deferwrap1", "R.deferwrap2", "R.func6"};
  for (int minor : {24, 26}) {
    GoSourceFile f = scan_go_source(range_go, GoNaming{minor});
    CHECK(names(f) == expected);
  }
  // Before range-over-func: no range bodies; before 1.22: no wrappers either.
  GoSourceFile old = scan_go_source(range_go, GoNaming{21});
  CHECK(names(old) == std::vector<std::string>{"seq", "seq.func1", "noop", "withRes", "R",
                                               "R.func1", "R.func2", "R.func3", "R.func4",
                                               "R.func5", "R.func6"});
}

TEST_CASE("range body contains its lines; closures inside are named after the function",
          "[source]") {
  GoSourceFile f = scan_go_source(range_go, GoNaming{26});
  // `b := func() {}` is line 25 (its `func` at byte column 8), inside R-range1.
  const GoFunc* in_body = f.innermost_at(26, 0);
  REQUIRE(in_body);
  CHECK(in_body->name == "R-range1");
  CHECK(in_body->kind == GoFuncKind::range_body);
  const GoFunc* lit = f.innermost_at(25, 8);
  REQUIRE(lit);
  CHECK(lit->name == "R.func2");
  CHECK(f.funcs[lit->parent].name == "R-range1");
}

TEST_CASE("package-level closures are numbered across the files of a package", "[source]") {
  // Verified: a.go `var A = pair(B, func() {})`, `var B = one(func() {})`; b.go
  // `var C = func() {}`, `var _ = func() int { return 0 }()`, `var D = func() {}`:
  // 1.19/1.21 glob..func1 (A), glob..func2 (B), glob..func3 (C), glob..func5 (D);
  // 1.22+ numbers in initialisation order: B init.func1, A init.func2, C init.func3,
  // D init.func5 (source order is kept here: a known difference for A and B).
  const char* a_go =
      "package main\n\nvar A = pair(B, func() {})\nvar B = one(func() {})\n\n"
      "func init() { _ = func() {} }\n";
  const char* b_go =
      "package main\n\nvar C = func() {}\nvar _ = func() int { return 0 }()\n"
      "var D = func() {}\n\nfunc init() {}\n";
  for (int minor : {21, 22}) {
    GoSourceFile a = scan_go_source(a_go, GoNaming{minor});
    GoSourceFile b = scan_go_source(b_go, GoNaming{minor});
    renumber_package({&a, &b}, GoNaming{minor});
    const std::string g = minor >= 22 ? "init.func" : "glob..func";
    CHECK(names(a) == std::vector<std::string>{g + "1", g + "2", "init.0", "init.0.func1"});
    CHECK(names(b) == std::vector<std::string>{g + "3", g + "4", g + "5", "init.1"});
  }
}
