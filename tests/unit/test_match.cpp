// Matching hand-built findings (no go, no files on disk) against the shipped
// catalog: which pattern fires, what the suggestion says about this line, and
// which PLAYBOOK §16 rule holds a suggestion back. Types come from facts
// written as the gofacts helper writes them (JSON strings).
#include <catch2/catch.hpp>

#include "analysis/cold.hpp"
#include "analysis/match_engine.hpp"
#include "analysis/stages.hpp"
#include "catalog/catalog.hpp"
#include "facts_fixture.hpp"
#include "source/go_source.hpp"

using namespace goescape;

namespace {

const Catalog& builtin() {
  static const Catalog catalog = [] {
    auto c = load_catalog({GOESCAPE_TEST_SOURCE_DIR "/patterns"});
    REQUIRE(c.ok());
    return std::move(c).value();
  }();
  return catalog;
}

Finding finding(Kind kind, std::string expr, std::string line, int col,
                std::vector<FlowStep> flow = {}) {
  Finding f;
  f.kind = kind;
  f.pos = {"p/p.go", 10, col};
  f.expr = std::move(expr);
  f.message = f.expr + (kind == Kind::moved_to_heap ? "" : " escapes to heap");
  f.package = "example.com/m/p";
  f.function = "example.com/m/p.F";
  f.source_line = std::move(line);
  f.flow = std::move(flow);
  return f;
}

// Facts for example.com/m/p, whose file p/p.go (under the root /src/m)
// holds F on lines 1-99; `types` and `sites` are the bodies of the JSON
// arrays (FACTS.md), `function` more fields of F (its name, results,
// signature) and `functions` more entries of its array.
FactsMap package_facts(const std::string& types, const std::string& sites,
                       const std::string& function = R"("name": "example.com/m/p.F")",
                       const std::string& functions = "") {
  const std::string line =
      R"({"package": "example.com/m/p", "name": "p", "dir": "/src/m/p",
          "files": [{"path": "/src/m/p/p.go"}],
          "functions": [{"id": 0, "kind": "func", "file": 0, "line": 1, "col": 1,
                         "end_line": 99, "end_col": 2, "parent": -1, )" +
      function + "}" + functions + R"(],
          "types": [)" +
      types + R"(], "sites": [)" + sites + "]}";
  return goescape::testing::facts_map(line);
}

std::string type_json(const std::string& name, const std::string& short_name, const char* kind,
                      int size, const std::string& more = "") {
  return R"({"name": ")" + name + R"(", "short": ")" + short_name + R"(", "kind": ")" + kind +
         R"(", "size": )" + std::to_string(size) + more + "}";
}

std::string site_json(const char* node, int line, int col, const std::string& type,
                      const std::string& more = "") {
  return R"({"node": ")" + std::string(node) + R"(", "file": 0, "line": )" + std::to_string(line) +
         R"(, "col": )" + std::to_string(col) + R"(, "end_line": )" + std::to_string(line) +
         R"(, "end_col": 99, "function": 0,
         "type": ")" +
         type + R"(")" + more + "}";
}

Finding matched(Finding f, int go_minor = 26, const FactsProvider* facts = nullptr) {
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  ctx.go_minor = go_minor;
  ctx.root = "/src/m";
  ctx.facts = facts;
  PackageResult result;
  result.package = f.package;
  result.findings.push_back(std::move(f));
  classify_cold(result, ctx);
  apply_catalog(result, ctx);
  return result.findings[0];
}

// Whether the finding's suggestion was held back by `rule` (held_back is
// "rule: why").
bool held_by(const Finding& f, const std::string& rule) {
  return f.held_back && f.held_back->starts_with(rule + ":");
}

