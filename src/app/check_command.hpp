// `goescape check` as a building block: the whole report of a check run in
// memory, for recipes that compare runs (`diff --base`).
#pragma once

#include "app/options.hpp"
#include "model/finding.hpp"
#include "support/result.hpp"

namespace goescape {

// Runs `check` (go version, go list, the escape-analysis build, every stage)
// and returns the full Report (header, findings in package order after the
// --kind/--func filters, functions, summary, diagnostics, stats) without
// writing a report anywhere: options.report.format and .output are ignored.
// The progress line (options.progress) and, when the build fails, go's
// errors still go to standard error; a failed build is an Error with
// ExitCode::go_failed.
Result<Report> check_report(const CheckOptions& options);

}  // namespace goescape
