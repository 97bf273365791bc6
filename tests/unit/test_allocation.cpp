// Whether heap findings allocate (analysis/allocation.hpp): the rules table
// itself, the subject read from typed facts (written here as the helper
// writes them), the text-only fallback, and the stage.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "analysis/allocation.hpp"
#include "analysis/stages.hpp"
#include "facts_fixture.hpp"
#include "model/summary.hpp"

using namespace goescape;

namespace {

// Package example.com/m/a in /src/m/a, file a.go. Each line below holds the
// sites the compiler's position of one construct has (column 10 unless said).
//   3 "hi" boxed (a constant)          12 go send(ch, n) at col 2 (captures)
//   4 n boxed (int)                    13 go ping(1) at col 2 (captures nothing)
//   5 e boxed (empty, 0 bytes)         14 make([]int, 0)
//   6 b boxed (bool)                   15 make(map[string]int)
//   7 p boxed (point, 16 bytes)        16 []int{}
//   8 p.sum: a method value, boxed     17 moved to heap: e (empty)
//   9 point{} boxed                    18 []byte(s)
//  10 func() {} (captures nothing)     19 string(r) of a rune
//  11 func() { n++ } (captures n)      20 string(t) of a named slice type
//  21 newEmpty(): inlined, its body makes &empty{}
const char* const facts_line = R"json({"package": "example.com/m/a", "name": "a",
 "dir": "/src/m/a", "go": "go1.26.8", "goarch": "amd64",
 "files": [{"path": "/src/m/a/a.go"}],
 "functions": [
  {"id": 0, "name": "example.com/m/a.F", "kind": "func", "file": 0, "line": 2, "col": 1,
   "end_line": 30, "end_col": 2, "parent": -1},
  {"id": 1, "name": "example.com/m/a.newEmpty", "kind": "func", "file": 0, "line": 40,
   "col": 1, "end_line": 40, "end_col": 40, "parent": -1}
 ],
 "types": [
  {"name": "string", "short": "string", "kind": "string", "size": 16, "align": 8,
   "has_pointers": true},
  {"name": "int", "short": "int", "kind": "int", "size": 8, "align": 8},
  {"name": "rune", "short": "rune", "kind": "int", "bits": 32, "size": 4, "align": 4},
  {"name": "bool", "short": "bool", "kind": "bool", "size": 1, "align": 1},
  {"name": "example.com/m/a.empty", "short": "a.empty", "kind": "struct", "size": 0,
   "align": 1},
  {"name": "example.com/m/a.point", "short": "a.point", "kind": "struct", "size": 16,
   "align": 8, "fields": [{"name": "x", "type": "int", "size": 8, "offset": 0},
                          {"name": "y", "type": "int", "size": 8, "offset": 8}]},
  {"name": "func() int", "short": "func() int", "kind": "func", "size": 8, "align": 8,
   "pointer_shaped": true, "has_pointers": true},
  {"name": "[]int", "short": "[]int", "kind": "slice", "size": 24, "align": 8,
   "has_pointers": true},
  {"name": "[]byte", "short": "[]byte", "kind": "slice", "size": 24, "align": 8,
   "has_pointers": true},
  {"name": "example.com/m/a.text", "short": "a.text", "kind": "slice", "size": 24,
   "align": 8, "has_pointers": true},
  {"name": "map[string]int", "short": "map[string]int", "kind": "map", "size": 8,
   "align": 8, "pointer_shaped": true, "has_pointers": true}
 ],
 "sites": [
  {"node": "conv_iface", "file": 0, "line": 3, "col": 10, "function": 0, "type": "string",
   "const": true, "value": "\"hi\"", "implicit": true},
  {"node": "conv_iface", "file": 0, "line": 4, "col": 10, "function": 0, "type": "int"},
  {"node": "conv_iface", "file": 0, "line": 5, "col": 10, "function": 0,
   "type": "example.com/m/a.empty"},
  {"node": "conv_iface", "file": 0, "line": 6, "col": 10, "function": 0, "type": "bool"},
  {"node": "conv_iface", "file": 0, "line": 7, "col": 10, "function": 0,
   "type": "example.com/m/a.point"},
  {"node": "conv_iface", "file": 0, "line": 8, "col": 10, "function": 0, "type": "func() int"},
  {"node": "method_value", "file": 0, "line": 8, "col": 10, "function": 0,
   "type": "func() int", "receiver_type": "example.com/m/a.point"},
  {"node": "conv_iface", "file": 0, "line": 9, "col": 10, "function": 0,
   "type": "example.com/m/a.point"},
  {"node": "composite", "file": 0, "line": 9, "col": 10, "function": 0,
   "type": "example.com/m/a.point", "elements": 0},
  {"node": "func_lit", "file": 0, "line": 10, "col": 10, "function": 0, "type": "func() int"},
  {"node": "func_lit", "file": 0, "line": 11, "col": 10, "function": 0, "type": "func() int",
   "captures": [{"name": "n", "type": "int", "size": 8}]},
  {"node": "go", "file": 0, "line": 12, "col": 2, "function": 0, "type": "",
   "call_args": 2, "captures": [{"name": "ch", "type": "chan int", "size": 8},
                                {"name": "n", "type": "int", "size": 8}]},
  {"node": "go", "file": 0, "line": 13, "col": 2, "function": 0, "type": "", "call_args": 1},
  {"node": "make", "file": 0, "line": 14, "col": 10, "function": 0, "type": "[]int",
   "make": "slice", "args": [{"text": "0", "const": true, "value": 0}]},
  {"node": "make", "file": 0, "line": 15, "col": 10, "function": 0, "type": "map[string]int",
   "make": "map", "args": []},
  {"node": "composite", "file": 0, "line": 16, "col": 10, "function": 0, "type": "[]int",
   "elements": 0},
  {"node": "var", "file": 0, "line": 17, "col": 2, "function": 0,
   "type": "example.com/m/a.empty", "var": "e", "addr_taken": true},
  {"node": "conv", "file": 0, "line": 18, "col": 10, "function": 0, "type": "[]byte",
   "from": "string"},
  {"node": "conv", "file": 0, "line": 19, "col": 10, "function": 0, "type": "string",
   "from": "rune"},
  {"node": "conv", "file": 0, "line": 20, "col": 10, "function": 0, "type": "string",
   "from": "example.com/m/a.text"},
  {"node": "call", "file": 0, "line": 21, "col": 10, "function": 0,
   "type": "*example.com/m/a.empty", "callee": "example.com/m/a.newEmpty", "static": true,
   "in_module": true},
  {"node": "addr", "file": 0, "line": 40, "col": 30, "function": 1,
   "type": "example.com/m/a.empty", "composite": true}
 ]})json";

