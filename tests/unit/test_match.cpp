// Matching hand-built findings (no go, no files on disk) against the shipped
// catalog: which pattern fires, what the suggestion says about this line, and
// which PLAYBOOK §16 rule holds a suggestion back.
#include <catch2/catch.hpp>

#include "analysis/match_engine.hpp"
#include "analysis/stages.hpp"
#include "catalog/catalog.hpp"
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

Finding matched(Finding f, int go_minor = 26) {
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  ctx.go_minor = go_minor;
  PackageResult result;
  result.package = f.package;
  result.findings.push_back(std::move(f));
  apply_catalog(result, ctx);
  return result.findings[0];
}

FlowStep step(std::string reason, std::string text, int line, int col = 2) {
  return {std::move(reason), std::move(text), {"p/p.go", line, col}};
}

}  // namespace

TEST_CASE("match: 9.1 return &T{...} names the type and shows this line by value") {
  Finding f =
      finding(Kind::escapes_to_heap, "&Point{...}", "\treturn &Point{X: x, Y: y}", 9,
              {step("spill", "&Point{...}", 10, 9), step("return", "return &Point{...}", 10, 2)});
  Finding out = matched(f);
  CHECK(out.pattern == "return-pointer-to-local");
  CHECK(out.playbook == "9.1");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("return &Point{X: x, Y: y}"));
  CHECK_THAT(*out.suggestion, Catch::Contains("return Point{X: x, Y: y}"));
  CHECK_THAT(*out.suggestion, Catch::Contains("Point"));
  CHECK_FALSE(out.held_back);
}

TEST_CASE("match: 9.2 names the callee and where it stores the pointer") {
  Finding f = finding(
      Kind::moved_to_heap, "cfg", "\tvar cfg Config", 6,
      {step("address-of", "&cfg", 12, 11), step("call parameter", "register(&cfg)", 12, 10)});
  Finding leak;
  leak.kind = Kind::leaking_param;
  leak.expr = "c";
  leak.package = f.package;
  leak.function = "example.com/m/p.register";
  leak.flow = {step("assign", "current = c", 8, 30)};
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  ctx.go_minor = 26;
  PackageResult result;
  result.package = f.package;
  result.findings = {f, leak};
  apply_catalog(result, ctx);
  const Finding& out = result.findings[0];
  CHECK(out.pattern == "addr-stored-by-callee");
  CHECK(out.playbook == "9.2");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("`register`"));
  CHECK_THAT(*out.suggestion, Catch::Contains("current = c"));
  CHECK_THAT(*out.suggestion, Catch::Contains("register(cfg)"));
}

TEST_CASE("match: 9.5 speaks for the Go release in use") {
  Finding old = finding(Kind::escapes_to_heap, "make([]int, n)", "\ts := make([]int, n)", 11,
                        {step("non-constant size", "make([]int, n)", 10, 11)});
  Finding out = matched(old, 24);
  CHECK(out.pattern == "make-dynamic-size");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("Go 1.24 heap-allocates"));
  CHECK_THAT(*out.suggestion, Catch::Contains("make([]int, n, K)"));

  Finding now = finding(Kind::escapes_to_heap, "make([]int, n)", "\ts := make([]int, n)", 11,
                        {step("spill", "make([]int, n)", 10, 11), step("assign", "gs = s", 11)});
  out = matched(now, 26);
  CHECK(out.pattern == "make-dynamic-size");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("since Go 1.25"));
  CHECK_THAT(*out.suggestion, Catch::Contains("gs = s"));

  Finding constant = finding(Kind::escapes_to_heap, "make([]int, 64)", "\ts := make([]int, 64)", 11,
                             {step("assign", "gs = s", 11)});
  CHECK_FALSE(matched(constant).pattern);
}

TEST_CASE("match: 7 builds the strings.Builder code for this format string") {
  Finding f =
      finding(Kind::escapes_to_heap, "id", "\treturn fmt.Sprintf(\"user=%s,id=%d\", user, id)", 44,
              {step("call parameter", "fmt.Sprintf(...)", 10, 20)});
  Finding out = matched(f);
  CHECK(out.pattern == "fmt-on-hot-path");
  CHECK(out.playbook == "7");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("b.WriteString(\"user=\")"));
  CHECK_THAT(*out.suggestion, Catch::Contains("b.WriteString(strconv.Itoa(id))"));
  CHECK_THAT(*out.suggestion, Catch::Contains("return b.String()"));
}

TEST_CASE("match: 11 rewrites w.Write([]byte(s)) on this line") {
  Finding f = finding(Kind::escapes_to_heap, "([]byte)(line)", "\t\tw.Write([]byte(line))", 11,
                      {step("call parameter", "w.Write(([]byte)(line))", 10, 10)});
  Finding out = matched(f);
  CHECK(out.pattern == "string-bytes-conversion");
  REQUIRE(out.suggestion);
  CHECK_THAT(*out.suggestion, Catch::Contains("io.WriteString(w, line)"));
  // io.WriteString needs the io import, and without the file nobody can tell.
  CHECK_FALSE(out.fix);
}

TEST_CASE("match: a drop-in rewrite becomes a text edit of the matched span") {
  Finding f = finding(Kind::escapes_to_heap, "([]byte)(p)",
                      "\tdst = append(dst, []byte(p)...) // keep", 21);
  Finding out = matched(f);
  CHECK(out.pattern == "string-bytes-conversion");
  REQUIRE(out.fix);
  CHECK(out.fix->line == 10);
  CHECK(out.fix->col == 8);  // after "\tdst = ": the match, not the whole line
  CHECK(out.fix->end_col == 33);
  CHECK(out.fix->text == "append(dst, p...)");
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
  AnalysisContext ctx;
  ctx.catalog = &builtin();
  PackageResult result;
  result.findings = {a, b};
  apply_catalog(result, ctx);
  CHECK(result.findings[0].suggestion);
  CHECK(result.findings[1].pattern == "fmt-on-hot-path");
  CHECK_FALSE(result.findings[1].suggestion);
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
    CHECK(out.held_back == "panic-argument");
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
    CHECK(out.held_back == "init-function");
    CHECK_FALSE(out.suggestion);
  }
  SECTION("main.main") {
    Finding f = sprintf("\tx := fmt.Sprintf(\"%d\", n)", 25);
    f.function = "main.main";
    CHECK(matched(f).held_back == "main-startup");
  }
  SECTION("file outside the module") {
    Finding f = sprintf("\tx := fmt.Sprintf(\"%d\", n)", 25);
    f.pos.file = "/usr/lib/go/src/net/http/server.go";
    CHECK(matched(f).held_back == "not-module-file");
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
    Finding out = matched(f);
    CHECK(out.pattern == "return-pointer-to-local");
    CHECK(out.held_back == "pointer-type");
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
