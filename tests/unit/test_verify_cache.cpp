// The verdicts of candidate fixes kept between runs (app/verify_cache.hpp):
// a verdict comes back for the same code and edits, never for changed ones,
// and a damaged entry is a miss.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "app/verify_cache.hpp"
#include "support/signals.hpp"

using namespace goescape;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

TEST_CASE("verify cache: a verdict is found again only for the same code and edits") {
  auto temp = TemporaryDirectory::create("goescape-verify-cache-");
  REQUIRE(temp.ok());
  const fs::path root = temp->path();
  fs::create_directories(root / "m");
  write(root / "m/a.go", "package a\n\nfunc F() {}\n");
  AnalysisContext ctx;
  GoPackage package;
  package.import_path = "example.com/m";
  package.dir = (root / "m").string();
  package.files = {"a.go"};
  ctx.add_package(package);
  GoCommand go;
  Fix fix{{TextEdit{"m/a.go", 3, 1, 3, 5, "func"}}, {}};
  FixCandidate candidate;
  candidate.fix = &fix;
  candidate.target = {"m/a.go", 3, 1};
  const std::string dir = (root / "cache").string();

  VerdictCache first(dir, go, ctx);
  const std::string key = first.key(candidate, "example.com/m");
  CHECK_FALSE(first.find(key));
  first.store(key, {false, "the rewrite does not build: x"});
  auto found = first.find(key);
  REQUIRE(found);
  CHECK_FALSE(found->verified);
  CHECK(found->reason == "the rewrite does not build: x");

  // Another edit, or the same edit of changed code, is another key.
  Fix other{{TextEdit{"m/a.go", 3, 1, 3, 5, "func "}}, {}};
  FixCandidate changed = candidate;
  changed.fix = &other;
  CHECK(first.key(changed, "example.com/m") != key);
  write(root / "m/a.go", "package a\n\nfunc G() {}\n");
  VerdictCache second(dir, go, ctx);  // a new run reads the files again
  CHECK(second.key(candidate, "example.com/m") != key);
  GoCommand tagged;
  tagged.tags = "x";
  write(root / "m/a.go", "package a\n\nfunc F() {}\n");
  CHECK(VerdictCache(dir, go, ctx).key(candidate, "example.com/m") == key);
  CHECK(VerdictCache(dir, tagged, ctx).key(candidate, "example.com/m") != key);

  // A damaged entry is a miss; without a directory nothing is kept.
  write(fs::path(dir) / key, "verif");
  CHECK_FALSE(second.find(key));
  VerdictCache none("", go, ctx);
  none.store(key, {true, ""});
  CHECK_FALSE(none.find(key));
}
