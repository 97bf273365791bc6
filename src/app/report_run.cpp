#include "app/report_run.hpp"

#include <fmt/format.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>

#include "analysis/cold.hpp"
#include "analysis/stages.hpp"
#include "app/verify_fixes.hpp"
#include "catalog/catalog_dirs.hpp"
#include "model/overview.hpp"
#include "model/package_codec.hpp"
#include "model/summary.hpp"
#include "profile/heap_profile.hpp"
#include "runner/go.hpp"

namespace goescape {

namespace {

// Diagnostics are kept verbatim, but a binary file fed as a log must not make
// memory grow without bound: past these limits lines are counted, not kept.
constexpr std::size_t max_kept_diagnostics = 10000;
constexpr std::size_t max_diagnostic_bytes = 4096;
// Scanned source files kept between packages: enough for a package and the
// generic code it instantiates, bounded so memory stays flat.
constexpr std::size_t max_cached_sources = 512;
// Packages whose typed facts stay indexed between packages besides those
// several packages use (AnalysisContext::trim_facts): the last few used.
constexpr std::size_t max_indexed_facts = 8;
// A package's spooled form larger than this is not kept for the next one.
constexpr std::size_t max_kept_buffer = 4 << 20;
// A package whose spooled form passes this leaves enough freed memory
// behind to be worth handing back (release_memory).
constexpr std::size_t large_package_bytes = 1 << 20;
// A file larger than this is no source a report shows whole (HTML).
constexpr std::size_t max_shown_source_bytes = 4 << 20;

// The text of a report's Go file, relative to `root` or absolute; nullopt
// when it cannot be read or is too large to show.
std::optional<std::string> read_source(const std::string& root, const std::string& file) {
  if (!file.ends_with(".go")) return std::nullopt;
  std::string path = file.starts_with("/") || root.empty() ? file : root + "/" + file;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_shown_source_bytes) return std::nullopt;
  }
  return text;
}

}  // namespace

void note_missing_facts(std::string_view reason) {
  if (reason.empty()) return;
  std::fputs(fmt::format("goescape (note): no type facts ({}): function names come from the log "
                         "and the source scanner, and advice that needs types is held back\n",
                         reason)
                 .c_str(),
             stderr);
  std::fflush(stderr);
}

