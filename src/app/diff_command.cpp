// `goescape diff` (SPEC.md, "CI diff"), as a recipe:
//   1. validate the flags (format, kinds, budget, inputs) before any work;
//   2. get the two reports: read BASE.json and HEAD.json, or with --base REV
//      check the working tree, then check REV in a temporary git worktree
//      (same subdirectory, same flags) and remove the worktree;
//   3. keep the --kind kinds, match findings by fingerprint, apply the gate;
//   4. render, and exit 1 when the gate failed.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/diff.hpp"
#include "app/check_command.hpp"
#include "app/commands.hpp"
#include "app/report_flags.hpp"
#include "app/report_run.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_dirs.hpp"
#include "model/report_json.hpp"
#include "output/diff_render.hpp"
#include "runner/git.hpp"
#include "support/output_file.hpp"

namespace goescape {

namespace {

Result<Gate> gate_from(const DiffOptions& options, const FindingFilter& filter) {
  Gate gate;
  gate.fail_on_new = options.fail_on == "new";
  if (options.max_new && *options.max_new < 0)
    return Error{"--max-new must be 0 or more", ExitCode::usage};
  gate.max_new = options.max_new;
  gate.kinds = filter.kinds();
  return gate;
}

// `path` as the user meant it: relative to -C DIR when given.
std::string input_path(const DiffOptions& options, const std::string& path) {
  if (options.report.dir.empty() || path.empty() || path.front() == '/') return path;
  return (std::filesystem::path(options.report.dir) / path).string();
}

// A report written by `check/parse --format json`; every failure is one line
// naming the file (and the field, for a report that does not read).
Result<Report> read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
  auto report = report_from_text(text.str());
  if (!report) return Error{fmt::format("{}: {}", path, report.error().message)};
  return report;
}

CheckOptions check_options(const DiffOptions& options, std::string dir) {
  CheckOptions check;
  check.report.dir = std::move(dir);
  check.report.pattern_dirs = options.report.pattern_dirs;
  check.report.profile = options.report.profile;
  check.go = options.go;
  check.tags = options.tags;
  check.gcflags = options.gcflags;
  check.tests = options.tests;
  check.packages = options.inputs;
  check.verify = false;  // a comparison needs no checked fixes
  return check;
}

struct Sides {
  Report base;
  Report head;
  DiffSide base_side;
  DiffSide head_side;
  std::string link_base;  // for Markdown links to the head commit on GitHub
};

Result<Sides> sides_from_files(const DiffOptions& options) {
  if (options.inputs.size() != 2)
    return Error{
        fmt::format("diff takes BASE.json HEAD.json (got {} argument{}), or --base REV "
                    "[packages]",
                    options.inputs.size(), options.inputs.size() == 1 ? "" : "s")};
  Sides sides;
  auto base = read_report(input_path(options, options.inputs[0]));
  if (!base) return base.error();
  auto head = read_report(input_path(options, options.inputs[1]));
  if (!head) return head.error();
  sides.base = std::move(base).value();
  sides.head = std::move(head).value();
  return sides;
}

// "https://github.com/OWNER/REPO/blob/SHA/sub/dir/" inside GitHub Actions for a
// committed head; empty otherwise.
std::string github_link_base(const GitRepository& repo, const DiffSide& head) {
  const char* server = std::getenv("GITHUB_SERVER_URL");
  const char* repository = std::getenv("GITHUB_REPOSITORY");
  if (!server || !*server || !repository || !*repository || !head.rev || head.dirty) return {};
  return fmt::format("{}/{}/blob/{}/{}", server, repository, *head.rev, repo.prefix);
}

Result<Sides> sides_from_git(const DiffOptions& options) {
  auto repo = git_repository(options.report.dir);
  if (!repo) return repo.error();
  auto base_commit = git_commit(*repo, options.base_rev);
  if (!base_commit) return base_commit.error();
  auto head_commit = git_commit(*repo, "HEAD");
  if (!head_commit) return head_commit.error();
  auto dirty = git_has_changes(*repo);
  if (!dirty) return dirty.error();

  Sides sides;
  sides.base_side.rev = *base_commit;
  sides.head_side.rev = *head_commit;
  sides.head_side.dirty = *dirty;
  sides.link_base = github_link_base(*repo, sides.head_side);

  // The working tree first: its compile errors are the likelier failure.
  auto head = check_report(check_options(options, options.report.dir));
  if (!head) return head.error();
  sides.head = std::move(head).value();

  auto worktree = GitWorktree::add(*repo, *base_commit);
  if (!worktree) return worktree.error();
  const std::string base_dir = (*worktree)->path() + "/" + repo->prefix;
  std::error_code ec;
  if (!std::filesystem::is_directory(base_dir, ec))
    return Error{fmt::format("--base: the directory {} does not exist at {}",
                             repo->prefix.empty() ? "." : repo->prefix, options.base_rev)};
  auto base = check_report(check_options(options, base_dir));
  if (Status removed = (*worktree)->remove(); !removed && base) return removed.error();
  if (!base) return base.error();
  sides.base = std::move(base).value();
  // The worktree is gone; its files are the same relative paths under head's root.
  sides.base.root = sides.head.root;
  return sides;
}

}  // namespace

Result<ExitCode> run_diff(const DiffOptions& options) {
  // 1. Flags first, so a typo costs no build.
  DiffRenderOptions render;
  render.format = options.report.format;
  const auto& formats = diff_formats();
  if (std::find(formats.begin(), formats.end(), render.format) == formats.end())
    return Error{fmt::format("diff: unknown --format \"{}\" (known: {})", render.format,
                             fmt::join(formats, ", "))};
  auto filter = FindingFilter::make(options.report.kinds, options.report.func_regex);
  if (!filter) return filter.error();
  auto gate = gate_from(options, *filter);
  if (!gate) return gate.error();
  render.gate = *gate;
  render.all = options.report.all;
  render.max_annotations = options.report.max_annotations;
  // SARIF describes each rule from the catalog; the other formats need none.
  Catalog catalog;
  if (render.format == "sarif") {
    auto dirs = catalog_dirs(options.report.pattern_dirs);
    if (!dirs) return dirs.error();
    auto loaded = load_catalog(*dirs);
    if (!loaded) return loaded.error();
    catalog = std::move(loaded).value();
    render.catalog = &catalog.patterns;
  }

  // 2. The two reports.
  auto sides = options.base_rev.empty() ? sides_from_files(options) : sides_from_git(options);
  if (!sides) return sides.error();

  // 3. Match and judge.
  for (Report* report : {&sides->base, &sides->head}) {
    fill_missing_fingerprints(report->findings);  // before filtering: ordinals count all
    // --kind and --func, applied alike to both sides whatever their source.
    std::erase_if(report->findings, [&](const Finding& f) { return !filter->keeps(f); });
  }
  ReportDiff diff = diff_reports(sides->base, sides->head);
  diff.tool.version = GOESCAPE_VERSION;
  diff.base.rev = sides->base_side.rev;
  diff.head.rev = sides->head_side.rev;
  diff.head.dirty = sides->head_side.dirty;
  render.verdict = evaluate_gate(*gate, diff);
  render.link_base = sides->link_base;

  // 4. Render; the output file appears only when complete.
  auto output = OutputFile::open(options.report.output);
  if (!output) return output.error();
  render.color = use_color(options.report.color, (*output)->is_terminal());
  render_diff(diff, render, (*output)->stream());
  if (Status committed = (*output)->commit(); !committed) return committed.error();
  return render.verdict.failed ? ExitCode::over_budget : ExitCode::ok;
}

}  // namespace goescape
