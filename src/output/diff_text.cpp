// The terminal view of a diff: what the change adds first (each new finding as
// a `file:line:col: message` line editors jump to, with its function, reason
// chain and suggestion), then what it fixes, then the functions whose counts
// changed, then the gate's verdict.
#include <fmt/format.h>

#include <algorithm>

#include "output/chain.hpp"
#include "output/diff_render.hpp"
#include "output/escape.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

class DiffText {
 public:
  DiffText(const DiffRenderOptions& options, std::ostream& out) : options_(options), out_(out) {}

  void print(const ReportDiff& diff) {
    out_ << paint("1", fmt::format("goescape diff: {} → {}", side_label(diff.base, "base"),
                                   side_label(diff.head, "head")));
    if (diff.head.dirty) out_ << " (with uncommitted changes)";
    out_ << "\n"
         << fmt::format("{} new heap allocation{}, {} fixed; {} finding{} unchanged.\n",
                        count_in(diff.summary, "new_heap_allocations"),
                        count_in(diff.summary, "new_heap_allocations") == 1 ? "" : "s",
                        count_in(diff.summary, "fixed_heap_allocations"), diff.unchanged,
                        diff.unchanged == 1 ? "" : "s");
    section("New", diff.added, true);
    section("Fixed", diff.fixed, false);
    functions(diff);
    if (options_.verdict.failed) {
      out_ << "\n" << paint("31;1", "gate failed: ") << options_.verdict.reason << "\n";
    } else if (options_.gate.fail_on_new || options_.gate.max_new) {
      out_ << "\n" << paint("32", "gate passed") << "\n";
    }
  }

 private:
  std::string paint(std::string_view code, std::string_view text) const {
    return options_.color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }

  void section(std::string_view title, const std::vector<Finding>& findings, bool detailed) {
    std::vector<const Finding*> shown;
    for (const Finding& f : findings) {
      if (options_.all || notable(options_.gate, f)) shown.push_back(&f);
    }
    const std::size_t hidden = findings.size() - shown.size();
    if (shown.empty() && hidden == 0) return;
    out_ << "\n" << paint("1", fmt::format("{} ({})", title, shown.size())) << "\n";
    for (const Finding* f : shown) finding(*f, detailed);
    if (hidden > 0)
      out_ << paint("2", fmt::format("({} more of other kinds; --all lists them)", hidden)) << "\n";
  }

  void finding(const Finding& f, bool detailed) {
    out_ << paint("1", one_line(location_text(f.pos))) << ": "
         << paint(f.is_heap() ? "31" : "2", one_line(finding_message(f))) << "\n";
    out_ << "    " << paint("2", "in ") << one_line(f.function.value_or("(outside any function)"))
         << "\n";
    if (!detailed) return;
    if (std::string chain = reason_chain(f); !chain.empty())
      out_ << "    " << paint("2", "why: ") << one_line(chain) << "\n";
    if (!f.suggestion) return;
    std::string tag =
        f.playbook ? fmt::format("[§{} {}] ", *f.playbook, f.pattern.value_or("")) : std::string();
    bool first = true;
    for (std::string_view line : split_lines(*f.suggestion)) {
      out_ << "    " << (first ? paint("32", "fix: ") + tag : std::string(5, ' ')) << one_line(line)
           << "\n";
      first = false;
    }
  }

  void functions(const ReportDiff& diff) {
    std::vector<const FunctionDelta*> changed = counted_changes(diff, options_.gate);
    if (changed.empty()) return;
    out_ << "\n"
         << paint("1", fmt::format("{} per function (base → head)", counted_title(options_.gate)))
         << "\n";
    std::size_t width = 0;
    for (const FunctionDelta* d : changed) width = std::max(width, d->function.size());
    width = std::min<std::size_t>(width, 80);
    for (const FunctionDelta* d : changed) {
      const int before = gate_count(options_.gate, d->base);
      const int after = gate_count(options_.gate, d->head);
      out_ << fmt::format("  {:<{}}  {:>3} → {:<3} ({})\n", one_line(d->function), width, before,
                          after, signed_change(before, after));
    }
  }

  const DiffRenderOptions& options_;
  std::ostream& out_;
};

}  // namespace

void render_diff_text(const ReportDiff& diff, const DiffRenderOptions& options, std::ostream& out) {
  DiffText(options, out).print(diff);
}

}  // namespace goescape
