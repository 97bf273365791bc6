// Profile figures per finding: the rules of analysis/profile_split.hpp on
// values, heap block sizes, the `bytes` label, and apply_profile on the real
// profile of samples/profile/growth's benchmark (mem.raw.txt, Go 1.26,
// -trimpath), with the findings and facts of its source written here.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "analysis/profile_split.hpp"
#include "analysis/stages.hpp"
#include "catalog/catalog.hpp"
#include "facts_fixture.hpp"
#include "profile/heap_blocks.hpp"
#include "profile/heap_profile.hpp"
#include "profile/profile_share.hpp"

using namespace goescape;
using Role = LineClaimant::Role;

namespace {

SampleGroup group(std::vector<std::string_view> inner, std::int64_t block, std::int64_t objects) {
  SampleGroup g = sample_group(inner);
  g.block = block;
  g.values = {objects, objects * block, 0, 0};
  return g;
}

LineClaimant claimant(Role role, int col, std::int64_t block = 0, std::string inlined = "") {
  return {role, std::move(inlined), block, col};
}

}  // namespace

TEST_CASE("heap blocks: tiny, size classes, malloc headers, pages") {
  CHECK(heap_block_size(0, false) == 0);
  CHECK(heap_block_size(8, false) == 16);  // the tiny allocator's block
  CHECK(heap_block_size(8, true) == 8);
  CHECK(heap_block_size(24, false) == 24);
  CHECK(heap_block_size(25, true) == 32);
  CHECK(heap_block_size(512, true) == 512);
  CHECK(heap_block_size(513, true) == 576);  // 8-byte header, then the class
  CHECK(heap_block_size(40000, false) == 40960);
}

TEST_CASE("profile split: the runtime's frames are the line's own code") {
  SampleGroup own = sample_group({"runtime.mallocgc", "runtime.growslice"});
  CHECK(own.chain.empty());
  CHECK(own.growth == GrowthKind::slice);
  SampleGroup builder =
      sample_group({"bytes.growSlice", "bytes.(*Buffer).grow", "bytes.(*Buffer).WriteString"});
  CHECK(builder.growth == GrowthKind::builder);
  // A callee that uses a builder inside is not the line's builder growing.
  SampleGroup upper = sample_group({"strings.(*Builder).grow", "strings.ToUpper"});
  CHECK_FALSE(upper.growth);
  CHECK(upper.chain.back() == "strings.ToUpper");
  CHECK(growth_function("internal/runtime/maps.newarray") == GrowthKind::map);
}

TEST_CASE("profile split: block sizes separate boxing, a struct and growth on one line") {
  LineContext line;
  line.growth_line = true;
  line.claimants = {claimant(Role::growth, 17), claimant(Role::fixed, 33, 16),
                    claimant(Role::fixed, 40, 48)};
  std::vector<SampleGroup> groups = {group({}, 16, 1000), group({}, 48, 10), group({}, 256, 3),
                                     group({}, 1024, 2)};
  LineSplit s = split_line(groups, line);
  CHECK(s.claimed[0].alloc_space == 256 * 3 + 1024 * 2);
  CHECK(s.claimed[1].alloc_space == 16000);
  CHECK(s.claimed[2].alloc_space == 480);
  CHECK(s.new_growth == ProfileValues{});
  CHECK(s.unexplained == ProfileValues{});
}

TEST_CASE("profile split: callees go to the inlined finding or the call they are in") {
  LineContext line;
  line.claimants = {claimant(Role::variable, 5), claimant(Role::inlined, 9, 0, "pkg.New[...]"),
                    claimant(Role::variable, 30)};
  line.calls = {{"fmt.Sprintf", 20, 40}};
  std::vector<SampleGroup> groups = {group({"pkg.New[go.shape.int]"}, 32, 4),
                                     group({"fmt.(*pp).doPrintf", "fmt.Sprintf"}, 64, 2),
                                     group({"strconv.Itoa"}, 16, 7)};
  LineSplit s = split_line(groups, line);
  CHECK(s.claimed[1].alloc_space == 128);  // inlined from pkg.New
  CHECK(s.claimed[2].alloc_space == 128);  // inside the Sprintf call's span
  CHECK(s.claimed[0].alloc_space == 0);
  CHECK(s.unexplained.alloc_space == 112);  // strconv.Itoa: no finding is about it
}

