// The analysis stages that run on each package block as the parser finishes
// it, in this order (app/report_run.cpp):
//   resolve_positions  printed paths -> files relative to the root
//   attribute          enclosing function, inlined_from, source line
//   decide_allocation  whether each heap finding allocates (analysis/allocation.hpp)
//   merge_dependency_sites  a dependency's allocation at the module's call
//                      site (analysis/sites.hpp)
//   find_source_patterns  findings from the source text alone (PLAYBOOK §10,12,13)
//   apply_catalog      pattern, playbook, suggestion, or the rule that held it back
//   apply_profile      heap-profile figures; cold findings lose their suggestion
//   assign_fingerprints   stable identity for diff
// Each is a pure function of the package and the context.
#pragma once

#include "analysis/context.hpp"
#include "model/finding.hpp"

namespace goescape {

// Rewrites Finding::pos.file (and each FlowStep's) to a path relative to
// ctx.root when the file is found on disk; leaves it as printed otherwise.
// Sets PackageResult::dir when the package is known.
void resolve_positions(PackageResult& result, const AnalysisContext& ctx);

// Fills Finding::function, inlined_from and source_line for findings whose
// file is a Go file on disk.
void attribute(PackageResult& result, const AnalysisContext& ctx);

// Fills Finding::allocation and allocation_note for every heap finding, from
// the rules table of analysis/allocation.hpp and the facts at its position.
void decide_allocation(PackageResult& result, const AnalysisContext& ctx);

// Adds kind source_pattern findings found in the package's own files, on
// lines without a heap finding (an `inlining call` line may be there: the
// source pattern is what the compiler cannot tell).
void find_source_patterns(PackageResult& result, const AnalysisContext& ctx);

// Matches each finding against the catalog.
void apply_catalog(PackageResult& result, const AnalysisContext& ctx);

// Joins ctx.profile's samples to findings by file and line (no-op without a
// profile).
void apply_profile(PackageResult& result, const AnalysisContext& ctx);

// Fills Finding::fingerprint (SPEC.md, "CI diff").
void assign_fingerprints(PackageResult& result);

// One piece of advice per pattern, callee and function: each later site with
// the same Finding::advice_key gets a one-line suggestion pointing at the
// first site that still has one (run once the suggestions are final, after
// fix verification).
void point_repeats_to_first(PackageResult& result);

}  // namespace goescape
