// The gofacts output reader (model/facts_json.hpp) and the facts index
// (analysis/facts_index.hpp), driven by facts written as JSON strings.
#include <catch2/catch.hpp>
#include <string>

#include "analysis/facts_index.hpp"
#include "facts_fixture.hpp"
#include "model/facts_json.hpp"

using namespace goescape;
using goescape::testing::facts_line;
using goescape::testing::fixture_facts;

namespace {

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// The fixture with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
  std::string s = one_line(facts_line);
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

std::string error_of(const std::string& line) {
  auto read = read_facts_line(line);
  REQUIRE_FALSE(read.ok());
  return read.error().message;
}

}  // namespace

TEST_CASE("facts: a package line reads into compact facts", "[facts]") {
  PackageFacts f = fixture_facts();
  CHECK(f.import_path == "example.com/m/p");
  CHECK(f.name == "p");
  CHECK(f.goarch == "amd64");
  REQUIRE(f.files.size() == 1);
  CHECK(f.files[0].path == "/src/m/p/p.go");
  REQUIRE(f.functions.size() == 4);
  CHECK(f.text(f.functions[1].name) == "example.com/m/p.F.func1");
  CHECK(f.functions[1].kind == FunctionKind::literal);
  CHECK(f.functions[1].parent == 0);
  CHECK(f.functions[2].kind == FunctionKind::package_init);
  CHECK_FALSE(f.functions[2].has_span);  // file -1: no span
  CHECK(f.functions[3].params[0].use == ParamUse::write);
  REQUIRE(f.types.size() == 8);
  CHECK(f.types[0].size == 16);
  CHECK(f.types[0].fields.size() == 2);
  CHECK(f.types[1].size == 4096);
  CHECK(f.text(f.types[1].pointer_methods.at(0)) == "Reset");
  REQUIRE(f.sites.size() == 10);
  const FactSite& call = f.sites[3];
  CHECK(call.node == SiteNode::call);
  CHECK(f.text(call.detail) == "fmt.Sprintf");
  CHECK(call.has(site_static));
  CHECK_FALSE(call.has(site_in_module));
  REQUIRE(call.arg_count == 3);
  CHECK(f.text(f.args[call.first_arg + 1].type) == "uint8");
  CHECK(f.text(f.args[call.first_arg].value) == "\"%d %d\"");
  CHECK(call.param_count == 2);
  CHECK(call.loop_depth == 1);
  CHECK(f.sites[0].has(site_captured));
  CHECK(f.sites[5].has(site_composite));
  CHECK(f.sites[6].count == 1);  // elements
  CHECK(f.captures.size() == 1);
  REQUIRE(f.loops.size() == 1);
  CHECK(f.text(f.loops[0].length) == "n");
  // Interning: one text per distinct string.
  CHECK(f.sites[5].type == f.sites[6].type);
}

TEST_CASE("facts: the done line", "[facts]") {
  auto read = read_facts_line(R"({"done": true, "packages": 12, "seconds": 0.84})");
  REQUIRE(read.ok());
  REQUIRE(read->done);
  CHECK_FALSE(read->package);
  CHECK(read->done->packages == 12);
  CHECK(read->done->seconds == Approx(0.84));
}

TEST_CASE("facts: malformed lines are located errors, never exceptions", "[facts]") {
  CHECK(error_of("not json") == "not valid JSON (offset 1: invalid literal)");
  CHECK(error_of("{} {}") == "not valid JSON (offset 3: text after the value)");
  CHECK(error_of(R"({"package": "p",})") == "not valid JSON (offset 16: expected a string key)");
  CHECK(error_of("[1, 2]") == "expected a JSON object");
  CHECK(error_of(R"({"name": "p"})") == "package: missing");
  CHECK(error_of(R"({"done": false})") == "done: expected true");
  CHECK(error_of(edited(R"("line": 9, "col": 17)", R"("line": "9", "col": 17)")) ==
        "sites[3].line: expected an integer");
  CHECK(error_of(edited(R"("use": "write")", R"("use": 3)")) ==
        "functions[3].params[0].use: expected a string");
  CHECK(error_of(edited(R"("node": "addr", "file": 0)", R"("node": "addr", "file": 4)")) ==
        "sites[5].file: 4 is not an index into files (1 files)");
  CHECK(error_of(edited(R"("function": 3, "type": "example.com/m/p.Big")",
                        R"("function": 9, "type": "example.com/m/p.Big")")) ==
        "sites[9].function: not a function id");
  CHECK(error_of(edited(R"("size": 4096)", R"("size": 1e3)")) ==
        "types[1].size: expected an integer");
  CHECK(error_of(edited(R"("line": 5, "col": 8)", R"("line": 99999999999, "col": 8)")) ==
        "sites[0].line: out of range");
  CHECK(error_of(edited(R"("files": [)", R"("files": 7, "x": [)")) == "files: expected an array");
}

TEST_CASE("facts: a table of more elements than a count holds reads as the most it holds",
          "[facts]") {
  PackageFacts f = fixture_facts(edited(R"("elements": 0})", R"("elements": 70000})"));
  CHECK(f.sites.back().count == 0xffff);
}