PackageFacts read_fixture() { return goescape::testing::fixture_facts(facts_line); }

Finding heap(int line, int col, std::string expr, Kind kind = Kind::escapes_to_heap) {
  Finding f;
  f.kind = kind;
  f.pos = Position{"a/a.go", line, col};
  f.expr = std::move(expr);
  f.message =
      kind == Kind::moved_to_heap ? "moved to heap: " + f.expr : f.expr + " escapes to heap";
  f.package = "example.com/m/a";
  return f;
}

// Adds a named type of a basic kind to `p`'s types table.
void add_basic_type(PackageFacts& p, std::string_view name, std::string_view short_name,
                    TypeKind kind, std::int64_t size) {
  FactType t;
  t.name = p.intern(name);
  t.short_name = p.intern(short_name);
  t.kind = kind;
  t.size = size;
  t.align = 8;
  p.types.push_back(t);
}

const AllocationRule& rule_named(std::string_view id) {
  for (const AllocationRule& r : allocation_rules())
    if (r.id == id) return r;
  FAIL("no rule " << id);
  return allocation_rules().front();
}

// The id of the rule the stage chose for each finding, by its note.
// Runs the stage on `findings` of example.com/m/a in /src/m.
PackageResult run_stage(std::vector<Finding> findings, int go_minor, const FactsProvider* facts) {
  AnalysisContext ctx;
  ctx.root = "/src/m";
  ctx.go_minor = go_minor;
  ctx.facts = facts;
  PackageResult result;
  result.package = "example.com/m/a";
  result.findings = std::move(findings);
  decide_allocation(result, ctx);
  return result;
}

