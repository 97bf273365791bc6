// The loop matchers of the catalog (loop-slice-capacity, loop-map-hint,
// loop-builder-grow, loop-slice-index): the site find_loop_sites reports at
// the finding's line, as the placeholders of its suggestion.
#include <fmt/format.h>

#include "analysis/loop_patterns.hpp"

namespace goescape {

namespace {

// "12", "12 and 20", "12, 20 and 31".
std::string line_list(const std::vector<int>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += i + 1 == lines.size() ? " and " : ", ";
    out += std::to_string(lines[i]);
  }
  return out;
}

}  // namespace

MatcherOutcome match_loop_site(LoopAdvice advice, const MatchInput& in, Placeholders& values) {
  const Finding& f = in.finding;
  if (!in.facts || !in.file) return {};
  for (const LoopSite& site : find_loop_sites(*in.facts.index, in.facts.file, *in.file)) {
    if (site.advice != advice || site.at() != LoopPos{f.pos.line, f.pos.col}) continue;
    const bool about_growth =
        f.kind == Kind::source_pattern ? f.expr == site.var : is_append_verdict(f);
    if (!about_growth) continue;
    std::vector<int> lines;
    for (const LoopPos& p : site.growth) lines.push_back(p.line);
    values["var"] = site.var;
    values["type"] = site.type;
    values["size"] = site.size;
    values["decl_line"] = std::to_string(site.decl_line);
    values["declaration"] = site.before;
    values["declaration_after"] = site.after;
    values["loop_line"] = std::to_string(site.loops.front());
    values["loops"] = site.loops.size() == 1 ? fmt::format("the loop at line {}", site.loops[0])
                                             : "the loops at lines " + line_list(site.loops);
    values["lines"] = (lines.size() == 1 ? "line " : "lines ") + line_list(lines);
    values["store_before"] = site.store_before;
    values["store_after"] = site.store_after;
    values["nil_note"] = site.nil_to_empty
                             ? fmt::format(
                                   "\nWhen nothing is appended, {} is now empty rather "
                                   "than nil (`{} == nil`, JSON null).",
                                   site.var, site.var)
                             : "";
    MatcherOutcome out{true, {}};
    if (f.cold) out.held_back = *f.cold;
    return out;
  }
  return {};
}

}  // namespace goescape
