// The built-in matchers (catalog/matchers.hpp lists them): what a suggestion
// needs that one regular expression over one line cannot give - a type's
// size and method set, the callee and what it does with a pointer, the
// fields a closure reads, the strconv call for an argument's exact type -
// and, for rewrites that are edits, the edits of a candidate fix. Each sets
// the predicates its pattern's hold_back rules test, and returns "no match"
// rather than a vague suggestion when its facts are missing. Code a
// suggestion shows is built from the facts' types, so it compiles against
// them; whether an edit really builds and removes the allocation is the
// compiler's to say (analysis/fix_verify.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <set>

#include "analysis/loop_patterns.hpp"
#include "analysis/match_engine.hpp"
#include "support/regex.hpp"

namespace goescape {

namespace {

// What a matcher answers when it needs a type it does not have. Without any
// facts (the scanner's fallback) the pattern is held back with the reason,
// so --explain tells; with facts that do not cover the expression (code
// inlined from elsewhere) nothing is claimed at all.
MatcherOutcome without_type(const MatchInput& in) {
  if (in.facts) return {};
  return {true, fmt::format("{}: the type is not known without the facts helper", no_type_facts)};
}

const FlowStep* first_step(const Finding& f, std::string_view reason) {
  for (const FlowStep& s : f.flow)
    if (s.reason == reason) return &s;
  return nullptr;
}

bool has_step(const Finding& f, std::string_view reason) { return first_step(f, reason); }

std::string line_at(const MatchInput& in, int line) {
  if (line == in.finding.pos.line && !in.line.empty())
    return std::string(trim(strip_comment(in.line)));
  if (in.file && line > 0 && line <= in.file->line_count())
    return std::string(trim(strip_comment(in.file->line_text(line))));
  return {};
}

// The raw text of `line` of the finding's file (empty when unknown).
std::string_view raw_line(const MatchInput& in, int line) {
  if (line == in.finding.pos.line && !in.line.empty()) return in.line;
  if (in.file && line > 0 && line <= in.file->line_count()) return in.file->line_text(line);
  return {};
}

std::string_view indentation(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == '\t' || line[n] == ' ')) ++n;
  return line.substr(0, n);
}

// "T" of "&T{...}", "new(T)"; empty if neither.
std::string literal_type(std::string_view expr) {
  static const Regex addr(R"(^&([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\{)");
  static const Regex fresh(R"(^new\((.+)\)$)");
  if (auto m = addr.capture(expr)) return std::string(*(*m)[1]);
  if (auto m = fresh.capture(expr)) return std::string(*(*m)[1]);
  return {};
}

// The verdict of PLAYBOOK §6's table for a type of these facts.
std::string size_verdict(const TypeInfo& t) {
  if (t.size < 0) return fmt::format("its {}: measure both forms before changing it", size_text(t));
  if (t.size <= 64) return fmt::format("{} is {} bytes, cheap to copy", t.name, t.size);
  return fmt::format("{} is {} bytes (64-512: measure both forms before changing it)", t.name,
                     t.size);
}

std::string last_component(std::string_view callee) {
  auto dot = callee.rfind('.');
  return std::string(dot == std::string_view::npos ? callee : callee.substr(dot + 1));
}

// The methods of a type for a reader: "Match, URL and 3 more".
std::string method_list(const PackageFacts& facts, const std::vector<FactText>& methods) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < methods.size() && i < 3; ++i) names.push_back(facts.text(methods[i]));
  std::string text = fmt::format("{}", fmt::join(names, ", "));
  if (methods.size() > 3) text += fmt::format(" and {} more", methods.size() - 3);
  return text;
}

// Fills {type} {size} {verdict} {pointer_methods} and the type predicates.
void describe_type(const MatchInput& in, const TypeInfo& t, MatchOutput& out) {
  out.values["type"] = t.name;
  out.values["size"] = size_text(t);
  out.values["verdict"] = size_verdict(t);
  if (t.fact)
    out.values["pointer_methods"] = method_list(in.facts.index->facts(), t.fact->pointer_methods);
  type_predicates(in, t, out.predicates);
}

// The call of `callee` (as written: "store", "s.store") whose site starts on
// `line` and spans `col` (any column when 0), from the facts; null without
// facts or when none fits.
const FactSite* call_site(const MatchInput& in, int line, int col, std::string_view callee) {
  if (!in.facts) return nullptr;
  const PackageFacts& facts = in.facts.index->facts();
  const std::string wanted = last_component(callee);
  const FactSite* found = nullptr;
  for (const FactSite* site : in.facts.index->sites_on_line(in.facts.file, line)) {
    if (site->node != SiteNode::call) continue;
    std::string_view name = facts.text(site->detail);
    if (name.ends_with("[...]")) name.remove_suffix(5);  // a generic function: F[...]
    if (last_component(name) != wanted) continue;
    const bool spans =
        col <= 0 || (site->col <= col && (site->end_line > line || col < site->end_col));
    if (spans) return site;
    if (!found) found = site;
  }
  return found;
}

// The index of the argument of `call` whose text is `text`, or -1.
int argument_index(const PackageFacts& facts, const FactSite& call, std::string_view text) {
  for (std::uint16_t i = 0; i < call.arg_count; ++i)
    if (trim(facts.text(facts.args[call.first_arg + i].text)) == text) return i;
  return -1;
}

// The callee's facts and its parameter for argument `arg` of `call`, when
// the callee is a function of this package.
struct CalleeParam {
  const FactFunction* function = nullptr;
  const FactParam* param = nullptr;
};

CalleeParam callee_param(const MatchInput& in, const FactSite& call, int arg) {
  const PackageFacts& facts = in.facts.index->facts();
  CalleeParam out;
  out.function = in.facts.index->function_named(facts.text(call.detail));
  if (!out.function || arg < 0) return out;
  const std::size_t at =
      static_cast<std::size_t>(arg) + (out.function->kind == FunctionKind::method ? 1 : 0);
  if (at < out.function->params.size()) out.param = &out.function->params[at];
  return out;
}

// callee.* predicates of argument `arg` of `call`.
void callee_predicates(const MatchInput& in, const FactSite& call, int arg,
                       std::string_view written, MatchOutput& out) {
  const PackageFacts& facts = in.facts.index->facts();
  out.predicates.set("callee.name", std::string(written));
  out.predicates.set("callee.in_module", call.has(site_in_module));
  const CalleeParam callee = callee_param(in, call, arg);
  if (callee.function) out.predicates.set("callee.exported", callee.function->exported);
  if (callee.param) out.predicates.set("callee.param_use", static_cast<double>(callee.param->use));
  if (arg >= 0) {
    std::set<std::string_view> types;
    for (const FactSite* other : calls_of(in, facts.text(call.detail)))
      if (arg < other->arg_count)
        types.insert(facts.text(facts.args[other->first_arg + static_cast<std::size_t>(arg)].type));
    out.predicates.set("callee.param_types", static_cast<double>(types.size()));
  }
}