std::vector<std::string> decided(std::vector<Finding> findings, int go_minor,
                                 const FactsProvider* facts) {
  const PackageResult result = run_stage(std::move(findings), go_minor, facts);
  std::vector<std::string> ids;
  for (const Finding& f : result.findings) {
    if (!f.is_heap()) continue;
    REQUIRE(f.allocation);
    std::string id = "?";
    for (const AllocationRule& r : allocation_rules()) {
      const bool same_note = f.allocation_note == r.note ||
                             f.allocation_note == std::string(r.note) + " (the type was not known)";
      if (same_note && *f.allocation == r.verdict) {
        id = std::string(r.id);
        break;
      }
    }
    ids.push_back(id);
  }
  return ids;
}

}  // namespace

TEST_CASE("allocation rules: ids are unique, every row can apply, every construct has a default") {
  std::set<std::string_view> ids;
  std::set<Construct> with_default;
  for (const AllocationRule& r : allocation_rules()) {
    INFO(r.id);
    CHECK(ids.insert(r.id).second);
    CHECK_FALSE(r.note.empty());
    CHECK((r.source.empty() == (r.construct == Construct::unknown)));
    if (r.traits == 0) with_default.insert(r.construct);
    // A subject with exactly the row's traits, under a release it applies
    // to, reaches this row: no earlier row shadows it.
    AllocationSubject s{r.construct, r.traits, ~0u};
    CHECK(allocation_rule(s, 99).id == r.id);
  }
  for (int c = 0; c <= static_cast<int>(Construct::unknown); ++c) {
    INFO(c);
    CHECK(with_default.count(static_cast<Construct>(c)) == 1);
  }
}

TEST_CASE("allocation rules: a release-bound rule does not apply to older or unknown releases") {
  const AllocationSubject zero_literal{Construct::boxed_value, trait_small_zero_value, ~0u};
  CHECK(allocation_rule(zero_literal, 26).id == "box-zero-literal");
  CHECK(allocation_rule(zero_literal, 25).id == "box-zero-literal");
  CHECK(allocation_rule(zero_literal, 24).id == "box-value");
  CHECK(allocation_rule(zero_literal, 0).id == "box-value");
}

TEST_CASE("allocation rules: a note says when the type was not known") {
  const AllocationSubject typed{Construct::new_object, 0, ~0u};
  const AllocationSubject untyped{Construct::new_object, 0, 0};
  CHECK(allocation_note(allocation_rule(typed, 26), typed) == "newobject each time it runs");
  CHECK(allocation_note(allocation_rule(untyped, 26), untyped) ==
        "newobject each time it runs (the type was not known)");
  // No row of method values asks for a trait: nothing was missing.
  const AllocationSubject method{Construct::method_value, 0, 0};
  CHECK(allocation_note(allocation_rule(method, 26), method) == "a closure holding the receiver");
}