TEST_CASE("profile split: growth nobody claims is new growth; ties split evenly") {
  LineContext line;
  line.growth_line = true;
  line.claimants = {claimant(Role::variable, 12)};
  LineSplit s = split_line({group({}, 64, 3), group({"bytes.(*Buffer).WriteByte"}, 128, 1)}, line);
  // The line's own code: the variable-size finding and the growth share it.
  CHECK(s.claimed[0].alloc_objects == 2);  // 3 objects: the first takes the odd one
  CHECK(s.new_growth.alloc_objects == 1 + 1);
  CHECK(s.claimed[0].alloc_space + s.new_growth.alloc_space == 64 * 3 + 128);

  LineContext plain;  // no growth line, one finding: it is all there is
  plain.claimants = {claimant(Role::fixed, 3, 32)};
  LineSplit p = split_line({group({"encoding/json.Marshal"}, 512, 1), group({}, 48, 1)}, plain);
  CHECK(p.claimed[0].alloc_space == 512 + 48);
}

TEST_CASE("pprof raw: the bytes label is the sample's block size") {
  auto p = parse_pprof_raw(
      "Samples:\nalloc_objects/count alloc_space/bytes\n 2 160: 1\n bytes:[80]\n 1 7: 1\n"
      " x 7: 1\n bytes:[99]\nLocations\n 1: 0x1 M=1 main.F /m/f.go:3:0 s=1\n");
  REQUIRE(p.ok());
  REQUIRE(p->samples.size() == 2);
  CHECK(p->samples[0].block_size == 80);
  CHECK(p->samples[1].block_size == 0);  // the label after a bad line is not its
}

namespace {

const std::string root = GOESCAPE_TEST_SOURCE_DIR "/samples/profile";
const std::string package = "example.com/profile/growth";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The facts of growth.go that the join asks for: the appends, the boxed
// int64 and &Point{}, the loops that store into `m` and write `b`.
FactsMap growth_facts() {
  const std::string line = R"j({"package": "example.com/profile/growth", "name": "growth",
   "dir": ")j" + root + R"j(/growth", "files": [{"path": ")j" +
                           root + R"j(/growth/growth.go"}],
   "functions": [{"id": 0, "name": "example.com/profile/growth.Collect", "kind": "func",
                  "file": 0, "line": 15, "col": 1, "end_line": 23, "end_col": 2, "parent": -1},
                 {"id": 1, "name": "example.com/profile/growth.Positive", "kind": "func",
                  "file": 0, "line": 38, "col": 1, "end_line": 50, "end_col": 2, "parent": -1}],
   "types": [{"name": "int64", "short": "int64", "kind": "int", "bits": 64, "size": 8},
             {"name": "[]int", "short": "[]int", "kind": "slice", "size": 24},
             {"name": "example.com/profile/growth.Point", "short": "growth.Point",
              "kind": "struct", "size": 24}],
   "sites": [
    {"node": "append", "file": 0, "line": 19, "col": 17, "end_line": 19, "end_col": 39,
     "function": 0, "type": "[]any", "var": "boxes"},
    {"node": "conv_iface", "file": 0, "line": 19, "col": 33, "end_line": 19, "end_col": 38,
     "function": 0, "type": "int64", "iface": "any", "implicit": true},
    {"node": "append", "file": 0, "line": 20, "col": 18, "end_line": 20, "end_col": 46,
     "function": 0, "type": "[]*Point", "var": "points"},
    {"node": "addr", "file": 0, "line": 20, "col": 27, "end_line": 20, "end_col": 45,
     "function": 0, "type": "example.com/profile/growth.Point", "composite": true},
    {"node": "append", "file": 0, "line": 31, "col": 16, "end_line": 31, "end_col": 23,
     "function": 0, "type": "[]int", "var": "out"},
    {"node": "var", "file": 0, "line": 39, "col": 6, "end_line": 39, "end_col": 10,
     "function": 1, "type": "[]int", "var": "kept"},
    {"node": "append", "file": 0, "line": 42, "col": 17, "end_line": 42, "end_col": 27,
     "function": 1, "type": "[]int", "var": "kept"}],
   "loops": [
    {"function": 0, "file": 0, "line": 55, "col": 2, "end_line": 59, "end_col": 3,
     "kind": "range", "range_over": "slice", "length": "len(words)",
     "map_stores": [{"var": "m", "line": 57, "col": 5, "conditional": true, "count": 1,
                     "decl_line": 54, "decl": "empty_lit"}]},
    {"function": 0, "file": 0, "line": 66, "col": 2, "end_line": 68, "end_col": 3,
     "kind": "range", "range_over": "slice", "length": "len(words)",
     "writes": [{"var": "b", "method": "WriteString", "type": "strings.Builder",
                 "line": 67, "col": 16}]}]})j";
  return goescape::testing::facts_map(line);
}

