// Renderers for `goescape diff` (SPEC.md, "CI diff"): text for the terminal,
// the goescape/diff/v1 JSON model, a Markdown summary for a PR comment or
// $GITHUB_STEP_SUMMARY, and GitHub annotations / SARIF for the new findings
// only (through the report renderers, so both commands annotate alike).
// Like every renderer they decide nothing: the diff and the gate verdict are
// computed in analysis/diff.hpp.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/diff.hpp"
#include "catalog/pattern.hpp"

namespace goescape {

struct DiffRenderOptions {
  std::string format = "text";
  bool color = false;
  bool all = false;         // text: also list new/fixed findings of other kinds
  int max_annotations = 0;  // github: as for reports
  const std::vector<Pattern>* catalog = nullptr;
  Gate gate;  // which findings count and are notable
  GateVerdict verdict;
  std::string link_base;               // markdown: "https://github.com/O/R/blob/SHA/dir/" or empty
  std::size_t markdown_limit = 60000;  // markdown: bytes, under GitHub's 65 536-char
                                       // PR-comment cap (ANNOTATIONS.md §7.2)
};

// "text", "json", "markdown", "github", "sarif".
const std::vector<std::string_view>& diff_formats();

// Writes `diff` in options.format (one of diff_formats(); asserted). github and
// sarif may throw Failure when their report renderer does.
void render_diff(const ReportDiff& diff, const DiffRenderOptions& options, std::ostream& out);

// The goescape/diff/v1 document, with a "gate" object describing the verdict.
nlohmann::json diff_to_json(const ReportDiff& diff, const Gate& gate, const GateVerdict& verdict);

// The Markdown summary, at most options.markdown_limit bytes: rows that do not
// fit are left out and a note says how many.
std::string diff_markdown(const ReportDiff& diff, const DiffRenderOptions& options);

// The text view.
void render_diff_text(const ReportDiff& diff, const DiffRenderOptions& options, std::ostream& out);

// Shared by the text and Markdown views.
// "3f2c1ab" (the first 7 characters of the commit), or `fallback` (e.g. the
// report file's role) when the side has no revision.
std::string side_label(const DiffSide& side, std::string_view fallback);

// The functions whose gate count (gate_count) changed, in diff order.
std::vector<const FunctionDelta*> counted_changes(const ReportDiff& diff, const Gate& gate);

// "Heap allocations", or "Counted findings" when --kind chose the kinds.
std::string_view counted_title(const Gate& gate);

// "file:line:col", or "file:line" without a column.
std::string location_text(const Position& pos);

// The compiler's text, or "source pattern ID" for a source-pattern finding.
std::string finding_message(const Finding& finding);

// "+2", "-1", "0".
std::string signed_change(int before, int after);

}  // namespace goescape
