// One report-producing run (`check` or `parse`): opens the output, loads the
// catalog, and turns each package block the parser finishes into rendered
// output through the analysis stages. The caller feeds the parser.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "analysis/context.hpp"
#include "app/options.hpp"
#include "app/report_flags.hpp"
#include "model/finding.hpp"
#include "output/renderer.hpp"
#include "profile/profile_share.hpp"
#include "support/output_file.hpp"
#include "support/result.hpp"

namespace goescape {

class ReportRun {
 public:
  // Validates the options (format, kinds, --func, catalog, profile) and opens
  // the output. Nothing is written yet.
  // `go` is the go binary that reads a --profile.
  static Result<std::unique_ptr<ReportRun>> open(const ReportOptions& options,
                                                 const std::string& go = "go");

  AnalysisContext& context() { return ctx_; }

  // Writes the report's head. `header` carries tool, go and root.
  void begin(Report header);

  // The parser's package sink: process() then emit(). `result` is left
  // holding the filtered findings, for callers that collect them.
  void on_package(PackageResult&& result);

  // Runs the analysis stages on a package and drops what the filters reject.
  void process(PackageResult& result);

  // Counts a processed package into the summaries and renders it.
  void emit(PackageResult& result);

  // Renders the tail (functions, summary, diagnostics, stats) and commits the
  // output file. Returns the tail for the caller's exit-code decisions.
  Result<Report> finish(const ParseStats& stats);

 private:
  ReportRun() = default;

  ReportOptions options_;
  std::unique_ptr<OutputFile> output_;
  std::unique_ptr<Renderer> renderer_;
  Catalog catalog_;
  AnalysisContext ctx_;
  std::optional<FindingFilter> filter_;  // set by open()
  Report tail_;
  std::map<std::string, FunctionSummary> functions_;
  std::optional<ProfileShare> profile_share_;
};

// Whether to colour: --color, NO_COLOR, and a terminal on standard output.
bool use_color(ColorMode mode, bool is_terminal);

// Says on standard error, in one line, that the run had no typed facts (for
// some or all packages) and why; nothing when `reason` is empty. Not an
// error: the line starts "goescape (note):", never "goescape:".
void note_missing_facts(std::string_view reason);

}  // namespace goescape
