// The -m / -m=2 log interpreter: a streaming state machine over the lines the
// Go compiler (through cmd/go) prints, Go 1.19 through 1.27
// (GO-ESCAPE-MESSAGES.md). It never fails: every line is classified as a
// verdict (one Finding), an explanation attached to a verdict, a header, known
// noise, or kept verbatim as an unclassified Diagnostic and counted.
//
// A verdict's Finding::flow is one -m=2 block (header excluded): its `flow:`
// lines as steps with reason "flow" and text "DST ← SRC" (≤1.24's `=` is
// written ←), and its `from` lines as {why, where, at POS}. When several
// blocks explain the same (position, name), the best fitting one is used (for
// leaks: matching sink and derefs), then the shortest, then the first.
// Closure captures join the `moved to heap` finding of their variable, or
// stay kind `other` findings carrying their Capture.
//
// Findings come out with positions exactly as printed (Finding::pos.file ==
// Finding::printed_file); resolving them to files on disk and attributing them
// to functions are later stages.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "model/finding.hpp"
#include "support/result.hpp"

namespace goescape {

class LogParser {
 public:
  // Called once per `# import/path [variant]` block, when the block ends (the
  // next header or finish()). Findings are in first-seen order, duplicates
  // merged (Finding::occurrences), explanations attached.
  using PackageSink = std::function<void(PackageResult&&)>;

  explicit LogParser(PackageSink sink);
  ~LogParser();
  LogParser(const LogParser&) = delete;
  LogParser& operator=(const LogParser&) = delete;

  // One line without its '\n'. A trailing '\r' is ignored. Any bytes are
  // accepted (invalid UTF-8, NULs): they are kept, never a crash.
  void feed(std::string_view line);

  // feed() for a line that can be read again, at byte `offset` of the input,
  // through the reader given to set_reader(): the explanation lines of a
  // block are then not kept but read back when the package block ends, so
  // memory does not follow the size of the largest package's explanations.
  void feed_at(std::string_view line, std::uint64_t offset);

  // Reads up to `size` bytes at `offset` of the input into `out` (fewer at its
  // end); false when it cannot.
  using Reader = std::function<bool(std::uint64_t offset, std::size_t size, std::string& out)>;
  void set_reader(Reader reader);

  // A line too long to keep (see parse_stream): counted as unclassified and
  // kept as a diagnostic made of `head`, its first bytes.
  void feed_overlong(std::string_view head);

  // Flushes the last package and gives back the memory kept for the next
  // block. Further feed() calls start a new log; stats() and
  // detected_go_minor() keep counting across logs.
  void finish();

  // Counters so far; after finish() they add up to `lines`. verdict_lines
  // counts lines that created a finding, duplicate_lines those merged into
  // one, so the two never overlap. A `go build -json` event line counts as
  // noise and each line of its Output as a line of its own. Explanation
  // lines are counted when their package block ends.
  const ParseStats& stats() const;

  // The Go release the log's wording shows (e.g. 25 for "←" / " in FUNC:"),
  // as a lower bound; 0 when nothing tells.
  int detected_go_minor() const;

 private:
  struct State;
  State* state_;
};

// Reads `in` to the end and feeds each line to `parser` (then finish()).
// Lines longer than `max_line` bytes are not buffered whole: the excess is
// skipped and the line counted as unclassified with its first bytes kept
// (feed_overlong). Memory stays at about max_line plus a fixed read buffer.
// Stops reading early once the run is interrupted (support/signals.hpp).
void parse_stream(std::istream& in, LogParser& parser, std::size_t max_line = 1 << 20);

// parse_stream() of the file at `path`, whose lines are read again by offset
// (LogParser::feed_at) rather than kept. An Error says why the file could not
// be read (not found, a directory, a read error).
Status parse_file(const std::string& path, LogParser& parser, std::size_t max_line = 1 << 20);

}  // namespace goescape
