// The terminal report, in the order a person reads it:
//   1. the overview: the heaviest allocating sites outside cold code (with a
//      profile: measured; else estimated, and said so), then a table of
//      packages (allocating sites, with a verified fix, in cold code);
//   2. the details of code that may be hot, per package, functions heaviest
//      first, one block per site: a `file:line:col: message` line editors
//      can jump to, the source line, the reason chain (short by default:
//      `--why full` gives every step and one block per finding), the
//      suggestion;
//   3. cold code (init, error and panic paths, tests, code outside the
//      module, ...): one line per kind, or with --cold the same details
//      under one heading per kind;
//   4. the summary.
// In the default layout no line is wider than about 200 columns: long
// compiler texts and source lines are cut with "…"; `--why full` cuts nothing.
#include "support/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/overview.hpp"
#include "model/summary.hpp"
#include "output/chain.hpp"
#include "output/formats.hpp"
#include "output/layout.hpp"
#include "output/sarif_rules.hpp"

namespace goescape {

namespace {

struct Style {
  bool on = false;
  std::string paint(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

constexpr std::string_view bold = "1", dim = "2", red = "31", green = "32", yellow = "33",
                           cyan = "36";

// Widths of the default layout (columns).
constexpr std::size_t max_line = 190;      // any line
constexpr std::size_t max_source = 150;    // a source line after its `NNNN | `
constexpr std::size_t max_chains = 3;      // distinct short chains per block
constexpr std::size_t max_call_sites = 4;  // call sites named for an inlined body
constexpr std::size_t max_alike = 12;      // lines named for blocks folded into one
constexpr std::size_t wrap_width = 110;    // prose of a suggestion

std::string_view kind_color(Kind kind) {
  switch (kind) {
    case Kind::moved_to_heap:
    case Kind::escapes_to_heap:
      return red;
    case Kind::source_pattern:
      return yellow;
    default:
      return dim;
  }
}

// Source text with tabs shown as spaces and control bytes and invalid UTF-8
// made visible, so a source line or log line can never move the cursor,
// recolour the terminal or garble it.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += "    ";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c >= 0x80) {
      std::size_t n = decode_utf8(text, i).length;
      if (n == 0) {
        out += fmt::format("\\x{:02x}", c);
      } else {
        out.append(text.data() + i, n);
        i += n;
        continue;
      }
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out;
}

std::string plural(long n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// `text` broken at spaces into lines of at most about `width` columns (a
// word longer than that stays whole).
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

// A table printed with columns as wide as their widest cell.
class Table {
 public:
  explicit Table(std::vector<bool> right_aligned) : right_(std::move(right_aligned)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::vector<std::string> lines() const {
    std::vector<std::size_t> width(right_.size(), 0);
    for (const auto& row : rows_)
      for (std::size_t c = 0; c < row.size(); ++c)
        width[c] = std::max(width[c], display_width(row[c]));
    std::vector<std::string> out;
    for (const auto& row : rows_) {
      std::string line = "  ";
      for (std::size_t c = 0; c < row.size(); ++c) {
        const std::string pad(width[c] - display_width(row[c]), ' ');
        line += right_[c] ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
        if (c + 1 < row.size()) line += "  ";
      }
      out.push_back(std::move(line));
    }
    return out;
  }

 private:
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

class TextRenderer final : public Renderer {
 public:
  explicit TextRenderer(const RenderOptions& options) : options_(options) {
    style_.on = options.color;
  }

  void begin(const Report& header, std::ostream& out) override {
    overview_ = header.overview;
    if (overview_) print_overview(*overview_, header, out);
  }

  void package(const PackageResult& result, std::ostream& out) override {
    std::vector<const Finding*> hot;
    for (const Finding& f : result.findings) {
      if (!shown_in_details(f, options_.all)) continue;
      if (f.suggestion && f.allocates()) ++suggestions_;
      if (!f.cold) {
        hot.push_back(&f);
      } else if (options_.cold) {
        // Listed after every package: kept until end().
        ColdPackage& cold = cold_[*f.cold];
        if (cold.empty() || cold.back().title != package_title(result))
          cold.push_back({package_title(result), {}});
        cold.back().findings.push_back(f);
      }
    }
    print_package(package_title(result), hot, out);
  }

  void end(const Report& tail, std::ostream& out) override {
    print_cold(out);
    print_summary(tail, out);
  }

 private:
  struct ColdFindings {
    std::string title;
    std::vector<Finding> findings;
  };
  using ColdPackage = std::vector<ColdFindings>;

  bool short_layout() const { return !options_.why_full; }

  // Cut to `width` columns in the default layout; whole with --why full.
  std::string clip(std::string_view text, std::size_t width) const {
    return short_layout() ? fit_width(text, width) : std::string(text);
  }

  static std::string package_title(const PackageResult& result) {
    std::string title = result.package.empty() ? "(no package header)" : result.package;
    if (!result.variant.empty()) title += " [" + result.variant + "]";
    return title;
  }

  void print_overview(const Overview& o, const Report& header, std::ostream& out) {
    std::string headline =
        o.allocations == 0
            ? "goescape: no heap allocations"
            : fmt::format("goescape: {} at {} in {}, {}",
                          plural(o.allocations, "heap allocation", "heap allocations"),
                          plural(o.sites, "site", "sites"),
                          plural(o.functions, "function", "functions"),
                          plural(static_cast<long>(o.packages.size()), "package", "packages"));
    if (header.go.version) headline += fmt::format(" ({})", *header.go.version);
    out << style_.paint(bold, headline) << "\n";
    if (o.allocations == 0) {
      out << "\n";
      return;
    }
    if (!o.top.empty()) print_top(o, out);
    print_packages(o, out);
    out << "\n";
  }

  void print_top(const Overview& o, std::ostream& out) {
    const std::string among = o.hot_sites < o.sites ? std::string(" outside cold code") : "";
    out << "\n"
        << style_.paint(bold, fmt::format("Heaviest sites (top {} of {}{})", o.top.size(),
                                          o.hot_sites, among))
        << "\n";
    std::string how = o.measured ? "weight: bytes and objects the heap profile measured at the site"
                                 : "weight: " + std::string(estimate_legend);
    if (!o.measured && !o.have_loops) how += " (no type facts: loops not counted)";
    if (!o.measured) how += "; --profile measures it";
    out << style_.paint(dim, "  " + how) << "\n";

    Table table(o.measured ? std::vector<bool>{true, true, false, false, false, false}
                           : std::vector<bool>{true, false, false, false, false});
    std::vector<std::string> head = {"per call", "site", "function", "allocates", "suggestion"};
    if (o.measured) head = {"bytes", "objects", "site", "function", "allocates", "suggestion"};
    table.add(head);
    for (const OverviewSite& site : o.top) {
      std::string allocates = fit_width(list_some(site.allocates, 2), 34);
      if (site.call_sites > 0)
        allocates += " ×" + plural(site.call_sites, "call site", "call sites");
      std::string suggestion =
          site.title.empty()
              ? "-"
              : fit_width(site.playbook.empty() ? site.title
                                                : fmt::format("§{} {}", site.playbook, site.title),
                          44);
      std::vector<std::string> row;
      if (o.measured) {
        row = {human_bytes(site.bytes), std::to_string(site.objects)};
      } else {
        row = {per_call_text(site.per_call)};
      }
      row.push_back(fit_width(position_text(site.pos), 34));
      row.push_back(fit_width(short_function(site.function), 40));
      row.push_back(printable(allocates));
      row.push_back(printable(suggestion));
      table.add(std::move(row));
    }
    const std::vector<std::string> lines = table.lines();
    for (std::size_t i = 0; i < lines.size(); ++i)
      out << (i == 0 ? style_.paint(dim, lines[i]) : lines[i]) << "\n";
  }

  void print_packages(const Overview& o, std::ostream& out) {
    out << "\n" << style_.paint(bold, "Packages") << "\n";
    Table table({false, true, true, true, true});
    table.add({"package", "sites", "allocations", "verified fix", "cold"});
    for (const OverviewPackage& p : o.packages)
      table.add({printable(fit_width(p.package, 70)), std::to_string(p.sites),
                 std::to_string(p.allocations), std::to_string(p.with_fix),
                 std::to_string(p.cold)});
    const std::vector<std::string> lines = table.lines();
    for (std::size_t i = 0; i < lines.size(); ++i)
      out << (i == 0 ? style_.paint(dim, lines[i]) : lines[i]) << "\n";
  }

  void print_package(const std::string& title, const std::vector<const Finding*>& findings,
                     std::ostream& out) {
    if (findings.empty()) return;
    out << style_.paint(bold, fmt::format("# {}", printable(title))) << "\n\n";
    print_functions(findings, out);
    out << "\n";
  }

  void print_functions(const std::vector<const Finding*>& findings, std::ostream& out) {
    for (FunctionBlocks& function :
         function_blocks(findings, overview_.get(), options_.why_full, shown_groups_)) {
      if (short_layout()) fold_alike_blocks(function);
      if (short_layout() && std::all_of(function.blocks.begin(), function.blocks.end(),
                                        [](const SiteBlock& b) { return only_sometimes(b); })) {
        print_occasional(function, out);
        continue;
      }
      std::string counts = plural(function.allocations, "heap allocation", "heap allocations");
      if (function.bytes > 0) counts += fmt::format(", {} allocated", human_bytes(function.bytes));
      out << style_.paint(cyan, printable(clip(function.function, 150)))
          << style_.paint(dim, " — " + counts) << "\n";
      for (const SiteBlock& block : function.blocks) print_block(block, out);
    }
  }

  void print_block(const SiteBlock& block, std::ostream& out) {
    const Finding& first = *block.findings.front();
    const std::string where = position_text(block.pos);
    std::string headline = printable(block_headline(block));
    if (block.findings.size() == 1 && first.occurrences > 1)
      headline += fmt::format(" (×{})", first.occurrences);
    if (short_layout() && only_sometimes(block) && !first.allocation_note.empty())
      headline += " (sometimes: " + printable(first.allocation_note) + ")";
    if (short_layout() && plain(block)) {
      print_plain(block, where, headline, out);
      return;
    }
    out << style_.paint(bold, clip(where, 80)) << ": "
        << style_.paint(kind_color(first.kind),
                        clip(headline, max_line - std::min<std::size_t>(display_width(where), 80)))
        << "\n";
    const std::string indent = "    ";
    if (block.inlined) {
      std::vector<std::string> calls;
      for (const Position& call : block.inlined->call_sites) calls.push_back(position_text(call));
      out << indent
          << style_.paint(dim,
                          fmt::format("inlined into {}: ", plural(static_cast<long>(calls.size()),
                                                                  "call site", "call sites")))
          << printable(clip(list_some(calls, max_call_sites), max_line - 30)) << "\n";
    } else if (!first.source_line.empty()) {
      out << indent << style_.paint(dim, fmt::format("{:>4} | ", block.pos.line))
          << clip(printable(first.source_line), max_source) << "\n";
    }
    if (!block.alike.empty()) {
      out << indent << style_.paint(dim, "the same at ")
          << printable(clip(positions_text(block.alike, block.pos.file, max_alike), max_line - 30))
          << "\n";
    }
    print_inlined_from(block, out);
    print_profile(block, out);
    // What allocates only now and then (an append that may have to grow)
    // gets its place and no more in the default layout.
    if (!short_layout() || !only_sometimes(block)) print_chains(block, out);
    print_suggestions(block, out);
  }

  // A function whose every allocation happens only now and then, in one
  // line: where they are, and why only sometimes.
  void print_occasional(const FunctionBlocks& function, std::ostream& out) {
    std::vector<Position> positions;
    for (const SiteBlock& block : function.blocks) {
      positions.push_back(block.pos);
      positions.insert(positions.end(), block.alike.begin(), block.alike.end());
    }
    std::sort(positions.begin(), positions.end(), [](const Position& a, const Position& b) {
      return std::tie(a.file, a.line, a.col) < std::tie(b.file, b.line, b.col);
    });
    const Finding& first = *function.blocks.front().findings.front();
    const std::string& file = positions.front().file;
    std::string where = positions_text(positions, file, max_alike);
    if (where.starts_with("line")) where = file + ", " + where;
    std::string text = fmt::format(
        " — {}, each only sometimes{}: {}",
        plural(function.allocations, "heap allocation", "heap allocations"),
        first.allocation_note.empty() ? "" : " (" + printable(first.allocation_note) + ")",
        printable(where));
    const std::string name = printable(clip(function.function, 100));
    out << style_.paint(cyan, name) << style_.paint(dim, clip(text, max_line - display_width(name)))
        << "\n";
  }

  // Whether `block` has nothing to show but its message and reasons: no
  // suggestion, nothing held back to explain, no profile figures, no body
  // inlined elsewhere, no folded copies.
  bool plain(const SiteBlock& block) const {
    if (block.inlined || !block.alike.empty()) return false;
    return std::none_of(block.findings.begin(), block.findings.end(), [&](const Finding* f) {
      return f->suggestion || f->profile || (options_.explain && f->held_back);
    });
  }

  // A plain block in one line, or two when its reasons do not fit on it:
  // the message, the dependency it comes from, and why, without the source
  // line (the position names it).
  void print_plain(const SiteBlock& block, const std::string& where, std::string headline,
                   std::ostream& out) {
    std::vector<std::string> from, shapes, reasons;
    for (const Finding* f : block.findings) {
      if (f->inlined_from &&
          std::find(from.begin(), from.end(), f->inlined_from->function) == from.end())
        from.push_back(f->inlined_from->function);
      std::string shape = short_reason_steps(*f);
      if (shape.empty() || shape == " → heap" ||
          std::find(shapes.begin(), shapes.end(), shape) != shapes.end())
        continue;
      reasons.push_back(shapes.empty() && block.findings.size() == 1
                            ? shape.substr(std::string_view(" → ").size())
                            : short_reason_chain(*f));
      shapes.push_back(std::move(shape));
    }
    if (!from.empty()) headline += " (inlined from " + printable(list_some(from, 2)) + ")";
    const std::size_t width = max_line - std::min<std::size_t>(display_width(where), 80);
    std::string why;
    for (std::size_t i = 0; i < reasons.size() && i < max_chains; ++i)
      why += (i ? "; " : "") + printable(reasons[i]);
    if (reasons.size() > max_chains)
      why += fmt::format("; … ({} more)", reasons.size() - max_chains);
    const bool one_line =
        reasons.size() <= 1 && display_width(headline) + display_width(why) + 3 <= width;
    if (one_line && !why.empty()) headline += " — " + why;
    out << style_.paint(bold, clip(where, 80)) << ": "
        << style_.paint(kind_color(block.findings.front()->kind), clip(headline, width)) << "\n";
    if (!one_line) out << "    " << style_.paint(dim, "why: ") << clip(why, max_line - 9) << "\n";
  }

  static bool only_sometimes(const SiteBlock& block) {
    const auto sometimes = [](const Finding* f) {
      return f->allocation == Allocation::sometimes && !f->suggestion;
    };
    return std::all_of(block.findings.begin(), block.findings.end(), sometimes) &&
           std::all_of(block.alike_findings.begin(), block.alike_findings.end(), sometimes);
  }

  void print_inlined_from(const SiteBlock& block, std::ostream& out) {
    if (block.inlined) return;
    std::vector<std::string> seen;
    for (const Finding* f : block.findings) {
      if (!f->inlined_from) continue;
      std::string text = printable(f->inlined_from->function);
      if (!f->inlined_from->file.empty())
        text += style_.paint(dim,
                             fmt::format(" ({}:{})", f->inlined_from->file, f->inlined_from->line));
      if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
      seen.push_back(text);
      out << "    " << style_.paint(dim, "inlined from ") << clip(text, max_line - 20) << "\n";
    }
  }

  void print_profile(const SiteBlock& block, std::ostream& out) {
    const Finding* measured = nullptr;
    for (const Finding* f : block.findings)
      if (f->profile && (!measured || f->profile->alloc_space > measured->profile->alloc_space))
        measured = f;
    if (!measured) return;
    const ProfileFigures& p = *measured->profile;
    out << "    " << style_.paint(dim, "profile: ")
        << (p.cold ? std::string("not seen in the profile (cold)")
                   : fmt::format("{} in {} objects", human_bytes(p.alloc_space), p.alloc_objects))
        << "\n";
  }

  void print_chains(const SiteBlock& block, std::ostream& out) {
    std::vector<std::string> shapes;  // what each printed chain says after its expression
    std::size_t more = 0;
    std::vector<const Finding*> findings = block.findings;
    findings.insert(findings.end(), block.alike_findings.begin(), block.alike_findings.end());
    for (const Finding* f : findings) {
      std::string shape = short_reason_steps(*f, false);
      // Arguments of one call read alike but for their expression: one is
      // enough; and a chain that only says "heap" says no more than the message.
      if (shape.empty() || std::find(shapes.begin(), shapes.end(), shape) != shapes.end()) continue;
      if (short_layout() && shape == " → heap") continue;
      if (short_layout() && shapes.size() == max_chains) {
        ++more;
        continue;
      }
      shapes.push_back(shape);
      const std::string chain = options_.why_full ? reason_chain(*f) : short_reason_chain(*f);
      out << "    " << style_.paint(dim, "why: ") << printable(chain) << "\n";
    }
    if (more > 0)
      out << "    " << style_.paint(dim, fmt::format("     ({} more alike)", more)) << "\n";
  }

  void print_suggestions(const SiteBlock& block, std::ostream& out) {
    std::vector<const Finding*> printed;
    bool held = false;
    for (const Finding* f : block.findings) {
      if (!f->suggestion) {
        held = held || f->held_back;
        continue;
      }
      if (std::any_of(printed.begin(), printed.end(),
                      [&](const Finding* p) { return *p->suggestion == *f->suggestion; }))
        continue;
      printed.push_back(f);
      print_suggestion(*f, block, out);
    }
    if (printed.empty() && held && options_.explain) {
      std::vector<std::string> reasons;
      for (const Finding* f : block.findings)
        if (f->held_back &&
            std::find(reasons.begin(), reasons.end(), *f->held_back) == reasons.end())
          reasons.push_back(*f->held_back);
      out << "    " << style_.paint(dim, "no suggestion: ") << printable(list_some(reasons, 3))
          << "\n";
    }
  }

  void print_suggestion(const Finding& f, const SiteBlock& block, std::ostream& out) {
    std::string tag =
        f.playbook ? fmt::format("[§{} {}] ", *f.playbook, f.pattern.value_or("")) : std::string();
    // "fix" only for a rewrite the compiler checked (`goescape fix` applies
    // it); other advice is a suggestion.
    const std::string_view label = has_verified_fix(f) ? "fix: " : "suggestion: ";
    if (short_layout()) {
      // The same advice word for word: say where it was given.
      auto [first, inserted] =
          advice_given_at_.try_emplace(*f.suggestion, position_text(block.pos));
      if (!inserted) {
        out << "    " << style_.paint(green, label)
            << clip(printable(tag + "same as " + first->second), max_line - 10) << "\n";
        return;
      }
    }
    std::vector<std::string> lines;
    for (std::string_view line : split_lines(*f.suggestion)) {
      // Prose is wrapped to be read; code (indented) is kept as written.
      if (short_layout() && !line.empty() && line.front() != ' ' && line.front() != '\t') {
        for (std::string& part : wrap(line, wrap_width)) lines.push_back(std::move(part));
      } else {
        lines.emplace_back(line);
      }
    }
    if (lines.empty()) lines.emplace_back();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out << "    " << (i == 0 ? style_.paint(green, label) + tag : std::string(label.size(), ' '))
          << clip(printable(lines[i]), max_line - 10) << "\n";
    }
  }

  void print_cold(std::ostream& out) {
    if (!options_.cold) {
      if (!overview_ || overview_->cold.empty()) return;
      out << style_.paint(bold, "Cold code") << style_.paint(dim, " (folded; --cold lists it)")
          << "\n";
      Table table({false, true, true, true});
      for (const OverviewCold& kind : overview_->cold)
        table.add({kind.kind, plural(kind.sites, "site", "sites"),
                   plural(kind.allocations, "allocation", "allocations"),
                   "in " + plural(kind.functions, "function", "functions")});
      for (const std::string& line : table.lines()) out << line << "\n";
      out << "\n";
      return;
    }
    std::vector<std::string> kinds;
    for (const auto& [kind, packages] : cold_) kinds.push_back(kind);
    std::stable_sort(kinds.begin(), kinds.end(), [](const std::string& a, const std::string& b) {
      return cold_kind_rank(a) < cold_kind_rank(b);
    });
    for (const std::string& kind : kinds) {
      std::string counts;
      for (const OverviewCold& c : overview_ ? overview_->cold : std::vector<OverviewCold>{})
        if (c.kind == kind)
          counts = fmt::format(" ({}, {})", plural(c.sites, "site", "sites"),
                               plural(c.functions, "function", "functions"));
      out << style_.paint(bold, fmt::format("== Cold code: {}{} ==", printable(kind), counts))
          << "\n";
      for (const ColdFindings& package : cold_[kind]) {
        std::vector<const Finding*> findings;
        for (const Finding& f : package.findings) findings.push_back(&f);
        print_package(package.title, findings, out);
      }
    }
  }

  void print_summary(const Report& tail, std::ostream& out) {
    const auto count = [&](std::string_view key) {
      auto it = tail.summary.find(std::string(key));
      return it == tail.summary.end() ? 0 : it->second;
    };
    int attributed = 0;
    for (const auto& fn : tail.functions) attributed += fn.heap_allocations() > 0 ? 1 : 0;
    out << style_.paint(bold,
                        plural(count("heap_allocations"), "heap allocation", "heap allocations"))
        << fmt::format(" in {}", plural(attributed, "function", "functions"));
    // The verdicts add up: allocations plus the escapes that allocate nothing.
    const int moved = count("moved_to_heap");
    const int escapes = count("escapes_to_heap");
    if (const int nothing = count(without_allocation_key); nothing > 0) {
      out << fmt::format(
          " (of {} heap verdicts: {} moved to heap, {} escapes to heap; {} "
          "allocate nothing)",
          moved + escapes, moved, escapes, nothing);
    } else {
      out << fmt::format(" ({} moved to heap, {} escapes to heap)", moved, escapes);
    }
    if (suggestions_ > 0) out << fmt::format("; {} with a suggestion", suggestions_);
    if (overview_ && overview_->merged_copies > 0)
      out << fmt::format("; {} of a site merged",
                         plural(overview_->merged_copies, "copy", "copies"));
    out << ".\n";
    const ParseStats& s = tail.stats;
    out << style_.paint(dim, fmt::format("{} lines read: {} verdicts, {} explanation lines, "
                                         "{} duplicates merged, {} unclassified",
                                         s.lines, s.verdict_lines, s.explanation_lines,
                                         s.duplicate_lines, s.unclassified))
        << "\n";
    if (tail.profile) {
      out << fmt::format("profile: {:.1f}% of alloc_space ({} of {}) is at the listed findings\n",
                         tail.profile->percent, human_bytes(tail.profile->explained_alloc_space),
                         human_bytes(tail.profile->profile_alloc_space));
    }
    // Diagnostics hold both kinds of leftovers: lines of no known form, and
    // -m=2 explanations whose verdict never came (wrappers, instantiations).
    if (s.unclassified > 0 && !tail.diagnostics.empty()) {
      std::string_view first = tail.diagnostics.front().text;
      out << fmt::format("{} line{} matched no known form, first: {}{}\n", s.unclassified,
                         s.unclassified == 1 ? "" : "s", printable(first.substr(0, 160)),
                         first.size() > 160 ? "..." : "");
    }
    // Explained escapes without a verdict are findings (synthesized); what
    // stays without one explains parameter flows, not allocations.
    if (const int synthesized = count(synthesized_key); synthesized > 0) {
      out << style_.paint(dim,
                          fmt::format("{} escape{} the compiler explained without a verdict "
                                      "line (closures wrapping go/defer calls, other "
                                      "compiler-generated values) {} listed as "
                                      "finding{} of {} own",
                                      synthesized, synthesized == 1 ? "" : "s",
                                      synthesized == 1 ? "is" : "are", synthesized == 1 ? "" : "s",
                                      synthesized == 1 ? "its" : "their"))
          << "\n";
    }
    if (s.orphan_explanations > 0) {
      out << style_.paint(dim,
                          fmt::format("{} explanation line{} had no verdict to attach to "
                                      "(parameter flows of compiler-generated wrappers, "
                                      "instantiations and captured parameters; no "
                                      "allocation)",
                                      s.orphan_explanations, s.orphan_explanations == 1 ? "" : "s"))
          << "\n";
    }
    if (!tail.diagnostics.empty()) {
      out << style_.paint(dim, "(kept verbatim in the JSON report's \"diagnostics\")") << "\n";
    }
    std::vector<std::string> more;
    if (!options_.all) {
      // Escapes the runtime allocates nothing for are counted apart and
      // listed only on request.
      const int quiet = count(without_allocation_key);
      more.push_back(quiet > 0 ? fmt::format("--all also shows {} that allocate nothing and "
                                             "does-not-escape, inlining and parameter lines",
                                             plural(quiet, "escape", "escapes"))
                               : "--all also shows does-not-escape, inlining and parameter lines");
    }
    if (!options_.why_full) more.push_back("--why full shows every step of each reason chain");
    if (!more.empty()) out << style_.paint(dim, "(" + list_some(more, more.size()) + ")") << "\n";
  }

  RenderOptions options_;
  Style style_;
  std::shared_ptr<const Overview> overview_;
  int suggestions_ = 0;
  std::set<std::string> shown_groups_;                  // inlined bodies already shown
  std::map<std::string, std::string> advice_given_at_;  // suggestion -> where first shown
  std::map<std::string, ColdPackage> cold_;             // --cold: by kind, until end()
};

}  // namespace

std::unique_ptr<Renderer> make_text_renderer(const RenderOptions& options) {
  return std::make_unique<TextRenderer>(options);
}

}  // namespace goescape
