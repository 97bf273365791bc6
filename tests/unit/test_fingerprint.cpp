// Fingerprints (analysis/fingerprint.cpp): code that moves within a package
// keeps its identity; anything that changes what is allocated does not.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "analysis/diff.hpp"
#include "analysis/stages.hpp"

using namespace goescape;

namespace {

Finding make(std::string function, Kind kind, std::string expr, std::string file, int line,
             int col = 2) {
  Finding f;
  f.kind = kind;
  f.function = std::move(function);
  f.expr = std::move(expr);
  f.pos = Position{std::move(file), line, col};
  f.printed_file = f.pos.file;
  f.package = "example.com/m/cache";
  return f;
}

// Two functions in lru.go; Get allocates `k` twice (repeats need ordinals).
PackageResult sample() {
  PackageResult r;
  r.package = "example.com/m/cache";
  r.findings = {
      make("example.com/m/cache.(*LRU).Add", Kind::moved_to_heap, "x", "cache/lru.go", 10),
      make("example.com/m/cache.(*LRU).Add", Kind::escapes_to_heap, "&entry{...}", "cache/lru.go",
           12, 9),
      make("example.com/m/cache.(*LRU).Get", Kind::escapes_to_heap, "k", "cache/lru.go", 30, 14),
      make("example.com/m/cache.(*LRU).Get", Kind::escapes_to_heap, "k", "cache/lru.go", 34, 14),
      make("example.com/m/cache.(*LRU).Get", Kind::does_not_escape, "k", "cache/lru.go", 35),
  };
  return r;
}

// fingerprint by (function, kind, expr, line rank within the function).
std::multiset<std::string> fingerprints(PackageResult r) {
  assign_fingerprints(r);
  std::multiset<std::string> out;
  for (const Finding& f : r.findings) out.insert(f.fingerprint);
  return out;
}

std::string one(Finding f, std::string package = "example.com/m/cache") {
  PackageResult r;
  r.package = std::move(package);
  r.findings.push_back(std::move(f));
  assign_fingerprints(r);
  return r.findings[0].fingerprint;
}

}  // namespace

