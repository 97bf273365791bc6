// Facts about functions and calls for the matchers and the catalog's
// hold_back rules: the function a finding is in and its real signature, who
// calls it (and whether from loops), whether the compiler inlines it without
// the allocation escaping, whether a type goes through a sync.Pool, and new
// identifiers that shadow nothing.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "analysis/match_engine.hpp"

namespace goescape {

namespace {

// The declared name of a pprof name: "URL" of "example.com/m.(*Route).URL",
// "Map" of "example.com/m.Map[...]".
std::string_view declared_name(std::string_view pprof) {
  if (auto bracket = pprof.find('['); bracket != std::string_view::npos)
    pprof = pprof.substr(0, bracket);
  if (auto slash = pprof.rfind('/'); slash != std::string_view::npos)
    pprof.remove_prefix(slash + 1);
  if (auto dot = pprof.rfind('.'); dot != std::string_view::npos) pprof.remove_prefix(dot + 1);
  return pprof;
}

// An expression as the compiler prints it, without package qualifiers of
// inlined code: "&stats.Gauge{...}" -> "&Gauge{...}".
std::string unqualified(std::string_view expr) {
  std::string out;
  for (std::size_t i = 0; i < expr.size();) {
    std::size_t j = i;
    while (j < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[j])) || expr[j] == '_'))
      ++j;
    if (j > i && j < expr.size() && expr[j] == '.' && j + 1 < expr.size() &&
        std::isalpha(static_cast<unsigned char>(expr[j + 1])) && (i == 0 || expr[i - 1] != '.')) {
      i = j + 1;  // drop "pkg."
      continue;
    }
    if (j == i) ++j;
    out.append(expr.substr(i, j - i));
    i = j;
  }
  return out;
}

bool has_name(const PackageFacts& facts, const FactFunction& fn, std::string_view name) {
  return std::any_of(fn.names.begin(), fn.names.end(),
                     [&](FactText n) { return facts.text(n) == name; });
}

}  // namespace

const FactFunction* finding_function(const MatchInput& in) {
  if (!in.facts) return nullptr;
  const PackageFacts& facts = in.facts.index->facts();
  if (const FactSite* site = finding_site(in)) return facts.function(site->function);
  return in.facts.index->function_at(in.facts.file, in.finding.pos.line, in.finding.pos.col);
}

std::int32_t function_id(const MatchInput& in, const FactFunction* fn) {
  if (!in.facts || !fn) return -1;
  return static_cast<std::int32_t>(fn - in.facts.index->facts().functions.data());
}

std::string go_signature(const PackageFacts& facts, const FactFunction& fn) {
  std::string_view sig = facts.text(fn.signature);
  if (!sig.starts_with("func")) return {};
  sig.remove_prefix(4);
  const std::string_view name = declared_name(facts.text(fn.name));
  std::string receiver;
  if (fn.kind == FunctionKind::method && !fn.params.empty()) {
    const std::string_view recv_name = facts.text(fn.params[0].name);
    receiver = recv_name.empty() || recv_name == "_"
                   ? fmt::format("({}) ", facts.text(fn.receiver))
                   : fmt::format("({} {}) ", recv_name, facts.text(fn.receiver));
  }
  return fmt::format("func {}{}{}", receiver, name, sig);
}

std::vector<const FactSite*> calls_of(const MatchInput& in, std::string_view name) {
  std::vector<const FactSite*> out;
  if (!in.facts || name.empty()) return out;
  const PackageFacts& facts = in.facts.index->facts();
  for (const FactSite& site : facts.sites) {
    if (site.node != SiteNode::call || !site.has(site_static)) continue;
    std::string_view callee = facts.text(site.detail);
    if (callee == name) out.push_back(&site);
  }
  return out;
}

std::string relative_file(const MatchInput& in, std::uint32_t file) {
  if (!in.facts) return {};
  const PackageFacts& facts = in.facts.index->facts();
  if (file >= facts.files.size()) return {};
  const std::string& path = facts.files[file].path;
  if (in.ctx.root.empty()) return path;
  std::filesystem::path rel = std::filesystem::path(path).lexically_relative(in.ctx.root);
  std::string text = rel.string();
  return text.empty() || text.starts_with("..") ? path : text;
}

