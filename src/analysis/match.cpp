// apply_catalog: each finding against the catalog, cheapest conditions first;
// the first pattern (by priority, then id) that matches names the finding's
// pattern and playbook section; the PLAYBOOK §16 rules then decide whether it
// gets the concrete suggestion or only `held_back`.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

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

bool in_module_file(const Finding& f, const AnalysisContext& ctx) {
  const std::string& file = f.pos.file;
  if (file.empty() || file[0] == '/' || file[0] == '<' || file.rfind("../", 0) == 0) return false;
  if (file.find("/pkg/mod/") != std::string::npos || file.rfind("vendor/", 0) == 0 ||
      file.find("/vendor/") != std::string::npos)
    return false;
  if (file.size() > 1 && file[1] == ':') return false;  // C:\...
  // go test's generated main, printed relative to its work directory.
  if (file == "_testmain.go" || file.ends_with("/_testmain.go")) return false;
  if (const GoPackage* pkg = ctx.package(f.package); pkg && pkg->standard) return false;
  return true;
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

bool within_call(std::string_view line, std::string_view callee, int col) {
  return call_span(line, callee, col).has_value();
}

// Whether the finding is in a package-level variable's initialiser (code
// that runs once, in `pkg.init`), not in a function's body.
bool at_package_level(const MatchInput& in) {
  const Finding& f = in.finding;
  if (f.pos.line <= 0) return false;
  if (in.facts) {
    const FactsIndex& index = *in.facts.index;
    for (const FactSite* site : index.sites_at(in.facts.file, f.pos.line, f.pos.col)) {
      if (const FactFunction* fn = index.facts().function(site->function))
        return fn->kind == FunctionKind::package_init || fn->kind == FunctionKind::map_init;
    }
    const FactFunction* fn = index.function_at(in.facts.file, f.pos.line, f.pos.col);
    return !fn || fn->kind == FunctionKind::map_init;
  }
  return in.file && !in.file->innermost_at(f.pos.line, f.pos.col);
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

std::optional<PatternMatch> match_pattern(const Pattern& p, const MatchInput& in,
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

  Placeholders values;
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
  std::optional<TextEdit> edit;
  for (const RewriteRule& rule : p.rewrite) {
    auto rewritten = apply_rewrite(rule, line, values);
    if (!rewritten) continue;
    if (rule.fix && (rule.import.empty() || (in.file && imports_package(*in.file, rule.import)))) {
      // `line` is a view into in.line, the finding's whole source line.
      const auto col = static_cast<int>(rewritten->replaced.data() - in.line.data()) + 1;
      edit = TextEdit{f.pos.file,
                      f.pos.line,
                      col,
                      f.pos.line,
                      col + static_cast<int>(rewritten->replaced.size()),
                      std::move(rewritten->replacement)};
    }
    values["after"] = std::move(rewritten->line);
    break;
  }
  if (!c.matcher.empty()) {
    const std::string rewritten = values.count("after") ? values["after"] : std::string();
    MatcherOutcome outcome = run_matcher(c.matcher, in, values);
    if (!outcome.matched) return std::nullopt;
    held_back = outcome.held_back;
    // A matcher that writes its own {after} replaces the rewrite, edit included.
    if (values.count("after") && values["after"] != rewritten) edit.reset();
  }
  // A template that shows this line rewritten needs the rewritten line
  // (unless the advice is held back anyway).
  if (p.suggestion.find("{after}") != std::string::npos && !values.count("after") &&
      held_back.empty())
    return std::nullopt;
  return PatternMatch{std::move(values), std::move(edit)};
}

std::string negative_rule(const MatchInput& in) {
  const Finding& f = in.finding;
  // An escape the runtime allocates nothing for needs no rewrite.
  if (f.is_heap() && !f.allocates()) return "no-allocation";
  if (!in_module_file(f, in.ctx)) return "not-module-file";
  const std::string_view line = strip_comment(in.line);
  if (line.find("panic(") != std::string_view::npos && within_call(line, "panic", f.pos.col))
    return "panic-argument";
  for (std::string_view ctor : {"fmt.Errorf", "errors.New", "errors.Join"})
    if (line.find(ctor) != std::string_view::npos && within_call(line, ctor, f.pos.col))
      return "error-path";
  // An Error method formats a failure: it runs on the error path by definition.
  if (f.function && f.function->size() > 6 &&
      f.function->compare(f.function->size() - 6, 6, ".Error") == 0)
    return "error-path";
  if (f.expr.rfind("&errors.errorString{", 0) == 0 || f.expr.rfind("&fmt.wrapError{", 0) == 0)
    return "error-path";
  if (at_package_level(in)) return "package-initializer";
  if (f.function) {
    static const Regex init_fn(R"((^|[./])init(\.[0-9]+)?(\.|$)|\.glob\.\.)");
    std::string_view fn = *f.function;
    if (init_fn.search(fn.substr(fn.rfind('/') == std::string_view::npos ? 0 : fn.rfind('/'))))
      return "init-function";
    if (fn == "main.main") return "main-startup";
  }
  if (f.inlined_from && !module_function(*f.inlined_from, f, in.ctx))
    return "inlined-from-dependency";
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
  // One suggestion per pattern and line: `fmt.Sprintf("%s %d", a, b)` boxes
  // two arguments, but it is one rewrite.
  std::set<std::tuple<std::string, std::string, int>> suggested;
  for (Finding& f : result.findings) {
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
    MatchInput in{f, ctx, result, file, line, ctx.facts_for_file(path, result.package)};
    for (const Pattern* p : ordered.patterns) {
      if (only && p != only) continue;
      std::string held;
      auto match = match_pattern(*p, in, held);
      if (!match) continue;
      f.pattern = p->id;
      f.playbook = p->playbook;
      // The rules about where the code is come first: whether the type is
      // right as a pointer matters only for code the user can change.
      if (std::string rule = negative_rule(in); !rule.empty()) held = rule;
      if (!held.empty()) {
        f.held_back = held;
      } else if (suggested.emplace(p->id, f.pos.file, f.pos.line).second) {
        f.suggestion = expand_template(p->suggestion, match->values);
        if (match->edit) f.fix = Fix{{std::move(*match->edit)}, {}};
      }
      break;
    }
  }
}

}  // namespace goescape
