// The Markdown view of a diff, for a PR comment or $GITHUB_STEP_SUMMARY
// (ANNOTATIONS.md §7): headline with the counts first (what notifications
// show), then tables of new findings, their suggested rewrites, fixed findings
// and per-function changes. The whole text stays under options.markdown_limit
// (a PR comment holds 65 536 characters, a step summary 1 MiB): rows that do
// not fit are counted in a note instead. Every cell is escaped (escape.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "output/diff_render.hpp"
#include "output/escape.hpp"
#include "output/sarif_rules.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

constexpr std::size_t max_rows_per_table = 100;
constexpr std::size_t max_cell_bytes = 300;
// Room kept for the notes and closing tags written after a table is cut.
constexpr std::size_t closing_reserve = 2048;

std::string kind_words(Kind kind) {
  std::string words(kind_name(kind));
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class MarkdownWriter {
 public:
  explicit MarkdownWriter(const DiffRenderOptions& options) : options_(options) {}

  std::string write(const ReportDiff& diff) {
    headline(diff);
    std::vector<const Finding*> added = shown(diff.added);
    std::vector<const Finding*> fixed = shown(diff.fixed);
    if (!added.empty()) {
      text(fmt::format("\n#### New ({})\n\n", added.size()));
      table("Location", added, true);
      suggestions(added);
    }
    if (!fixed.empty()) {
      text(fmt::format("\n<details><summary>Fixed ({})</summary>\n\n", fixed.size()));
      table("Location (base)", fixed, false);
      text("\n</details>\n");
    }
    functions(diff);
    return std::move(out_);
  }

 private:
  // Appends unconditionally (headings, notes: the reserve pays for them).
  void text(std::string_view s) { out_ += s; }

  // Appends `row` if it leaves the reserve intact.
  bool fits(std::string_view row) const {
    return out_.size() + row.size() + closing_reserve <= options_.markdown_limit;
  }

  std::vector<const Finding*> shown(const std::vector<Finding>& findings) const {
    std::vector<const Finding*> out;
    for (const Finding& f : findings) {
      if (notable(options_.gate, f)) out.push_back(&f);
    }
    return out;
  }

  void headline(const ReportDiff& diff) {
    const int added = count_in(diff.summary, "new_heap_allocations");
    const int fixed = count_in(diff.summary, "fixed_heap_allocations");
    text("<!-- goescape:diff v1 -->\n");
    text(fmt::format("### goescape: {} new, {} fixed heap allocation{}\n\n", added, fixed,
                     fixed == 1 ? "" : "s"));
    text(fmt::format("Base {} → head {}{} · {} unchanged",
                     markdown_code(side_label(diff.base, "base")),
                     markdown_code(side_label(diff.head, "head")),
                     diff.head.dirty ? " (with uncommitted changes)" : "",
                     plural(static_cast<std::size_t>(diff.unchanged), "finding")));
    if (options_.verdict.failed) {
      text(fmt::format(" · **gate failed**: {}", markdown_text(options_.verdict.reason)));
    } else if (options_.gate.fail_on_new || options_.gate.max_new) {
      text(" · gate passed");
    }
    text("\n");
  }

  std::string location(const Finding& f) const {
    const std::string where = location_text(f.pos);
    if (options_.link_base.empty() || f.pos.file.empty() || f.pos.file.front() == '/' ||
        f.pos.file.front() == '<')
      return markdown_text(where);
    return fmt::format("[{}]({}{}#L{})", markdown_text(where), options_.link_base,
                       uri_from_path(f.pos.file), f.pos.line);
  }

  void table(std::string_view location_title, const std::vector<const Finding*>& findings,
             bool linked) {
    text(fmt::format("| {} | Function | Kind | Finding |\n|---|---|---|---|\n", location_title));
    std::size_t written = 0;
    for (const Finding* f : findings) {
      const std::string message = finding_message(*f);
      std::string row = fmt::format(
          "| {} | {} | {} | {} |\n",
          linked ? location(*f) : markdown_text(f->pos.file + ":" + std::to_string(f->pos.line)),
          markdown_code(truncate_utf8(short_function(f->function.value_or("")), max_cell_bytes)),
          kind_words(f->kind), markdown_code(truncate_utf8(message, max_cell_bytes)));
      if (written >= max_rows_per_table || !fits(row)) break;
      text(row);
      ++written;
    }
    if (written < findings.size())
      text(fmt::format("\n_{} more not shown (size limit); the JSON format lists them all._\n",
                       findings.size() - written));
  }

  void suggestions(const std::vector<const Finding*>& findings) {
    std::vector<const Finding*> with;
    for (const Finding* f : findings) {
      if (f->suggestion) with.push_back(f);
    }
    if (with.empty()) return;
    text(fmt::format("\n<details><summary>Suggested rewrites ({})</summary>\n\n", with.size()));
    std::size_t written = 0;
    for (const Finding* f : with) {
      std::string body;
      // Cut before escaping, so a cut never splits an entity or a <br>.
      const std::string suggestion = truncate_utf8(*f->suggestion, 4 * max_cell_bytes);
      for (std::string_view line : split_lines(suggestion))
        body += (body.empty() ? "" : "<br>") + markdown_text(line);
      std::string item = fmt::format(
          "- **{}**{}: {}\n", markdown_text(f->pos.file + ":" + std::to_string(f->pos.line)),
          f->playbook ? " " + markdown_code("§" + *f->playbook + " " + f->pattern.value_or(""))
                      : std::string(),
          body);
      if (written >= max_rows_per_table || !fits(item)) break;
      text(item);
      ++written;
    }
    if (written < with.size())
      text(fmt::format("\n_{} more not shown (size limit)._\n", with.size() - written));
    text("\n</details>\n");
  }

  void functions(const ReportDiff& diff) {
    std::vector<const FunctionDelta*> changed = counted_changes(diff, options_.gate);
    if (changed.empty()) return;
    text(
        fmt::format("\n#### {} per function\n\n| Function | Base | Head | Change |\n"
                    "|---|---:|---:|---:|\n",
                    counted_title(options_.gate)));
    std::size_t written = 0;
    for (const FunctionDelta* d : changed) {
      const int before = gate_count(options_.gate, d->base);
      const int after = gate_count(options_.gate, d->head);
      std::string row =
          fmt::format("| {} | {} | {} | {} |\n",
                      markdown_code(truncate_utf8(short_function(d->function), max_cell_bytes)),
                      before, after, signed_change(before, after));
      if (written >= max_rows_per_table || !fits(row)) break;
      text(row);
      ++written;
    }
    if (written < changed.size())
      text(fmt::format("\n_{} more not shown (size limit)._\n", changed.size() - written));
  }

  const DiffRenderOptions& options_;
  std::string out_;
};

}  // namespace

std::string diff_markdown(const ReportDiff& diff, const DiffRenderOptions& options) {
  return MarkdownWriter(options).write(diff);
}

}  // namespace goescape
