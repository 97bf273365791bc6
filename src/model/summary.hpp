// Derived views of a list of findings: per-function counts and the report
// summary. Kept separate from the parser so every producer of findings
// (parse, source patterns, diff) counts the same way.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/finding.hpp"

namespace goescape {

// Keys of KindCounts that are not kinds: heap findings that allocate (all but
// `never`), heap findings that do not, and explained escapes without a
// verdict line (SPEC.md, "Meaning, not only text").
inline constexpr const char* heap_allocations_key = "heap_allocations";
inline constexpr const char* without_allocation_key = "escapes_without_allocation";
inline constexpr const char* synthesized_key = "synthesized";

// Adds `finding` to `counts`: its kind; "heap_allocations" for a heap finding
// that allocates, "escapes_without_allocation" for one that never does;
// "synthesized" for a finding made from an explanation without a verdict.
void count_finding(const Finding& finding, KindCounts& counts);

// The number of findings `counts` holds: the sum of its kind counts.
int findings_counted(const KindCounts& counts);

// Counts `finding` in the summary of its function (created on first sight,
// with the finding's file and line); findings without a function are skipped.
void add_to_function_summaries(const Finding& finding,
                               std::map<std::string, FunctionSummary>& by_name);

// One FunctionSummary per attributed function, heaviest first (heap
// allocations, then all findings, then name). `file`/`line` are the first
// finding's; a function's declaration line is not known here.
std::vector<FunctionSummary> summarize_functions(const std::vector<Finding>& findings);

// Counts per kind over all findings, plus the keys above ("heap_allocations"
// always present).
KindCounts summarize(const std::vector<Finding>& findings);

}  // namespace goescape
