// apply_catalog: each finding against the catalog, cheapest conditions first;
// the first pattern (by priority, then id) that matches names the finding's
// pattern and playbook section; the PLAYBOOK §16 rules then decide whether it
// gets the concrete suggestion or only `held_back`.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "analysis/cold.hpp"
#include "analysis/match_engine.hpp"
#include "analysis/stages.hpp"

namespace goescape {

namespace {

bool has_reason(const Finding& f, std::string_view reason) {
  for (const FlowStep& s : f.flow)
    if (s.reason == reason) return true;
  return false;
}

void add_groups(const PatternRegex& re, std::string_view text, Placeholders& values) {
  if (re.names.empty()) return;
  auto m = re.re->capture(text);
  if (!m) return;
  for (const std::string& name : re.names) {
    int index = re.re->group_index(name);
    if (index >= 0 && static_cast<std::size_t>(index) < m->size() && (*m)[index])
      values[name] = std::string(*(*m)[static_cast<std::size_t>(index)]);
  }
}

// A regex condition: absent passes; present must match (captures recorded).
bool check(const PatternRegex& re, std::string_view text, Placeholders& values) {
  if (!re) return true;
  if (!re.re->search(text)) return false;
  add_groups(re, text, values);
  return true;
}

// The variable a finding is about: the moved variable, or the expression when
// it is a plain name.
std::string variable_of(const Finding& f) {
  std::string_view e = f.expr;
  if (auto dot = e.rfind('.'); dot != std::string_view::npos && f.kind == Kind::moved_to_heap)
    e = e.substr(dot + 1);  // inlined callee's `pkg.v`
  for (char c : e)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return {};
  return std::string(e);
}

std::string short_function(const std::optional<std::string>& full) {
  if (!full) return {};
  std::string_view f = *full;
  if (auto slash = f.rfind('/'); slash != std::string_view::npos) f = f.substr(slash + 1);
  if (auto dot = f.find('.'); dot != std::string_view::npos) f = f.substr(dot + 1);
  return std::string(f);
}

// A lower-case Go identifier made from a short function name, for naming a
// package-level variable after it: "(*Server).handle" -> "handle",
// "parse.func1" -> "parse".
std::string identifier_of(std::string_view fn) {
  if (auto close = fn.rfind(')'); close != std::string_view::npos) fn = fn.substr(close + 1);
  while (!fn.empty() && fn.front() == '.') fn.remove_prefix(1);
  fn = fn.substr(0, fn.find('.'));
  fn = fn.substr(0, fn.find('['));
  std::string out(fn);
  if (out.empty()) return "pkg";
  out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// Replaces \0..\9 of a rewrite's `to` with the groups of its match.
std::string substitute_groups(std::string_view to,
                              const std::vector<std::optional<std::string_view>>& groups) {
  std::string out;
  for (std::size_t i = 0; i < to.size(); ++i) {
    if (to[i] == '\\' && i + 1 < to.size() && to[i + 1] >= '0' && to[i + 1] <= '9') {
      auto g = static_cast<std::size_t>(to[i + 1] - '0');
      if (g < groups.size() && groups[g]) out += *groups[g];
      ++i;
      continue;
    }
    out += to[i];
  }
  return out;
}

// A rewrite applied to a line: the span it replaces (the whole match) and
// what replaces it.
struct Rewritten {
  std::string_view replaced;  // a view into the line
  std::string replacement;
  std::string line;  // the line after the rewrite
};

std::optional<Rewritten> apply_rewrite(const RewriteRule& rule, std::string_view line,
                                       const Placeholders& values) {
  auto m = rule.from.re->capture(line);
  if (!m) return std::nullopt;
  std::string_view whole = *(*m)[0];
  Rewritten out{whole, expand_template(substitute_groups(rule.to, *m), values), {}};
  std::size_t at = static_cast<std::size_t>(whole.data() - line.data());
  out.line = std::string(line.substr(0, at)) + out.replacement +
             std::string(line.substr(at + whole.size()));
  if (out.line.empty()) return std::nullopt;
  return out;
}

// The package path of a runtime-style function name ("a/b/c.(*T).M" -> "a/b/c").
std::string package_of_function(std::string_view fn) {
  std::size_t slash = fn.rfind('/');
  std::size_t from = slash == std::string_view::npos ? 0 : slash + 1;
  std::size_t dot = fn.find('.', from);
  return std::string(fn.substr(0, dot == std::string_view::npos ? fn.size() : dot));
}

bool module_function(const InlinedFrom& in, const Finding& f, const AnalysisContext& ctx) {
  if (!in.file.empty()) {
    Finding probe;
    probe.pos.file = in.file;
    probe.package = f.package;
    if (!in_module_file(probe, ctx)) return false;
  }
  std::string pkg = package_of_function(in.function);
  if (pkg == "main" || pkg == f.package) return true;
  if (const GoPackage* p = ctx.package(pkg))
    return !p->standard && !p->module_path.empty() &&
           (ctx.package(f.package) == nullptr ||
            ctx.package(f.package)->module_path == p->module_path);
  // Without `go list`: standard-library paths have no dot in their first element.
  std::string_view first = std::string_view(pkg).substr(0, pkg.find('/'));
  if (first.find('.') == std::string_view::npos) return false;
  std::string_view own = std::string_view(f.package).substr(0, f.package.find('/'));
  return first == own;
}

}  // namespace

std::string expand_template(std::string_view text, const Placeholders& values) {
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        auto it = values.find(text.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

bool imports_package(const GoSourceFile& file, std::string_view path) {
  const std::string quoted = fmt::format("\"{}\"", path);
  for (int n = 1; n <= file.line_count(); ++n) {
    std::string_view text = strip_comment(file.line_text(n));
    for (std::string_view stop : {"func ", "type ", "var ", "const "})
      if (text.starts_with(stop)) return false;
    // `import "io"`, `\t"io"` in a block, or `import w "io"`: the path ends
    // the line's code.
    text = trim(text);
    if (text.ends_with(quoted) &&
        (text.size() == quoted.size() || text[text.size() - quoted.size() - 1] == ' '))
      return true;
  }
  return false;
}

namespace {

// The import declarations' lines of a Go file: the package clause's line, the
// first `import (` line and the lines that import a path, all 1-based (0 when
// absent). Lines inside block comments are skipped; the scan stops at the
// first other top-level declaration.
struct ImportLines {
  int package_line = 0;
  int block_line = 0;
  std::vector<std::pair<int, std::string>> paths;  // line, code of the line (trimmed)
};

ImportLines import_lines(const GoSourceFile& file) {
  ImportLines out;
  bool in_comment = false;
  bool in_block = false;
  for (int n = 1; n <= file.line_count(); ++n) {
    std::string_view text = file.line_text(n);
    if (in_comment) {
      const std::size_t end = text.find("*/");
      if (end == std::string_view::npos) continue;
      text = text.substr(end + 2);
      in_comment = false;
    }
    text = trim(strip_comment(text));
    if (text.starts_with("/*")) {
      if (text.find("*/") == std::string_view::npos) in_comment = true;
      continue;
    }
    if (text.empty()) continue;
    if (!out.package_line) {
      if (text.starts_with("package ")) out.package_line = n;
      continue;
    }
    if (in_block) {
      if (text.starts_with(")")) {
        in_block = false;
        continue;
      }
      out.paths.emplace_back(n, std::string(text));
      continue;
    }
    if (text == "import (") {
      in_block = true;
      if (!out.block_line) out.block_line = n;
      continue;
    }
    if (text.starts_with("import ")) {
      out.paths.emplace_back(n, std::string(text));
      continue;
    }
    break;  // the first other declaration
  }
  return out;
}

// Whether `line` ends with a line end, so that an edit can start after it.
bool has_line_after(const GoSourceFile& file, int line) {
  return line >= 1 && static_cast<std::size_t>(line) < file.line_offsets.size();
}

}  // namespace

std::optional<TextEdit> import_insertion(const GoSourceFile& file, const std::string& name,
                                         std::string_view path) {
  const ImportLines lines = import_lines(file);
  if (lines.block_line && has_line_after(file, lines.block_line))
    return TextEdit{name, lines.block_line + 1,           1, lines.block_line + 1,
                    1,    fmt::format("\t\"{}\"\n", path)};
  if (lines.package_line && has_line_after(file, lines.package_line))
    return TextEdit{name, lines.package_line + 1,
                    1,    lines.package_line + 1,
                    1,    fmt::format("import \"{}\"\n", path)};
  return std::nullopt;
}

std::optional<TextEdit> import_deletion(const GoSourceFile& file, const std::string& name,
                                        std::string_view path) {
  const std::string quoted = fmt::format("\"{}\"", path);
  const std::string single = "import " + quoted;
  for (const auto& [line, code] : import_lines(file).paths)
    if ((code == quoted || code == single) && has_line_after(file, line))
      return TextEdit{name, line, 1, line + 1, 1, ""};
  return std::nullopt;
}

bool rule_holds(const HoldBackRule& rule, const PredicateValues& predicates) {
  for (const PredicateTest& test : rule.when) {
    if (test.op == PredicateTest::Op::matches) {
      auto text = predicates.texts.find(test.name);
      if (text == predicates.texts.end() || !test.re.re->search(text->second)) return false;
      continue;
    }
    auto it = predicates.numbers.find(test.name);
    if (it == predicates.numbers.end()) return false;
    const double v = it->second;
    bool ok = false;
    switch (test.op) {
      case PredicateTest::Op::truthy:
        ok = v != 0;
        break;
      case PredicateTest::Op::falsy:
        ok = v == 0;
        break;
      case PredicateTest::Op::lt:
        ok = v < test.number;
        break;
      case PredicateTest::Op::le:
        ok = v <= test.number;
        break;
      case PredicateTest::Op::gt:
        ok = v > test.number;
        break;
      case PredicateTest::Op::ge:
        ok = v >= test.number;
        break;
      case PredicateTest::Op::eq:
        ok = v == test.number;
        break;
      case PredicateTest::Op::ne:
        ok = v != test.number;
        break;
      case PredicateTest::Op::matches:
        break;
    }
    if (!ok) return false;
  }
  return true;
}

std::optional<MatchOutput> match_pattern(const Pattern& p, const MatchInput& in,
                                         std::string& held_back) {
  const Finding& f = in.finding;
  const MatchConditions& c = p.match;
  if (std::find(c.kinds.begin(), c.kinds.end(), f.kind) == c.kinds.end()) return std::nullopt;
  if (in.ctx.go_minor > 0) {
    if (c.go_min && in.ctx.go_minor < c.go_min) return std::nullopt;
    if (c.go_max && in.ctx.go_minor > c.go_max) return std::nullopt;
  }
  for (const std::string& r : c.flow_all)
    if (!has_reason(f, r)) return std::nullopt;
  if (!c.flow_any.empty() && std::none_of(c.flow_any.begin(), c.flow_any.end(),
                                          [&](const std::string& r) { return has_reason(f, r); }))
    return std::nullopt;
  for (const std::string& r : c.flow_none)
    if (has_reason(f, r)) return std::nullopt;

  MatchOutput out;
  Placeholders& values = out.values;
  const std::string_view line = trim(strip_comment(in.line));
  if (!check(c.expr, f.expr, values)) return std::nullopt;
  if (c.expr_not && c.expr_not.re->search(f.expr)) return std::nullopt;
  if (c.message && !(f.message && check(c.message, *f.message, values))) return std::nullopt;
  if (c.source && (line.empty() || !check(c.source, line, values))) return std::nullopt;
  if (c.source_not && c.source_not.re->search(line)) return std::nullopt;
  const std::string function = f.function.value_or("");
  if (c.function && !check(c.function, function, values)) return std::nullopt;
  if (c.function_not && c.function_not.re->search(function)) return std::nullopt;
  if (c.in_loop && !in_loop(in, f.pos.line, f.pos.col)) return std::nullopt;

  values.emplace("expr", f.expr);
  values.emplace("var", variable_of(f));
  values.emplace("line", std::to_string(f.pos.line));
  values.emplace("col", std::to_string(f.pos.col));
  values.emplace("file", f.pos.file);
  values.emplace("function", function);
  values.emplace("func", short_function(f.function));
  values.emplace("ident", identifier_of(short_function(f.function)));
  values.emplace("before", std::string(line));
  values.emplace("package", f.package);
  values.emplace("go", in.ctx.go_minor > 0 ? fmt::format("1.{}", in.ctx.go_minor) : "");
  if (c.var_type) {
    // Without facts the type is unknown: the pattern stays silent.
    auto type = variable_type(in, f.pos.line, f.pos.col, values["var"]);
    if (!type || !check(c.var_type, type->name, values)) return std::nullopt;
    values.emplace("type", type->name);
  }
  for (const RewriteRule& rule : p.rewrite) {
    auto rewritten = apply_rewrite(rule, line, values);
    if (!rewritten) continue;
    // A rewrite that needs a package the file does not import adds it.
    std::optional<TextEdit> import;
    if (rule.fix && !rule.import.empty() && in.file && !imports_package(*in.file, rule.import))
      import = import_insertion(*in.file, f.pos.file, rule.import);
    if (rule.fix &&
        (rule.import.empty() || import || (in.file && imports_package(*in.file, rule.import)))) {
      // `line` is a view into in.line, the finding's whole source line.
      const auto col = static_cast<int>(rewritten->replaced.data() - in.line.data()) + 1;
      out.edits.push_back(TextEdit{f.pos.file, f.pos.line, col, f.pos.line,
                                   col + static_cast<int>(rewritten->replaced.size()),
                                   std::move(rewritten->replacement)});
      if (import) out.edits.push_back(std::move(*import));
    }
    values["after"] = std::move(rewritten->line);
    break;
  }
  if (!c.matcher.empty()) {
    const std::string rewritten = values.count("after") ? values["after"] : std::string();
    const std::size_t rule_edits = out.edits.size();
    MatcherOutcome outcome = run_matcher(c.matcher, in, out);
    if (!outcome.matched) return std::nullopt;
    held_back = outcome.held_back;
    // A matcher that writes its own {after} replaces the rewrite, edit included.
    if (values.count("after") && values["after"] != rewritten && out.edits.size() == rule_edits)
      out.edits.clear();
    else if (out.edits.size() > rule_edits)
      out.edits.erase(out.edits.begin(), out.edits.begin() + static_cast<long>(rule_edits));
  }
  if (held_back.empty()) {
    for (const HoldBackRule& rule : p.hold_back) {
      if (!rule_holds(rule, out.predicates)) continue;
      held_back = fmt::format("{}: {}", rule.rule, expand_template(rule.why, values));
      break;
    }
  }
  // A template that shows this line rewritten needs the rewritten line
  // (unless the advice is held back anyway).
  if (p.suggestion.find("{after}") != std::string::npos && !values.count("after") &&
      held_back.empty())
    return std::nullopt;
  return out;
}

std::string negative_rule(const MatchInput& in) {
  const Finding& f = in.finding;
  // An escape the runtime allocates nothing for needs no rewrite.
  if (f.is_heap() && !f.allocates())
    return "no-allocation: the runtime allocates nothing for this escape";
  if (f.cold) return fmt::format("{}: {}", *f.cold, cold_reason(*f.cold));
  if (f.inlined_from && !module_function(*f.inlined_from, f, in.ctx))
    return fmt::format("inlined-from-dependency: the allocation is in {}, inlined here",
                       f.inlined_from->function);
  return {};
}

namespace {

// The patterns in matching order, and which kinds any pattern wants.
struct Ordered {
  std::vector<const Pattern*> patterns;
  std::set<Kind> kinds;
};

Ordered order(const Catalog& catalog) {
  Ordered out;
  for (const Pattern& p : catalog.patterns) {
    out.patterns.push_back(&p);
    out.kinds.insert(p.match.kinds.begin(), p.match.kinds.end());
  }
  std::stable_sort(out.patterns.begin(), out.patterns.end(),
                   [](const Pattern* a, const Pattern* b) {
                     return a->priority != b->priority ? a->priority < b->priority : a->id < b->id;
                   });
  return out;
}

// The absolute path of a finding's file when it is a Go file of the user's
// (under the root: resolve_positions leaves the others absolute, and code
// elsewhere is never rewritten), else empty.
std::string own_file(const Finding& f, const AnalysisContext& ctx) {
  if (f.pos.file.empty() || f.pos.file[0] == '<' || f.pos.file[0] == '/' || ctx.root.empty())
    return {};
  std::filesystem::path path = std::filesystem::path(ctx.root) / f.pos.file;
  if (path.extension() != ".go") return {};
  return path.lexically_normal().string();
}

}  // namespace

void apply_catalog(PackageResult& result, const AnalysisContext& ctx) {
  if (!ctx.catalog || ctx.catalog->patterns.empty()) return;
  const Ordered ordered = order(*ctx.catalog);
  // In source order, so that the first of repeated sites gets the advice.
  std::vector<std::size_t> by_position(result.findings.size());
  for (std::size_t i = 0; i < by_position.size(); ++i) by_position[i] = i;
  std::stable_sort(by_position.begin(), by_position.end(), [&](std::size_t a, std::size_t b) {
    const Position& x = result.findings[a].pos;
    const Position& y = result.findings[b].pos;
    return std::tie(x.file, x.line, x.col) < std::tie(y.file, y.line, y.col);
  });
  NameRegistry names;
  // One suggestion per pattern and line: `fmt.Sprintf("%s %d", a, b)` boxes
  // two arguments, but it is one rewrite.
  std::set<std::tuple<std::string, std::string, int>> suggested;
  for (std::size_t index : by_position) {
    Finding& f = result.findings[index];
    if (!ordered.kinds.count(f.kind)) continue;
    // A source_pattern finding was raised by one pattern: only it applies.
    const Pattern* only = nullptr;
    if (f.kind == Kind::source_pattern) {
      only = f.pattern ? ctx.catalog->find(*f.pattern) : nullptr;
      if (!only) continue;
    } else if (f.pattern) {
      continue;
    }
    const std::string path = own_file(f, ctx);
    const GoSourceFile* file = path.empty() ? nullptr : ctx.sources.get(path);
    std::string_view line = f.source_line;
    if (line.empty() && file && f.pos.line > 0) line = file->line_text(f.pos.line);
    MatchInput in{f, ctx, result, file, line, ctx.facts_for_file(path, result.package), &names};
    // The rules about where the code is come first: whether the type is
    // right as a pointer matters only for code the user can change. They
    // depend on the finding alone, not on the pattern.
    const std::string negative = negative_rule(in);
    for (const Pattern* p : ordered.patterns) {
      if (only && p != only) continue;
      std::string held = negative;
      if (!held.empty()) {
        // Cold code: name the pattern only when it would have matched.
        std::string ignored;
        MatchInput quiet = in;
        quiet.names = nullptr;
        if (!match_pattern(*p, quiet, ignored)) continue;
      } else {
        auto match = match_pattern(*p, in, held);
        if (!match) continue;
        if (held.empty() && suggested.emplace(p->id, f.pos.file, f.pos.line).second) {
          const std::string callee =
              match->values.count("callee") ? match->values.at("callee") : std::string();
          f.suggestion = expand_template(p->suggestion, match->values);
          // A rewrite of this very line is advice of its own, never "the
          // same as" another line's.
          const std::string after =
              match->values.count("after") ? match->values.at("after") : std::string();
          f.advice_key =
              fmt::format("{}\n{}\n{}\n{}", p->id, f.function.value_or(f.pos.file), callee, after);
          if (!match->edits.empty()) f.fix = Fix{std::move(match->edits), {}};
        }
      }
      f.pattern = p->id;
      f.playbook = p->playbook;
      if (!held.empty()) f.held_back = held;
      break;
    }
  }
}

void point_repeats_to_first(PackageResult& result) {
  std::map<std::string, const Finding*> first;
  std::vector<Finding*> order;
  for (Finding& f : result.findings)
    if (f.suggestion && !f.advice_key.empty()) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->pos.file, a->pos.line, a->pos.col) <
           std::tie(b->pos.file, b->pos.line, b->pos.col);
  });
  for (Finding* f : order) {
    auto [it, fresh] = first.emplace(f->advice_key, f);
    if (fresh) continue;
    const Finding& head = *it->second;
    std::string where = head.pos.file == f->pos.file
                            ? fmt::format("line {}", head.pos.line)
                            : fmt::format("{}:{}", head.pos.file, head.pos.line);
    f->suggestion = fmt::format("Same advice as {}{}", where,
                                f->fix ? " (this site's own rewrite is checked too: `goescape "
                                         "fix` applies it)."
                                       : ".");
  }
}

}  // namespace goescape