// The parameter list and results of a Go signature text
// ("func Name(a int, b any) (T, error)"): [open, close] of its parameters.
std::optional<std::pair<std::size_t, std::size_t>> parameter_list(std::string_view sig,
                                                                  std::string_view name) {
  std::size_t at = sig.find(std::string(name) + "(");
  if (at == std::string_view::npos) at = sig.find(std::string(name) + "[");
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t open = sig.find('(', at + name.size());
  if (open == std::string_view::npos) return std::nullopt;
  int depth = 0;
  for (std::size_t i = open; i < sig.size(); ++i) {
    if (sig[i] == '(' || sig[i] == '[' || sig[i] == '{') ++depth;
    if (sig[i] == ')' || sig[i] == ']' || sig[i] == '}') {
      if (--depth == 0) return std::make_pair(open, i);
    }
  }
  return std::nullopt;
}

// `sig` with the type of parameter `index` (0-based, receiver excluded)
// replaced by `type`; empty when the signature cannot be read.
std::string with_parameter_type(std::string_view sig, std::string_view name, std::size_t index,
                                std::string_view type) {
  auto list = parameter_list(sig, name);
  if (!list) return {};
  std::vector<std::string> params =
      split_args(sig.substr(list->first + 1, list->second - list->first - 1));
  if (index >= params.size()) return {};
  std::string& p = params[index];
  const std::size_t space = p.find(' ');
  p = space == std::string::npos ? std::string(type) : p.substr(0, space + 1) + std::string(type);
  return fmt::format("{}({}){}", sig.substr(0, list->first), fmt::join(params, ", "),
                     sig.substr(list->second + 1));
}

// ---- 9.1 -----------------------------------------------------------------

MatcherOutcome return_by_value(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  if (f.inlined_from) return {};  // the callee's own finding carries the advice
  const FlowStep* ret = first_step(f, "return");
  if (!ret) return {};
  std::string ret_line = line_at(in, ret->pos.line);
  if (ret_line.empty()) ret_line = ret->text;
  static const Regex amp(R"(\breturn\s+&)");
  if (!amp.search(ret_line)) return {};
  if (f.kind == Kind::escapes_to_heap && literal_type(f.expr).empty()) return {};
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  if (f.kind == Kind::moved_to_heap && t->kind == TypeKind::pointer)
    return {};  // a pointer variable: not &x of a T
  const FactFunction* fn = finding_function(in);
  if (!fn || !t->fact) return {};
  const PackageFacts& facts = in.facts.index->facts();
  // Only a function that returns *T can return T instead (not `error`, `any`).
  const std::string pointer = "*" + std::string(facts.text(t->fact->name));
  if (std::none_of(fn->results.begin(), fn->results.end(),
                   [&](FactText r) { return facts.text(r) == pointer; }))
    return {};
  describe_type(in, *t, out);
  function_predicates(in, *fn, out);
  const std::string sig = go_signature(facts, *fn);
  auto params = parameter_list(sig, last_component(facts.text(fn->name)));
  const std::string shown_pointer = "*" + t->name;
  const std::size_t at = params ? sig.find(shown_pointer, params->second) : std::string::npos;
  if (at == std::string::npos) return {};
  v["signature"] = sig.substr(0, at) + t->name + sig.substr(at + shown_pointer.size());
  v["before"] = ret_line;
  std::string after = ret_line;
  after.replace(after.find('&'), 1, "");
  v["after"] = after;
  v["return_line"] = std::to_string(ret->pos.line > 0 ? ret->pos.line : f.pos.line);
  v["callers"] = callers_text(in, calls_of(in, facts.text(fn->name)));
  return {true, {}};
}

// The callee's real signature and the same with parameter `arg` of type
// `type` ({signature}, {after}), and the callers that would change
// ({callers}): a match, or none when the signature cannot be rewritten.
MatcherOutcome with_parameter_of(const MatchInput& in, const CalleeParam& target, int arg,
                                 const std::string& type, MatchOutput& out) {
  const PackageFacts& facts = in.facts.index->facts();
  Placeholders& v = out.values;
  const std::string sig = go_signature(facts, *target.function);
  v["signature"] = sig;
  v["after"] = with_parameter_type(sig, last_component(facts.text(target.function->name)),
                                   static_cast<std::size_t>(arg), type);
  v["callers"] = callers_text(in, calls_of(in, facts.text(target.function->name)));
  if (v["after"].empty()) return {};
  return {true, {}};
}

// ---- 9.2 -----------------------------------------------------------------

MatcherOutcome callee_stores_address(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  const FlowStep* addr = first_step(f, "address-of");
  const FlowStep* call = first_step(f, "call parameter");
  if (!addr || !call) return {};
  std::string callee;
  if (in.file && addr->pos.col > 0) {
    std::string_view raw = strip_comment(raw_line(in, addr->pos.line));
    callee = enclosing_call(raw, addr->pos.col);
  }
  if (callee.empty()) callee = call->text.substr(0, call->text.find('('));
  if (callee.empty()) return {};
  v["callee"] = callee;
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  const FactSite* site = call_site(in, addr->pos.line, addr->pos.col, callee);
  if (!site) return {};
  const PackageFacts& facts = in.facts.index->facts();
  const int arg = argument_index(facts, *site, "&" + v["var"]);
  describe_type(in, *t, out);
  callee_predicates(in, *site, arg, callee, out);
  // Where the callee keeps the pointer: its own `leaking param` explanation
  // (same package), else the steps after the call in this flow.
  const std::string name = last_component(callee);
  std::string store;
  for (const Finding& other : in.package.findings) {
    if (other.kind != Kind::leaking_param && other.kind != Kind::leaking_param_content) continue;
    if (!other.function || last_component(*other.function) != name || other.flow.empty()) continue;
    const FlowStep& last = other.flow.back();
    store = fmt::format("`{}` ({}) at line {}", last.text, last.reason, last.pos.line);
    break;
  }
  if (store.empty()) {
    for (auto it = f.flow.rbegin(); it != f.flow.rend() && &*it != call; ++it) {
      if (it->reason == "flow") continue;
      store = fmt::format("`{}` ({}) at line {}", it->text, it->reason, it->pos.line);
      break;
    }
  }
  v["store"] = store.empty() ? "beyond this package (see its leaking param report)" : store;
  v["call_line"] = std::to_string(addr->pos.line);
  const CalleeParam target = callee_param(in, *site, arg);
  if (!target.function || !target.param) return {true, {}};
  return with_parameter_of(in, target, arg, t->name, out);
}