TEST_CASE("facts: unknown fields and enumeration values are tolerated", "[facts]") {
  PackageFacts f = fixture_facts(edited(R"("node": "addr")", R"("node": "later_node", "new": 1)"));
  CHECK(f.sites[5].node == SiteNode::other);
  PackageFacts g = fixture_facts(edited(R"("kind": "method")", R"("kind": "thunk")"));
  CHECK(g.functions[3].kind == FunctionKind::other);
}

TEST_CASE("facts index: sites by position, functions by span", "[facts]") {
  PackageFacts f = fixture_facts();
  FactsIndex index(f);
  REQUIRE(index.file("/src/m/p/p.go") == 0);
  CHECK(index.file("/src/m/p/other.go") == -1);
  auto at = index.sites_at(0, 11, 9);
  REQUIRE(at.size() == 1);
  CHECK(at[0]->node == SiteNode::addr);
  CHECK(index.sites_on_line(0, 11).size() == 2);
  CHECK(index.sites_on_line(0, 9).size() == 2);
  CHECK(index.sites_at(0, 11, 8).empty());

  auto name = [&](const FactFunction* fn) {
    return fn ? std::string(f.text(fn->name)) : std::string("null");
  };
  CHECK(name(index.function_at(0, 6, 2)) == "example.com/m/p.F");
  CHECK(name(index.function_at(0, 7, 20)) == "example.com/m/p.F.func1");
  // The literal itself is evaluated by F; its code is F.func1's.
  CHECK(name(index.function_at(0, 7, 7)) == "example.com/m/p.F");
  CHECK(name(index.function_at(0, 7, 7, true)) == "example.com/m/p.F.func1");
  CHECK(name(index.function_at(0, 12, 2)) == "null");  // past the closing brace
  CHECK(name(index.function_at(0, 14, 16)) == "null");
  CHECK(name(index.package_init()) == "example.com/m/p.init");
  CHECK(name(index.function_named("example.com/m/p.(*Big).Reset")) ==
        "example.com/m/p.(*Big).Reset");

  CHECK(index.declares("example.com/m/p.F"));
  CHECK(index.declares("example.com/m/p.(*Big)"));
  CHECK_FALSE(index.declares("example.com/m/p.Fo"));
  CHECK_FALSE(index.declares("example.com/m/p.main"));

  REQUIRE(index.type("example.com/m/p.Point"));
  CHECK(index.type("example.com/m/p.Point")->size == 16);
  CHECK_FALSE(index.type("p.Point"));
}

TEST_CASE("facts index: variables in scope and loops", "[facts]") {
  PackageFacts f = fixture_facts();
  FactsIndex index(f);
  const FactSite* p = index.variable(0, 11, 2, 0, "p");
  REQUIRE(p);
  CHECK(f.text(p->type) == "example.com/m/p.Point");
  CHECK_FALSE(index.variable(0, 5, 2, 0, "p"));  // not declared yet
  // A closure sees its enclosing function's variables.
  const FactSite* n = index.variable(0, 7, 25, 1, "n");
  REQUIRE(n);
  CHECK(n->has(site_captured));
  // Package-level variables live in the package initialisation.
  CHECK(index.variable(0, 14, 5, 2, "registry"));

  CHECK(index.in_loop(0, 9, 17));
  CHECK_FALSE(index.in_loop(0, 11, 9));
  CHECK_FALSE(index.in_loop(0, 14, 5));  // package level
}

TEST_CASE("facts: a line's arrays are read in whatever order they come", "[facts]") {
  // The files after the sites and functions that index them.
  std::string line = one_line(facts_line);
  const auto files_at = line.find(R"("files": [)");
  REQUIRE(files_at != std::string::npos);
  const auto files_end = line.find(']', files_at) + 1;
  std::string files = line.substr(files_at, files_end - files_at);
  line.erase(files_at, files_end - files_at + 1);  // and its comma
  line.insert(line.rfind('}'), ", " + files);
  PackageFacts f = fixture_facts(line);
  REQUIRE(f.files.size() == 1);
  CHECK(f.sites.size() == 10);
  CHECK(f.files[f.sites[5].file].path == "/src/m/p/p.go");
  CHECK(error_of(R"({"package": "p", "files": [{"path": "a.go"}], "scope": [1]})") ==
        "scope[0]: expected a string");
  CHECK(error_of(R"({"package": "p", "sites": {"node": "var"}})") == "sites: expected an array");
  CHECK(fixture_facts(R"({"package": "p", "sites": null, "loops": []})").sites.empty());
}

TEST_CASE("facts: a package line's import path from its first bytes", "[facts]") {
  CHECK(facts_line_package(R"({"package":"example.com/m/p","name":"p"})") == "example.com/m/p");
  CHECK_FALSE(facts_line_package(R"({"done":true,"packages":1})"));
  CHECK_FALSE(facts_line_package(R"({"package":"a\"b","name":"p"})"));  // escaped: read it
  CHECK_FALSE(facts_line_package(R"({"package":"","name":"p"})"));
  CHECK_FALSE(facts_line_package(R"({"package":"unterminated)"));
  CHECK_FALSE(facts_line_package(R"({"name":"p","package":"example.com/m/p"})"));
}
