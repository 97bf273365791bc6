// runner/gofacts without a Go toolchain: a shell script stands in for `go`
// (`go env`, and a `go build` that installs a shell script as the helper),
// so the cache, the reuse of a built helper, the streaming of its output and
// every way of failing are tested without building Go code.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "facts_fixture.hpp"
#include "runner/gofacts.hpp"
#include "support/signals.hpp"

using namespace goescape;
namespace fs = std::filesystem;

namespace {

// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A fake go in a temporary directory: `env` prints `version`, `build -o OUT`
// installs `helper` (a shell script) at OUT, or fails with `build_error`.
// Every invocation is appended to calls.txt.
struct FakeGo {
  TemporaryDirectory dir = std::move(TemporaryDirectory::create("goescape-gofacts-").value());
  std::string go = dir.path() + "/go";
  std::string cache = dir.path() + "/cache";
  std::string calls = dir.path() + "/calls.txt";

  FakeGo(const std::string& version, const std::string& helper,
         const std::string& build_error = "") {
    std::ofstream(dir.path() + "/helper.sh") << "#!/bin/sh\n" << helper;
    std::ofstream script(go);
    script << "#!/bin/sh\necho \"$@\" >> " << calls << "\n"
           << "case \"$1\" in\n"
           << "env) if [ \"$2\" = GOVERSION ]; then echo " << version
           << "; else echo linux; echo amd64; fi ;;\n"
           << "build)\n";
    if (!build_error.empty()) {
      script << "  echo '" << build_error << "' >&2; exit 1 ;;\n";
    } else {
      script << "  while [ \"$1\" != -o ]; do shift; done\n"
             << "  cp " << dir.path() << "/helper.sh \"$2\"; chmod +x \"$2\" ;;\n";
    }
    script << "esac\n";
    script.close();
    ::chmod(go.c_str(), 0755);
  }

  GoFactsRequest request() const {
    GoFactsRequest r;
    r.go.binary = go;
    r.go.dir = dir.path();
    r.patterns = {"./..."};
    return r;
  }

  int builds() const {
    std::ifstream in(calls);
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.rfind("build", 0) == 0;
    return n;
  }
};

std::string ndjson(std::string s) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// A helper that prints the fixture's package line, then the done line.
std::string printing_helper() {
  return "cat <<'EOF'\n" + ndjson(goescape::testing::facts_line) +
         "\n{\"done\": true, \"packages\": 1, \"seconds\": 0.1}\nEOF\n";
}

}  // namespace

TEST_CASE("gofacts: the cache directory", "[gofacts]") {
  ScopedEnv own("GOESCAPE_CACHE_DIR", "/c/own");
  ScopedEnv xdg("XDG_CACHE_HOME", "/c/xdg");
  ScopedEnv home("HOME", "/c/home");
  CHECK(goescape_cache_dir() == "/c/own");
  {
    ScopedEnv unset("GOESCAPE_CACHE_DIR", nullptr);
    CHECK(goescape_cache_dir() == "/c/xdg/goescape");
    ScopedEnv relative("XDG_CACHE_HOME", "relative");  // invalid by the XDG spec
    CHECK(goescape_cache_dir() == "/c/home/.cache/goescape");
  }
}

TEST_CASE("gofacts: the helper's source is embedded", "[gofacts]") {
  REQUIRE_FALSE(gofacts_source_files().empty());
  bool go_mod = false;
  for (const EmbeddedFile& f : gofacts_source_files()) {
    CHECK_FALSE(f.name.ends_with("_test.go"));
    go_mod = go_mod || f.name == "go.mod";
  }
  CHECK(go_mod);
  CHECK(gofacts_source_hash().size() == 16);
}

TEST_CASE("gofacts: a store hands out facts as they arrive", "[gofacts]") {
  FactsStore store;
  std::thread writer([&] { store.add("example.com/m/p", goescape::testing::facts_line); });
  const PackageFacts* p = store.package("example.com/m/p");  // waits for the writer
  writer.join();
  REQUIRE(p);
  CHECK(p->functions.size() == 4);
  std::thread closer([&] { store.close(); });
  CHECK(store.package("example.com/m/other") == nullptr);  // waits until closed
  closer.join();
  CHECK(store.package("example.com/m/p") == p);
}

TEST_CASE("gofacts: released facts are read again when asked for", "[gofacts]") {
  FactsStore store;
  store.add("example.com/m/p", goescape::testing::facts_line);
  store.close();
  const PackageFacts* first = store.package("example.com/m/p");
  REQUIRE(first);
  const std::size_t functions = first->functions.size();
  store.release("example.com/m/p");
  store.release("example.com/m/none");  // never there: nothing happens
  const PackageFacts* again = store.package("example.com/m/p");
  REQUIRE(again);
  CHECK(again->functions.size() == functions);
  CHECK(again->name == "p");
}