// fmt.Sprintf whose `(` is at p/p.go:10:`paren`, with format `format` (Go
// source text) and these arguments: {type, source text}, the type's kind
// following from its name.
FactsMap sprintf_facts(const std::string& format,
                       std::vector<std::pair<std::string, std::string>> arguments, int paren) {
  const auto quoted = [](const std::string& text) {
    std::string out;
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  };
  std::string args = R"({"type": "string", "const": true, "text": ")" + quoted(format) + "\"}";
  std::string types = type_json("string", "string", "string", 16);
  for (const auto& [type, text] : arguments) {
    args += R"(, {"type": ")" + type + R"(", "text": ")" + text + "\"}";
    const char* kind = type == "string"        ? "string"
                       : type == "any"         ? "interface"
                       : type.starts_with("u") ? "uint"
                                               : "int";
    const std::string bits = type.find_first_of("0123456789") == std::string::npos
                                 ? std::string()
                                 : ", \"bits\": " + type.substr(type.find_first_of("0123456789"));
    types += ", " + type_json(type, type, kind, type == "any" || type == "string" ? 16 : 8, bits);
  }
  return package_facts(
      types, site_json("call", 10, paren, "string",
                       R"(, "callee": "fmt.Sprintf", "static": true, "args": [)" + args + "]"));
}

FlowStep step(std::string reason, std::string text, int line, int col = 2) {
  return {std::move(reason), std::move(text), {"p/p.go", line, col}};
}

}  // namespace

TEST_CASE("match: 9.1 return &T{...} names the type and shows this line by value") {
  Finding f =
      finding(Kind::escapes_to_heap, "&Point{...}", "\treturn &Point{X: x, Y: y}", 9,
              {step("spill", "&Point{...}", 10, 9), step("return", "return &Point{...}", 10, 2)});
  f.function = "example.com/m/p.newPoint";
  const std::string point = type_json("example.com/m/p.Point", "p.Point", "struct", 16);
  const std::string literal =
      site_json("addr", 10, 9, "example.com/m/p.Point", R"(, "composite": true)");
  FactsMap facts = package_facts(point, literal,
                                 R"("name": "example.com/m/p.newPoint",
                                    "results": ["*example.com/m/p.Point"],
                                    "signature": "func(x int, y int) *Point")");
  Finding out = matched(f, 26, &facts);
  CHECK(out.pattern == "return-pointer-to-local");
  CHECK(out.playbook == "9.1");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("return &Point{X: x, Y: y}"));
  CHECK_THAT(*out.suggestion, Catch::Contains("return Point{X: x, Y: y}"));
  // The shown signature is the real one, with the result by value.
  CHECK_THAT(*out.suggestion, Catch::Contains("func newPoint(x int, y int) Point"));
  CHECK_FALSE(out.held_back);
  CHECK_FALSE(out.fix);  // the signature changes: prose, never an edit

  // Exported API keeps its *Point: callers outside the package hold it.
  Finding exported = f;
  exported.function = "example.com/m/p.NewPoint";
  FactsMap api = package_facts(point, literal,
                               R"("name": "example.com/m/p.NewPoint", "exported": true,
                                  "results": ["*example.com/m/p.Point"],
                                  "signature": "func(x int, y int) *Point")");
  Finding kept = matched(exported, 26, &api);
  CHECK(kept.pattern == "return-pointer-to-local");
  CHECK(held_by(kept, "exported-api"));
  CHECK_FALSE(kept.suggestion);

  // Without facts the type is unknown: the advice is held back, never guessed.
  Finding blind = matched(f);
  CHECK(blind.pattern == "return-pointer-to-local");
  CHECK_FALSE(blind.suggestion);
  CHECK(held_by(blind, "no-type-facts"));
}

TEST_CASE("match: 9.2 is held back when the callee keeps what it is given") {
  Finding f = finding(
      Kind::moved_to_heap, "cfg", "\tvar cfg Config", 6,
      {step("address-of", "&cfg", 12, 11), step("call parameter", "register(&cfg)", 12, 10)});
  Finding leak;
  leak.kind = Kind::leaking_param;
  leak.expr = "c";
  leak.package = f.package;
  leak.function = "example.com/m/p.register";
  leak.flow = {step("assign", "current = c", 8, 30)};
  FactsMap facts = package_facts(
      type_json("example.com/m/p.Config", "p.Config", "struct", 24),
      site_json("var", 10, 6, "example.com/m/p.Config", R"(, "var": "cfg")") + ", " +
          site_json("call", 12, 10, "",
                    R"(, "callee": "example.com/m/p.register", "static": true, "in_module": true,
                        "args": [{"type": "*example.com/m/p.Config", "text": "&cfg"}])"),
      R"("name": "example.com/m/p.F")",
      R"j(, {"id": 1, "name": "example.com/m/p.register", "kind": "func", "file": 0,
            "line": 100, "col": 1, "end_line": 102, "end_col": 2, "parent": -1,
            "params": [{"name": "c", "type": "*example.com/m/p.Config", "size": 8,
                        "use": "store"}],
            "signature": "func(c *Config)"})j");
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  ctx.go_minor = 26;
  ctx.root = "/src/m";
  ctx.facts = &facts;
  PackageResult result;
  result.package = f.package;
  result.findings = {f, leak};
  apply_catalog(result, ctx);
  const Finding& out = result.findings[0];
  CHECK(out.pattern == "addr-stored-by-callee");
  CHECK(out.playbook == "9.2");
  // By value, register would keep a copy: the caller's changes would be lost.
  CHECK(held_by(out, "callee-writes"));
  CHECK_FALSE(out.suggestion);
}

