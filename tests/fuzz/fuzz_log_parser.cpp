// Fuzz target: the -m / -m=2 log grammar (parse/log_parser.hpp). The bytes are
// a whole log read through parse_stream, with a small line limit so that the
// overlong-line path is reached by short inputs too. The sink touches every
// finding, and the line counters must account for every line read.
#include <cassert>
#include <sstream>
#include <string>

#include "fuzz_target.hpp"
#include "parse/log_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t findings = 0, bytes = 0;
  goescape::LogParser parser([&](goescape::PackageResult&& package) {
    for (const goescape::Finding& f : package.findings) {
      ++findings;
      bytes += (f.message ? f.message->size() : 0) + f.expr.size() + f.flow.size();
    }
    bytes += package.diagnostics.size();
  });
  std::istringstream in(text);
  // 512 bytes: long enough for real lines, short enough to exercise the
  // overlong-line path on fuzzer-sized inputs.
  goescape::parse_stream(in, parser, 512);
  const goescape::ParseStats& s = parser.stats();
  // Every line is classified exactly once (the ParseStats contract: nothing
  // is dropped silently).
  assert(s.verdict_lines + s.explanation_lines + s.orphan_explanations + s.duplicate_lines +
             s.header_lines + s.noise_lines + s.unclassified ==
         s.lines);
  assert(findings <= static_cast<std::size_t>(s.lines));
  (void)parser.detected_go_minor();
  (void)bytes;
  return 0;
}