bool use_color(ColorMode mode, bool is_terminal) {
  switch (mode) {
    case ColorMode::always:
      return true;
    case ColorMode::never:
      return false;
    case ColorMode::automatic:
      break;
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return is_terminal;
}

Result<std::unique_ptr<ReportRun>> ReportRun::open(const ReportOptions& options,
                                                   const std::string& go) {
#ifdef __GLIBC__
  // Large buffers (a package's findings, facts, encoded records) straight
  // from and back to the system: glibc's adaptive threshold would otherwise
  // serve them from the heap after the first is freed, and the largest
  // package would leave its memory fragmented there for the rest of the run.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  std::unique_ptr<ReportRun> run(new ReportRun());
  run->options_ = options;

  auto filter = FindingFilter::make(options.kinds, options.func_regex);
  if (!filter) return filter.error();
  run->filter_.emplace(std::move(filter).value());

  auto dirs = catalog_dirs(options.pattern_dirs);
  if (!dirs) return dirs.error();
  auto catalog = load_catalog(*dirs);
  if (!catalog) return catalog.error();
  run->catalog_ = std::move(catalog).value();
  run->ctx_.catalog = &run->catalog_;
  run->ctx_.all = options.all;

  if (!options.profile.empty()) {
    GoCommand pprof;
    pprof.binary = go;
    auto raw = go_pprof_raw(pprof, options.profile);
    if (!raw) return raw.error();
    auto profile = parse_pprof_raw(*raw);
    if (!profile)
      return Error{fmt::format("--profile {}: {}", options.profile, profile.error().message),
                   ExitCode::usage};
    run->ctx_.profile = std::make_shared<const HeapProfile>(std::move(profile).value());
    run->profile_share_.emplace(*run->ctx_.profile);
  }

  RenderOptions render;
  render.format = options.format;
  render.all = options.all;
  render.explain = options.explain;
  render.max_annotations = options.max_annotations;
  render.cold = options.cold;
  render.why_full = options.why_full;
  render.catalog = &run->catalog_.patterns;
  // The root is known only once the caller has set up the context.
  ReportRun* self = run.get();
  render.source_text = [self](const std::string& file) {
    return read_source(self->ctx_.root, file);
  };
  auto spool = SpoolFile::create();
  if (!spool) return spool.error();
  run->spool_.emplace(std::move(spool).value());
  auto output = OutputFile::open(options.output);
  if (!output) return output.error();
  run->output_ = std::move(output).value();
  render.color = use_color(options.color, run->output_->is_terminal());
  run->renderer_ = make_renderer(render);
  if (!run->renderer_) {
    return Error{fmt::format("unknown --format \"{}\" (known: {})", options.format,
                             fmt::join(report_formats(), ", ")),
                 ExitCode::usage};
  }
  return run;
}

void ReportRun::add(PackageResult&& result) {
  if (!result.package.empty() || !result.findings.empty()) {
    // The recipe: each stage in turn, as described in analysis/stages.hpp.
    resolve_positions(result, ctx_);
    attribute(result, ctx_);
    decide_allocation(result, ctx_);
    merge_dependency_sites(result, ctx_);
    // Cold code is classified before the loop patterns attach their advice to
    // the compiler's verdicts, and again for the findings they add.
    classify_cold(result, ctx_);
    find_source_patterns(result, ctx_);
    classify_cold(result, ctx_);
    apply_catalog(result, ctx_);
    apply_profile(result, ctx_);
    assign_fingerprints(result);
  }
  std::erase_if(result.findings, [&](const Finding& f) { return !filter_->keeps(f); });
  const std::size_t block = blocks_.size();
  if (verifying_) keep_candidates(block, result);
  merger_.add(block, result);
  overview_.add(block, result, ctx_);
  ctx_.sources.trim(max_cached_sources);
  ctx_.trim_facts(max_indexed_facts);
  bytes_.clear();
  encode_package(result, bytes_);
  blocks_.push_back({result.package, result.variant, spool_->append(bytes_)});
  release_memory();
}

namespace {

bool is_candidate(const Finding& f) { return f.fix && !f.fix->verified_ok(); }

}  // namespace

void ReportRun::keep_candidates(std::size_t block, const PackageResult& result) {
  if (std::none_of(result.findings.begin(), result.findings.end(), is_candidate)) return;
  Candidates kept;
  kept.block = block;
  kept.findings.package = result.package;
  kept.findings.variant = result.variant;
  // A candidate is judged by the heap findings on the lines it edits, so
  // they come along.
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    if (!is_candidate(f) && !f.is_heap()) continue;
    kept.findings.findings.push_back(f);
    kept.source_index.push_back(i);
  }
  candidates_.push_back(std::move(kept));
}

Status ReportRun::verify(const std::function<Status(std::vector<PackageResult>&)>& check) {
  std::vector<PackageResult> packages;
  packages.reserve(candidates_.size());
  for (Candidates& c : candidates_) packages.push_back(std::move(c.findings));
  if (Status checked = check(packages); !checked) return checked;
  for (std::size_t p = 0; p < packages.size(); ++p) {
    const Candidates& c = candidates_[p];
    auto& verdicts = verdicts_[c.block];
    for (std::size_t k = 0; k < packages[p].findings.size(); ++k) {
      Finding& judged = packages[p].findings[k];
      overview_.update(c.block, c.source_index[k], judged);
      verdicts.emplace_back(c.source_index[k], std::move(judged));
    }
  }
  candidates_.clear();
  return ok_status();
}