TEST_CASE("match: 9.2 only for a callee the facts place in the module") {
  Finding f = finding(Kind::moved_to_heap, "cfg", "\tjson.Unmarshal(data, &cfg)", 6,
                      {step("address-of", "&cfg", 12, 24),
                       step("call parameter", "json.Unmarshal(data, &cfg)", 12, 16)});
  FactsMap facts =
      package_facts(type_json("example.com/m/p.Config", "p.Config", "struct", 24),
                    site_json("var", 10, 6, "example.com/m/p.Config", R"(, "var": "cfg")") + ", " +
                        site_json("call", 12, 16, "error",
                                  R"(, "callee": "encoding/json.Unmarshal", "in_module": false)"));
  Finding out = matched(f, 26, &facts);
  CHECK(held_by(out, "callee-outside-module"));
  CHECK_FALSE(out.suggestion);
}

TEST_CASE("match: 9.5 speaks for the Go release in use") {
  Finding old = finding(Kind::escapes_to_heap, "make([]int, n)", "\ts := make([]int, n)", 11,
                        {step("non-constant size", "make([]int, n)", 10, 11)});
  Finding out = matched(old, 24);
  CHECK(out.pattern == "make-dynamic-size");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("Go 1.24 heap-allocates"));
  CHECK_THAT(*out.suggestion, Catch::Contains("a constant capacity"));

  Finding now = finding(Kind::escapes_to_heap, "make([]int, n)", "\ts := make([]int, n)", 11,
                        {step("spill", "make([]int, n)", 10, 11), step("assign", "gs = s", 11)});
  out = matched(now, 26);
  CHECK(out.pattern == "make-dynamic-size");
  // Stored in a package variable: no constant size keeps it on the stack.
  CHECK(held_by(out, "escapes-anyway"));
  CHECK_THAT(*out.held_back, Catch::Contains("gs = s"));
  CHECK_FALSE(out.suggestion);

  Finding constant = finding(Kind::escapes_to_heap, "make([]int, 64)", "\ts := make([]int, 64)", 11,
                             {step("assign", "gs = s", 11)});
  CHECK_FALSE(matched(constant).pattern);
}

TEST_CASE("match: 7 builds the same text without fmt for this format string") {
  Finding f =
      finding(Kind::escapes_to_heap, "id", "\treturn fmt.Sprintf(\"user=%s,id=%d\", user, id)", 44,
              {step("call parameter", "fmt.Sprintf(...)", 10, 20)});
  FactsMap facts = sprintf_facts("\"user=%s,id=%d\"", {{"string", "user"}, {"int", "id"}}, 20);
  Finding out = matched(f, 26, &facts);
  CHECK(out.pattern == "fmt-on-hot-path");
  CHECK(out.playbook == "7");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("\"user=\" + user + \",id=\" + strconv.Itoa(id)"));
}

TEST_CASE("match: 7 converts each argument by its exact type") {
  Finding f = finding(Kind::escapes_to_heap, "a", "\ts := fmt.Sprintf(\"%d/%d\", a, b)", 26,
                      {step("call parameter", "fmt.Sprintf(...)", 10, 9)});
  FactsMap sized = sprintf_facts("\"%d/%d\"", {{"uint8", "a"}, {"int64", "b"}}, 18);
  Finding out = matched(f, 26, &sized);
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("strconv.FormatUint(uint64(a), 10)"));
  CHECK_THAT(*out.suggestion, Catch::Contains("strconv.FormatInt(b, 10)"));
  CHECK_THAT(*out.suggestion, !Catch::Contains("Itoa"));
  // An interface value has no strconv twin: no rewrite is offered.
  FactsMap boxed = sprintf_facts("\"%d/%d\"", {{"int", "a"}, {"any", "b"}}, 18);
  CHECK_FALSE(matched(f, 26, &boxed).suggestion);
  // Without facts no type is guessed.
  Finding blind = matched(f);
  CHECK(held_by(blind, "no-type-facts"));
}