TEST_CASE("allocation: the facts at each finding's position decide") {
  FactsMap facts;
  facts.add(read_fixture());
  Finding wrapper = heap(12, 2, "func literal");
  wrapper.synthesized = true;
  Finding static_wrapper = heap(13, 2, "func literal");
  static_wrapper.synthesized = true;
  const std::vector<Finding> findings = {
      heap(3, 10, "\"hi\""),
      heap(4, 10, "n"),
      heap(5, 10, "e"),
      heap(6, 10, "b"),
      heap(7, 10, "p"),
      heap(8, 10, "p.sum"),
      heap(9, 10, "point{}"),
      heap(10, 10, "func literal"),
      heap(11, 10, "func literal"),
      wrapper,
      static_wrapper,
      heap(14, 10, "make([]int, 0)"),
      heap(15, 10, "make(map[string]int)"),
      heap(16, 10, "[]int{}"),
      heap(17, 2, "e", Kind::moved_to_heap),
      heap(18, 10, "([]byte)(s)"),
      heap(19, 10, "string(r)"),
      heap(20, 10, "string(t)"),
      heap(21, 10, "&empty{}"),
  };
  CHECK(decided(findings, 26, &facts) ==
        std::vector<std::string>{
            "box-constant", "box-small-int", "box-zero-size", "box-single-byte", "box-value",
            // the pointer-shaped boxing spills nothing: the
            // verdict is the method value's
            "method-value", "box-zero-literal", "closure-static", "closure", "go-defer-wrapper",
            "go-defer-wrapper-static", "make-slice-empty", "map", "slice-literal-empty",
            "moved-zero-size", "string-to-bytes", "rune-to-string", "unknown", "new-zero-size"});
  // Go 1.24 had no zeroVal for literals: point{} is copied.
  CHECK(decided({heap(9, 10, "point{}")}, 24, &facts) == std::vector<std::string>{"box-value"});
}

TEST_CASE("allocation: without facts only what the text makes certain") {
  Finding explained = heap(10, 10, "func literal");
  explained.flow.push_back(FlowStep{"spill", "func literal", {}});
  Finding wrapper = explained;
  wrapper.synthesized = true;
  const std::vector<Finding> findings = {
      heap(3, 10, "\"a \\\"quoted\\\" string\""),
      heap(3, 10, "\"a long string cut by the compil\"..."),
      heap(3, 10, "-1"),
      heap(3, 10, "1.5e+06"),
      heap(3, 10, "int64(5)"),
      heap(3, 10, "errors.New(\"x\")"),  // a call prints like a conversion
      heap(3, 10, "n"),
      heap(3, 10, "context.backgroundCtx{}"),
      heap(3, 10, "go.shape.[]string{}"),
      heap(3, 10, "[]int{...}"),
      heap(3, 10, "make([]byte, 0, 0)"),
      heap(3, 10, "make([]byte, n)"),
      heap(3, 10, "([]byte)(\"ok\")"),
      heap(3, 10, "append"),
      heap(3, 10, "&T{...}"),
      explained,
      heap(3, 10, "func literal"),  // no flow: a -m log, captures unknown
      wrapper,
      heap(3, 10, "#next"),
  };
  CHECK(decided(findings, 26, nullptr) ==
        std::vector<std::string>{"box-constant", "box-constant", "box-constant", "box-constant",
                                 "box-constant", "unknown", "unknown", "box-zero-literal-untyped",
                                 "slice-literal-empty", "slice-literal", "make-slice-empty",
                                 "make-slice", "string-to-bytes-constant", "append", "new-object",
                                 "closure-static", "closure", "go-defer-wrapper-static",
                                 "moved-variable"});
  // A capture line anywhere in the package: a closure may capture.
  Finding capture;
  capture.kind = Kind::other;
  capture.captures.push_back(Capture{"F", "n", false, false, false, 8});
  CHECK(decided({explained, capture}, 26, nullptr).front() == "closure");
  // Before Go 1.25 a zero-value literal of an unknown type may be copied.
  CHECK(decided({heap(3, 10, "context.backgroundCtx{}")}, 24, nullptr) ==
        std::vector<std::string>{"box-value"});
}

TEST_CASE("allocation: a typed constant is told from a call by the facts' types") {
  FactsMap facts;
  PackageFacts p = read_fixture();
  add_basic_type(p, "example.com/m/a.Level", "a.Level", TypeKind::int_, 8);
  facts.add(std::move(p));
  // Line 30 has no site: the text decides, with the package's type names.
  CHECK(decided({heap(30, 10, "Level(6)"), heap(30, 10, "a.Level(6)"), heap(30, 10, "F(6)")}, 26,
                &facts) == std::vector<std::string>{"box-constant", "box-constant", "unknown"});
}