TEST_CASE("fingerprint: 16 lowercase hex digits, unique within a package") {
  PackageResult r = sample();
  assign_fingerprints(r);
  std::set<std::string> seen;
  for (const Finding& f : r.findings) {
    CHECK(f.fingerprint.size() == 16);
    CHECK(f.fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(f.fingerprint);
  }
  CHECK(seen.size() == r.findings.size());
}

TEST_CASE("fingerprint: inserting lines above changes nothing") {
  PackageResult moved = sample();
  for (Finding& f : moved.findings) {
    f.pos.line += 7;
    f.pos.col += 1;  // and re-indented
  }
  CHECK(fingerprints(moved) == fingerprints(sample()));
}

TEST_CASE("fingerprint: reordering functions and findings changes nothing") {
  PackageResult moved = sample();
  // Get now comes before Add in the file, and the parser saw it first.
  for (Finding& f : moved.findings) {
    f.pos.line += f.function->ends_with("Add") ? 40 : -20;
  }
  std::reverse(moved.findings.begin(), moved.findings.end());
  PackageResult original = sample();
  assign_fingerprints(original);
  assign_fingerprints(moved);
  // Same identity per finding, not only the same set.
  for (const Finding& f : original.findings) {
    auto it = std::find_if(moved.findings.begin(), moved.findings.end(), [&](const Finding& m) {
      return m.function == f.function && m.kind == f.kind && m.expr == f.expr &&
             m.pos.line - (f.function->ends_with("Add") ? 40 : -20) == f.pos.line;
    });
    REQUIRE(it != moved.findings.end());
    CHECK(it->fingerprint == f.fingerprint);
  }
}

TEST_CASE("fingerprint: renaming or moving a file within the package changes nothing") {
  PackageResult moved = sample();
  for (Finding& f : moved.findings) {
    f.pos.file = "cache/cache_lru.go";
    f.printed_file = "./cache_lru.go";
  }
  CHECK(fingerprints(moved) == fingerprints(sample()));
}

TEST_CASE("fingerprint: repeats are numbered in source order") {
  PackageResult r = sample();
  assign_fingerprints(r);
  const std::string first = r.findings[2].fingerprint;   // k at line 30
  const std::string second = r.findings[3].fingerprint;  // k at line 34
  CHECK(first != second);

  // A line inserted between the two keeps both identities.
  PackageResult moved = sample();
  moved.findings[3].pos.line += 3;
  assign_fingerprints(moved);
  CHECK(moved.findings[2].fingerprint == first);
  CHECK(moved.findings[3].fingerprint == second);

  // Removing the first repeat leaves one finding: the ordinal-0 identity.
  PackageResult fewer = sample();
  fewer.findings.erase(fewer.findings.begin() + 3);
  assign_fingerprints(fewer);
  CHECK(fewer.findings[2].fingerprint == first);
}

TEST_CASE("fingerprint: what is allocated, and where, is part of the identity") {
  const Finding base = make("example.com/m/cache.F", Kind::escapes_to_heap, "v", "cache/a.go", 3);
  const std::string fp = one(base);
  Finding other = base;
  other.kind = Kind::moved_to_heap;
  CHECK(one(other) != fp);
  other = base;
  other.expr = "w";
  CHECK(one(other) != fp);
  other = base;
  other.function = "example.com/m/cache.G";
  CHECK(one(other) != fp);
  other = base;
  other.pattern = "interface-conversion";
  CHECK(one(other) != fp);
  other = base;
  other.package = "example.com/m/other";
  CHECK(one(other, "example.com/m/other") != fp);
  other = base;
  other.variant = "example.com/m/cache.test";
  CHECK(one(other) != fp);
  // Qualified inlined names stay distinct from local ones.
  other = base;
  other.expr = "sub.v";
  CHECK(one(other) != fp);
}

TEST_CASE("fingerprint: message wording, suggestion and flow are not part of it") {
  Finding base = make("example.com/m/cache.F", Kind::escapes_to_heap, "v", "cache/a.go", 3);
  const std::string fp = one(base);
  base.message = "v escapes to heap:";
  base.suggestion = "pass a pointer";
  base.flow.push_back(FlowStep{"call parameter", "fmt.Println(v)", Position{"cache/a.go", 4, 2}});
  base.occurrences = 3;
  CHECK(one(base) == fp);
}

TEST_CASE("fingerprint: outside any function the file's base name anchors it") {
  Finding f = make("", Kind::escapes_to_heap, "errors.New(\"x\")", "cache/vars.go", 5);
  f.function.reset();
  const std::string fp = one(f);
  f.pos = Position{"cache/vars.go", 50, 1};
  CHECK(one(f) == fp);
  f.pos.file = "other/dir/vars.go";
  CHECK(one(f) == fp);
  f.pos.file = "cache/globals.go";
  CHECK(one(f) != fp);
}

TEST_CASE("fingerprint: Go 1.19 spellings match later releases") {
  CHECK(normalize_expression("(interface {})(x)") == "x");
  CHECK(normalize_expression("(interface {})(string(\"strings: illegal use\"))") ==
        "\"strings: illegal use\"");
  CHECK(normalize_expression("(any)(t.Kind)") == "t.Kind");
  CHECK(normalize_expression("  a  +\tb\n") == "a + b");
  CHECK(normalize_expression("sub.v") == "sub.v");
  // Not a wrapper around the whole expression: kept.
  CHECK(normalize_expression("(interface {})(a) + (interface {})(b)") ==
        "(interface {})(a) + (interface {})(b)");
  CHECK(normalize_expression("string(b)") == "string(b)");
  CHECK(normalize_expression("string(\"a\") + string(\"b\")") == "string(\"a\") + string(\"b\")");
  // A literal holding a parenthesis does not confuse the matching.
  CHECK(normalize_expression("(interface {})(\")\")") == "\")\"");

  Finding old = make("example.com/m/kv.F", Kind::escapes_to_heap,
                     "(interface {})(string(\"strings: illegal use\"))", "kv/kv.go", 157, 15);
  Finding now = old;
  now.expr = "\"strings: illegal use\"";
  CHECK(one(old) == one(now));
}

TEST_CASE("fingerprint: a closure is anchored on its named function") {
  // Inserting a closure renumbers the ones after it: func2 becomes func3.
  const Finding before =
      make("example.com/m/cache.(*LRU).Add.func2", Kind::moved_to_heap, "x", "cache/a.go", 3);
  Finding after = before;
  after.function = "example.com/m/cache.(*LRU).Add.func3";
  CHECK(one(after) == one(before));
  after.function = "example.com/m/cache.(*LRU).Add.func1.2";
  CHECK(one(after) == one(before));
  after.function = "example.com/m/cache.(*LRU).Add-range1";
  CHECK(one(after) == one(before));
  // ... but not on another function, nor on the package.
  after.function = "example.com/m/cache.(*LRU).Get.func2";
  CHECK(one(after) != one(before));
  const Finding top = make("example.com/m/cache.func1", Kind::moved_to_heap, "x", "cache/a.go", 3);
  Finding other = top;
  other.function = "example.com/m/cache.func2";
  CHECK(one(other) != one(top));
  // Generic names keep their type arguments, dots and slashes included.
  const Finding generic = make("example.com/m/cache.New[example.com/m/k.Key].func1",
                               Kind::moved_to_heap, "x", "cache/a.go", 3);
  Finding generic2 = generic;
  generic2.function = "example.com/m/cache.New[example.com/m/k.Key]";
  CHECK(one(generic2) == one(generic));
}

TEST_CASE("fingerprint: expressions that name a closure ignore its number") {
  CHECK(normalize_expression("Register.func2") == "Register.func");
  CHECK(normalize_expression("(*T).M.func1.3") == "(*T).M.func");
  CHECK(normalize_expression("F-range12") == "F-range");
  CHECK(normalize_expression("fmt.funcName") == "fmt.funcName");
  CHECK(normalize_expression("x.func") == "x.func");
  CHECK(normalize_expression("a.func1 + b.func22") == "a.func + b.func");
  // can_inline of the second closure, before and after one is inserted ahead:
  // the same identity, told apart from the first by source order.
  const Finding before =
      make("example.com/m/cache.F", Kind::can_inline, "F.func1", "cache/a.go", 5);
  Finding after = before;
  after.expr = "F.func2";
  CHECK(one(after) == one(before));
}

TEST_CASE("fingerprint: an escape that starts to allocate is a new finding") {
  const Finding base = make("example.com/m/cache.F", Kind::escapes_to_heap, "v", "cache/a.go", 3);
  const std::string fp = one(base);
  // Deciding allocation leaves the identity of allocating findings alone, so
  // reports from before it still match.
  for (Allocation a : {Allocation::always, Allocation::sometimes}) {
    Finding decided = base;
    decided.allocation = a;
    CHECK(one(decided) == fp);
  }
  Finding never = base;
  never.allocation = Allocation::never;
  CHECK(one(never) != fp);
  // An explained escape without a verdict is numbered apart from the func
  // literals the compiler gives verdicts for.
  Finding synthesized = base;
  synthesized.synthesized = true;
  CHECK(one(synthesized) != fp);
}
