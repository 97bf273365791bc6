// Throughput over the standard library's -m=2 log, hidden by default
// (`unit_tests "[.bench]"`); timings are reported, never asserted, because
// the machine running the tests is not the one they were measured on.
#include <sys/resource.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "parse/log_parser.hpp"
#include "test_parse_support.hpp"

TEST_CASE("bench: stdlib -m=2 log", "[.bench]") {
  const char* env = std::getenv("GOESCAPE_STDLOG");
  const std::filesystem::path path = env ? env : "/tmp/stdlog/std-m2.log";
  // Hidden: it runs only when asked for, so a missing log is a failure.
  if (!std::filesystem::exists(path))
    FAIL(path << " is absent (build it with scripts/bench, or set GOESCAPE_STDLOG)");
  std::size_t findings = 0;
  goescape::LogParser parser([&](goescape::PackageResult&& p) { findings += p.findings.size(); });
  std::ifstream in(path, std::ios::binary);
  const auto t0 = std::chrono::steady_clock::now();
  goescape::parse_stream(in, parser);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const auto& s = parser.stats();
  WARN("lines=" << s.lines << " findings=" << findings << " wall=" << secs
                << "s cpu=" << (ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6)
                << "s peak_rss=" << ru.ru_maxrss / 1024 << "MB");
  CHECK(goescape::test::stats_sum(s) == s.lines);
}