TEST_CASE("allocation: a constant of a type only an imported package names") {
  // The helper lists the constant types of the package's imports
  // (FACTS.md, Type): pprof.handler is unexported, used by pprof.Handler's
  // inlinable body, and the module never names it.
  FactsMap facts;
  PackageFacts p = read_fixture();
  add_basic_type(p, "net/http/pprof.handler", "pprof.handler", TypeKind::string, 16);
  FactSite call;
  call.node = SiteNode::call;
  call.line = 31;
  call.col = 44;
  call.function = 0;
  call.detail = p.intern("net/http/pprof.Handler");
  call.flags = site_static;
  p.sites.push_back(call);
  facts.add(std::move(p));
  CHECK(decided({heap(31, 44, "pprof.handler(\"goroutine\")"), heap(31, 44, "pprof.Handler(\"x\")"),
                 heap(31, 44, "other.handler(\"x\")")},
                26, &facts) == std::vector<std::string>{"box-constant", "unknown", "unknown"});
  // A wrapper the compiler made has no file: the package's types still tell.
  Finding wrapper = heap(1, 0, "pprof.handler(\"heap\")");
  wrapper.pos.file = "<autogenerated>";
  CHECK(decided({wrapper}, 26, &facts) == std::vector<std::string>{"box-constant"});
}

TEST_CASE("allocation: Go 1.25+ boxes the constant a variable holds") {
  FactsMap facts;
  facts.add(read_fixture());
  // Line 4 boxes the variable n (no constant): Go 1.26 prints the constant
  // it holds, older releases its name.
  CHECK(decided({heap(4, 10, "5000"), heap(4, 10, "n")}, 26, &facts) ==
        std::vector<std::string>{"box-static-value", "box-small-int"});
  CHECK(decided({heap(4, 10, "5000")}, 25, &facts) == std::vector<std::string>{"box-static-value"});
  // Before Go 1.25 nothing is rewritten (Go 1.19 may print a neighbour's
  // constant at a variable's position).
  CHECK(decided({heap(4, 10, "5000")}, 24, &facts) == std::vector<std::string>{"box-small-int"});
}

TEST_CASE("allocation: only heap findings get a verdict") {
  AnalysisContext ctx;
  PackageResult result;
  Finding does_not = heap(4, 10, "n", Kind::does_not_escape);
  result.findings = {does_not};
  decide_allocation(result, ctx);
  CHECK_FALSE(result.findings[0].allocation);
  CHECK(result.findings[0].allocation_note.empty());
  CHECK(rule_named("box-constant").verdict == Allocation::never);
}

TEST_CASE("summary: heap allocations are the findings that allocate") {
  Finding always = heap(4, 10, "n");
  always.allocation = Allocation::always;
  Finding never = heap(3, 10, "\"hi\"");
  never.allocation = Allocation::never;
  Finding undecided = heap(5, 10, "e");
  Finding wrapper = heap(12, 2, "func literal");
  wrapper.allocation = Allocation::always;
  wrapper.synthesized = true;
  Finding other = heap(6, 10, "b", Kind::does_not_escape);
  std::vector<Finding> findings = {always, never, undecided, wrapper, other};
  for (Finding& f : findings) f.function = "example.com/m/a.F";
  const KindCounts counts = summarize(findings);
  CHECK(counts.at("heap_allocations") == 3);
  CHECK(counts.at("escapes_without_allocation") == 1);
  CHECK(counts.at("synthesized") == 1);
  CHECK(counts.at("escapes_to_heap") == 4);
  CHECK(findings_counted(counts) == 5);
  const std::vector<FunctionSummary> functions = summarize_functions(findings);
  REQUIRE(functions.size() == 1);
  CHECK(functions[0].heap_allocations() == 3);
  CHECK(findings_counted(functions[0].counts) == 5);
}

