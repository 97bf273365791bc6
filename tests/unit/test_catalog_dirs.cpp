// Where the built-in catalog is found (catalog/catalog_dirs.hpp), seen from a
// binary in the build tree; tests/ship/install_test.sh covers installed ones.
#include <catch2/catch.hpp>
#include <filesystem>

#include "catalog/catalog_dirs.hpp"

using namespace goescape;

TEST_CASE("a binary in the build tree uses the source tree's catalog", "[catalog]") {
  BuiltinCatalog builtin = find_builtin_catalog();
  REQUIRE(builtin.found);
  CHECK(builtin.found->origin == "source tree");
  CHECK(std::filesystem::equivalent(builtin.found->dir, GOESCAPE_TEST_SOURCE_DIR "/patterns"));
  // Only the source tree: a stale installed catalog never stands in for it.
  CHECK(builtin.searched.size() == 1);
}

TEST_CASE("pattern directories of --patterns load after the built-in catalog", "[catalog]") {
  auto dirs = catalog_dirs({"team/a", "team/b"});
  REQUIRE(dirs);
  REQUIRE(dirs->size() == 3);
  CHECK((*dirs)[0] == find_builtin_catalog().found->dir);
  CHECK((*dirs)[1] == "team/a");
  CHECK((*dirs)[2] == "team/b");
}

TEST_CASE("the missing-catalog error names every place looked", "[catalog]") {
  BuiltinCatalog none;
  none.searched = {{"/opt/g/share/goescape/patterns", "next to the binary"},
                   {"/usr/local/share/goescape/patterns", "install prefix"}};
  Error error = missing_catalog_error(none);
  CHECK(error.exit_code == ExitCode::usage);
  CHECK(error.message.find('\n') == std::string::npos);
  CHECK(error.message.find("/opt/g/share/goescape/patterns (next to the binary), "
                           "/usr/local/share/goescape/patterns (install prefix)") !=
        std::string::npos);
  CHECK(error.message.find("--patterns DIR") != std::string::npos);
}
