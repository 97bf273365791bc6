// The catalog loader: the shipped catalog loads, later directories win, and
// every problem of every file is reported at its file and field.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "catalog/catalog.hpp"

namespace fs = std::filesystem;
using namespace goescape;

namespace {

// A fresh directory under the system temp dir, removed at scope end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("goescape-catalog-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
};

const char* valid = R"json({
  "id": "my-pattern",
  "title": "A title",
  "playbook": "7",
  "match": {"kinds": ["escapes_to_heap"], "source": "fmt\\.(?P<fn>Sprintf)\\("},
  "suggestion": "use a builder instead of {fn} at line {line}",
  "before": "fmt.Sprintf(...)",
  "after": "b.WriteString(...)",
  "when_not": "cold code"
})json";

}  // namespace

TEST_CASE("catalog: the built-in catalog loads and covers PLAYBOOK section 9") {
  auto catalog = load_catalog({GOESCAPE_TEST_SOURCE_DIR "/patterns"});
  REQUIRE(catalog.ok());
  for (const char* section :
       {"9.1", "9.2", "9.3", "9.4", "9.5", "5", "6", "7", "8", "10", "11", "12", "13"}) {
    bool found = false;
    for (const Pattern& p : catalog->patterns) found |= p.playbook == section;
    INFO(section);
    CHECK(found);
  }
  REQUIRE(catalog->find("addr-stored-by-callee"));
}

TEST_CASE("catalog: a valid file loads with its regexes compiled") {
  TempDir dir;
  dir.write("a.json", valid);
  auto catalog = load_catalog({dir.path.string()});
  REQUIRE(catalog.ok());
  REQUIRE(catalog->patterns.size() == 1);
  const Pattern& p = catalog->patterns[0];
  CHECK(p.id == "my-pattern");
  REQUIRE(p.match.source);
  CHECK(p.match.source.names == std::vector<std::string>{"fn"});
  CHECK(p.match.kinds == std::vector<Kind>{Kind::escapes_to_heap});
}

TEST_CASE("catalog: a later directory replaces an id") {
  TempDir a, b;
  a.write("p.json", valid);
  std::string changed = valid;
  changed.replace(changed.find("A title"), 7, "Team title");
  b.write("p.json", changed);
  auto catalog = load_catalog({a.path.string(), b.path.string()});
  REQUIRE(catalog.ok());
  REQUIRE(catalog->patterns.size() == 1);
  CHECK(catalog->patterns[0].title == "Team title");
}

TEST_CASE("catalog: every problem is reported with its file and field") {
  TempDir dir;
  dir.write("syntax.json", "{\n  \"id\": \"x\",\n  \"title\": \n}");
  dir.write("fields.json", R"json({
    "id": "Bad Id",
    "playbook": "seven",
    "colour": "red",
    "match": {"kinds": ["escape"], "expr": "(unclosed", "flow_all": [3], "matcher": "nope",
              "go_min": "1.x", "extra": true},
    "rewrite": [{"from": "a", "to": "b", "fix": "yes"}, {"from": "c", "to": "d", "import": "io"}],
    "suggestion": "hello {nobody}",
    "before": "", "after": "x", "when_not": "y"
  })json");
  dir.write("dup1.json", valid);
  dir.write("dup2.json", valid);
  auto catalog = load_catalog({dir.path.string()});
  REQUIRE_FALSE(catalog.ok());
  const std::string& m = catalog.error().message;
  INFO(m);
  CHECK(m.find("syntax.json: line 4 column 1: JSON syntax error") != std::string::npos);
  CHECK(m.find("fields.json: id: \"Bad Id\" is not") != std::string::npos);
  CHECK(m.find("fields.json: title: missing required field") != std::string::npos);
  CHECK(m.find("fields.json: playbook: \"seven\"") != std::string::npos);
  CHECK(m.find("fields.json: colour: unknown field") != std::string::npos);
  CHECK(m.find("fields.json: match.extra: unknown field") != std::string::npos);
  CHECK(m.find("fields.json: match.kinds[0]: unknown kind \"escape\"") != std::string::npos);
  CHECK(m.find("fields.json: match.expr: invalid RE2 expression \"(unclosed\"") !=
        std::string::npos);
  CHECK(m.find("fields.json: match.flow_all[0]: expected") != std::string::npos);
  CHECK(m.find("fields.json: match.matcher: unknown matcher \"nope\"") != std::string::npos);
  CHECK(m.find("fields.json: match.go_min: expected a Go release") != std::string::npos);
  CHECK(m.find("fields.json: suggestion: unknown placeholder {nobody}") != std::string::npos);
  CHECK(m.find("fields.json: before: must not be empty") != std::string::npos);
  CHECK(m.find("fields.json: rewrite[0].fix: expected a boolean, found a string") !=
        std::string::npos);
  CHECK(m.find("fields.json: rewrite[1].import: only meaningful with \"fix\": true") !=
        std::string::npos);
  CHECK(m.find("dup2.json: id: duplicate id \"my-pattern\"") != std::string::npos);
}

TEST_CASE("catalog: a missing directory is an error") {
  auto catalog = load_catalog({"/nonexistent/goescape-patterns"});
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().message.find("/nonexistent/goescape-patterns: not a directory") !=
        std::string::npos);
}

TEST_CASE("catalog: numbers out of range are problems at their field, not exceptions") {
  TempDir dir;
  std::string text = valid;
  text.replace(text.find("\"kinds\""), 0,
               "\"go_min\": \"1.99999999999\", \"go_max\": \"go1.2147483648\", ");
  text.replace(text.find("\"playbook\""), 0, "\"priority\": 1099511627776, ");
  dir.write("numbers.json", text);
  auto catalog = load_catalog({dir.path.string()});
  REQUIRE_FALSE(catalog.ok());
  const std::string& m = catalog.error().message;
  INFO(m);
  const std::string file = (dir.path / "numbers.json").string();
  CHECK(m.find(file + ": match.go_min: \"1.99999999999\" is no Go release") != std::string::npos);
  CHECK(m.find(file + ": match.go_max: \"go1.2147483648\" is no Go release") != std::string::npos);
  CHECK(m.find(file + ": priority: expected an integer from -1000000 to 1000000, found "
                      "1099511627776") != std::string::npos);
}