void ReportRun::release_memory() {
  const std::size_t package_bytes = bytes_.size();
  if (bytes_.capacity() > max_kept_buffer) std::string().swap(bytes_);
#ifdef __GLIBC__
  // Packages are parsed on one thread and analysed on another, facts read on
  // a third: glibc keeps what one thread frees of another's allocations in
  // that thread's arena. Handing it back keeps the resident size near what
  // is in use. Only after a large package: a small one freed little, and
  // trimming gives pages back only to fault them in again (on the standard
  // library's log, about 0.14 s of 1.45 s to save 2-3 MiB of peak RSS; on
  // `check std` 1 MiB).
  if (package_bytes > large_package_bytes) malloc_trim(0);
#endif
}

void ReportRun::emit(PackageResult& result) {
  drop_unverified_fixes(result);  // a report offers only fixes the compiler checked
  point_repeats_to_first(result);
  if (profile_share_) profile_share_->add(result);
  for (const Finding& finding : result.findings) {
    count_finding(finding, tail_.summary);
    add_to_function_summaries(finding, functions_);
  }
  for (Diagnostic& d : result.diagnostics) {
    if (tail_.diagnostics.size() >= max_kept_diagnostics) break;
    if (d.text.size() > max_diagnostic_bytes) {
      d.text.resize(max_diagnostic_bytes);
      d.text += "...";
    }
    tail_.diagnostics.push_back(d);
  }
  renderer_->package(result, output_->stream());
}

Result<Report> ReportRun::finish(Report header, const ParseStats& stats, bool sorted,
                                 const std::function<void(const PackageResult&)>& also) {
  // The order of the report: go finishes packages in whatever order its
  // parallel build takes, so check sorts them; parse keeps the log's order.
  std::vector<std::size_t> order(blocks_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (sorted) {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(blocks_[a].package, blocks_[a].variant) <
             std::tie(blocks_[b].package, blocks_[b].variant);
    });
  }
  // Every package is analysed: the scanned sources are not needed again.
  ctx_.sources.trim(0);
  merger_.resolve(order);
  auto overview = std::make_shared<Overview>(
      overview_.build(order, merger_, options_.top, ctx_.profile != nullptr));
  overview->merged_copies = merger_.merged();
  header.overview = overview;
  tail_ = header;
  renderer_->begin(header, output_->stream());
  for (std::size_t block : order) {
    spool_->read(blocks_[block].span, bytes_);
    PackageResult result = decode_package(bytes_);
    if (auto judged = verdicts_.find(block); judged != verdicts_.end()) {
      for (auto& [index, finding] : judged->second) result.findings[index] = std::move(finding);
      verdicts_.erase(judged);
    }
    merger_.apply(block, result);
    emit(result);
    if (also) also(result);
    release_memory();
  }

  tail_.stats = stats;
  tail_.summary.try_emplace("heap_allocations", 0);
  if (static_cast<std::int64_t>(tail_.diagnostics.size()) < stats.unclassified &&
      tail_.diagnostics.size() >= max_kept_diagnostics) {
    tail_.diagnostics.push_back(
        {"",
         fmt::format("({} more unclassified lines were counted but not kept)",
                     stats.unclassified - static_cast<std::int64_t>(tail_.diagnostics.size()))});
  }
  // Heaviest first, ties in name order: each function's count is looked up
  // once, not at every comparison (the standard library has 22,000).
  std::vector<std::pair<int, FunctionSummary*>> by_weight;
  by_weight.reserve(functions_.size());
  for (auto& [name, summary] : functions_)
    by_weight.emplace_back(summary.heap_allocations(), &summary);
  std::stable_sort(by_weight.begin(), by_weight.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<FunctionSummary> functions;
  functions.reserve(by_weight.size());
  for (auto& [weight, summary] : by_weight) functions.push_back(std::move(*summary));
  functions_.clear();  // moved out: held once, not twice
  tail_.functions = std::move(functions);
  if (profile_share_) {
    tail_.profile = ProfileCoverage{
        profile_share_->profile_alloc_space(), profile_share_->profile_alloc_objects(),
        profile_share_->explained_alloc_space(), profile_share_->explained_alloc_objects(),
        profile_share_->percent()};
  }
  renderer_->end(tail_, output_->stream());
  if (Status committed = output_->commit(); !committed) return committed.error();
  return std::move(tail_);  // the run is over: one copy of a large report, not two
}

}  // namespace goescape
