// Reading the gofacts helper's output (src/gofacts/FACTS.md): one NDJSON line
// at a time, a package line into PackageFacts or the final `done` line. Never
// throws: a line that is not what the contract says is an error naming the
// field ("sites[3].col: expected an integer"), for the caller to count and
// report; it never yields half-checked facts that could index out of range.
// Unknown fields are ignored and unknown enumeration values read as `other`,
// so a newer helper's additions do not break an older goescape.
#pragma once

#include <optional>
#include <string_view>

#include "model/facts.hpp"
#include "support/result.hpp"
#include "support/spool_file.hpp"

namespace goescape {

// The helper's last line: `{"done": true, "packages": 12, "seconds": 0.84}`.
struct FactsDone {
  long packages = 0;
  double seconds = 0;
};

// One line of the helper's output: exactly one of the two is set.
struct FactsLine {
  std::optional<PackageFacts> package;
  std::optional<FactsDone> done;
};

// Reads one line (without its '\n'). On success every index in the facts
// (files, functions, parents, side tables) is in range and the facts are
// sealed (PackageFacts::seal). The Error's message locates the problem
// within the line; its exit code is meaningless (callers fall back, never
// fail, on bad facts).
Result<FactsLine> read_facts_line(std::string_view line);
// The same for a line kept in a spool file, read a chunk at a time (the
// largest package's line is megabytes).
Result<FactsLine> read_facts_line(const SpoolFile& spool, SpoolFile::Span line);

// The import path of a package line, from a look at its first bytes only
// (the helper writes "package" first): for setting the line aside until its
// facts are wanted. Nullopt when the line does not start that way or the
// path is escaped; read_facts_line() then says what the line is.
std::optional<std::string_view> facts_line_package(std::string_view line);

}  // namespace goescape