std::string site_place(const MatchInput& in, const FactSite& site) {
  const PackageFacts& facts = in.facts.index->facts();
  std::string place = fmt::format("{}:{}", relative_file(in, site.file), site.line);
  if (const FactFunction* fn = facts.function(site.function)) {
    std::string_view name = facts.text(fn->name);
    if (auto slash = name.rfind('/'); slash != std::string_view::npos)
      name.remove_prefix(slash + 1);
    if (auto dot = name.find('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
    place += fmt::format(" (in {})", name);
  }
  return place;
}

std::string callers_text(const MatchInput& in, const std::vector<const FactSite*>& calls,
                         std::size_t limit) {
  if (calls.empty()) return "no caller in this package";
  std::vector<std::string> places;
  for (std::size_t i = 0; i < calls.size() && i < limit; ++i)
    places.push_back(site_place(in, *calls[i]));
  std::string text = fmt::format("{}", fmt::join(places, ", "));
  if (calls.size() > limit) text += fmt::format(" and {} more", calls.size() - limit);
  return text;
}

// Whether `line` (code only) hands `value` on: returned, stored in a field
// or element, a literal or another call, its address taken.
bool hands_on(std::string_view line, std::size_t at, std::size_t end) {
  const std::string_view before = trim(line.substr(0, at));
  const std::string_view after = trim(line.substr(std::min(end, line.size())));
  if (before == "return" || before.starts_with("return ") || before.ends_with(" return"))
    return true;
  // Part of a larger expression: a keyed or positional element, an
  // argument continued from the line before.
  if (before.ends_with(":") || before.ends_with(",") || before.ends_with("(") ||
      before.ends_with("{") || before.ends_with("&"))
    return true;
  if (before.ends_with("=") && !before.ends_with("==") && !before.ends_with("!=") &&
      !before.ends_with("<=") && !before.ends_with(">=")) {
    const std::string_view lhs = before.substr(0, before.find_last_not_of(":=") + 1);
    return lhs.find_first_of(".[") != std::string_view::npos;
  }
  if (after.starts_with(",") && before.empty()) return true;
  return !enclosing_call(line, static_cast<int>(at) + 1).empty();
}

bool value_handed_on(const MatchInput& in, std::uint32_t file_index, std::int32_t function,
                     int line_number, std::size_t begin, std::size_t end) {
  const PackageFacts& facts = in.facts.index->facts();
  if (file_index >= facts.files.size()) return false;
  const GoSourceFile* file = in.ctx.sources.get(facts.files[file_index].path);
  if (!file || line_number <= 0 || line_number > file->line_count()) return false;
  const std::string_view line = strip_comment(file->line_text(line_number));
  begin = std::min(begin, line.size());
  if (hands_on(line, begin, end)) return true;
  // `v, err := expr`: follow v through the rest of the function.
  const std::string_view before = trim(line.substr(0, begin));
  if (!before.ends_with("=")) return false;
  std::string_view lhs = trim(before.substr(0, before.find_last_not_of(":=") + 1));
  const std::string name(trim(lhs.substr(0, lhs.find(','))));
  if (name.empty() || name == "_") return false;
  // A package-level variable keeps what it is given: a name the function
  // does not declare that the package does.
  const FactSite* local = in.facts.index->variable(static_cast<int>(file_index), line_number,
                                                   static_cast<int>(begin) + 1, function, name);
  if (!local && std::any_of(facts.scope.begin(), facts.scope.end(),
                            [&](FactText n) { return facts.text(n) == name; }))
    return true;
  const FactFunction* fn = facts.function(function);
  if (!fn || !fn->has_span) return false;
  const auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (int l = line_number + 1; l <= fn->span.end_line && l <= file->line_count(); ++l) {
    const std::string_view text = strip_comment(file->line_text(l));
    for (std::size_t at = text.find(name); at != std::string_view::npos;
         at = text.find(name, at + 1)) {
      const std::size_t stop = at + name.size();
      if ((at > 0 && (ident(text[at - 1]) || text[at - 1] == '.')) ||
          (stop < text.size() && ident(text[stop])))
        continue;
      if (stop < text.size() && (text[stop] == '.' || text[stop] == '['))
        continue;  // v.f, v.M(), v[i]
      // v = ..., v != nil: not handed on.
      const std::string_view rest = trim(text.substr(stop));
      if (rest.starts_with("=") && !rest.starts_with("==")) continue;
      if (rest.starts_with("!= nil") || rest.starts_with("== nil")) continue;
      const std::string_view head = trim(text.substr(0, at));
      if (head.ends_with("range") || head.starts_with("len(") || head.ends_with("len(") ||
          head.ends_with("cap("))
        continue;
      if (hands_on(text, at, stop)) return true;
    }
  }
  return false;
}

// Whether the call at `site` hands its result on (value_handed_on).
bool result_kept_at(const MatchInput& in, const FactSite& site) {
  const PackageFacts& facts = in.facts.index->facts();
  if (site.file >= facts.files.size() || site.line <= 0 || site.col <= 0) return false;
  const GoSourceFile* file = in.ctx.sources.get(facts.files[site.file].path);
  if (!file || site.line > file->line_count()) return false;
  const std::string_view line = strip_comment(file->line_text(site.line));
  std::size_t start = std::min(static_cast<std::size_t>(site.col - 1), line.size());
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(line[start - 1])) ||
                       line[start - 1] == '_' || line[start - 1] == '.'))
    --start;
  const std::size_t end = site.end_line == site.line
                              ? static_cast<std::size_t>(std::max(site.end_col - 1, 0))
                              : line.size();
  return value_handed_on(in, site.file, site.function, site.line, start, end);
}