TEST_CASE("gofacts: a line is read when its package is asked for, and a bad one is said once",
          "[gofacts]") {
  FactsStore store;
  store.add("example.com/m/bad", R"({"package":"example.com/m/bad","sites":[{"node":1}]})");
  store.add("example.com/m/p", goescape::testing::facts_line);
  store.add("example.com/m/p", "not json");  // the first line for a path wins
  store.close();
  CHECK(store.problem().empty());  // nothing read yet
  CHECK(store.package("example.com/m/bad") == nullptr);
  CHECK(store.package("example.com/m/bad") == nullptr);  // not read twice
  REQUIRE(store.package("example.com/m/p"));
  CHECK(store.problem() ==
        "the facts of 1 package could not be read (example.com/m/bad: sites[0].node: expected a "
        "string)");
}

TEST_CASE("gofacts: built once in the cache, then reused", "[gofacts]") {
  FakeGo fake("go1.26.8", printing_helper());
  ScopedEnv cache("GOESCAPE_CACHE_DIR", fake.cache.c_str());
  for (int run = 0; run < 2; ++run) {
    auto facts = GoFacts::start(fake.request());
    const PackageFacts* p = facts->facts().package("example.com/m/p");
    REQUIRE(p);
    CHECK(p->name == "p");
    CHECK(facts->problem().empty());
  }
  CHECK(fake.builds() == 1);
  const fs::path built = fs::path(fake.cache) / "gofacts" /
                         ("go1.26.8-" + std::string(gofacts_source_hash())) / "gofacts";
  CHECK(fs::exists(built));
  CHECK(fs::exists(built.parent_path() / "src" / "go.mod"));
}

TEST_CASE("gofacts: every failure is a reason, never an error", "[gofacts]") {
  SECTION("a release older than the helper supports") {
    FakeGo fake("go1.18.10", printing_helper());
    ScopedEnv cache("GOESCAPE_CACHE_DIR", fake.cache.c_str());
    auto facts = GoFacts::start(fake.request());
    CHECK(facts->facts().package("example.com/m/p") == nullptr);
    CHECK_THAT(facts->problem(), Catch::Contains("go1.18.10 is older than the facts helper"));
  }
  SECTION("the helper does not build") {
    FakeGo fake("go1.26.8", "", "boom: no space left");
    ScopedEnv cache("GOESCAPE_CACHE_DIR", fake.cache.c_str());
    auto facts = GoFacts::start(fake.request());
    CHECK(facts->facts().package("example.com/m/p") == nullptr);
    CHECK(facts->problem() == "the facts helper did not build with go1.26.8: boom: no space left");
  }
  SECTION("malformed output lines are counted, the good ones kept") {
    FakeGo fake("go1.26.8", "echo 'not json'\n" + printing_helper() + "echo '{\"sites\": 3}'\n");
    ScopedEnv cache("GOESCAPE_CACHE_DIR", fake.cache.c_str());
    auto facts = GoFacts::start(fake.request());
    CHECK(facts->facts().package("example.com/m/p"));
    CHECK(
        facts->problem() ==
        "2 malformed lines of the facts helper's output ignored (line 1: not valid JSON (offset 1: "
        "invalid literal))");
  }
  SECTION("the helper fails") {
    FakeGo fake("go1.26.8", "echo 'gofacts: go list: exit status 1' >&2\nexit 2\n");
    ScopedEnv cache("GOESCAPE_CACHE_DIR", fake.cache.c_str());
    auto facts = GoFacts::start(fake.request());
    CHECK(facts->problem() ==
          "the facts helper failed (exit status 2): gofacts: go list: exit status 1");
  }
  SECTION("no cache directory") {
    FakeGo fake("go1.26.8", printing_helper());
    ScopedEnv own("GOESCAPE_CACHE_DIR", nullptr);
    ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
    ScopedEnv home("HOME", nullptr);
    auto facts = GoFacts::start(fake.request());
    CHECK_THAT(facts->problem(), Catch::Contains("no cache directory"));
  }
}

TEST_CASE("gofacts: stop() ends a helper that is still running", "[gofacts]") {
  FakeGo fake("go1.26.8", "sleep 600\n");
  ScopedEnv cache("GOESCAPE_CACHE_DIR", fake.cache.c_str());
  auto facts = GoFacts::start(fake.request());
  facts->stop();                    // returns once the helper is gone, long before 600 s
  CHECK(facts->problem().empty());  // a stopped run reports nothing
  CHECK(facts->facts().package("example.com/m/p") == nullptr);
}
