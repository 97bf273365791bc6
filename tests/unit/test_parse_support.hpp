// Shared by the parse tests: run the parser over a string or a file and keep
// everything it reports.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"
#include "parse/log_parser.hpp"

namespace goescape::test {

struct Parsed {
  std::vector<PackageResult> packages;
  ParseStats stats;
  int go_minor = 0;

  std::vector<const Finding*> findings() const {
    std::vector<const Finding*> out;
    for (const auto& p : packages)
      for (const auto& f : p.findings) out.push_back(&f);
    return out;
  }
  std::vector<const Diagnostic*> diagnostics() const {
    std::vector<const Diagnostic*> out;
    for (const auto& p : packages)
      for (const auto& d : p.diagnostics) out.push_back(&d);
    return out;
  }
  // The first finding whose message is exactly `message`, or null.
  const Finding* by_message(std::string_view message) const {
    for (const auto& p : packages)
      for (const auto& f : p.findings)
        if (f.message && *f.message == message) return &f;
    return nullptr;
  }
};

inline Parsed parse_text(const std::string& text, std::size_t max_line = 1 << 20) {
  Parsed out;
  LogParser parser([&](PackageResult&& p) { out.packages.push_back(std::move(p)); });
  std::istringstream in(text);
  parse_stream(in, parser, max_line);
  out.stats = parser.stats();
  out.go_minor = parser.detected_go_minor();
  return out;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::filesystem::path shared_logs() {
  return std::filesystem::path(GOESCAPE_TEST_SHARED_DIR) / "go-logs";
}

// The captured logs of samples/ (committed: always there).
inline std::filesystem::path sample_logs() {
  return std::filesystem::path(GOESCAPE_TEST_SOURCE_DIR) / "samples" / "logs";
}

// True, after a warning that ctest reads as SKIPPED (SKIP_REGULAR_EXPRESSION
// in tests/CMakeLists.txt), when `needed` is absent: the test case must then
// return. A test that cannot run must not pass.
inline bool skip_without(const std::filesystem::path& needed) {
  std::error_code ec;
  if (std::filesystem::exists(needed, ec)) return false;
  WARN("GOESCAPE-SKIPPED: " << needed.string() << " is absent");
  return true;
}

// The logs (.txt, .json) under `dir`, sorted; none when it is absent.
inline std::vector<std::filesystem::path> logs_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension();
    if (ext == ".txt" || ext == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::int64_t stats_sum(const ParseStats& s) {
  return s.verdict_lines + s.explanation_lines + s.orphan_explanations + s.duplicate_lines +
         s.header_lines + s.noise_lines + s.unclassified;
}

}  // namespace goescape::test
