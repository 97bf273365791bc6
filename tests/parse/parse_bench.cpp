// Throughput and accounting driver for the log parser: parses each LOG given
// (or standard input) the way `goescape parse` does, and prints the counters,
// the wall time and the peak RSS. With --diagnostics it also prints every
// line kept as a diagnostic, with --findings every finding (kind, position,
// expr, detail, flow reasons), so a new log can be checked by eye.
//
// --split-only reads and splits the lines the way parse_stream does and
// nothing else: the floor the parser's own work adds to.
//
//   parse_bench [--diagnostics] [--findings] [--split-only] LOG...
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
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

// The reading loop of parse_stream without the parser.
std::size_t split_only(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<char> buf((1 << 20) + (256 << 10));
  std::size_t have = 0, lines = 0, bytes = 0;
  for (;;) {
    in.read(buf.data() + have, static_cast<std::streamsize>(buf.size() - have));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    have += got;
    std::size_t start = 0;
    while (const void* nl = std::memchr(buf.data() + start, '\n', have - start)) {
      const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data());
      ++lines;
      bytes += end - start;
      start = end + 1;
    }
    std::memmove(buf.data(), buf.data() + start, have - start);
    have -= start;
  }
  return lines + (bytes == 0 ? 0 : 0);
}

}  // namespace

int main(int argc, char** argv) {
  bool show_diags = false;
  bool show_findings = false;
  bool split = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--diagnostics") {
      show_diags = true;
    } else if (a == "--split-only") {
      split = true;
    } else if (a == "--findings") {
      show_findings = true;
    } else {
      files.emplace_back(a);
    }
  }
  if (split) {
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t lines = 0;
    for (const auto& f : files) lines += split_only(f);
    std::printf("split-only lines=%zu time=%.3fs\n", lines,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return 0;
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
      for (const auto& d : p.diagnostics)
        std::printf("DIAG [%s] %s\n", d.package.c_str(), d.text.c_str());
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
      s.lines == s.verdict_lines + s.explanation_lines + s.orphan_explanations + s.duplicate_lines +
                     s.header_lines + s.noise_lines + s.unclassified);
  std::printf("packages=%zu findings=%zu flow_steps=%zu go>=1.%d time=%.3fs peak_rss=%ldMB\n",
              packages, findings, flows, parser.detected_go_minor(), secs, ru.ru_maxrss / 1024);
  return 0;
}
