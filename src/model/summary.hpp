// Derived views of a list of findings: per-function counts and the report
// summary. Kept separate from the parser so every producer of findings
// (parse, source patterns, diff) counts the same way.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/finding.hpp"

namespace goescape {

// Adds `finding` to `counts`: its kind, and "heap_allocations" for heap kinds.
void count_finding(const Finding& finding, KindCounts& counts);

// Counts `finding` in the summary of its function (created on first sight,
// with the finding's file and line); findings without a function are skipped.
void add_to_function_summaries(const Finding& finding,
                               std::map<std::string, FunctionSummary>& by_name);

// One FunctionSummary per attributed function, heaviest first (heap
// allocations, then all findings, then name). `file`/`line` are the first
// finding's; a function's declaration line is not known here.
std::vector<FunctionSummary> summarize_functions(const std::vector<Finding>& findings);

// Counts per kind over all findings, plus "heap_allocations" (always present).
KindCounts summarize(const std::vector<Finding>& findings);

}  // namespace goescape
