// Checking candidate fixes with the compiler: every suggestion whose rewrite
// is an edit is built in a `go build -overlay -gcflags=-m=2` of its package
// (the user's files untouched) and becomes a verified Finding::fix only if
// the package builds and the allocation is gone (analysis/fix_verify.hpp).
// The candidates of all packages go into one overlay build; when it fails,
// the errors' positions drop the candidates they point at, and a failure no
// position explains splits the batch (by package, then in halves), within a
// bounded number of builds.
#pragma once

#include <string>
#include <vector>

#include "analysis/context.hpp"
#include "model/finding.hpp"
#include "runner/go.hpp"
#include "support/result.hpp"

namespace goescape {

struct VerifyStats {
  int candidates = 0;
  int verified = 0;
  int failed = 0;     // did not build, or the allocation stayed
  int unchecked = 0;  // out of build budget: no fix, the suggestion kept
  int builds = 0;
  int cached = 0;  // judged by an earlier run of the same code (app/verify_cache.hpp)
};

// Verifies the candidate fixes of `packages` (processed by the analysis
// stages; `ctx` the same run's context, whose root is where go runs). A
// verified candidate's fix gets verified.builds and escape_gone, and its
// suggestion says so; a failed one loses fix and suggestion, and held_back
// says why ("unverified: ..."). Errors only when go cannot run or the run is
// interrupted.
Result<VerifyStats> verify_fixes(std::vector<PackageResult>& packages, const GoCommand& go,
                                 const AnalysisContext& ctx);

// Drops every candidate fix that is not verified (for runs that do not
// verify: `--no-verify`, parse). Suggestions stay: their code is built from
// the facts' types.
void drop_unverified_fixes(std::vector<PackageResult>& packages);
void drop_unverified_fixes(PackageResult& package);

// The files of the module with `edits` applied (absolute path -> content),
// read from disk under `root`. An Error when a file cannot be read or the
// edits do not apply to it.
Result<std::map<std::string, std::string>> edited_files(
    const std::string& root, const std::map<std::string, std::vector<TextEdit>>& edits);

}  // namespace goescape
