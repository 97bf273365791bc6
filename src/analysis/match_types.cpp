// Type facts for suggestions, from the gofacts helper (model/facts.hpp): the
// type of what a finding is about, its size for the facts' target, whether it
// holds a slice, map or lock (right as a pointer whatever its size: copying
// a lock is a bug), written as the finding's package writes it.
#include <fmt/format.h>

#include "analysis/match_engine.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// `short` (package names only: "[]*cache.entry") as code of package `own`
// writes it ("[]*entry").
std::string local_name(std::string_view short_name, std::string_view own) {
  if (own.empty()) return std::string(short_name);
  const std::string qualifier = std::string(own) + ".";
  std::string out;
  for (std::size_t i = 0; i < short_name.size();) {
    if (short_name.compare(i, qualifier.size(), qualifier) == 0 &&
        (i == 0 || !is_identifier_char(short_name[i - 1]))) {
      i += qualifier.size();
      continue;
    }
    out += short_name[i++];
  }
  return out;
}

// The node a finding's expression names, as the compiler prints it.
SiteNode node_of(const Finding& f) {
  const std::string_view e = f.expr;
  if (f.kind == Kind::moved_to_heap) return SiteNode::var;
  if (e == "func literal") return SiteNode::func_lit;
  if (e.starts_with("&")) return SiteNode::addr;
  if (e.starts_with("new(")) return SiteNode::new_;
  if (e.starts_with("make(")) return SiteNode::make;
  if (e == "... argument") return SiteNode::variadic;
  if (e == "append" || e.starts_with("append(")) return SiteNode::append;
  if (e.find("{...}") != std::string_view::npos) return SiteNode::composite;
  return SiteNode::other;  // a value: boxed, converted, concatenated, a method value
}

std::string_view variable_name(std::string_view expr) {
  if (auto dot = expr.rfind('.'); dot != std::string_view::npos) expr.remove_prefix(dot + 1);
  return expr;
}

// The type an allocation expression names: "T" of `&T{...}`, `T{...}`,
// `new(T)`, qualified or not ("stats.Gauge"); empty for anything else
// (generic instantiations included: the compiler prints shapes there).
std::string_view allocated_type(std::string_view expr) {
  if (expr.starts_with("&")) expr.remove_prefix(1);
  if (expr.starts_with("new(") && expr.ends_with(")")) {
    expr = expr.substr(4, expr.size() - 5);
  } else if (expr.ends_with("{...}")) {
    expr.remove_suffix(5);
  } else {
    return {};
  }
  for (char c : expr)
    if (!is_identifier_char(c) && c != '.') return {};
  return expr;
}

TypeInfo type_info(const PackageFacts& facts, const FactType& t) {
  TypeInfo info;
  std::string_view shown = facts.text(t.short_name);
  info.name = local_name(shown.empty() ? facts.text(t.name) : shown, facts.name);
  info.size = t.size;
  info.has_slice_or_map = t.slice_or_map;
  info.sync = t.lock;
  info.pointer_shaped = t.pointer_shaped;
  info.kind = t.kind;
  info.fact = &t;
  return info;
}

}  // namespace

std::optional<TypeInfo> type_named(const MatchInput& in, std::string_view full) {
  if (!in.facts || full.empty()) return std::nullopt;
  const FactType* t = in.facts.index->type(full);
  if (!t) return std::nullopt;
  return type_info(in.facts.index->facts(), *t);
}

const FactSite* finding_site(const MatchInput& in) {
  if (!in.facts) return nullptr;
  const Finding& f = in.finding;
  const PackageFacts& facts = in.facts.index->facts();
  const SiteNode wanted = node_of(f);
  const FactSite* fallback = nullptr;
  for (const FactSite* site : in.facts.index->sites_at(in.facts.file, f.pos.line, f.pos.col)) {
    if (wanted == SiteNode::var) {
      if (site->node == SiteNode::var && facts.text(site->var) == variable_name(f.expr))
        return site;
      continue;
    }
    if (site->node == wanted) return site;
    if (wanted != SiteNode::other) continue;
    switch (site->node) {
      case SiteNode::conv_iface:
        return site;  // `x escapes to heap` of a value is its interface box
      case SiteNode::conv:
      case SiteNode::concat:
      case SiteNode::method_value:
        if (!fallback) fallback = site;
        break;
      default:
        break;
    }
  }
  return fallback;
}

std::optional<TypeInfo> finding_type(const MatchInput& in) {
  if (const FactSite* site = finding_site(in))
    return type_named(in, in.facts.index->facts().text(site->type));
  // No site here: an inlined callee's allocation printed at the call. The
  // type it names is known when this package mentions it too.
  const std::string_view named = in.facts ? allocated_type(in.finding.expr) : std::string_view();
  if (named.empty()) return std::nullopt;
  const PackageFacts& facts = in.facts.index->facts();
  const std::string short_name = named.find('.') == std::string_view::npos
                                     ? facts.name + "." + std::string(named)
                                     : std::string(named);
  if (const FactType* t = in.facts.index->type_by_short_name(short_name))
    return type_info(facts, *t);
  return std::nullopt;
}

std::optional<TypeInfo> variable_type(const MatchInput& in, int line, int col,
                                      std::string_view name) {
  if (!in.facts || name.empty()) return std::nullopt;
  const FactsIndex& index = *in.facts.index;
  const PackageFacts& facts = index.facts();
  std::int32_t function = -1;
  if (const FactFunction* fn = index.function_at(in.facts.file, line, col))
    function = static_cast<std::int32_t>(fn - facts.functions.data());
  else if (const FactFunction* init = index.package_init())
    function = static_cast<std::int32_t>(init - facts.functions.data());
  const FactSite* decl = index.variable(in.facts.file, line, col, function, name);
  if (const FactFunction* init = index.package_init(); !decl && init) {
    // A package-level variable, declared in any file of the package.
    const auto id = static_cast<std::int32_t>(init - facts.functions.data());
    if (id != function) decl = index.variable(in.facts.file, line, col, id, name);
  }
  if (!decl) return std::nullopt;
  return type_named(in, facts.text(decl->type));
}

std::string size_text(const TypeInfo& type) {
  if (type.size >= 0) return fmt::format("{} bytes", type.size);
  // The facts know every size but those that depend on type parameters.
  return type.fact ? "size depends on its type arguments" : "size unknown";
}

bool right_as_pointer(const TypeInfo& type) {
  return type.sync || type.has_slice_or_map || type.size > pointer_threshold_bytes;
}

}  // namespace goescape