TEST_CASE("match: 11 needs the operand's type before it shows a rewrite") {
  // Whether []byte(line) can be dropped depends on what line is (a string, a
  // named string type, a Stringer): without facts nothing is shown.
  Finding f = finding(Kind::escapes_to_heap, "([]byte)(line)", "\t\tw.Write([]byte(line))", 11,
                      {step("call parameter", "w.Write(([]byte)(line))", 10, 10)});
  Finding out = matched(f);
  CHECK(out.pattern == "string-bytes-conversion");
  CHECK(held_by(out, "no-type-facts"));
  CHECK_FALSE(out.suggestion);
  CHECK_FALSE(out.fix);
}

TEST_CASE("match: imports_package reads the import declarations only") {
  GoSourceFile grouped =
      scan_go_source("package p\n\nimport (\n\t\"fmt\"\n\tw \"io\" // writers\n)\n\nfunc F() {}\n");
  CHECK(imports_package(grouped, "io"));
  CHECK(imports_package(grouped, "fmt"));
  CHECK_FALSE(imports_package(grouped, "os"));
  GoSourceFile single = scan_go_source("package p\n\nimport \"io\"\n");
  CHECK(imports_package(single, "io"));
  // A string literal in code is not an import.
  GoSourceFile code = scan_go_source("package p\n\nfunc F() string {\n\treturn \"io\"\n}\n");
  CHECK_FALSE(imports_package(code, "io"));
}

TEST_CASE("match: one suggestion per pattern and line") {
  Finding a = finding(Kind::escapes_to_heap, "user", "\treturn fmt.Sprintf(\"%s=%d\", user, id)",
                      30, {step("call parameter", "fmt.Sprintf(...)", 10, 20)});
  Finding b = a;
  b.expr = "id";
  b.pos.col = 36;
  FactsMap facts = sprintf_facts("\"user=%s,id=%d\"", {{"string", "user"}, {"int", "id"}}, 20);
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  ctx.root = "/src/m";
  ctx.facts = &facts;
  PackageResult result;
  result.package = a.package;
  result.findings = {a, b};
  apply_catalog(result, ctx);
  CHECK(result.findings[0].suggestion);
  CHECK(result.findings[1].pattern == "fmt-on-hot-path");
  CHECK_FALSE(result.findings[1].suggestion);
}

TEST_CASE("match: only a repeat of the same rewrite points to the first") {
  // One function, one pattern, one callee: lines 10 and 30 get the same
  // rewrite, line 20 its own.
  const auto sprintf_site = [](int line, const std::string& arg) {
    return site_json("call", line, 20, "string",
                     R"(, "callee": "fmt.Sprintf", "static": true, "args": [)"
                     R"({"type": "string", "const": true, "text": "\"%s!\""}, )"
                     R"({"type": "string", "text": ")" +
                         arg + R"("}])");
  };
  FactsMap facts = package_facts(
      type_json("string", "string", "string", 16),
      sprintf_site(10, "a") + ", " + sprintf_site(20, "b") + ", " + sprintf_site(30, "a"));
  const auto at = [](int line, const std::string& arg) {
    Finding f = finding(Kind::escapes_to_heap, arg, "\treturn fmt.Sprintf(\"%s!\", " + arg + ")",
                        28, {step("call parameter", "fmt.Sprintf(...)", line, 20)});
    f.pos.line = line;
    return f;
  };
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  ctx.root = "/src/m";
  ctx.facts = &facts;
  PackageResult result;
  result.package = "example.com/m/p";
  result.findings = {at(10, "a"), at(20, "b"), at(30, "a")};
  apply_catalog(result, ctx);
  point_repeats_to_first(result);
  for (const Finding& f : result.findings) REQUIRE(f.suggestion);
  CHECK_THAT(*result.findings[0].suggestion, Catch::Contains("a + \"!\""));
  CHECK_THAT(*result.findings[1].suggestion, Catch::Contains("b + \"!\""));
  CHECK_THAT(*result.findings[2].suggestion, Catch::StartsWith("Same advice as line 10"));
}

