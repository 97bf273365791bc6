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

// `goescape fix`: applies the verified fixes (or prints them as a diff).
// ExitCode::fixes_left when some selected fix could not be applied (its
// package's tests fail, the set does not build, the file changed meanwhile).
Result<ExitCode> run_fix(const FixOptions& options);

// `goescape version`: the version, the built-in catalog in use and where it was
// found, and where the facts helper's source is. With no catalog the install
// is broken: after the version line, the Error naming every place looked.
Result<ExitCode> run_version();

}  // namespace goescape