namespace {

// Function G (lines 50..60) of example.com/m/a: parameters a, b and locals
// x, y, z (int), p (*int) in region 1; w (int) in region 2, after a branch.
const char* const regions_line = R"json({"package": "example.com/m/a", "name": "a",
 "dir": "/src/m/a", "go": "go1.26.8", "goarch": "amd64",
 "files": [{"path": "/src/m/a/a.go"}],
 "functions": [
  {"id": 0, "name": "example.com/m/a.G", "kind": "func", "file": 0, "line": 50, "col": 1,
   "end_line": 60, "end_col": 2, "parent": -1}
 ],
 "types": [
  {"name": "int", "short": "int", "kind": "int", "size": 8, "align": 8},
  {"name": "*int", "short": "*int", "kind": "pointer", "size": 8, "align": 8,
   "pointer_shaped": true, "has_pointers": true}
 ],
 "sites": [
  {"node": "var", "file": 0, "line": 50, "col": 8, "function": 0, "type": "int", "var": "a",
   "region": 1},
  {"node": "var", "file": 0, "line": 50, "col": 11, "function": 0, "type": "int", "var": "b",
   "region": 1},
  {"node": "var", "file": 0, "line": 51, "col": 2, "function": 0, "type": "int", "var": "x",
   "region": 1},
  {"node": "var", "file": 0, "line": 52, "col": 2, "function": 0, "type": "*int", "var": "p",
   "region": 1},
  {"node": "var", "file": 0, "line": 53, "col": 2, "function": 0, "type": "int", "var": "y",
   "region": 1},
  {"node": "var", "file": 0, "line": 54, "col": 2, "function": 0, "type": "int", "var": "z",
   "region": 1},
  {"node": "var", "file": 0, "line": 56, "col": 3, "function": 0, "type": "int", "var": "w",
   "region": 2}
 ]})json";

Finding moved(int line, int col, std::string name, std::string function = "example.com/m/a.G") {
  Finding f = heap(line, col, std::move(name), Kind::moved_to_heap);
  f.function = std::move(function);
  return f;
}

// "always", or "never: NOTE" for a finding that allocates nothing, per finding.
std::vector<std::string> verdicts(std::vector<Finding> findings, int go_minor) {
  FactsMap facts;
  facts.add(goescape::testing::fixture_facts(regions_line));
  const PackageResult result = run_stage(std::move(findings), go_minor, &facts);
  std::vector<std::string> out;
  for (const Finding& f : result.findings)
    out.push_back(f.allocation == Allocation::always ? "always" : "never: " + f.allocation_note);
  return out;
}

}  // namespace

TEST_CASE("allocation: Go 1.25+ packs the small moved variables of a region") {
  const std::string shared(rule_named("moved-shared").note);
  const std::vector<Finding> all = {moved(54, 2, "z"), moved(50, 8, "a"), moved(50, 11, "b"),
                                    moved(51, 2, "x"), moved(52, 2, "p"), moved(53, 2, "y"),
                                    moved(56, 3, "w")};
  // Declaration order: a+b fill 16 bytes; x starts a group that y joins (p,
  // holding a pointer, has its own allocation and closes nothing); z starts
  // the third; w is in another region.
  CHECK(verdicts(all, 26) ==
        std::vector<std::string>{
            "always", "always", "never: shares one allocation with a: " + shared, "always",
            "always", "never: shares one allocation with x: " + shared, "always"});
  CHECK(verdicts(all, 25)[2] != "always");
  // Before Go 1.25 every moved variable has its own allocation.
  for (const std::string& v : verdicts(all, 24)) CHECK(v == "always");
  // A finding of another function (an inlined copy) is not packed, nor is one
  // without a region.
  CHECK(verdicts({moved(50, 8, "a"), moved(50, 11, "b", "example.com/m/a.H")}, 26) ==
        std::vector<std::string>{"always", "always"});
  // A moved variable of G with no site of its own (a compiler temporary) may
  // sit between any two: nothing of G is packed.
  CHECK(verdicts({moved(50, 8, "a"), moved(50, 11, "b"), moved(51, 9, ".autotmp_3")}, 26) ==
        std::vector<std::string>{"always", "always", "always"});
}
