// Function names the compiler agrees with (SPEC.md, "Meaning, not only
// text"): the log's own `in F` / `for F` names kept by the parser and made
// pprof names, then the facts' function spans, then the source scanner.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/naming.hpp"
#include "analysis/stages.hpp"
#include "facts_fixture.hpp"
#include "parse/log_parser.hpp"
#include "support/signals.hpp"

using namespace goescape;
using goescape::testing::fixture_facts;

namespace {

std::vector<PackageResult> parse_lines(const std::vector<std::string>& lines) {
  std::vector<PackageResult> out;
  LogParser parser([&](PackageResult&& r) { out.push_back(std::move(r)); });
  for (const std::string& l : lines) parser.feed(l);
  parser.finish();
  return out;
}

GoPackage go_package(std::string path, std::string name, std::string dir,
                     std::vector<std::string> files = {}) {
  GoPackage p;
  p.import_path = std::move(path);
  p.name = std::move(name);
  p.dir = std::move(dir);
  p.module_path = "example.com/m";
  p.module_dir = "/src/m";
  p.files = std::move(files);
  return p;
}

Finding at(std::string file, int line, int col, std::string expr = "x",
           Kind kind = Kind::escapes_to_heap) {
  Finding f;
  f.kind = kind;
  f.pos = {std::move(file), line, col};
  f.printed_file = f.pos.file;
  f.expr = std::move(expr);
  return f;
}

}  // namespace

TEST_CASE("attribute: the parser keeps the function a -m=2 explanation names", "[attribute]") {
  auto packages = parse_lines({
      "# example.com/m/p",
      "./p.go:11:9: &Point{...} escapes to heap in F:",
      "./p.go:11:9:   flow: ~r0 \xe2\x86\x90 &{storage for &Point{...}}:",
      "./p.go:11:9:     from &Point{...} (spill) at ./p.go:11:9",
      "./p.go:11:9:     from return &Point{...} (return) at ./p.go:11:2",
      "./p.go:5:8: parameter n leaks to {heap} for (*LRU[go.shape.string]).Put with derefs=0:",
      "./p.go:5:8:   flow: {heap} \xe2\x86\x90 n:",
      "./p.go:5:8: leaking param: n",
      "./p.go:11:9: &Point{...} escapes to heap",
      "./p.go:7:7: func literal does not escape",
  });
  REQUIRE(packages.size() == 1);
  const auto& f = packages[0].findings;
  REQUIRE(f.size() == 3);
  CHECK(f[0].kind == Kind::leaking_param);
  CHECK(f[0].log_function == "(*LRU[go.shape.string]).Put");
  CHECK(f[1].kind == Kind::escapes_to_heap);
  CHECK(f[1].log_function == "F");
  CHECK(f[2].log_function.empty());
}

TEST_CASE("attribute: type arguments are written [...]", "[attribute]") {
  CHECK(collapse_type_arguments("F") == "F");
  CHECK(collapse_type_arguments("Clone[go.shape.int]") == "Clone[...]");
  CHECK(collapse_type_arguments(
            "(*LRU[go.shape.string,go.shape.struct { H map[string]string; B []uint8 }]).Put") ==
        "(*LRU[...]).Put");
  CHECK(collapse_type_arguments("Map[int,string].func1") == "Map[...].func1");
}

TEST_CASE("attribute: import paths as symbol names write them", "[attribute]") {
  CHECK(symbol_prefix("example.com/m/p") == "example.com/m/p");
  CHECK(symbol_prefix("gopkg.in/yaml.v3") == "gopkg.in/yaml%2ev3");
  CHECK(symbol_prefix("example.com/a.b/c%d") == "example.com/a.b/c%25d");
}

TEST_CASE("attribute: the package of a file outside the module", "[attribute]") {
  AnalysisContext ctx;
  // A block's own directory teaches where GOROOT/src is...
  CHECK(import_path_of_file("/goroot/src/encoding/json/encode.go", "encoding/json", ctx) ==
        "encoding/json");
  // ...so the files of other packages compiled into a block get their paths.
  CHECK(import_path_of_file("/goroot/src/slices/slices.go", "go/types", ctx) == "slices");
  CHECK(import_path_of_file("/goroot/src/cmd/vendor/golang.org/x/mod/zip/zip.go", "cmd/go", ctx) ==
        "golang.org/x/mod/zip");
  CHECK(import_path_of_file("/goroot/src/vendor/golang.org/x/net/idna/idna.go", "net", ctx) ==
        "vendor/golang.org/x/net/idna");
  // The module cache: the version dropped, upper case unescaped.
  CHECK(import_path_of_file("/home/u/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/internal/tz.go",
                            "example.com/m", ctx) == "github.com/BurntSushi/toml/internal");
  CHECK(import_path_of_file("/elsewhere/x.go", "example.com/m", ctx).empty());
}

TEST_CASE("attribute: names from the log become pprof names", "[attribute]") {
  AnalysisContext ctx;
  ctx.root = "/src/m";
  ctx.add_package(go_package("example.com/m/cmd/demo", "main", "/src/m/cmd/demo"));
  ctx.add_package(go_package("example.com/m/server", "server", "/src/m/server"));
  ctx.add_package(go_package("example.com/m/seq", "seq", "/src/m/seq"));

  FunctionNamer own(ctx, "example.com/m/server");
  Finding f = at("server/server.go", 10, 2);
  f.log_function = "(*Router).Serve";
  CHECK(own.name(f) == "example.com/m/server.(*Router).Serve");

  // In a command: `main`, whatever the import path.
  FunctionNamer command(ctx, "example.com/m/cmd/demo");
  f = at("cmd/demo/main.go", 3, 2);
  f.log_function = "main.func2";
  CHECK(command.name(f) == "main.main.func2");
  // A closure of server inlined into main.main is a function of main...
  f = at("server/server.go", 132, 44);
  f.log_function = "main.Logging.func7.1";
  CHECK(command.name(f) == "main.main.Logging.func7.1");
  // ...a generic of seq instantiated in main is seq's.
  f = at("seq/seq.go", 8, 9);
  f.log_function = "Map[go.shape.int,go.shape.string]";
  CHECK(command.name(f) == "example.com/m/seq.Map[...]");
  // The wrapper the compiler makes has no file: the block's package.
  f = at("<autogenerated>", 1, 0);
  f.log_function = "(*Stats).String";
  CHECK(command.name(f) == "main.(*Stats).String");
}