// ---- 9.4 -----------------------------------------------------------------

// The [begin, end) byte offsets of each `var.Field` read in `text` (code
// only, not a method call, not part of a longer selector).
std::vector<std::pair<std::size_t, std::size_t>> field_reads(std::string_view text,
                                                             std::string_view var,
                                                             std::string_view field) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::string needle = std::string(var) + "." + std::string(field);
  const auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  const std::string_view code = strip_comment(text);
  for (std::size_t at = code.find(needle); at != std::string_view::npos;
       at = code.find(needle, at + 1)) {
    const std::size_t end = at + needle.size();
    if (at > 0 && (ident(code[at - 1]) || code[at - 1] == '.')) continue;
    if (end < code.size() && ident(code[end])) continue;
    // Inside a string literal: skip it.
    std::size_t quotes = 0;
    for (std::size_t i = 0; i < at; ++i)
      if (code[i] == '"' && (i == 0 || code[i - 1] != '\\')) ++quotes;
    if (quotes % 2) continue;
    out.emplace_back(at, end);
  }
  return out;
}

MatcherOutcome closure_fields(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  const std::string var = v["var"];
  int width = 0;
  bool assigned = false;
  for (const Capture& c : f.captures)
    if (c.var == var && c.by_ref) {
      width = std::max(width, c.width);
      assigned |= c.assign;
    }
  // The compiler's capture line gives the width; a -m log has none, and
  // then only the facts tell the size.
  std::optional<TypeInfo> t = finding_type(in);
  if (width == 0 && t && t->size > 0)
    width = static_cast<int>(std::min<std::int64_t>(t->size, 1 << 30));
  if (width <= 64) return {};  // a small variable: not the large-struct row
  v["width"] = std::to_string(width);
  v["type"] = t ? t->name : "a struct";
  v["size"] = fmt::format("{} bytes", width);
  const FlowStep* cap = first_step(f, "captured by a closure");
  if (!cap || !in.file) return {};
  const GoFunc* lit = in.file->innermost_at(cap->pos.line, cap->pos.col);
  if (!lit || !lit->is_literal) return {};
  std::string body = function_text(*in.file, *lit);
  // Field reads `var.Field`; any bare use of `var` needs the whole struct.
  const Regex field(fmt::format(R"(\b{}\.([A-Za-z_]\w*)(\s*\()?)", var));
  const Regex bare(fmt::format(R"(\b{}\b[^.\w]|\b{}$)", var, var));
  std::vector<std::string> fields;
  std::string_view rest = body;
  while (auto m = field.capture(rest)) {
    if ((*m)[2]) return {};  // a method call: the closure needs the value itself
    std::string name(*(*m)[1]);
    if (std::find(fields.begin(), fields.end(), name) == fields.end()) fields.push_back(name);
    rest.remove_prefix(static_cast<std::size_t>((*m)[0]->data() - rest.data()) + (*m)[0]->size());
  }
  std::string without_fields = body;
  for (const std::string& name : fields) {
    const Regex use(fmt::format(R"(\b{}\.{}\b)", var, name));
    std::string_view s = without_fields;
    std::string cleaned;
    while (auto m = use.capture(s)) {
      auto at = static_cast<std::size_t>((*m)[0]->data() - s.data());
      cleaned += std::string(s.substr(0, at)) + "_";
      s.remove_prefix(at + (*m)[0]->size());
    }
    without_fields = cleaned + std::string(s);
  }
  if (fields.empty() || bare.search(without_fields)) return {};
  out.predicates.set("capture.writes", assigned);
  if (t) type_predicates(in, *t, out.predicates);
  if (in.facts) {
    if (const FactSite* decl = finding_site(in)) {
      out.predicates.set("var.reassigned", decl->has(site_reassigned));
      out.predicates.set("var.addr_taken", decl->has(site_addr_taken));
    }
  }
  // Locals named after the fields, shadowing nothing in the function.
  const std::int32_t scope = function_id(in, finding_function(in));
  std::vector<std::string> lhs, rhs;
  for (const std::string& name : fields) {
    std::string base = name;
    base[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(base[0])));
    if (base == name) base += "Copy";
    std::string local = fresh_name(in, base, scope);
    if (local.empty()) local = base;  // shown only; no edit without a registry
    lhs.push_back(local);
    rhs.push_back(var + "." + name);
  }
  v["fields"] = fmt::format("{}", fmt::join(fields, ", "));
  v["locals"] = fmt::format("{} := {}", fmt::join(lhs, ", "), fmt::join(rhs, ", "));
  v["closure"] = std::to_string(lit->begin.line);
  v["note"] = assigned ? fmt::format(
                             "\nThe closure writes to {}: copy only if nothing reads those "
                             "writes through {} afterwards.",
                             var, var)
                       : "";
  // The edit: the locals before the statement that holds the literal (when
  // the statement starts on the literal's line), the reads replaced inside.
  if (!in.names || !in.facts || assigned) return {true, {}};
  const int lit_line = lit->begin.line;
  const std::string_view first = in.file->line_text(lit_line);
  if (lit_line > 1) {
    const std::string_view before = trim(strip_comment(in.file->line_text(lit_line - 1)));
    if (!before.empty() && !before.ends_with("{") && !before.ends_with("}") &&
        !before.ends_with(")") && !before.ends_with("\"") &&
        !std::isalnum(static_cast<unsigned char>(before.back())))
      return {true, {}};  // a continued statement: no safe place for the locals
  }
  out.edits.push_back(TextEdit{f.pos.file, lit_line, 1, lit_line, 1,
                               fmt::format("{}{}\n", indentation(first), v["locals"])});
  for (int l = lit_line; l <= lit->end.line && l <= in.file->line_count(); ++l) {
    const std::string_view text = in.file->line_text(l);
    // On the literal's first line only what follows its `func` keyword.
    const std::size_t from = l == lit_line ? static_cast<std::size_t>(lit->begin.col - 1) : 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      for (auto [b, e] : field_reads(text, var, fields[i])) {
        if (b < from) continue;
        out.edits.push_back(
            TextEdit{f.pos.file, l, static_cast<int>(b) + 1, l, static_cast<int>(e) + 1, lhs[i]});
      }
    }
  }
  std::sort(out.edits.begin(), out.edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return std::tie(a.line, a.col) < std::tie(b.line, b.col);
  });
  return {true, {}};
}

// ---- 9.5 -----------------------------------------------------------------

