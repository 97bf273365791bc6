// The terminal report: per package, functions heaviest first; each finding as
// a `file:line:col: message` line editors can jump to, then its source line,
// reason chain and suggestion; a summary at the end.
#include "support/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/summary.hpp"
#include "output/chain.hpp"
#include "output/formats.hpp"

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

std::int64_t profile_bytes(const Finding& f) { return f.profile ? f.profile->alloc_space : 0; }

class TextRenderer final : public Renderer {
 public:
  explicit TextRenderer(const RenderOptions& options) : options_(options) {
    style_.on = options.color;
  }

  void begin(const Report&, std::ostream&) override {}

  void package(const PackageResult& result, std::ostream& out) override {
    // Group the findings this view shows by function.
    struct Group {
      std::string name;
      std::vector<const Finding*> findings;
      int heap = 0;
      std::int64_t bytes = 0;
    };
    std::map<std::string, Group> groups;
    for (const Finding& f : result.findings) {
      if (!shown(f)) continue;
      std::string name = f.function.value_or("(outside any function)");
      Group& g = groups[name];
      g.name = name;
      g.findings.push_back(&f);
      g.heap += f.is_heap() ? 1 : 0;
      g.bytes += profile_bytes(f);
    }
    if (groups.empty()) return;
    std::vector<Group*> order;
    for (auto& [name, group] : groups) order.push_back(&group);
    std::stable_sort(order.begin(), order.end(), [](const Group* a, const Group* b) {
      if (a->bytes != b->bytes) return a->bytes > b->bytes;
      if (a->heap != b->heap) return a->heap > b->heap;
      return a->findings.size() > b->findings.size();
    });

    std::string title = result.package.empty() ? "(no package header)" : result.package;
    if (!result.variant.empty()) title += " [" + result.variant + "]";
    out << style_.paint(bold, fmt::format("# {}", title)) << "\n";
    for (Group* g : order) {
      std::stable_sort(
          g->findings.begin(), g->findings.end(), [](const Finding* a, const Finding* b) {
            if (profile_bytes(*a) != profile_bytes(*b))
              return profile_bytes(*a) > profile_bytes(*b);
            if (a->is_heap() != b->is_heap()) return a->is_heap();
            return std::tie(a->pos.line, a->pos.col) < std::tie(b->pos.line, b->pos.col);
          });
      std::string counts = fmt::format("{} heap allocation{}", g->heap, g->heap == 1 ? "" : "s");
      if (g->bytes > 0) counts += fmt::format(", {} allocated", human_bytes(g->bytes));
      out << "\n" << style_.paint(cyan, g->name) << style_.paint(dim, " — " + counts) << "\n";
      for (const Finding* f : g->findings) print_finding(*f, out);
    }
    out << "\n";
  }

  void end(const Report& tail, std::ostream& out) override {
    const auto count = [&](std::string_view key) {
      auto it = tail.summary.find(std::string(key));
      return it == tail.summary.end() ? 0 : it->second;
    };
    int attributed = 0;
    for (const auto& fn : tail.functions) attributed += fn.heap_allocations() > 0 ? 1 : 0;
    out << style_.paint(bold, fmt::format("{} heap allocation{}", count("heap_allocations"),
                                          count("heap_allocations") == 1 ? "" : "s"))
        << fmt::format(" ({} moved to heap, {} escapes to heap) in {} function{}",
                       count("moved_to_heap"), count("escapes_to_heap"), attributed,
                       attributed == 1 ? "" : "s");
    if (suggestions_ > 0) out << fmt::format("; {} with a suggestion", suggestions_);
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
    if (!options_.all) {
      out << style_.paint(dim, "(--all also shows does-not-escape, inlining and parameter lines)")
          << "\n";
    }
  }

 private:
  bool shown(const Finding& f) const {
    return options_.all || f.is_heap() || f.kind == Kind::source_pattern;
  }

  void print_finding(const Finding& f, std::ostream& out) {
    std::string where = f.pos.col > 0 ? fmt::format("{}:{}:{}", f.pos.file, f.pos.line, f.pos.col)
                                      : fmt::format("{}:{}", f.pos.file, f.pos.line);
    std::string message = f.message.value_or(f.pattern ? "source pattern " + *f.pattern : "");
    out << style_.paint(bold, where) << ": "
        << style_.paint(kind_color(f.kind), printable(message));
    if (f.occurrences > 1) out << style_.paint(dim, fmt::format(" (×{})", f.occurrences));
    out << "\n";
    if (!f.source_line.empty()) {
      out << "    " << style_.paint(dim, fmt::format("{:>4} | ", f.pos.line))
          << printable(f.source_line) << "\n";
    }
    if (f.inlined_from) {
      out << "    " << style_.paint(dim, "inlined from ") << printable(f.inlined_from->function);
      if (!f.inlined_from->file.empty())
        out << style_.paint(dim,
                            fmt::format(" ({}:{})", f.inlined_from->file, f.inlined_from->line));
      out << "\n";
    }
    if (f.profile) {
      out << "    " << style_.paint(dim, "profile: ")
          << (f.profile->cold ? std::string("not seen in the profile (cold)")
                              : fmt::format("{} in {} objects", human_bytes(f.profile->alloc_space),
                                            f.profile->alloc_objects))
          << "\n";
    }
    if (std::string chain = reason_chain(f); !chain.empty()) {
      out << "    " << style_.paint(dim, "why: ") << printable(chain) << "\n";
    }
    if (f.suggestion) {
      ++suggestions_;
      std::string tag = f.playbook ? fmt::format("[§{} {}] ", *f.playbook, f.pattern.value_or(""))
                                   : std::string();
      std::vector<std::string_view> lines = split_lines(*f.suggestion);
      if (lines.empty()) lines.emplace_back();
      for (std::size_t i = 0; i < lines.size(); ++i) {
        out << "    " << (i == 0 ? style_.paint(green, "fix: ") + tag : std::string("     "))
            << printable(lines[i]) << "\n";
      }
    } else if (options_.explain && f.held_back) {
      out << "    " << style_.paint(dim, "no suggestion: ") << printable(*f.held_back) << "\n";
    }
  }

  RenderOptions options_;
  Style style_;
  int suggestions_ = 0;
};

}  // namespace

std::unique_ptr<Renderer> make_text_renderer(const RenderOptions& options) {
  return std::make_unique<TextRenderer>(options);
}

}  // namespace goescape