void function_predicates(const MatchInput& in, const FactFunction& fn, MatchOutput& out) {
  const PackageFacts& facts = in.facts.index->facts();
  const std::string_view name = facts.text(fn.name);
  PredicateValues& predicates = out.predicates;
  predicates.set("function.exported", fn.exported);
  const std::vector<const FactSite*> calls = calls_of(in, name);
  predicates.set("function.callers", static_cast<double>(calls.size()));
  predicates.set(
      "function.callers_in_loops",
      static_cast<double>(std::count_if(calls.begin(), calls.end(),
                                        [](const FactSite* s) { return s->loop_depth > 0; })));
  std::vector<const FactSite*> kept;
  for (const FactSite* call : calls)
    if (result_kept_at(in, *call)) kept.push_back(call);
  predicates.set("function.result_kept", !kept.empty());
  out.values["kept_at"] = callers_text(in, kept);
  // Inlined everywhere without the value escaping: the compiler inlines each
  // call (`inlining call to F` at its position) and reports no heap verdict
  // about the same expression there.
  const bool inlinable = std::any_of(
      in.package.findings.begin(), in.package.findings.end(),
      [&](const Finding& f) { return f.kind == Kind::can_inline && f.function == name; });
  bool everywhere = inlinable && !calls.empty();
  const std::string target = unqualified(in.finding.expr);
  for (const FactSite* call : calls) {
    if (!everywhere) break;
    const std::string file = relative_file(in, call->file);
    bool inlined = false;
    for (const Finding& f : in.package.findings) {
      if (f.pos.line != call->line || f.pos.col != call->col || f.pos.file != file) continue;
      inlined |= f.kind == Kind::inlining_call;
      if (f.is_heap() && unqualified(f.expr) == target) everywhere = false;
    }
    everywhere = everywhere && inlined;
  }
  predicates.set("function.inlined_no_escape", everywhere);
}

void type_predicates(const MatchInput& in, const TypeInfo& type, PredicateValues& out) {
  out.set("type.known", type.fact != nullptr);
  if (!type.fact) return;
  if (type.size >= 0) out.set("type.size", static_cast<double>(type.size));
  out.set("type.pointer_methods", static_cast<double>(type.fact->pointer_methods.size()));
  out.set("type.lock", type.sync);
  out.set("type.slice_or_map", type.has_slice_or_map);
  out.set("type.pointer_shaped", type.pointer_shaped);
  // Pooled: a value of the type (or a pointer to it) is put into a
  // sync.Pool in the package, or the finding's function takes one out.
  const PackageFacts& facts = in.facts.index->facts();
  const std::string_view full = facts.text(type.fact->name);
  const std::string pointer = "*" + std::string(full);
  const FactFunction* own = finding_function(in);
  bool pooled = false;
  for (const FactSite& site : facts.sites) {
    if (site.node != SiteNode::call) continue;
    const std::string_view callee = facts.text(site.detail);
    if (callee == "sync.(*Pool).Put" && site.arg_count == 1) {
      const std::string_view arg = facts.text(facts.args[site.first_arg].type);
      pooled |= arg == full || arg == pointer;
    } else if (callee == "sync.(*Pool).Get" && own && facts.function(site.function) == own) {
      pooled = true;
    }
    if (pooled) break;
  }
  out.set("type.pooled", pooled);
}

std::string fresh_name(const MatchInput& in, std::string_view base, std::int32_t scope) {
  if (!in.facts || !in.names || base.empty()) return {};
  const PackageFacts& facts = in.facts.index->facts();
  // The functions whose bodies the name must not meet: the scope, the
  // functions around it and the literals inside it; every function at
  // package level.
  std::vector<std::int32_t> around;
  if (scope >= 0) {
    for (std::int32_t f = scope; f >= 0;) {
      around.push_back(f);
      const FactFunction* fn = facts.function(f);
      f = fn ? fn->parent : -1;
    }
    for (std::size_t i = 0; i < facts.functions.size(); ++i) {
      for (std::int32_t p = facts.functions[i].parent; p >= 0;) {
        if (p == scope) {
          around.push_back(static_cast<std::int32_t>(i));
          break;
        }
        const FactFunction* parent = facts.function(p);
        p = parent ? parent->parent : -1;
      }
    }
  } else {
    for (std::size_t i = 0; i < facts.functions.size(); ++i)
      around.push_back(static_cast<std::int32_t>(i));
  }
  const auto free = [&](const std::string& name) {
    for (FactText n : facts.scope)
      if (facts.text(n) == name) return false;
    for (std::int32_t f : around) {
      if (const FactFunction* fn = facts.function(f); fn && has_name(facts, *fn, name))
        return false;
      if (in.names->taken(f, name)) return false;
    }
    return !in.names->taken(-1, name);
  };
  for (int n = 1; n < 100; ++n) {
    std::string name = n == 1 ? std::string(base) : fmt::format("{}{}", base, n);
    if (free(name)) {
      in.names->take(scope, name);
      return name;
    }
  }
  return {};
}

}  // namespace goescape