MatcherOutcome make_size(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  static const Regex make_expr(R"(^make\((\[\][^,]+),\s*(.+)\)$)");
  auto m = make_expr.capture(f.expr);
  if (!m) return {};
  std::vector<std::string> args = split_args(*(*m)[2]);
  if (args.empty()) return {};
  const std::string size_arg = args.back();  // the capacity when given, else the length
  static const Regex constant(R"(^(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|[A-Z][A-Z0-9_]*)$)");
  if (constant.full_match(size_arg)) return {};
  v["type"] = std::string(*(*m)[1]);
  v["size_arg"] = size_arg;
  const bool non_constant = has_step(f, "non-constant size");
  // Why else it escapes: the last step that is not about the make itself.
  std::string reason;
  for (auto it = f.flow.rbegin(); it != f.flow.rend(); ++it) {
    if (it->reason == "flow" || it->reason == "spill" || it->reason == "non-constant size")
      continue;
    reason = fmt::format("`{}` ({}) at line {}", it->text, it->reason, it->pos.line);
    break;
  }
  // Up to Go 1.24 the flow names only the first reason (the size): whether
  // the slice is also handed on is read from where it goes.
  bool handed_on = false;
  if (const FactSite* site = finding_site(in); site && in.facts && site->col > 4)
    handed_on = value_handed_on(in, site->file, site->function, site->line,
                                static_cast<std::size_t>(site->col - 5),  // "make" before '('
                                static_cast<std::size_t>(std::max(site->end_col - 1, 0)));
  out.predicates.set("make.size_is_cause", non_constant && reason.empty() && !handed_on);
  if (handed_on && reason.empty()) reason = "a store, return or call that keeps it";
  v["reason"] = reason.empty() ? std::string("its non-constant size") : reason;
  const int minor = in.ctx.go_minor;
  v["go_note"] = fmt::format(
      "Go {} heap-allocates every make whose capacity is not a constant (flow reason "
      "`non-constant size`). If {} has a known upper bound, give the make that bound as a constant "
      "capacity (a third argument): it then stays on the stack as long as the slice does not "
      "escape, and its length must stay within the bound. Go 1.25 and later do this on their own "
      "for small sizes (a 32-byte stack buffer).",
      minor > 0 ? fmt::format("1.{}", minor) : std::string("up to 1.24"), size_arg);
  return {true, {}};
}

// ---- §6 ------------------------------------------------------------------

// Whether the flow stores the value in a structure that outlives the
// statement: a field, an element, another literal, a callee.
bool stored(const Finding& f) {
  for (const FlowStep& s : f.flow) {
    if (s.reason == "struct literal element" || s.reason == "slice-literal-element" ||
        (s.reason == "call parameter" && !s.text.starts_with("append(")))
      return true;
    if (s.reason == "assign") {
      const std::string_view lhs = std::string_view(s.text).substr(0, s.text.find(" = "));
      if (lhs.find_first_of(".[") != std::string_view::npos) return true;
    }
  }
  return false;
}

MatcherOutcome value_or_pointer(const MatchInput& in, MatchOutput& out) {
  if (in.finding.inlined_from || literal_type(in.finding.expr).empty()) return {};
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  if (t->kind != TypeKind::struct_) return {};  // PLAYBOOK §6 is about structs
  describe_type(in, *t, out);
  out.predicates.set("value.stored", stored(in.finding));
  if (const FactFunction* fn = finding_function(in)) function_predicates(in, *fn, out);
  return {true, {}};
}

// ---- §5 / 9.3 -----------------------------------------------------------

MatcherOutcome interface_box(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  // The boxed value: `(interface {})(b)` -> b; a plain name otherwise.
  static const Regex conv(R"(^\((?:interface \{\}|any)\)\((.+)\)$)");
  std::string value = f.expr;
  const auto explicit_conversion = conv.capture(f.expr);
  if (explicit_conversion) value = std::string(*(*explicit_conversion)[1]);
  v["var"] = value;
  std::string callee = in.file && f.pos.col > 0
                           ? enclosing_call(in.file->line_text(f.pos.line), f.pos.col)
                           : std::string();
  const bool at_call = !callee.empty() && callee != "any" && callee != "interface";
  if (!at_call && !explicit_conversion) return {};  // neither form this matcher knows
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  if (t->pointer_shaped) return {};  // stored in the interface word itself: no box
  describe_type(in, *t, out);
  if (!at_call) {
    v["callee"] = "";
    v["signature"] = "";
    return {true, {}};
  }
  v["callee"] = callee;
  const FactSite* site = call_site(in, f.pos.line, f.pos.col, callee);
  if (!site) return {};
  const PackageFacts& facts = in.facts.index->facts();
  const int arg = argument_index(facts, *site, value);
  callee_predicates(in, *site, arg, callee, out);
  const CalleeParam target = callee_param(in, *site, arg);
  if (!target.function || !target.param) return {};
  // The parameter must be an interface: the box is made for it.
  const std::optional<TypeInfo> param = type_named(in, facts.text(target.param->type));
  if (!param || param->kind != TypeKind::interface) return {};
  return with_parameter_of(in, target, arg, t->name, out);
}

// ---- §7 ------------------------------------------------------------------

// An argument of a fmt call, as the facts type it.
struct FmtOperand {
  std::string text;              // its source text
  std::optional<TypeInfo> type;  // null when the facts do not know it
  bool formatter = false;        // it has a Format method (fmt.Formatter)
};

// Whether a type is a defined type rather than a predeclared one (its
// values need a conversion to reach strconv's parameters).
bool is_named(const TypeInfo& t) {
  static const std::set<std::string_view> basic = {
      "int",    "int8",    "int16",   "int32",   "int64",  "uint", "uint8", "uint16", "uint32",
      "uint64", "uintptr", "float32", "float64", "string", "bool", "byte",  "rune"};
  return !basic.count(t.name);
}