TEST_CASE("attribute: facts name what the log does not", "[attribute]") {
  FactsMap facts;
  facts.add(fixture_facts());
  AnalysisContext ctx;
  ctx.root = "/src/m";
  ctx.facts = &facts;
  ctx.add_package(go_package("example.com/m/p", "p", "/src/m/p", {"p.go"}));
  PackageResult result;
  result.package = "example.com/m/p";
  result.findings = {
      at("p/p.go", 11, 9, "&Point{...}"),
      at("p/p.go", 7, 7, "func literal"),                    // evaluated by F
      at("p/p.go", 7, 25, "n"),                              // inside the closure
      at("p/p.go", 14, 16, "map[string]int{...}"),           // a package-level initialiser
      at("p/p.go", 7, 7, "F.func1", Kind::can_inline),       // about the literal's code
      at("p/p.go", 16, 31, "Big{}", Kind::does_not_escape),  // a method
  };
  Finding named = at("p/p.go", 11, 9, "&Point{...}");
  named.log_function = "F";
  result.findings.push_back(named);
  attribute(result, ctx);
  std::vector<std::string> names;
  for (const Finding& f : result.findings) names.push_back(f.function.value_or("null"));
  CHECK(names == std::vector<std::string>{"example.com/m/p.F", "example.com/m/p.F",
                                          "example.com/m/p.F.func1", "example.com/m/p.init",
                                          "example.com/m/p.F.func1", "example.com/m/p.(*Big).Reset",
                                          "example.com/m/p.F"});
}

TEST_CASE("attribute: without facts the scanner follows the same rules", "[attribute]") {
  auto dir = TemporaryDirectory::create("goescape-attr-");
  REQUIRE(dir.ok());
  const std::filesystem::path root = dir->path();
  std::filesystem::create_directories(root / "p");
  auto write = [&](const char* name, const char* text) {
    std::ofstream(root / "p" / name) << text;
  };
  write("a.go",
        "package p\n\nfunc init() {}\n\nvar handlers = map[string]func(){\"a\": func() {}}\n");
  write("a_test.go", "package p\n\nfunc init() {}\n");
  write("b.go", "package p\n\nfunc init() {}\n\nfunc F() func() {\n\treturn func() {}\n}\n");
  for (bool tests : {false, true}) {
    AnalysisContext ctx;
    ctx.root = root.string();
    ctx.tests = tests;
    ctx.add_package(
        go_package("example.com/m/p", "p", (root / "p").string(), {"a.go", "b.go", "a_test.go"}));
    PackageResult result;
    result.package = "example.com/m/p";
    result.findings = {
        at("p/b.go", 3, 13, "x"),                       // in b.go's init
        at("p/a.go", 5, 16, "map[string]func(){...}"),  // package level
        at("p/b.go", 6, 9, "func literal"),             // evaluated by F
        at("p/a.go", 5, 43, "x"),                       // a closure of the initialiser
        at("p/a.go", 5, 39, "func literal"),            // evaluated by the initialisation
    };
    attribute(result, ctx);
    INFO("tests: " << tests);
    // Test files come after the others: b.go's init stays init.1.
    CHECK(result.findings[0].function == "example.com/m/p.init.1");
    CHECK(result.findings[1].function == "example.com/m/p.init");
    CHECK(result.findings[2].function == "example.com/m/p.F");
    CHECK(result.findings[3].function == "example.com/m/p.init.func1");
    CHECK(result.findings[4].function == "example.com/m/p.init");
  }
}

TEST_CASE("attribute: an absolute path resolves to that file unless it is this code elsewhere",
          "[attribute]") {
  auto dir = TemporaryDirectory::create("goescape-resolve-");
  REQUIRE(dir.ok());
  const std::filesystem::path base = dir->path();
  auto write = [&](const std::filesystem::path& rel, const char* text) {
    std::filesystem::create_directories((base / rel).parent_path());
    std::ofstream(base / rel) << text;
  };
  write("m/log/log.go", "package log\n");
  write("goroot/src/log/log.go", "package log // the standard library's\n");
  write("other-checkout/m/log/log.go", "package log\n");
  AnalysisContext ctx;
  ctx.root = (base / "m").string();
  ctx.log_dir = ctx.root;
  ctx.add_package(go_package("example.com/m/log", "log", (base / "m/log").string(), {"log.go"}));
  PackageResult result;
  result.package = "example.com/m";
  result.findings = {at((base / "goroot/src/log/log.go").string(), 1, 1),
                     at((base / "other-checkout/m/log/log.go").string(), 1, 1),
                     at("/nowhere/m/log/log.go", 1, 1)};
  resolve_positions(result, ctx);
  CHECK(result.findings[0].pos.file == (base / "goroot/src/log/log.go").string());
  CHECK(result.findings[1].pos.file == "log/log.go");
  CHECK(result.findings[2].pos.file == "log/log.go");
}
