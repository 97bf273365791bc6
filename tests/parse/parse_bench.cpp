// Throughput and accounting driver for the log parser: parses each LOG given
// (or standard input) the way `goescape parse` does, and prints the counters,
// the wall time and the peak RSS. With --diagnostics it also prints every
// line kept as a diagnostic, with --findings every finding (kind, position,
// expr, detail, flow reasons), so a new log can be checked by eye.
//
//   parse_bench [--diagnostics] [--findings] LOG...
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/kind.hpp"
#include "parse/log_parser.hpp"

namespace {

void print_finding(const goescape::Finding& f) {
  std::string reasons;
  for (const auto& s : f.flow) {
    if (s.reason == "flow") continue;
    if (!reasons.empty()) reasons += ",";
    reasons += s.reason;
  }
  std::printf("%s %s:%d:%d expr=[%s] detail=[%s] derefs=%d occ=%d caps=%zu flow=[%s]\n",
              std::string(goescape::kind_name(f.kind)).c_str(), f.pos.file.c_str(), f.pos.line,
              f.pos.col, f.expr.c_str(), f.detail.c_str(), f.derefs, f.occurrences,
              f.captures.size(), reasons.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  bool show_diags = false;
  bool show_findings = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--diagnostics") {
      show_diags = true;
    } else if (a == "--findings") {
      show_findings = true;
    } else {
      files.emplace_back(a);
    }
  }
  std::size_t packages = 0, findings = 0, flows = 0;
  goescape::LogParser parser([&](goescape::PackageResult&& p) {
    ++packages;
    findings += p.findings.size();
    for (const auto& f : p.findings) {
      flows += f.flow.size();
      if (show_findings) print_finding(f);
    }
    if (show_diags)
      for (const auto& d : p.diagnostics) std::printf("DIAG [%s] %s\n", d.package.c_str(), d.text.c_str());
  });
  const auto start = std::chrono::steady_clock::now();
  if (files.empty()) {
    goescape::parse_stream(std::cin, parser);
  } else {
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", f.c_str());
        return 2;
      }
      goescape::parse_stream(in, parser);
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& s = parser.stats();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "lines=%lld verdict=%lld explanation=%lld orphan=%lld duplicate=%lld header=%lld "
      "noise=%lld unclassified=%lld sum_ok=%d\n",
      static_cast<long long>(s.lines), static_cast<long long>(s.verdict_lines),
      static_cast<long long>(s.explanation_lines), static_cast<long long>(s.orphan_explanations),
      static_cast<long long>(s.duplicate_lines), static_cast<long long>(s.header_lines),
      static_cast<long long>(s.noise_lines), static_cast<long long>(s.unclassified),
      s.lines == s.verdict_lines + s.explanation_lines + s.orphan_explanations +
                     s.duplicate_lines + s.header_lines + s.noise_lines + s.unclassified);
  std::printf("packages=%zu findings=%zu flow_steps=%zu go>=1.%d time=%.3fs peak_rss=%ldMB\n",
              packages, findings, flows, parser.detected_go_minor(), secs, ru.ru_maxrss / 1024);
  return 0;
}