// One operand as Go code producing the text fmt would print for `verb`
// (with `precision`, -1 when none), built from the operand's exact type; or
// empty, with `why` saying what stands in the way.
std::string string_code(char verb, int precision, const FmtOperand& op, std::string& why) {
  if (!op.type || !op.type->fact) {
    why = fmt::format("the type of `{}` is not known", op.text);
    return {};
  }
  const TypeInfo& t = *op.type;
  const FactType& fact = *t.fact;
  // fmt asks a Formatter for every verb, and an error or Stringer for the
  // verbs that print text (%v %s %x %X %q: print.go, handleMethods).
  const bool text_verb = verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q';
  if (t.kind == TypeKind::interface || (text_verb && (fact.stringer || fact.error)) ||
      op.formatter) {
    why =
        fmt::format("`%{}` of {} ({}) formats through {}: no cheap rewrite", verb, op.text, t.name,
                    t.kind == TypeKind::interface ? "its dynamic type"
                    : op.formatter                ? "its Format method"
                    : fact.error                  ? "its Error method"
                                                  : "its String method");
    return {};
  }
  const bool named = is_named(t);
  const auto as = [&](std::string_view base) {
    return named || t.name != base ? fmt::format("{}({})", base, op.text) : op.text;
  };
  const bool sized_int = t.kind == TypeKind::int_;
  const bool sized_uint = t.kind == TypeKind::uint_;
  const auto integer = [&](int base) -> std::string {
    if (t.name == "int" && base == 10) return fmt::format("strconv.Itoa({})", op.text);
    if (sized_int) return fmt::format("strconv.FormatInt({}, {})", as("int64"), base);
    if (sized_uint) return fmt::format("strconv.FormatUint({}, {})", as("uint64"), base);
    return {};
  };
  const auto floating = [&](char format, int prec) -> std::string {
    if (t.kind != TypeKind::float_) return {};
    const int bits = t.size == 4 ? 32 : 64;
    return fmt::format("strconv.FormatFloat({}, '{}', {}, {})", as("float64"), format, prec, bits);
  };
  std::string code;
  switch (verb) {
    case 's':
      if (t.kind == TypeKind::string) code = as("string");
      if (t.kind == TypeKind::slice && (t.name == "[]byte" || t.name == "[]uint8"))
        code = fmt::format("string({})", op.text);
      break;
    case 'v':
      if (t.kind == TypeKind::string) code = as("string");
      if (t.kind == TypeKind::bool_) code = fmt::format("strconv.FormatBool({})", as("bool"));
      if (sized_int || sized_uint) code = integer(10);
      if (t.kind == TypeKind::float_) code = floating('g', -1);
      break;
    case 'd':
    case 'x':
    case 'o':
    case 'b':
      code = integer(verb == 'd' ? 10 : verb == 'x' ? 16 : verb == 'o' ? 8 : 2);
      break;
    case 'q':
      if (t.kind == TypeKind::string) code = fmt::format("strconv.Quote({})", as("string"));
      break;
    case 't':
      if (t.kind == TypeKind::bool_) code = fmt::format("strconv.FormatBool({})", as("bool"));
      break;
    case 'c':
      if (sized_int || sized_uint) code = fmt::format("string(rune({}))", op.text);
      break;
    case 'f':
    case 'F':
      code = floating('f', precision < 0 ? 6 : precision);
      break;
    case 'e':
      code = floating('e', precision < 0 ? 6 : precision);
      break;
    case 'g':
      code = floating('g', precision);
      break;
    default:
      break;
  }
  if (verb != 'f' && verb != 'F' && verb != 'e' && verb != 'g' && precision >= 0) code.clear();
  if (code.empty())
    why = fmt::format("`%{}` of {} ({}) has no strconv twin", verb, op.text, t.name);
  return code;
}

// Pieces of the rewritten text: literal pieces (the contents of a Go string
// literal, as written) and code pieces (string-typed Go expressions).
struct Piece {
  std::string text;
  bool literal = false;
};

void add_literal(std::vector<Piece>& pieces, std::string_view text) {
  if (text.empty()) return;
  if (!pieces.empty() && pieces.back().literal)
    pieces.back().text += text;
  else
    pieces.push_back({std::string(text), true});
}

// `a + b + c` of the pieces; a literal in the quotes of the format ("" or
// ``). `compact` as gofmt writes a sum that is one of several arguments:
// `a+b+c`.
std::string concatenation(const std::vector<Piece>& pieces, char quote, bool compact) {
  if (pieces.empty()) return std::string(2, quote);
  std::vector<std::string> parts;
  for (const Piece& p : pieces)
    parts.push_back(p.literal ? fmt::format("{0}{1}{0}", quote, p.text) : p.text);
  return fmt::format("{}", fmt::join(parts, compact ? "+" : " + "));
}

// Whether the text at byte `at` of `line` is an argument of a call that has
// more than one (gofmt then writes sums there without blanks).
bool one_of_several_arguments(std::string_view line, std::size_t at) {
  const std::string outer = enclosing_call(line, static_cast<int>(at) + 1);
  if (outer.empty()) return false;
  auto span = call_span(line, outer, static_cast<int>(at) + 1);
  return span && split_args(line.substr(span->first, span->second - span->first)).size() > 1;
}

// The operand types a fmt call passes (facts of its call site), after the
// writer of Fprint*. Empty without facts for the call.
std::optional<std::vector<FmtOperand>> fmt_operands(const MatchInput& in, const FactSite& site,
                                                    std::size_t skipped) {
  const PackageFacts& facts = in.facts.index->facts();
  std::vector<FmtOperand> out;
  for (std::size_t i = skipped; i < site.arg_count; ++i) {
    const FactArg& arg = facts.args[site.first_arg + i];
    FmtOperand op;
    op.text = std::string(trim(facts.text(arg.text)));
    if (op.text.empty()) return std::nullopt;  // too long to rewrite
    op.type = type_named(in, facts.text(arg.type));
    if (op.type && op.type->fact)
      for (const auto* methods : {&op.type->fact->value_methods, &op.type->fact->pointer_methods})
        for (FactText m : *methods) op.formatter |= facts.text(m) == "Format";
    out.push_back(std::move(op));
  }
  return out;
}

