// find_source_patterns: the catalog patterns that fire on source text alone
// (kind source_pattern: PLAYBOOK §10 time.After in a loop, §12 regexp compiled
// per call, §13 JSON into map[string]any) and those the typed facts' loops
// show (§2, §3, §15 preallocation: analysis/loop_patterns.hpp). Only the
// package's own files are scanned, only lines inside function bodies. A text
// pattern fires only where the compiler reported no heap allocation (there,
// the catalog matches the compiler's finding instead). A loop pattern sits at
// the statement that grows the variable: where the compiler printed `append
// escapes to heap` the advice is given to that verdict (one site, one
// finding), else it is a finding of its own; never in _test.go or generated
// files, whose loops are set-up code.
#include <algorithm>
#include <filesystem>
#include <set>

#include "analysis/loop_patterns.hpp"
#include "analysis/match_engine.hpp"
#include "analysis/naming.hpp"
#include "analysis/stages.hpp"

namespace goescape {

std::vector<int> scan_source_pattern(const Pattern& pattern, const GoSourceFile& file,
                                     const FileFacts& facts) {
  std::vector<int> lines;
  const MatchConditions& c = pattern.match;
  if (!c.source) return lines;
  for (int l = 1; l <= file.line_count(); ++l) {
    std::string_view text = trim(strip_comment(file.line_text(l)));
    if (text.empty() || text.rfind("//", 0) == 0) continue;
    if (!c.source.re->search(text)) continue;
    if (c.source_not && c.source_not.re->search(text)) continue;
    // Package-level code runs once.
    if (facts ? !facts.index->function_at(facts.file, l, 0) : !file.innermost_at(l, 0)) continue;
    if (c.in_loop && !(facts ? facts.index->in_loop(facts.file, l, 0) : inside_for_loop(file, l)))
      continue;
    lines.push_back(l);
  }
  return lines;
}

namespace {

bool is_test_file(const std::string& name) {
  return name.size() > 8 && name.compare(name.size() - 8, 8, "_test.go") == 0;
}

// The preallocation sites of a file the user maintains: none without facts,
// in test or generated files.
std::vector<LoopSite> loop_sites_of(const FileFacts& facts, const GoSourceFile& file) {
  if (!facts || facts.file < 0) return {};
  const FactFile& info = facts.index->facts().files.at(static_cast<std::size_t>(facts.file));
  if (info.test || info.generated) return {};
  return find_loop_sites(*facts.index, facts.file, file);
}

// The compiler's verdict about the growth a loop site advises on, when it
// printed one at the site's position: `append escapes to heap` (the append of
// an escaping slice, or the one inlined from a builder's Write).
Finding* compiler_growth(PackageResult& result, const std::string& file, const LoopSite& site) {
  for (Finding& f : result.findings)
    if (is_append_verdict(f) && f.pos.file == file && f.pos.line == site.at().line &&
        f.pos.col == site.at().col && !f.pattern)
      return &f;
  return nullptr;
}

// Gives the compiler's growth verdict `f` the loop pattern's advice (the
// catalog stage leaves findings that have a pattern alone). The PLAYBOOK §16
// rules apply as for any finding, except inlined-from-dependency: a builder's
// append is inlined from strings or bytes, but the loop that calls it, which
// the advice changes, is the module's own code.
void attach(const Pattern& p, Finding& f, const AnalysisContext& ctx, const PackageResult& result,
            const GoSourceFile* file, const FileFacts& facts) {
  std::string held;
  MatchInput in{f, ctx, result, file, f.source_line, facts};
  auto match = match_pattern(p, in, held);
  if (!match) return;
  f.pattern = p.id;
  f.playbook = p.playbook;
  if (std::string rule = negative_rule(in);
      !rule.empty() && !rule.starts_with("inlined-from-dependency:"))
    held = rule;
  if (!held.empty()) {
    f.held_back = held;
    return;
  }
  f.suggestion = expand_template(p.suggestion, match->values);
  if (!match->edits.empty()) f.fix = Fix{std::move(match->edits), {}};
}

Finding finding_at(const std::string& file, int line, int col, std::string expr) {
  Finding f;
  f.kind = Kind::source_pattern;
  f.pos = {file, line, col};
  f.expr = std::move(expr);
  return f;
}

}  // namespace

void find_source_patterns(PackageResult& result, const AnalysisContext& ctx) {
  if (!ctx.catalog || result.package.empty()) return;
  std::vector<const Pattern*> patterns;
  for (const Pattern& p : ctx.catalog->patterns)
    if (std::find(p.match.kinds.begin(), p.match.kinds.end(), Kind::source_pattern) !=
        p.match.kinds.end())
      patterns.push_back(&p);
  if (patterns.empty()) return;
  const GoPackage* pkg = ctx.package(result.package);
  if (!pkg || pkg->standard || pkg->dir.empty()) return;
  namespace fs = std::filesystem;
  // A module-cache or GOROOT package is not the user's to change.
  if (pkg->dir.find("/pkg/mod/") != std::string::npos) return;
  const fs::path root = fs::path(ctx.root).lexically_normal();

  std::set<std::pair<std::string, int>> heap_lines;
  for (const Finding& f : result.findings)
    if (f.is_heap()) heap_lines.emplace(f.pos.file, f.pos.line);

  // The test variant block covers the _test.go files; the plain block the rest,
  // so a line is never reported twice.
  const bool test_block = !result.variant.empty();
  FunctionNamer namer(ctx, result.package);
  std::vector<Finding> added;
  for (const std::string& base : pkg->files) {
    if (is_test_file(base) != test_block) continue;
    const fs::path abs = (fs::path(pkg->dir) / base).lexically_normal();
    const GoSourceFile* file = ctx.sources.get(abs.string());
    if (!file) continue;
    std::string rel = abs.lexically_relative(root).generic_string();
    if (rel.empty() || rel.rfind("..", 0) == 0) continue;  // outside the module root
    const FileFacts facts = ctx.facts_for_file(abs.string(), result.package);
    const std::vector<LoopSite> loop_sites = loop_sites_of(facts, *file);
    // The rest of the pattern's conditions (var_type, matcher) decide.
    auto add = [&](const Pattern& p, Finding f) {
      f.printed_file = rel;
      f.package = result.package;
      f.variant = result.variant;
      f.function = namer.name(f);
      f.source_line = std::string(file->line_text(f.pos.line));
      std::string held;
      MatchInput in{f, ctx, result, file, f.source_line, facts};
      if (!match_pattern(p, in, held)) return;
      f.pattern = p.id;
      added.push_back(std::move(f));
    };
    for (const Pattern* p : patterns) {
      if (auto advice = loop_advice_of(p->match.matcher)) {
        for (const LoopSite& site : loop_sites) {
          if (site.advice != *advice) continue;
          if (Finding* growth = compiler_growth(result, rel, site)) {
            attach(*p, *growth, ctx, result, file, facts);
            continue;
          }
          add(*p, finding_at(rel, site.at().line, site.at().col, site.var));
        }
        continue;
      }
      for (int line : scan_source_pattern(*p, *file, facts)) {
        if (heap_lines.count({rel, line})) continue;
        Finding f = finding_at(rel, line, 0, "");
        std::string_view text = file->line_text(line);
        if (auto m = p->match.source.re->capture(trim(text)); m && (*m)[0]) {
          f.expr = std::string(*(*m)[0]);
          f.pos.col = static_cast<int>((*m)[0]->data() - text.data()) + 1;
        }
        add(*p, std::move(f));
      }
    }
  }
  for (Finding& f : added) result.findings.push_back(std::move(f));
}

}  // namespace goescape
