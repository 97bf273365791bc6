// A GitHub-flavoured Markdown report for `$GITHUB_STEP_SUMMARY`, a sticky PR
// comment (ANNOTATIONS.md §7) or a saved report, laid out like the terminal
// report: headline counts, the heaviest sites, the packages, then per
// function a table of its sites (one row per site: where, what allocates, the
// short reason chain, the suggestion), and cold code last, folded in a
// `<details>` element per kind. Capped below GitHub's 65 536-character
// comment limit (the 1 MiB step summary limit is then met too) with a note
// saying what was left out; cold code is what goes first.
//
// The only HTML in the output is our own fixed `<details>`/`<summary>` tags:
// every finding text goes through markdown_text()/markdown_code(), which turn
// `<` into an entity, and the sticky-comment marker is a link reference
// definition, which renders as nothing.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/overview.hpp"
#include "model/summary.hpp"
#include "output/chain.hpp"
#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/layout.hpp"
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
    const Overview* overview = report.overview.get();
    std::vector<const Finding*> hot;
    std::map<std::string, std::vector<const Finding*>> cold;  // by kind
    int suggestions = 0;
    for (const Finding& f : report.findings) {
      if (!shown_in_details(f, options_.all)) continue;
      suggestions += f.suggestion && f.allocates() ? 1 : 0;
      (f.cold ? cold[*f.cold] : hot).push_back(&f);
    }
    std::vector<FunctionSummary> functions =
        report.functions.empty() ? summarize_functions(report.findings) : report.functions;
    KindCounts summary = report.summary.empty() ? summarize(report.findings) : report.summary;

    page_.add("[//]: # (goescape:summary v1)\n\n");
    page_.add(fmt::format(
        "### goescape: {} heap allocation{} in {}\n\n", count_of(summary, "heap_allocations"),
        count_of(summary, "heap_allocations") == "1" ? "" : "s",
        plural(static_cast<std::size_t>(std::count_if(
                   functions.begin(), functions.end(),
                   [](const FunctionSummary& fn) { return fn.heap_allocations() > 0; })),
               "function")));
    std::string go = report.go.version ? markdown_code(*report.go.version) : "go";
    page_.add(
        fmt::format("{} moved to heap · {} escapes to heap · {} with a suggestion · {} {}\n\n",
                    count_of(summary, "moved_to_heap"), count_of(summary, "escapes_to_heap"),
                    suggestions, go, markdown_code("-gcflags=" + report.go.flags)));
    if (overview) {
      top_sites(*overview);
      packages(*overview);
    }

    std::size_t rows_left = hot.size();
    for (const auto& [kind, findings] : cold) rows_left += findings.size();
    std::set<std::string> shown;  // inlined bodies already shown
    for (FunctionBlocks& function : blocks(hot, overview, shown))
      if (!function_table(function, rows_left)) break;
    std::vector<std::string> kinds;
    for (const auto& [kind, findings] : cold) kinds.push_back(kind);
    std::stable_sort(kinds.begin(), kinds.end(), [](const std::string& a, const std::string& b) {
      return cold_kind_rank(a) < cold_kind_rank(b);
    });
    for (const std::string& kind : kinds) {
      std::string counts = plural(cold[kind].size(), "finding");
      if (overview) {
        for (const OverviewCold& c : overview->cold)
          if (c.kind == kind)
            counts = fmt::format("{}, {} in {}", plural(static_cast<std::size_t>(c.sites), "site"),
                                 plural(static_cast<std::size_t>(c.allocations), "allocation"),
                                 plural(static_cast<std::size_t>(c.functions), "function"));
      }
      if (!page_.add(fmt::format("<details><summary>Cold code: {} ({})</summary>\n\n",
                                 markdown_text(kind), counts)))
        break;
      for (FunctionBlocks& function : blocks(cold[kind], overview, shown))
        if (!function_table(function, rows_left)) break;
      // The closing tag always fits: note_reserve keeps room for it.
      page_.body() += "</details>\n\n";
    }
    if (hot.empty() && cold.empty()) page_.add("No heap allocations to report.\n");

    std::string& body = page_.body();
    if (page_.full()) {
      body += fmt::format(
          "\n**Truncated:** {} not shown; this summary is capped at {} characters "
          "(GitHub rejects longer comments). The SARIF or JSON report has them all.\n",
          plural(rows_left, "finding"), max_body);
    }
    out << body;
  }

 private:
  std::vector<FunctionBlocks> blocks(const std::vector<const Finding*>& findings,
                                     const Overview* overview, std::set<std::string>& shown) const {
    std::vector<FunctionBlocks> functions =
        function_blocks(findings, overview, options_.why_full, shown);
    if (!options_.why_full)
      for (FunctionBlocks& function : functions) fold_alike_blocks(function);
    return functions;
  }

  void top_sites(const Overview& o) {
    if (o.top.empty()) return;
    std::string head = fmt::format("#### Heaviest sites (top {} of {}{})\n\n", o.top.size(),
                                   o.hot_sites, o.hot_sites < o.sites ? " outside cold code" : "");
    head += o.measured ? "Weight: bytes and objects the heap profile measured at the site.\n\n"
                       : fmt::format("Weight: {}.\n\n", estimate_legend);
    head += o.measured ? "| Bytes | Objects | Site | Function | Allocates | Suggestion |\n"
                         "|---:|---:|---|---|---|---|\n"
                       : "| Per call | Site | Function | Allocates | Suggestion |\n"
                         "|---:|---|---|---|---|\n";
    if (!page_.add(head)) return;
    for (const OverviewSite& site : o.top) {
      std::string weight = o.measured ? fmt::format("{} | {}", site.bytes, site.objects)
                                      : per_call_text(site.per_call);
      std::vector<std::string> allocates;
      for (const std::string& a : site.allocates) allocates.push_back(markdown_code(a));
      std::string what = list_some(allocates, 3);
      if (site.call_sites > 0)
        what += fmt::format(" (inlined into {})", plural(site.call_sites, "call site"));
      std::string suggestion =
          site.title.empty()      ? ""
          : site.playbook.empty() ? markdown_text(site.title)
                                  : markdown_text(fmt::format("§{} {}", site.playbook, site.title));
      if (!page_.add(fmt::format("| {} | {} | {} | {} | {} |\n", weight,
                                 markdown_code(position_text(site.pos)),
                                 markdown_code(short_function(site.function)), what, suggestion)))
        return;
    }
    page_.add("\n");
  }

  void packages(const Overview& o) {
    if (o.packages.empty()) return;
    if (!page_.add("#### Packages\n\n| Package | Sites | Allocations | Verified fix | Cold |\n"
                   "|---|---:|---:|---:|---:|\n"))
      return;
    for (const OverviewPackage& p : o.packages)
      if (!page_.add(fmt::format("| {} | {} | {} | {} | {} |\n", markdown_code(p.package), p.sites,
                                 p.allocations, p.with_fix, p.cold)))
        return;
    page_.add("\n");
  }

  // One function's table; false once the page is full.
  bool function_table(const FunctionBlocks& function, std::size_t& rows_left) {
    if (!page_.add(
            fmt::format("#### {} — {}\n\n| Location | Finding | Why | Suggestion |\n"
                        "|---|---|---|---|\n",
                        markdown_code(short_function(function.function)),
                        plural(static_cast<std::size_t>(function.allocations), "heap allocation"))))
      return false;
    for (const SiteBlock& block : function.blocks) {
      if (!page_.add(row(block))) return false;
      rows_left -= std::min(rows_left, block.findings.size() + block.alike_findings.size());
    }
    page_.add("\n");
    return true;
  }

  std::string row(const SiteBlock& block) {
    std::string where = markdown_code(position_text(block.pos));
    if (block.inlined) {
      std::vector<std::string> calls;
      for (const Position& call : block.inlined->call_sites)
        calls.push_back(markdown_code(position_text(call)));
      where += " inlined into " + list_some(calls, 3);
    }
    if (!block.alike.empty())
      where += " and " + markdown_text(positions_text(block.alike, block.pos.file, 8));
    std::vector<std::string> chains;
    for (const Finding* f : block.findings) {
      std::string chain = options_.why_full ? reason_chain(*f) : short_reason_chain(*f);
      if (!chain.empty() && std::find(chains.begin(), chains.end(), chain) == chains.end())
        chains.push_back(chain);
    }
    std::string why;
    for (std::size_t i = 0; i < chains.size() && (options_.why_full || i < 2); ++i)
      why += (i ? "; " : "") + markdown_text(chains[i]);
    std::string suggestion;
    for (const Finding* f : block.findings) {
      if (!f->suggestion) continue;
      auto [first, inserted] =
          advice_given_at_.try_emplace(*f->suggestion, position_text(block.pos));
      suggestion = inserted || options_.why_full ? markdown_text(*f->suggestion)
                                                 : "same as " + markdown_code(first->second);
      break;
    }
    return fmt::format("| {} | {} | {} | {} |\n", where, markdown_text(block_headline(block)), why,
                       suggestion);
  }

  RenderOptions options_;
  Page page_;
  std::map<std::string, std::string> advice_given_at_;  // suggestion -> where first shown
};

}  // namespace

std::unique_ptr<Renderer> make_markdown_renderer(const RenderOptions& options) {
  return std::make_unique<MarkdownRenderer>(options);
}

}  // namespace goescape
