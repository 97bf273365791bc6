// `goescape patterns [ID]`: the catalog as a table (id, playbook section,
// title), or one pattern explained (description, before/after, when not to).
// `--format json` gives the same as data. `--patterns DIR` adds a directory
// (later wins), exactly as for check/parse, so a team can preview its own.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_dirs.hpp"
#include "catalog/matchers.hpp"
#include "support/output_file.hpp"

namespace goescape {

namespace {

std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out += std::string(prefix) + std::string(text.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out;
}

nlohmann::json to_json(const Pattern& p, bool full) {
  nlohmann::json j = {{"id", p.id}, {"title", p.title}, {"playbook", p.playbook}};
  if (!full) return j;
  j["description"] = p.description;
  j["before"] = p.before;
  j["after"] = p.after;
  j["when_not"] = p.when_not;
  j["suggestion"] = p.suggestion;
  j["matcher"] = p.match.matcher.empty() ? nlohmann::json() : nlohmann::json(p.match.matcher);
  nlohmann::json kinds = nlohmann::json::array();
  for (Kind k : p.match.kinds) kinds.push_back(std::string(kind_name(k)));
  j["kinds"] = kinds;
  nlohmann::json rewrites = nlohmann::json::array();
  for (const RewriteRule& r : p.rewrite) {
    nlohmann::json rule = {{"from", r.from.re->pattern()}, {"to", r.to}, {"fix", r.fix}};
    if (!r.import.empty()) rule["import"] = r.import;
    rewrites.push_back(std::move(rule));
  }
  j["rewrite"] = std::move(rewrites);
  j["file"] = p.source_file;
  return j;
}

void explain(const Pattern& p, std::ostream& out) {
  out << fmt::format("{}  (PLAYBOOK §{})\n{}\n\n", p.id, p.playbook, p.title);
  out << indent(p.description, "  ") << "\n";
  out << "Before:\n" << indent(p.before, "    ") << "\n";
  out << "After:\n" << indent(p.after, "    ") << "\n";
  out << "When not to:\n" << indent(p.when_not, "  ") << "\n";
  out << fmt::format("Matches: {}", kind_names(p.match.kinds));
  if (!p.match.flow_all.empty())
    out << fmt::format("; flow reasons {}", fmt::join(p.match.flow_all, ", "));
  if (!p.match.matcher.empty()) {
    const MatcherInfo* m = find_matcher(p.match.matcher);
    out << fmt::format("; matcher {} ({})", p.match.matcher, m ? m->summary : "");
  }
  out << "\n";
  for (const RewriteRule& r : p.rewrite) {
    out << fmt::format("Rewrite: {}  ->  {}", r.from.re->pattern(), r.to);
    if (r.fix) {
      out << (r.import.empty()
                  ? "  (offered as a fix)"
                  : fmt::format("  (offered as a fix where the file imports {})", r.import));
    }
    out << "\n";
  }
  out << fmt::format("Defined in: {}\n", p.source_file);
}

}  // namespace

Result<ExitCode> run_patterns(const PatternsOptions& options) {
  auto dirs = catalog_dirs(options.pattern_dirs);
  if (!dirs) return dirs.error();
  auto catalog = load_catalog(*dirs);
  if (!catalog) return catalog.error();
  if (options.format != "text" && options.format != "json")
    return Error{fmt::format("unknown --format \"{}\" (known: text, json)", options.format),
                 ExitCode::usage};

  const Pattern* one = nullptr;
  if (!options.id.empty()) {
    one = catalog->find(options.id);
    if (!one) {
      std::vector<std::string_view> ids;
      for (const Pattern& each : catalog->patterns) ids.push_back(each.id);
      return Error{fmt::format("no pattern \"{}\" (known: {})", options.id, fmt::join(ids, ", ")),
                   ExitCode::usage};
    }
  }
  auto output = OutputFile::open("");
  if (!output) return output.error();
  std::ostream& out = (*output)->stream();

  // Listed in playbook order (9.1 .. 9.5 first, then 5, 6, 7, ...), as the
  // playbook's own table leads.
  std::vector<const Pattern*> listed;
  for (const Pattern& p : catalog->patterns) listed.push_back(&p);
  auto section_key = [](const Pattern* p) {
    double s = 0;
    std::from_chars(p->playbook.data(), p->playbook.data() + p->playbook.size(), s);
    return s >= 9 && s < 10 ? s - 100 : s;
  };
  std::stable_sort(listed.begin(), listed.end(), [&](const Pattern* a, const Pattern* b) {
    return section_key(a) < section_key(b);
  });

  if (options.format == "json") {
    if (one) {
      out << to_json(*one, true).dump(2) << "\n";
    } else {
      nlohmann::json list = nlohmann::json::array();
      for (const Pattern* p : listed) list.push_back(to_json(*p, false));
      out << list.dump(2) << "\n";
    }
  } else if (one) {
    explain(*one, out);
  } else {
    std::size_t width = 2;
    for (const Pattern* p : listed) width = std::max(width, p->id.size());
    out << fmt::format("{:<{}}  {:<8}  {}\n", "ID", width, "PLAYBOOK", "TITLE");
    for (const Pattern* p : listed)
      out << fmt::format("{:<{}}  §{:<7}  {}\n", p->id, width, p->playbook, p->title);
    out << "\n`goescape patterns ID` explains one.\n";
  }
  if (Status committed = (*output)->commit(); !committed) return committed.error();
  return ExitCode::ok;
}

}  // namespace goescape
