// check_report (app/check_command.hpp) end to end through the fake go of
// tests/check/fake-go: the in-memory report `diff --base` builds on.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "app/check_command.hpp"
#include "support/signals.hpp"

using namespace goescape;

namespace {

const char* const fake_go = GOESCAPE_TEST_SOURCE_DIR "/tests/check/fake-go/go";

// Sets an environment variable for one scope (the fake go reads it).
struct ScopedEnv {
  std::string name;
  ScopedEnv(const char* n, const char* value) : name(n) { ::setenv(n, value, 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

// A module with the main.go the fake go's canned log talks about.
struct FakeModule {
  TemporaryDirectory dir = std::move(TemporaryDirectory::create("goescape-unit-").value());
  FakeModule() {
    std::ofstream(dir.path() + "/main.go") << "package main\n\n"
                                              "func newT() *int { x := 1; return &x }\n\n"
                                              "func main() { println(*newT()) }\n";
  }
  // The facts helper's cache: the fake go cannot build the helper, and a
  // test writes nothing into the user's cache.
  ScopedEnv cache{"GOESCAPE_CACHE_DIR", (dir.path() + "/cache").c_str()};

  CheckOptions options() const {
    CheckOptions o;
    o.go = fake_go;
    o.progress = false;
    o.report.dir = dir.path();
    return o;
  }
};

}  // namespace

TEST_CASE("check_report returns the whole report in memory") {
  FakeModule m;
  ScopedEnv mode("FAKE_GO_MODE", "ok");
  CheckOptions o = m.options();
  o.report.format = "sarif";  // ignored: nothing is rendered for the caller
  o.report.output = m.dir.path() + "/must-not-exist";
  auto report = check_report(o);
  REQUIRE(report.ok());
  CHECK(report->go.version == std::optional<std::string>("go1.26.8"));
  CHECK(report->go.flags == "-m=2");
  REQUIRE_FALSE(report->findings.empty());
  bool found = false;
  for (const Finding& f : report->findings)
    found = found || (f.kind == Kind::moved_to_heap && f.function == "main.newT" &&
                      f.pos.file == "main.go" && !f.fingerprint.empty());
  CHECK(found);
  CHECK(report->summary.at("heap_allocations") == 1);
  CHECK_FALSE(std::ifstream(o.report.output).good());
}

TEST_CASE("check_report: a failed build is an Error with exit code 3") {
  FakeModule m;
  ScopedEnv mode("FAKE_GO_MODE", "compile-error");
  auto report = check_report(m.options());
  REQUIRE_FALSE(report.ok());
  CHECK(report.error().exit_code == ExitCode::go_failed);
}
