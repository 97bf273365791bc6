// The CI diff (SPEC.md, "CI diff"): which findings a change adds ("new") or
// removes ("fixed"), matched by fingerprint, the per-function change in
// counts, and the gate that turns new heap allocations into exit status 1.
// Pure functions over reports; git and the go command live in runner/ and app/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"

namespace goescape {

// The expression part of a fingerprint: whitespace runs collapsed to one space
// and trimmed; the Go 1.19 spellings `(interface {})(x)` and `string("lit")`
// reduced to `x` and `"lit"` as later releases print them. Qualified names
// (`sub.v`) are kept as printed. Closure numbers are dropped (`F.func2` ->
// `F.func`), because inserting a closure renumbers the ones after it.
std::string normalize_expression(std::string_view expr);

// The named function a closure belongs to: `pkg.F.func1.2` -> `pkg.F`,
// `pkg.(*T).M-range1` -> `pkg.(*T).M`; other names are returned whole. The
// anchor of a fingerprint and the key of the per-function changes, because
// inserting a closure renumbers the ones after it.
std::string_view named_function(std::string_view function);

// Fills Finding::fingerprint where a report read from JSON lacks it, the same
// way the pipeline does (per package block). Findings that have one keep it.
void fill_missing_fingerprints(std::vector<Finding>& findings);

// One side of a diff.
struct DiffSide {
  std::optional<std::string> rev;  // full commit hash with --base; null for JSON inputs
  GoInfo go;
  std::string root;
  bool dirty = false;  // head only: the working tree had uncommitted changes
};

// A function whose counts differ between base and head.
struct FunctionDelta {
  std::string function;
  std::string package;
  KindCounts base;  // "heap_allocations" always present
  KindCounts head;
};

struct ReportDiff {
  std::string schema = "goescape/diff/v1";
  ToolInfo tool;
  DiffSide base;
  DiffSide head;
  std::vector<Finding> added;            // "new": in head, fingerprint not in base
  std::vector<Finding> fixed;            // in base, fingerprint not in head
  std::vector<FunctionDelta> functions;  // changed only, biggest heap change first
  int unchanged = 0;                     // findings matched on both sides
  // new_heap_allocations, fixed_heap_allocations, new_findings, fixed_findings,
  // unchanged_findings, base_heap_allocations, head_heap_allocations.
  KindCounts summary;
};

// Matches head's findings against base's by fingerprint as multisets (a
// fingerprint twice in head and once in base is one new finding). Findings are
// kept in report order; functions by decreasing |heap change|, then name.
ReportDiff diff_reports(const Report& base, const Report& head);

// The count of `key` in `counts`, 0 when absent.
int count_in(const KindCounts& counts, const std::string& key);

// What fails the check (SPEC.md, "Exit codes": 1 = over budget).
struct Gate {
  bool fail_on_new = false;    // --fail-on new
  std::optional<int> max_new;  // --max-new N
  std::vector<Kind> kinds;     // --kind: what counts; empty = the heap kinds
};

struct GateVerdict {
  int counted = 0;  // new findings of the counted kinds
  bool failed = false;
  std::string reason;  // one sentence; empty when the gate passed or was off
};

// What the gate counts in per-kind `counts`: "heap_allocations", or the sum
// of the --kind kinds.
int gate_count(const Gate& gate, const KindCounts& counts);

// Whether `finding` is of a kind the gate counts. A heap finding that never
// allocates (Finding::allocation) counts for no gate.
bool gate_counts(const Gate& gate, const Finding& finding);

// Applies --fail-on new (more than 0 counted) and --max-new N (more than N).
GateVerdict evaluate_gate(const Gate& gate, const ReportDiff& diff);

// The findings worth a reviewer's attention: those the gate counts, plus
// source patterns when --kind was not given. Annotations and tables show these.
bool notable(const Gate& gate, const Finding& finding);

}  // namespace goescape