MatcherOutcome fmt_builder(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  const std::string_view raw = strip_comment(in.line);
  static const Regex call(R"(\bfmt\.(Sprintf|Sprint|Sprintln|Fprintf|Fprint|Fprintln)\()");
  auto m = call.capture(raw);
  if (!m) return {};
  const std::string fn(*(*m)[1]);
  const std::string callee = "fmt." + fn;
  // The finding must belong to this call (not to another call on the line).
  auto span = call_span(raw, callee, f.kind == Kind::source_pattern ? 0 : f.pos.col);
  if (!span) return {};
  v["callee"] = callee;
  if (!in.facts) return without_type(in);
  const auto call_at = static_cast<std::size_t>((*m)[0]->data() - raw.data());
  const FactSite* site = call_site(in, f.pos.line, static_cast<int>(span->first), callee);
  if (!site || site->line != f.pos.line || site->end_line != f.pos.line) return {};
  const bool to_writer = fn[0] == 'F';
  auto operands = fmt_operands(in, *site, to_writer ? 1 : 0);
  if (!operands) return {};
  std::vector<Piece> pieces;
  std::string why;
  char quote = '"';
  if (fn.ends_with('f')) {
    if (operands->empty()) return {};
    const std::string format = operands->front().text;
    operands->erase(operands->begin());
    if (format.size() < 2 || (format.front() != '"' && format.front() != '`') ||
        format.back() != format.front())
      return {};  // not a literal format: nothing to rewrite
    quote = format.front();
    const std::string body = format.substr(1, format.size() - 2);
    static const Regex escapes(R"(\\(?:x|u|U|[0-7]))");
    if (quote == '"' && escapes.search(body)) return {};  // a `%` could hide in an escape
    std::size_t next = 0;
    std::string text;
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (body[i] != '%') {
        text += body[i];
        continue;
      }
      if (i + 1 >= body.size()) return {};
      if (body[i + 1] == '%') {
        text += '%';
        ++i;
        continue;
      }
      int precision = -1;
      std::size_t j = i + 1;
      if (body[j] == '.') {
        precision = 0;
        for (++j; j < body.size() && std::isdigit(static_cast<unsigned char>(body[j])); ++j)
          precision = precision * 10 + (body[j] - '0');
      }
      if (j >= body.size() || !std::isalpha(static_cast<unsigned char>(body[j]))) {
        why = "a width, flag or argument index in the format";
        break;
      }
      if (next >= operands->size()) return {};
      std::string code = string_code(body[j], precision, (*operands)[next++], why);
      if (code.empty()) break;
      add_literal(pieces, text);
      text.clear();
      pieces.push_back({code, false});
      i = j;
    }
    if (why.empty()) {
      add_literal(pieces, text);
      if (next != operands->size()) return {};
    }
  } else {
    // Sprint adds a space between operands when neither is a string;
    // Sprintln between all, and a newline.
    const bool line = fn.ends_with("ln");
    for (std::size_t i = 0; i < operands->size() && why.empty(); ++i) {
      const FmtOperand& op = (*operands)[i];
      if (i > 0) {
        const auto stringy = [](const FmtOperand& o) {
          return o.type && o.type->kind == TypeKind::string;
        };
        if (line || (!stringy((*operands)[i - 1]) && !stringy(op))) add_literal(pieces, " ");
      }
      std::string code = string_code('v', -1, op, why);
      if (!code.empty()) pieces.push_back({code, false});
    }
    if (line && why.empty()) add_literal(pieces, "\\n");
  }
  if (!why.empty()) return {true, fmt::format("no-cheap-rewrite: {}", why)};
  if (quote == '`' && std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) {
        return p.literal && p.text.find('\n') != std::string::npos;
      }))
    return {};
  std::string replacement =
      concatenation(pieces, quote, to_writer || one_of_several_arguments(raw, call_at));
  const bool uses_strconv = replacement.find("strconv.") != std::string::npos;
  if (to_writer) {
    const std::string writer = std::string(
        trim(in.facts.index->facts().text(in.facts.index->facts().args[site->first_arg].text)));
    replacement = fmt::format("io.WriteString({}, {})", writer, replacement);
  }
  const std::size_t call_end = span->second + 1;  // past `)`
  const std::string line(trim(raw));
  const std::string before_call(raw.substr(call_at, call_end - call_at));
  std::string after = line;
  if (auto at = after.find(before_call); at != std::string::npos)
    after.replace(at, before_call.size(), replacement);
  v["after"] = after;
  // The imports the rewrite needs that the file lacks.
  std::vector<std::string> missing;
  if (uses_strconv && !(in.file && imports_package(*in.file, "strconv")))
    missing.push_back("strconv");
  if (to_writer && !(in.file && imports_package(*in.file, "io"))) missing.push_back("io");
  v["imports"] =
      missing.empty() ? std::string() : fmt::format(" (import {})", fmt::join(missing, ", "));
  // fmt must stay in use elsewhere in the file.
  std::size_t fmt_uses = 0;
  if (in.file) {
    for (int l = 1; l <= in.file->line_count(); ++l) {
      const std::string_view text = strip_comment(in.file->line_text(l));
      for (std::size_t at = text.find("fmt."); at != std::string_view::npos;
           at = text.find("fmt.", at + 1))
        if (at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) ||
                         text[at - 1] == '_' || text[at - 1] == '.'))
          ++fmt_uses;
    }
  }
  // The edit adds the imports it needs; when the call is the file's only
  // use of fmt, it drops the fmt import too.
  if (in.names && in.file) {
    std::vector<TextEdit> edits{TextEdit{f.pos.file, f.pos.line, static_cast<int>(call_at) + 1,
                                         f.pos.line, static_cast<int>(call_end) + 1, replacement}};
    for (const std::string& path : missing)
      if (auto insert = import_insertion(*in.file, f.pos.file, path))
        edits.push_back(std::move(*insert));
    if (fmt_uses <= 1) {
      if (auto drop = import_deletion(*in.file, f.pos.file, "fmt"))
        edits.push_back(std::move(*drop));
      else
        edits.clear();  // fmt imported under another name or in an unusual form
      v["imports"] += " (drop the fmt import if nothing else uses it)";
    }
    if (edits.size() == 1 + missing.size() + (fmt_uses <= 1 ? 1 : 0))
      out.edits.insert(out.edits.end(), edits.begin(), edits.end());
  }
  return {true, {}};
}

// ---- §8 ------------------------------------------------------------------

MatcherOutcome append_style(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  static const Regex make_expr(R"(^make\((\[\][^,]+),\s*(.+)\)$)");
  auto m = make_expr.capture(f.expr);
  if (!m || f.inlined_from) return {};
  const FactFunction* fn = finding_function(in);
  if (!fn) return without_type(in);
  const PackageFacts& facts = in.facts.index->facts();
  if (fn->kind != FunctionKind::func && fn->kind != FunctionKind::method) return {};
  const std::optional<TypeInfo> made = finding_type(in);
  if (!made || !made->fact) return {};
  // The function must return the slice it made.
  const std::string_view full = facts.text(made->fact->name);
  if (std::none_of(fn->results.begin(), fn->results.end(),
                   [&](FactText r) { return facts.text(r) == full; }))
    return {};
  function_predicates(in, *fn, out);
  const std::string name = last_component(facts.text(fn->name));
  const std::string sig = go_signature(facts, *fn);
  auto params = parameter_list(sig, name);
  if (!params) return {};
  const std::string into = name + "Into";
  const bool no_params = params->second == params->first + 1;
  const std::size_t name_at = sig.rfind(name + "(", params->first);
  v["signature"] = fmt::format("{}{}(dst {}{}{}", sig.substr(0, name_at), into, made->name,
                               no_params ? "" : ", ", sig.substr(params->first + 1));
  v["callee"] = name;
  v["type"] = made->name;
  const std::vector<std::string> sizes = split_args(*(*m)[2]);
  v["reuse"] =
      sizes.empty() || sizes[0] == "0"
          ? std::string("dst[:0]")
          : fmt::format("slices.Grow(dst[:0], {0})[:{0}] (package slices, Go 1.21+)", sizes[0]);
  v["callers"] = callers_text(in, calls_of(in, facts.text(fn->name)));
  return {true, {}};
}

// ---- §13 -----------------------------------------------------------------

