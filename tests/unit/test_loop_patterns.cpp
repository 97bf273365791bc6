// The preallocation sites of analysis/loop_patterns.hpp, from loop facts
// written as the gofacts helper writes them and the source text they are
// about: which loops qualify, the sizes, and the edits.
#include <catch2/catch.hpp>

#include "analysis/facts_index.hpp"
#include "analysis/loop_patterns.hpp"
#include "facts_fixture.hpp"
#include "model/facts_json.hpp"
#include "source/go_source.hpp"

using namespace goescape;

namespace {

const char* const source = R"go(package p

func F(src []string, extra []string, n int) ([]string, map[string]int, []int, string) {
	var out []string
	for _, s := range src {
		out = append(out, s)
	}
	for _, s := range extra {
		out = append(out, s)
	}
	idx := map[string]int{}
	for i, s := range src {
		idx[s] = i
	}
	sq := make([]int, 0, n)
	for i := 0; i < n; i++ {
		sq = append(sq, i*i)
	}
	var sb strings.Builder
outer:
	for range src {
		sb.WriteString("ab")
	}
	var late []string
	more := extra
	for _, s := range more {
		late = append(late, s)
	}
	return out, idx, sq, sb.String() + late[0]
}
)go";

std::string var_site(const char* name, int line, int col, bool reassigned = false) {
  return std::string(R"j({"node": "var", "file": 0, "function": 0, "type": "int", "line": )j") +
         std::to_string(line) + R"j(, "col": )j" + std::to_string(col) + R"j(, "end_line": )j" +
         std::to_string(line) + R"j(, "end_col": )j" + std::to_string(col + 1) + R"j(, "var": ")j" +
         name + "\"" + (reassigned ? R"j(, "reassigned": true)j" : "") + "}";
}

std::string loop(int line, const std::string& more) {
  return R"j({"function": 0, "file": 0, "line": )j" + std::to_string(line) +
         R"j(, "col": 2, "end_line": )j" + std::to_string(line + 2) + R"j(, "end_col": 3, )j" +
         more + "}";
}

// `appends` / `map_stores` entries, `elsewhere` lines given as JSON.
std::string store(const char* var, int line, int col, int decl_line, int decl_col, const char* decl,
                  const std::string& more = "") {
  return std::string(R"j({"var": ")j") + var + R"j(", "line": )j" + std::to_string(line) +
         R"j(, "col": )j" + std::to_string(col) + R"j(, "count": 1, "values": 1, "uses": 2, )j" +
         R"j("decl_line": )j" + std::to_string(decl_line) + R"j(, "decl_col": )j" +
         std::to_string(decl_col) + R"j(, "decl": ")j" + decl + "\"" + more + "}";
}

std::string facts_json(const std::string& out_elsewhere = "[9]") {
  const std::string sites =
      var_site("src", 3, 8) + "," + var_site("extra", 3, 22) + "," + var_site("n", 3, 38) + "," +
      var_site("out", 4, 6) + "," + var_site("idx", 11, 2) + "," + var_site("sq", 15, 2) + "," +
      var_site("sb", 19, 6) + "," + var_site("late", 24, 6) + "," + var_site("more", 25, 2) +
      R"j(, {"node": "make", "file": 0, "function": 0, "line": 15, "col": 12, "end_line": 15,
            "end_col": 25, "type": "[]int", "make": "slice",
            "args": [{"text": "0", "const": true, "value": 0}, {"text": "n"}]})j";
  const std::string loops =
      loop(5, R"j("kind": "range", "range_over": "slice", "length": "len(src)", "appends": [)j" +
                  store("out", 6, 15, 4, 6, "nil", R"j(, "elsewhere": )j" + out_elsewhere) + "]") +
      "," +
      loop(8, R"j("kind": "range", "range_over": "slice", "length": "len(extra)", "appends": [)j" +
                  store("out", 9, 15, 4, 6, "nil", R"j(, "elsewhere": [6])j") + "]") +
      "," +
      loop(12, R"j("kind": "range", "range_over": "slice", "length": "len(src)", "key": "i",
                  "map_stores": [)j" +
                   store("idx", 13, 6, 11, 2, "empty_lit") + "]") +
      "," +
      loop(16, R"j("kind": "for", "length": "n", "key": "i", "appends": [)j" +
                   store("sq", 17, 14, 15, 2, "make", R"j(, "decl_cap": "n")j") + "]") +
      "," + loop(21, R"j("kind": "range", "range_over": "slice", "length": "len(src)",
                  "writes": [{"var": "sb", "method": "WriteString", "type": "strings.Builder",
                              "line": 22, "col": 17, "bytes": 2, "uses": 1}])j") +
      "," +
      loop(26, R"j("kind": "range", "range_over": "slice", "length": "len(more)", "appends": [)j" +
                   store("late", 27, 16, 24, 6, "nil") + "]");
  return R"j({"package": "example.com/m/p", "name": "p", "dir": "/src/m/p",
             "files": [{"path": "/src/m/p/p.go"}],
             "functions": [{"id": 0, "name": "example.com/m/p.F", "kind": "func", "file": 0,
                            "line": 3, "col": 1, "end_line": 30, "end_col": 2, "parent": -1}],
             "sites": [)j" +
         sites + R"j(], "loops": [)j" + loops + "]}";
}

