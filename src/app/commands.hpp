// The recipes behind each subcommand. Each returns the process exit code
// (SPEC.md, "Exit codes") or an Error that main prints as one line.
#pragma once

#include "app/options.hpp"
#include "support/result.hpp"

namespace goescape {

Result<ExitCode> run_check(const CheckOptions& options);
Result<ExitCode> run_parse(const ParseOptions& options);
Result<ExitCode> run_diff(const DiffOptions& options);
Result<ExitCode> run_patterns(const PatternsOptions& options);

}  // namespace goescape