Finding heap(int line, int col, std::string expr, std::optional<std::string> pattern = {}) {
  Finding f;
  f.kind = Kind::escapes_to_heap;
  f.pos = {"growth/growth.go", line, col};
  f.expr = std::move(expr);
  f.message = f.expr + " escapes to heap";
  f.package = package;
  f.function = "example.com/profile/growth.F";
  f.pattern = std::move(pattern);
  if (f.pattern) f.suggestion = "preallocate";
  return f;
}

const Finding* at(const PackageResult& r, int line, int col) {
  for (const Finding& f : r.findings)
    if (f.pos.line == line && f.pos.col == col) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("apply_profile: the growth benchmark's profile, shared per finding") {
  const std::string raw = read_file(root + "/growth/mem.raw.txt");
  REQUIRE_FALSE(raw.empty());
  auto profile = parse_pprof_raw(raw);
  REQUIRE(profile.ok());
  auto catalog = load_catalog({GOESCAPE_TEST_SOURCE_DIR "/patterns"});
  REQUIRE(catalog.ok());
  FactsMap facts = growth_facts();
  AnalysisContext ctx;
  ctx.root = root;
  ctx.catalog = &*catalog;
  ctx.facts = &facts;
  ctx.profile = std::make_shared<HeapProfile>(std::move(profile).value());

  PackageResult result;
  result.package = package;
  result.findings = {
      heap(19, 17, "append(boxes, int64(i) + int64(1000))", "preallocate-slice"),
      heap(19, 33, "int64(i) + int64(1000)"),
      heap(20, 18, "append(points, &Point{...})", "preallocate-slice"),
      heap(20, 27, "&Point{...}"),
      heap(31, 16, "append(out, x)"),
      heap(54, 21, "map[string]int{}"),
      heap(67, 16, "append(strings.b.buf, strings.s...)"),
  };
  result.findings.back().inlined_from = InlinedFrom{"strings.(*Builder).WriteString", "", 0};
  apply_profile(result, ctx);

  // Line 20: 24-byte blocks are the Points, the rest the slice growing.
  const Finding* point = at(result, 20, 27);
  REQUIRE(point);
  CHECK(point->profile->alloc_space == 24 * point->profile->alloc_objects);
  CHECK(point->profile->alloc_objects >= 20000);
  const Finding* points = at(result, 20, 18);
  CHECK(points->profile->alloc_space > 0);
  CHECK(points->profile->alloc_space != point->profile->alloc_space);
  CHECK(points->suggestion->find("The heap profile measured") != std::string::npos);
  // Line 19: the boxed int64s are 16-byte tiny blocks.
  CHECK(at(result, 19, 33)->profile->alloc_space ==
        16 * at(result, 19, 33)->profile->alloc_objects);
  // The conditional append the compiler reports: measured growth advice.
  const Finding* evens = at(result, 31, 16);
  CHECK(evens->pattern == "slice-growth-in-profile");
  CHECK(evens->suggestion->find("while growing `out` here") != std::string::npos);
  // The builder's growth goes to the append inlined from WriteString; what
  // strings.ToUpper allocates on that line is no finding's.
  CHECK(at(result, 67, 16)->profile->alloc_space > 0);
  // Growth the compiler printed nothing about: findings of their own.
  const Finding* kept = at(result, 42, 17);
  REQUIRE(kept);
  CHECK(kept->kind == Kind::source_pattern);
  CHECK(kept->pattern == "slice-growth-in-profile");
  CHECK(kept->expr == "kept");
  CHECK(kept->suggestion->find("kept := make([]int, 0, n)") != std::string::npos);
  const Finding* m = at(result, 57, 5);
  REQUIRE(m);
  CHECK(m->pattern == "map-growth-in-profile");
  // The growth sites rank by their bytes: the map's is the heaviest here.
  std::int64_t heaviest = 0;
  for (const Finding& f : result.findings) heaviest = std::max(heaviest, f.profile->alloc_space);
  CHECK(m->profile->alloc_space == heaviest);

  // The summary adds up the findings, each once, and leaves out what no
  // finding is about.
  ProfileShare share(*ctx.profile);
  share.add(result);
  share.add(result);  // a test variant of the same package
  std::int64_t sum = 0;
  for (const Finding& f : result.findings) sum += f.profile->alloc_space;
  CHECK(share.explained_alloc_space() == sum);
  CHECK(sum < ctx.profile->total.alloc_space);
}