std::vector<LoopSite> sites_of(const std::string& json) {
  static std::vector<std::unique_ptr<PackageFacts>> keep;  // the index refers to its facts
  keep.push_back(std::make_unique<PackageFacts>(goescape::testing::fixture_facts(json)));
  FactsIndex index(*keep.back());
  return find_loop_sites(index, 0, scan_go_source(source));
}

const LoopSite* find(const std::vector<LoopSite>& sites, LoopAdvice advice) {
  for (const LoopSite& s : sites)
    if (s.advice == advice) return &s;
  return nullptr;
}

}  // namespace

TEST_CASE("loop sites: two loops fill one slice: one site, the sizes add up") {
  auto sites = sites_of(facts_json());
  const LoopSite* s = find(sites, LoopAdvice::slice_capacity);
  REQUIRE(s);
  CHECK(s->var == "out");
  CHECK(s->at() == LoopPos{6, 15});
  CHECK(s->growth == std::vector<LoopPos>{{6, 15}, {9, 15}});
  CHECK(s->loops == std::vector<int>{5, 8});
  CHECK(s->size == "len(src)+len(extra)");
  CHECK(s->type == "[]string");
  CHECK(s->nil_to_empty);
  CHECK(s->before == "var out []string");
  CHECK(s->after == "out := make([]string, 0, len(src)+len(extra))");
  CHECK(s->edits == std::vector<TextEdit>{{"", 4, 2, 4, 18, s->after}});
  // `late` fills from `more`, declared after it: its length is unknown at the
  // declaration, so only one slice site.
  CHECK(std::count_if(sites.begin(), sites.end(), [](const LoopSite& x) {
          return x.advice == LoopAdvice::slice_capacity;
        }) == 1);
}

TEST_CASE("loop sites: another change of the slice outside the loops blocks it") {
  auto sites = sites_of(facts_json("[9, 29]"));
  CHECK_FALSE(find(sites, LoopAdvice::slice_capacity));
}

TEST_CASE("loop sites: a map literal gets make with the hint") {
  const auto sites = sites_of(facts_json());
  const LoopSite* s = find(sites, LoopAdvice::map_hint);
  REQUIRE(s);
  CHECK(s->at() == LoopPos{13, 6});
  CHECK(s->after == "idx := make(map[string]int, len(src))");
  CHECK(s->edits.at(0).line == 11);
}

TEST_CASE("loop sites: make-and-index rewrites the make and the append, gofmt-spaced") {
  const auto sites = sites_of(facts_json());
  const LoopSite* s = find(sites, LoopAdvice::slice_index);
  REQUIRE(s);
  CHECK(s->after == "sq := make([]int, n)");
  CHECK(s->store_before == "sq = append(sq, i*i)");
  CHECK(s->store_after == "sq[i] = i * i");
  REQUIRE(s->edits.size() == 2);
  CHECK(s->edits[1] == TextEdit{"", 17, 3, 17, 23, "sq[i] = i * i"});
}

TEST_CASE("loop sites: a builder's Grow goes before the loop's label") {
  const auto sites = sites_of(facts_json());
  const LoopSite* s = find(sites, LoopAdvice::builder_grow);
  REQUIRE(s);
  CHECK(s->size == "2*len(src)");
  CHECK(s->after == "sb.Grow(2 * len(src))");
  CHECK(s->edits == std::vector<TextEdit>{{"", 20, 1, 20, 1, "\tsb.Grow(2 * len(src))\n"}});
}

TEST_CASE("loop sites: a loop that can stop early or fills conditionally never qualifies") {
  std::string json = facts_json();
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = json.find(from);
    REQUIRE(at != std::string::npos);
    json.replace(at, from.size(), to);
  };
  replace(R"j("kind": "for", "length": "n")j", R"j("kind": "for", "exits": true, "length": "n")j");
  replace(R"j("key": "i",
                  "map_stores")j",
          R"j("key": "i", "continues": true, "map_stores")j");
  replace(R"j("bytes": 2)j", R"j("bytes": 2, "conditional": true)j");
  auto sites = sites_of(json);
  CHECK_FALSE(find(sites, LoopAdvice::slice_index));
  CHECK_FALSE(find(sites, LoopAdvice::map_hint));
  CHECK_FALSE(find(sites, LoopAdvice::builder_grow));
  CHECK(find(sites, LoopAdvice::slice_capacity));
}

TEST_CASE("loop facts: the preallocation fields are read; a mistyped one is located") {
  auto read = read_facts_line(facts_json("[9, 29]"));
  REQUIRE(read.ok());
  const PackageFacts& f = *read->package;
  const FactLoopStore& out = f.loops.at(0).appends.at(0);
  CHECK(out.values == 1);
  CHECK(out.uses == 2);
  CHECK(out.decl_col == 6);
  CHECK_FALSE(out.spread);
  CHECK(out.elsewhere == std::vector<std::int32_t>{9, 29});
  CHECK(f.loops.at(4).writes.at(0).bytes == 2);
  CHECK(f.loops.at(4).writes.at(0).uses == 1);

  auto bad = read_facts_line(facts_json(R"(["9"])"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("loops[0].appends[0].elsewhere[0]") != std::string::npos);
}
