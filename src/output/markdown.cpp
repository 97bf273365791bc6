// A GitHub-flavoured Markdown summary for `$GITHUB_STEP_SUMMARY` or a sticky
// PR comment (ANNOTATIONS.md §7): headline counts, a table of functions with
// their counts, then per function a table of its findings with suggestions.
// Capped below GitHub's 65 536-character comment limit (the 1 MiB step
// summary limit is then met too) with a note saying what was left out.
//
// The output holds no HTML at all, not even our own: every finding text goes
// through markdown_text()/markdown_code(), and the sticky-comment marker is a
// link reference definition, which renders as nothing.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/summary.hpp"
#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/sarif_rules.hpp"

namespace goescape {

namespace {

constexpr std::size_t max_body = 60000;  // characters; GitHub rejects comments over 65 536
constexpr std::size_t note_reserve = 600;

// Appends blocks until the cap; after the first block that does not fit,
// nothing more is added, so the report stops at a block boundary.
class Page {
 public:
  bool add(std::string_view block) {
    if (full_ || body_.size() + block.size() > max_body - note_reserve) {
      full_ = true;
      return false;
    }
    body_ += block;
    return true;
  }
  bool full() const { return full_; }
  std::string& body() { return body_; }

 private:
  std::string body_;
  bool full_ = false;
};

std::string kind_label(Kind kind) {
  std::string label(kind_name(kind));
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

std::string location_text(const Position& pos) {
  std::string where = pos.file.empty() ? "(unknown file)" : pos.file;
  if (pos.line > 0) where += fmt::format(":{}", pos.line);
  if (pos.line > 0 && pos.col > 0) where += fmt::format(":{}", pos.col);
  return markdown_code(where);
}

std::string count_of(const KindCounts& counts, std::string_view key) {
  auto it = counts.find(std::string(key));
  return std::to_string(it == counts.end() ? 0 : it->second);
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class MarkdownRenderer final : public BufferedRenderer {
 public:
  explicit MarkdownRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    std::vector<const Finding*> findings = annotated_findings(report, options_);
    std::vector<FunctionSummary> functions =
        report.functions.empty() ? summarize_functions(report.findings) : report.functions;
    KindCounts summary = report.summary.empty() ? summarize(report.findings) : report.summary;
    int suggestions = 0;
    for (const Finding* f : findings) suggestions += f->suggestion ? 1 : 0;

    Page page;
    page.add("[//]: # (goescape:summary v1)\n\n");
    page.add(fmt::format("### goescape: {} heap allocation{} in {}\n\n",
                         count_of(summary, "heap_allocations"),
                         count_of(summary, "heap_allocations") == "1" ? "" : "s",
                         plural(functions.size(), "function")));
    std::string go = report.go.version ? markdown_code(*report.go.version) : "go";
    page.add(fmt::format("{} moved to heap · {} escapes to heap · {} with a suggestion · {} {}\n\n",
                         count_of(summary, "moved_to_heap"), count_of(summary, "escapes_to_heap"),
                         suggestions, go, markdown_code("-gcflags=" + report.go.flags)));

    std::size_t rows_left = functions.size();
    if (!functions.empty() &&
        page.add(
            "#### Functions\n\n| Function | Heap allocations | Findings |\n|---|---:|---:|\n")) {
      for (const FunctionSummary& fn : functions) {
        int total = 0;
        for (const auto& [kind, n] : fn.counts) total += kind == "heap_allocations" ? 0 : n;
        if (!page.add(fmt::format("| {} | {} | {} |\n", markdown_code(short_function(fn.function)),
                                  fn.heap_allocations(), total)))
          break;
        --rows_left;
      }
      page.add("\n");
    }

    // Findings grouped by function, heaviest function first (as the text
    // format), each group in priority order.
    std::map<std::string, std::vector<const Finding*>> groups;
    for (const Finding* f : findings) groups[f->function.value_or("")].push_back(f);
    std::vector<std::pair<std::string, std::vector<const Finding*>>> order(groups.begin(),
                                                                           groups.end());
    const auto weight = [](const std::vector<const Finding*>& list) {
      std::int64_t bytes = 0;
      int heap = 0;
      for (const Finding* f : list) bytes += profile_bytes(*f), heap += f->is_heap() ? 1 : 0;
      return std::pair(bytes, heap);
    };
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return weight(a.second) > weight(b.second);
    });
    std::size_t findings_left = findings.size();
    for (auto& [function, list] : order) {
      std::stable_sort(list.begin(), list.end(), annotation_priority);
      std::string title = function.empty() ? "(outside any function)" : short_function(function);
      if (!page.add(fmt::format("#### {}\n\n| Location | Kind | Finding | Suggestion |\n"
                                "|---|---|---|---|\n",
                                function.empty() ? markdown_text(title) : markdown_code(title))))
        break;
      for (const Finding* f : list) {
        std::string message = f->message.value_or(finding_headline(options_, *f));
        std::string row = fmt::format("| {} | {} | {} | {} |\n", location_text(f->pos),
                                      markdown_text(kind_label(f->kind)), markdown_text(message),
                                      f->suggestion ? markdown_text(*f->suggestion) : "");
        if (!page.add(row)) break;
        --findings_left;
      }
      page.add("\n");
    }
    if (findings.empty()) page.add("No heap allocations to report.\n");

    std::string& body = page.body();
    if (page.full()) {
      body += fmt::format(
          "\n**Truncated:** {} and {} not shown; this summary is capped at {} characters "
          "(GitHub rejects longer comments). The SARIF or JSON report has them all.\n",
          plural(findings_left, "finding"), plural(rows_left, "function row"), max_body);
    }
    out << body;
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> make_markdown_renderer(const RenderOptions& options) {
  return std::make_unique<MarkdownRenderer>(options);
}

}  // namespace goescape