// Whether `var` (the decode target) is only read with constant string keys
// in the function's text: `m["id"]`, and nothing else but the decode call and
// len(m). Fills the keys it reads, in order.
bool fixed_keys(std::string_view body, std::string_view var, std::vector<std::string>& keys) {
  const std::string name(var);
  const Regex use(fmt::format(R"(\b{}\b)", name));
  const Regex key(fmt::format(R"(^{}\[("(?:[^"\\]|\\.)*")\])", name));
  std::size_t uses = 0;
  for (std::string_view line : split_lines(body)) {
    const std::string_view code = strip_comment(line);
    std::string_view rest = code;
    while (auto m = use.capture(rest)) {
      const auto at = static_cast<std::size_t>((*m)[0]->data() - rest.data());
      const std::string_view from = rest.substr(at);
      const bool declared = trim(code).starts_with("var " + name + " ") ||
                            (at > 0 && rest[at - 1] == '&') || from.starts_with(name + " :=") ||
                            from.starts_with(name + " =");
      if (auto k = key.capture(from)) {
        std::string text(*(*k)[1]);
        if (std::find(keys.begin(), keys.end(), text) == keys.end()) keys.push_back(text);
      } else if (!declared && !(at >= 4 && rest.substr(at - 4, 4) == "len(")) {
        return false;  // ranged over, passed on, returned, assigned from
      }
      ++uses;
      rest.remove_prefix(at + name.size());
    }
  }
  return uses > 0 && !keys.empty();
}

std::string struct_sketch(const std::vector<std::string>& keys) {
  std::vector<std::string> fields;
  for (const std::string& quoted : keys) {
    const std::string key = quoted.substr(1, quoted.size() - 2);
    std::string field;
    bool upper = true;
    for (char c : key) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        upper = true;
        continue;
      }
      field += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
    if (field.empty() || std::isdigit(static_cast<unsigned char>(field[0]))) field = "F" + field;
    fields.push_back(fmt::format("{} json.RawMessage `json:\"{}\"`", field, key));
  }
  return fmt::format("struct {{ {} }}", fmt::join(fields, "; "));
}

MatcherOutcome map_keys(const MatchInput& in, MatchOutput& out) {
  Placeholders& v = out.values;
  if (!in.file) return {};
  const GoFunc* fn = in.file->innermost_at(in.finding.pos.line, in.finding.pos.col);
  if (!fn) return {};
  std::vector<std::string> keys;
  const bool fixed = fixed_keys(function_text(*in.file, *fn), v["var"], keys);
  out.predicates.set("map.fixed_keys", fixed);
  v["keys"] = fmt::format("{}", fmt::join(keys, ", "));
  v["struct"] = struct_sketch(keys);
  return {true, {}};
}

// ---- §12 -----------------------------------------------------------------

MatcherOutcome hoist_regexp(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  const std::string_view raw = strip_comment(in.line);
  static const Regex must(R"(\bregexp\.MustCompile\((`[^`]*`|"(?:[^"\\]|\\.)*")\))");
  auto m = must.capture(raw);
  const std::int32_t scope = -1;
  std::string name = in.facts ? fresh_name(in, v["ident"] + "Re", scope) : std::string();
  if (name.empty()) name = v["ident"] + "Re";
  v["ident"] = name.substr(0, name.size() - 2);
  v["var_name"] = name;
  if (!m) return {true, {}};  // regexp.Compile: the error is handled, prose only
  const std::string call(*(*m)[0]);
  std::string line(trim(raw));
  if (auto at = line.find(call); at != std::string::npos) line.replace(at, call.size(), name);
  v["after"] = line;
  // The edit: the variable before the declaration the function belongs to
  // (and its doc comment), the call replaced by it. Only for a pattern Go's
  // regexp (RE2 syntax) accepts, so MustCompile cannot panic at start-up.
  if (!in.names || !in.file || !in.facts) return {true, {}};
  const std::string literal(*(*m)[1]);
  std::string pattern = literal.substr(1, literal.size() - 2);
  if (literal.front() == '"' && pattern.find('\\') != std::string::npos)
    return {true, {}};  // escapes would need Go's unquoting
  if (!Regex(pattern).ok()) return {true, {}};
  const GoFunc* outer = outer_function(*in.file, f.pos.line);
  if (!outer) return {true, {}};
  int insert = outer->begin.line;
  while (insert > 1 && trim(in.file->line_text(insert - 1)).starts_with("//")) --insert;
  const auto col = static_cast<int>((*m)[0]->data() - in.line.data()) + 1;
  out.edits.push_back(TextEdit{f.pos.file, insert, 1, insert, 1,
                               fmt::format("var {} = regexp.MustCompile({})\n\n", name, literal)});
  out.edits.push_back(
      TextEdit{f.pos.file, f.pos.line, col, f.pos.line, col + static_cast<int>(call.size()), name});
  return {true, {}};
}

// ---- §10 -----------------------------------------------------------------

// Whether the Go expression `d` evaluates the same before the loop: literal
// numbers, time's unit constants and operators, or local variables and
// parameters never assigned after their declaration.
bool loop_invariant(const MatchInput& in, std::string_view d) {
  static const Regex token(R"([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*|[0-9][0-9_.]*|[-+*/() ])");
  std::string_view rest = trim(d);
  while (!rest.empty()) {
    auto m = token.capture(rest);
    if (!m || (*m)[0]->data() != rest.data()) return false;
    const std::string_view t = *(*m)[0];
    if (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_') {
      if (t.find('.') != std::string_view::npos) {
        static const Regex unit(
            R"(^time\.(?:Nanosecond|Microsecond|Millisecond|Second|Minute|Hour)$)");
        if (!unit.full_match(t)) return false;
      } else {
        if (!in.facts) return false;
        const FactSite* decl =
            in.facts.index->variable(in.facts.file, in.finding.pos.line, in.finding.pos.col,
                                     function_id(in, finding_function(in)), t);
        if (!decl || decl->has(site_reassigned) || decl->has(site_addr_taken)) return false;
      }
    }
    rest.remove_prefix(t.size());
    rest = trim(rest);
  }
  return true;
}