TEST_CASE("match: §16 rules hold suggestions back") {
  auto sprintf = [](std::string line, int col) {
    return finding(Kind::escapes_to_heap, "n", std::move(line), col,
                   {step("call parameter", "fmt.Sprintf(...)", 10, col)});
  };
  SECTION("panic argument") {
    Finding out = matched(sprintf("\t\tpanic(fmt.Sprintf(\"negative: %d\", n))", 37));
    CHECK(out.pattern == "fmt-on-hot-path");
    CHECK_FALSE(out.suggestion);
    CHECK(held_by(out, "panic-path"));
  }
  SECTION("error return path") {
    Finding f = finding(Kind::escapes_to_heap, "&errors.errorString{...}",
                        "\t\treturn 0, errors.New(\"zero\")", 23,
                        {step("return", "return 0, errors.New(\"zero\")", 10)});
    f.inlined_from = InlinedFrom{"errors.New", "", 0};
    Finding out = matched(f);
    CHECK_FALSE(out.suggestion);
  }
  SECTION("init function") {
    Finding f = sprintf("\tx := fmt.Sprintf(\"init %d\", n)", 29);
    f.function = "example.com/m/p.init.0";
    Finding out = matched(f);
    CHECK(held_by(out, "init"));
    CHECK_FALSE(out.suggestion);
  }
  SECTION("main.main") {
    Finding f = sprintf("\tx := fmt.Sprintf(\"%d\", n)", 25);
    f.function = "main.main";
    CHECK(held_by(matched(f), "main-startup"));
  }
  SECTION("an escape that allocates nothing, before any other rule") {
    Finding f = sprintf("\tx := fmt.Sprintf(\"%d\", n)", 25);
    f.function = "main.main";
    f.allocation = Allocation::never;
    Finding out = matched(f);
    CHECK(held_by(out, "no-allocation"));
    CHECK_FALSE(out.suggestion);
  }
  SECTION("file outside the module") {
    Finding f = sprintf("\tx := fmt.Sprintf(\"%d\", n)", 25);
    f.pos.file = "/usr/lib/go/src/net/http/server.go";
    CHECK(held_by(matched(f), "outside-module"));
  }
  SECTION("inlined from the standard library") {
    Finding f = finding(Kind::escapes_to_heap, "&Point{...}", "\tq := other.Make()", 9,
                        {step("assign", "q = ~r0", 10)});
    f.inlined_from = InlinedFrom{"strings.NewReader", "", 0};
    f.expr = "&strings.Reader{...}";
    Finding out = matched(f);
    CHECK_FALSE(out.suggestion);
  }
  SECTION("a type that is right as a pointer") {
    Finding f = finding(Kind::escapes_to_heap, "&sync.WaitGroup{}", "\treturn &sync.WaitGroup{}", 9,
                        {step("return", "return &sync.WaitGroup{}", 10)});
    f.function = "example.com/m/p.newGroup";
    FactsMap facts = package_facts(
        type_json("sync.WaitGroup", "sync.WaitGroup", "struct", 16, R"(, "lock": true)"),
        site_json("addr", 10, 9, "sync.WaitGroup", R"(, "composite": true)"),
        R"("name": "example.com/m/p.newGroup", "results": ["*sync.WaitGroup"],
           "signature": "func() *sync.WaitGroup")");
    Finding out = matched(f, 26, &facts);
    CHECK(out.pattern == "return-pointer-to-local");
    CHECK(held_by(out, "pointer-type"));
    CHECK_FALSE(out.suggestion);
  }
}

TEST_CASE("match: helpers over one line") {
  CHECK(enclosing_call("\t\trecord(p)", 10) == "record");
  CHECK(enclosing_call("\tw.Write([]byte(line))", 10) == "w.Write");
  CHECK(enclosing_call("\ti := interface{}(b)", 19).empty());
  CHECK(split_args("\"a, b\", f(x, y), z") == std::vector<std::string>{"\"a, b\"", "f(x, y)", "z"});
  Placeholders values{{"var", "x"}, {"line", "7"}};
  CHECK(expand_template("{var} at {line} {unknown} T{}", values) == "x at 7 {unknown} T{}");
}
