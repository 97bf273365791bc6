// One report-producing run (`check` or `parse`): opens the output, loads the
// catalog, runs the analysis stages on each package the parser finishes and
// sets it aside, then, once every package is in, merges the copies of each
// site, builds the overview and renders the report. The caller feeds the
// parser.
//
// Memory stays flat however many packages there are: a processed package is
// written to a spool file (support/spool_file.hpp, never named on disk) and
// read back when its turn to be rendered comes; in memory stay only a small
// record per finding for the merge of sites and the overview, and the
// summaries.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "analysis/context.hpp"
#include "analysis/overview.hpp"
#include "analysis/sites.hpp"
#include "app/options.hpp"
#include "app/report_flags.hpp"
#include "model/finding.hpp"
#include "output/renderer.hpp"
#include "profile/profile_share.hpp"
#include "support/output_file.hpp"
#include "support/result.hpp"
#include "support/spool_file.hpp"

namespace goescape {

class ReportRun {
 public:
  // Validates the options (format, kinds, --func, catalog, profile), opens
  // the output and the spool file. Nothing is written yet.
  // `go` is the go binary that reads a --profile.
  static Result<std::unique_ptr<ReportRun>> open(const ReportOptions& options,
                                                 const std::string& go = "go");

  AnalysisContext& context() { return ctx_; }

  // Runs the analysis stages on a package, drops what the filters reject,
  // notes what the merge of sites and the overview need and sets the package
  // aside until finish(). One thread at a time.
  void add(PackageResult&& result);

  // Asks add() to keep what verify() needs (before the first add()).
  void plan_verification() { verifying_ = true; }

  // Lets `check` judge the candidate fixes (Finding::fix not yet verified) of
  // every package added: it gets copies of those findings, with the heap
  // findings of their packages beside them, grouped by package, and its
  // verdicts are written back into the overview now and into each package
  // as it is rendered. Between the last add() and finish(); without it,
  // candidate fixes are dropped when rendered.
  Status verify(const std::function<Status(std::vector<PackageResult>&)>& check);

  // Renders the report and commits the output: `header` (tool, go, root),
  // then every package added, in import-path order when `sorted` (else as
  // added), each with the copies of its sites merged, then the tail
  // (functions, summary, diagnostics, stats). `also` sees each package as it
  // is rendered. Returns the tail for the caller's exit-code decisions.
  Result<Report> finish(Report header, const ParseStats& stats, bool sorted,
                        const std::function<void(const PackageResult&)>& also = nullptr);

 private:
  ReportRun() = default;
  // Counts a merged package into the summaries and renders it.
  void emit(PackageResult& result);
  // Gives back what the last package needed and the next may not.
  void release_memory();

  struct Block {
    std::string package;
    std::string variant;
    SpoolFile::Span span;
  };

  // The findings a verification looks at, per package set aside: copies in
  // `findings`, with where each came from in `source_index`.
  struct Candidates {
    std::size_t block = 0;
    PackageResult findings;
    std::vector<std::size_t> source_index;
  };
  // Notes the candidate fixes of the `block`-th package, if it has any.
  void keep_candidates(std::size_t block, const PackageResult& result);

  ReportOptions options_;
  std::unique_ptr<OutputFile> output_;
  std::unique_ptr<Renderer> renderer_;
  Catalog catalog_;
  AnalysisContext ctx_;
  std::optional<FindingFilter> filter_;  // set by open()
  std::optional<SpoolFile> spool_;       // set by open()
  std::vector<Block> blocks_;
  std::string bytes_;  // reused: one package's spooled form
  SiteMerger merger_;
  OverviewBuilder overview_;
  Report tail_;
  std::map<std::string, FunctionSummary> functions_;
  std::optional<ProfileShare> profile_share_;
  bool verifying_ = false;
  std::vector<Candidates> candidates_;
  // After verify(): the judged findings of each block, by their index.
  std::map<std::size_t, std::vector<std::pair<std::size_t, Finding>>> verdicts_;
};

// Whether to colour: --color, NO_COLOR, and a terminal on standard output.
bool use_color(ColorMode mode, bool is_terminal);

// Says on standard error, in one line, that the run had no typed facts (for
// some or all packages) and why; nothing when `reason` is empty. Not an
// error: the line starts "goescape (note):", never "goescape:".
void note_missing_facts(std::string_view reason);

}  // namespace goescape
