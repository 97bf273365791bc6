// app/report_flags: -C, --kind and --func read once for check, parse and diff.
#include <catch2/catch.hpp>
#include <filesystem>

#include "app/report_flags.hpp"

using namespace goescape;

TEST_CASE("FindingFilter keeps the chosen kinds in the chosen functions") {
  auto filter = FindingFilter::make({"moved_to_heap", "escapes_to_heap"}, "Cache\\.");
  REQUIRE(filter.ok());
  CHECK(filter->kinds() == std::vector<Kind>{Kind::moved_to_heap, Kind::escapes_to_heap});
  Finding f;
  f.kind = Kind::moved_to_heap;
  f.function = "example.com/m.(*Cache).Get";
  CHECK_FALSE(filter->keeps(f));  // "Cache." does not occur: "(*Cache)."
  f.function = "example.com/m.Cache.Get";
  CHECK(filter->keeps(f));
  f.kind = Kind::does_not_escape;
  CHECK_FALSE(filter->keeps(f));
  f.kind = Kind::escapes_to_heap;
  f.function.reset();
  CHECK_FALSE(filter->keeps(f));  // --func never matches a finding without a function

  auto everything = FindingFilter::make({}, "");
  REQUIRE(everything.ok());
  CHECK(everything->kinds().empty());
  CHECK(everything->keeps(f));
}

TEST_CASE("FindingFilter rejects unknown kinds and bad expressions with a usage error") {
  auto kind = FindingFilter::make({"moved_to_heap", "heap"}, "");
  REQUIRE_FALSE(kind.ok());
  CHECK(kind.error().exit_code == ExitCode::usage);
  CHECK(kind.error().message.starts_with("unknown --kind \"heap\" (known: moved_to_heap, "));
  auto func = FindingFilter::make({}, "(unclosed");
  REQUIRE_FALSE(func.ok());
  CHECK(func.error().message.starts_with("--func: invalid regular expression"));
}

TEST_CASE("run_directory makes -C absolute and refuses what is not a directory") {
  auto here = run_directory("");
  REQUIRE(here.ok());
  CHECK(*here == std::filesystem::current_path().string());
  auto missing = run_directory("/nonexistent/goescape-dir");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "-C /nonexistent/goescape-dir: not a directory");
  CHECK(missing.error().exit_code == ExitCode::usage);
}