MatcherOutcome reuse_timer(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  Placeholders& v = out.values;
  const std::string d = v["d"];
  const std::int32_t scope = function_id(in, finding_function(in));
  std::string name = in.facts ? fresh_name(in, "timer", scope) : std::string();
  v["timer"] = name.empty() ? std::string("timer") : name;
  const std::string_view raw = strip_comment(in.line);
  static const Regex after_call(R"(<-\s*time\.After\((.*)\))");
  auto m = after_call.capture(raw);
  if (!m) return {};
  std::string line(trim(raw));
  const std::string call(*(*m)[0]);
  if (auto at = line.find(call); at != std::string::npos)
    line.replace(at, call.size(), fmt::format("<-{}.C", v["timer"]));
  v["after"] = line;
  if (name.empty() || !in.names || !in.file || !loop_invariant(in, d)) return {true, {}};
  // The innermost loop around the line, in the finding's function.
  const FactsIndex& index = *in.facts.index;
  const PackageFacts& facts = index.facts();
  const FactLoop* loop = nullptr;
  bool nested = false;
  for (const FactLoop& each : facts.loops) {
    if (each.function != scope || static_cast<int>(each.span.file) != in.facts.file ||
        !each.span.contains(f.pos.line, f.pos.col))
      continue;
    if (loop) nested = true;
    if (!loop || each.span.line > loop->span.line) loop = &each;
  }
  if (!loop) return {true, {}};
  const std::string_view header = strip_comment(in.file->line_text(loop->span.line));
  if (!trim(header).ends_with("{") || loop->span.line + 1 >= f.pos.line) return {true, {}};
  const std::string_view indent = indentation(header);
  std::string_view body_indent = indentation(in.file->line_text(loop->span.line + 1));
  if (body_indent.size() <= indent.size()) return {true, {}};
  std::string before = fmt::format("{}{} := time.NewTimer({})\n", indent, name, d);
  if (!nested) before += fmt::format("{}defer {}.Stop()\n", indent, name);
  out.edits.push_back(TextEdit{f.pos.file, loop->span.line, 1, loop->span.line, 1, before});
  // Each time round: stop the timer, drain a value it delivered meanwhile
  // (timers before Go 1.23), and start it again.
  const std::string b(body_indent);
  out.edits.push_back(TextEdit{
      f.pos.file, loop->span.line + 1, 1, loop->span.line + 1, 1,
      fmt::format(
          "{0}if !{1}.Stop() {{\n{0}\tselect {{\n{0}\tcase <-{1}.C:\n{0}\tdefault:\n{0}\t}}\n"
          "{0}}}\n{0}{1}.Reset({2})\n",
          b, name, d)});
  const auto col = static_cast<int>((*m)[0]->data() - in.line.data()) + 1;
  out.edits.push_back(TextEdit{f.pos.file, f.pos.line, col, f.pos.line,
                               col + static_cast<int>(call.size()), fmt::format("<-{}.C", name)});
  return {true, {}};
}

// ---- §11 -----------------------------------------------------------------

// A string/byte conversion handed to a call: the rewrite rules (the catalog)
// may show code only when the conversion's operand has the plain type the
// rewritten call takes, and a WriteString/Write swap only on the writers
// known to have both.
MatcherOutcome conversion_call(const MatchInput& in, MatchOutput& out) {
  const Finding& f = in.finding;
  const FactSite* site = finding_site(in);
  if (!site) return without_type(in);
  const PackageFacts& facts = in.facts.index->facts();
  const std::string_view from = facts.text(site->detail);
  const bool to_bytes = f.expr.starts_with("([]byte)(");
  if (to_bytes ? from != "string" : (from != "[]byte" && from != "[]uint8")) {
    out.values.erase("after");
    out.edits.clear();
    const std::string_view plain = to_bytes ? "string" : "[]byte";
    if (from.empty())
      return {
          true,
          fmt::format("no-cheap-rewrite: the operand's type is not known to be a plain {}", plain)};
    return {true,
            fmt::format("no-cheap-rewrite: the operand is a {}, not a plain {}", from, plain)};
  }
  if (to_bytes) {
    // w.Write([]byte(s)) -> io.WriteString(w, s) saves the copy only when w
    // has a WriteString method; on a concrete type without one io.WriteString
    // converts the same way.
    for (const FactSite* s : in.facts.index->sites_on_line(in.facts.file, f.pos.line)) {
      if (s->node != SiteNode::call) continue;
      std::string_view callee = facts.text(s->detail);
      if (!callee.ends_with(".Write")) continue;
      if (!s->has(site_static)) {
        // Through an interface the gain depends on the dynamic type. Most
        // writers behind an io.Writer or a ResponseWriter have WriteString;
        // the net package's connections (and crypto/tls's) do not.
        if (callee != "net.Conn.Write") continue;
        out.values.erase("after");
        out.edits.clear();
        return {true, fmt::format("no-cheap-rewrite: io.WriteString saves the copy only when "
                                  "the writer behind {} has a WriteString method",
                                  callee.substr(0, callee.size() - 6))};
      }
      callee.remove_suffix(6);  // "pkg.(*T)" or "pkg.T"
      std::string type(callee);
      if (auto open = type.find("(*"); open != std::string::npos) {
        type.erase(open, 2);
        if (!type.empty() && type.back() == ')') type.pop_back();
      }
      static const std::set<std::string_view> string_writers = {"bytes.Buffer", "strings.Builder",
                                                                "bufio.Writer", "os.File"};
      bool has = string_writers.count(type) > 0;
      if (const FactType* t = in.facts.index->type(type)) {
        for (const auto* methods : {&t->pointer_methods, &t->value_methods})
          for (FactText m : *methods) has |= facts.text(m) == "WriteString";
      }
      if (!has) {
        out.values.erase("after");
        out.edits.clear();
        return {true, fmt::format("no-cheap-rewrite: {} has no WriteString method: "
                                  "io.WriteString would convert the same way",
                                  type)};
      }
    }
  }
  if (!to_bytes && out.values.count("after")) {
    // b.WriteString(string(x)) -> b.Write(x): only for writers that have both.
    const FactSite* call = nullptr;
    for (const FactSite* s : in.facts.index->sites_on_line(in.facts.file, f.pos.line))
      if (s->node == SiteNode::call && facts.text(s->detail).ends_with(".WriteString")) call = s;
    static const std::set<std::string_view> writers = {"strings.(*Builder).WriteString",
                                                       "bytes.(*Buffer).WriteString",
                                                       "bufio.(*Writer).WriteString"};
    if (!call || !writers.count(facts.text(call->detail))) out.values.erase("after");
  }
  return {true, {}};
}

}  // namespace

MatcherOutcome run_matcher(std::string_view id, const MatchInput& in, MatchOutput& out) {
  if (id == "return-by-value") return return_by_value(in, out);
  if (id == "callee-stores-address") return callee_stores_address(in, out);
  if (id == "closure-fields") return closure_fields(in, out);
  if (id == "make-size") return make_size(in, out);
  if (id == "value-or-pointer") return value_or_pointer(in, out);
  if (id == "interface-box") return interface_box(in, out);
  if (id == "fmt-builder") return fmt_builder(in, out);
  if (id == "append-style") return append_style(in, out);
  if (id == "map-keys") return map_keys(in, out);
  if (id == "hoist-regexp") return hoist_regexp(in, out);
  if (id == "reuse-timer") return reuse_timer(in, out);
  if (id == "conversion-call") return conversion_call(in, out);
  if (auto advice = loop_advice_of(id)) return match_loop_site(*advice, in, out);
  return {};
}

}  // namespace goescape
