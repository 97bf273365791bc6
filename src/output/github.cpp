// GitHub Actions workflow commands (ANNOTATIONS.md §2): one
// `::warning file=..,line=..,col=..,title=..::message` line per annotation.
// The runner attaches at most 10 annotations per level and step, so the most
// useful ones go first (heap allocations with a suggestion, heaviest first),
// and one closing `::notice` says how many were left out. Every property and
// the message are escaped, so no finding text can start a command of its own.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/sarif_rules.hpp"

namespace goescape {

namespace {

constexpr int runner_limit_per_level = 10;  // actions/runner _maxCountPerIssueType
constexpr std::size_t max_message = 4000;   // the runner cuts messages at 4096

std::string_view command_for(Level level) {
  switch (level) {
    case Level::error:
      return "error";
    case Level::warning:
      return "warning";
    case Level::note:
      return "notice";
  }
  return "warning";
}

std::string annotation(const RenderOptions& options, const Finding& f) {
  std::string props;
  if (!f.pos.file.empty()) props = "file=" + github_property(f.pos.file) + ",";
  if (f.pos.line > 0) {
    props += fmt::format("line={},", f.pos.line);
    if (f.pos.col > 0) {
      props += fmt::format("col={},", f.pos.col);
      if (int end = end_byte_column(f); end > f.pos.col) props += fmt::format("endColumn={},", end);
    }
  }
  std::string title = "goescape: " + rule_id(f);
  if (f.function) title += " (" + short_function(*f.function) + ")";
  props += "title=" + github_property(truncate_utf8(valid_utf8(title), 200));
  std::string text = truncate_utf8(valid_utf8(finding_details(options, f)), max_message);
  return fmt::format("::{} {}::{}\n", command_for(finding_level(f)), props, github_data(text));
}

class GithubRenderer final : public BufferedRenderer {
 public:
  explicit GithubRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    std::vector<const Finding*> findings = annotated_findings(report, options_);
    std::stable_sort(findings.begin(), findings.end(), annotation_priority);
    // An explicit cap is total; the default keeps to the runner's per-level
    // limit. One notice slot stays free for the closing summary.
    const int cap =
        options_.max_annotations > 0 ? options_.max_annotations : runner_limit_per_level;
    std::map<Level, int> shown_per_level;
    int shown = 0;
    int omitted = 0;
    for (const Finding* f : findings) {
      Level level = finding_level(*f);
      int level_cap = runner_limit_per_level - (level == Level::note ? 1 : 0);
      bool fits =
          shown < cap && (options_.max_annotations > 0 || shown_per_level[level] < level_cap);
      if (!fits) {
        ++omitted;
        continue;
      }
      ++shown_per_level[level];
      ++shown;
      out << annotation(options_, *f);
    }
    if (omitted > 0) {
      std::string text = fmt::format(
          "goescape: {} more finding{} not annotated (annotations are capped at {} per step, "
          "most important first); see the SARIF or Markdown report for all {}.",
          omitted, omitted == 1 ? " was" : "s were", cap, findings.size());
      out << "::notice title=" << github_property("goescape: more findings")
          << "::" << github_data(text) << "\n";
    }
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> make_github_renderer(const RenderOptions& options) {
  return std::make_unique<GithubRenderer>(options);
}

}  // namespace goescape
