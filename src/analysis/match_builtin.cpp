// The built-in matchers (catalog/matchers.hpp lists them): the facts a
// suggestion needs that one regular expression over one line cannot give -
// a type's size, the callee that keeps a pointer and where, the fields a
// closure reads, the strings.Builder code for a format string. Each returns
// "no match" rather than a vague suggestion when its facts are missing.
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
  return {true, std::string(no_type_facts)};
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

// "T" of "&T{...}", "new(T)", "make([]T, ...)"-style expressions; empty if none.
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

// The text of `fn`'s `func` line up to its body's brace, trimmed.
std::string signature_of(const GoSourceFile& file, const GoFunc& fn) {
  std::string_view text = strip_comment(file.line_text(fn.begin.line));
  if (fn.body_begin.line == fn.begin.line && fn.body_begin.col > 0 &&
      static_cast<std::size_t>(fn.body_begin.col) <= text.size())
    text = text.substr(0, static_cast<std::size_t>(fn.body_begin.col - 1));
  text = trim(text);
  if (!text.empty() && text.back() == '{') text = trim(text.substr(0, text.size() - 1));
  return std::string(text);
}

// The signature line (the `func` line) of the declaration containing `line`.
std::string signature_at(const MatchInput& in, int line) {
  if (!in.file) return {};
  const GoFunc* fn = outer_function(*in.file, line);
  if (!fn) return {};
  return signature_of(*in.file, *fn);
}

std::string last_component(std::string_view callee) {
  auto dot = callee.rfind('.');
  return std::string(dot == std::string_view::npos ? callee : callee.substr(dot + 1));
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

// Is `callee` ("store", "s.store", "json.Unmarshal") code of this module? The
// call's facts say whether its callee is in a checked package; nullopt
// without facts for it.
std::optional<bool> module_callee(const MatchInput& in, int line, int col,
                                  std::string_view callee) {
  const FactSite* site = call_site(in, line, col, callee);
  if (!site) return std::nullopt;
  return site->has(site_in_module);
}

// The `func` line declaring `name` (a function or method) in the finding's
// package, searched in the finding's file first.
std::string find_decl_line(const MatchInput& in, std::string_view name) {
  const Regex decl(fmt::format(R"(^func\s+(?:\([^)]*\)\s*)?{}\s*[\[(])", name));
  auto scan = [&](const GoSourceFile* f) -> std::string {
    if (!f) return {};
    for (const GoFunc& fn : f->funcs) {
      if (fn.is_literal) continue;
      if (decl.search(trim(f->line_text(fn.begin.line)))) return signature_of(*f, fn);
    }
    return {};
  };
  if (std::string s = scan(in.file); !s.empty()) return s;
  if (const GoPackage* pkg = in.ctx.package(in.finding.package)) {
    for (const std::string& base : pkg->files) {
      std::string path = (std::filesystem::path(pkg->dir) / base).string();
      if (std::string s = scan(in.ctx.sources.get(path)); !s.empty()) return s;
    }
  }
  return {};
}

// ---- 9.1 -----------------------------------------------------------------

MatcherOutcome return_by_value(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
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
  v["type"] = t->name;
  v["size"] = size_text(*t);
  v["verdict"] = size_verdict(*t);
  std::string sig = signature_at(in, f.pos.line);
  // Only a function that returns *T can return T instead (not `error`, `any`).
  if (!sig.empty()) {
    std::string pointer = "*" + t->name;
    auto at = sig.rfind(pointer);
    if (at == std::string::npos || at < sig.find(')')) return {};
    v["signature"] = sig.substr(0, at) + t->name + sig.substr(at + pointer.size());
  } else {
    v["signature"] = fmt::format("func {}(...) {}", v["func"], t->name);
  }
  v["before"] = ret_line;
  std::string after = ret_line;
  after.replace(after.find('&'), 1, "");
  v["after"] = after;
  v["return_line"] = std::to_string(ret->pos.line > 0 ? ret->pos.line : f.pos.line);
  MatcherOutcome out{true, {}};
  if (right_as_pointer(*t)) out.held_back = "pointer-type";
  return out;
}

// ---- 9.2 -----------------------------------------------------------------

MatcherOutcome callee_stores_address(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
  const FlowStep* addr = first_step(f, "address-of");
  const FlowStep* call = first_step(f, "call parameter");
  if (!addr || !call) return {};
  std::string call_line = line_at(in, addr->pos.line);
  std::string callee;
  if (!call_line.empty() && in.file && addr->pos.col > 0) {
    std::string_view raw = strip_comment(in.file->line_text(addr->pos.line));
    callee = enclosing_call(raw, addr->pos.col);
  }
  if (callee.empty()) callee = call->text.substr(0, call->text.find('('));
  if (callee.empty()) return {};
  // The call's facts tell a callee of the module; without them only an
  // unqualified name is surely one (`s.store` may be anyone's method).
  std::optional<bool> module = module_callee(in, addr->pos.line, addr->pos.col, callee);
  if (module ? !*module : (in.facts || callee.find('.') != std::string::npos)) return {};
  v["callee"] = callee;
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
  if (store.empty()) store = "beyond this package (see its leaking param report)";
  v["store"] = store;
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  v["type"] = t->name;
  v["size"] = size_text(*t);
  if (call_line.empty()) call_line = call->text;
  v["call_line"] = std::to_string(addr->pos.line);
  v["before"] = call_line;
  const Regex addr_of(fmt::format(R"(&{}\b)", v["var"]));
  std::string after = call_line;
  if (auto m = addr_of.capture(after)) {
    auto at = static_cast<std::size_t>((*m)[0]->data() - after.data());
    after.erase(at, 1);
    v["after"] = after;
  }
  MatcherOutcome out{true, {}};
  if (right_as_pointer(*t)) out.held_back = "pointer-type";
  return out;
}

// ---- 9.4 -----------------------------------------------------------------

MatcherOutcome closure_fields(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
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
  std::vector<std::string> lhs, rhs;
  for (const std::string& name : fields) {
    std::string local = name;
    local[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(local[0])));
    if (local == name) local += "Copy";
    lhs.push_back(std::move(local));
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
  return {true, {}};
}

// ---- 9.5 -----------------------------------------------------------------

MatcherOutcome make_size(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
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
  const int minor = in.ctx.go_minor;
  if (non_constant && reason.empty()) {
    v["reason"] = "non-constant size";
    v["go_note"] = fmt::format(
        "Go {} heap-allocates every make whose capacity is not a constant (flow reason "
        "`non-constant size`). If {} has a known bound K, give the make a constant capacity - "
        "`make({}, {}, K)` stays on the stack as long as the slice does not escape (len must stay "
        "<= K). Go 1.25 and later do this on their own for small sizes (32-byte stack buffer).",
        minor > 0 ? fmt::format("1.{}", minor) : std::string("up to 1.24"), size_arg,
        std::string(*(*m)[1]), args.size() == 2 ? args[0] : size_arg);
    return {true, {}};
  }
  if (reason.empty()) return {};
  v["reason"] = reason;
  v["go_note"] = fmt::format(
      "it escapes through {}, so a constant size would not keep it on the stack{}. Keep the "
      "slice inside the function, or let the caller pass a buffer in and reuse it.",
      reason,
      minor >= 25 || (minor == 0 && !non_constant)
          ? fmt::format(" (the variable size {} is not the cause: {} a small variable-size "
                        "make that does not escape gets a stack buffer)",
                        size_arg,
                        minor > 0 ? fmt::format("on Go 1.{}, as since Go 1.25,", minor)
                                  : std::string("since Go 1.25"))
          : "");
  return {true, {}};
}

// ---- §6 ------------------------------------------------------------------

MatcherOutcome value_or_pointer(const MatchInput& in, Placeholders& v) {
  if (literal_type(in.finding.expr).empty()) return {};
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  v["type"] = t->name;
  v["size"] = size_text(*t);
  v["verdict"] = size_verdict(*t);
  MatcherOutcome out{true, {}};
  if (right_as_pointer(*t)) out.held_back = "pointer-type";
  return out;
}

// ---- §5 / 9.3 -----------------------------------------------------------

MatcherOutcome interface_box(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
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
  if (at_call) {
    std::optional<bool> module = module_callee(in, f.pos.line, f.pos.col, callee);
    if (module ? !*module : (in.facts || callee.find('.') != std::string::npos)) return {};
  }
  std::optional<TypeInfo> t = finding_type(in);
  if (!t) return without_type(in);
  if (t->pointer_shaped) return {};  // stored in the interface word itself: no box
  v["type"] = t->name;
  v["size"] = size_text(*t);
  if (!at_call) {
    v["callee"] = "";
    v["signature"] = "";
    return {true, {}};
  }
  v["callee"] = callee;
  std::string decl = find_decl_line(in, last_component(callee));
  if (decl.empty()) return {};
  v["signature"] = decl;
  // The callee's any/interface{} parameter, typed: `func logv(v Point)`.
  static const Regex param(R"(\b(any|interface\{\})([,)]))");
  if (auto m = param.capture(decl)) {
    auto at = static_cast<std::size_t>((*m)[1]->data() - decl.data());
    v["after"] = decl.substr(0, at) + t->name + decl.substr(at + (*m)[1]->size());
  }
  return {true, {}};
}

// ---- §7 ------------------------------------------------------------------

// One argument as string-producing Go code, by verb and its exact type (as
// the facts write it: "int", "uint8", "string", ...); empty when strconv
// has no twin for this verb and type (named types, interfaces, flags).
std::string as_string(char verb, const std::string& arg, const std::string& type) {
  static const std::set<std::string, std::less<>> sized_ints = {"int8", "int16", "int32", "int64"};
  static const std::set<std::string, std::less<>> uints = {"uint",   "uint8",  "uint16",
                                                           "uint32", "uint64", "uintptr"};
  const bool is_int = type == "int" || sized_ints.count(type);
  const bool is_uint = uints.count(type) > 0;
  auto integer = [&](int base) -> std::string {
    if (type == "int" && base == 10) return fmt::format("strconv.Itoa({})", arg);
    if (is_int) return fmt::format("strconv.FormatInt(int64({}), {})", arg, base);
    if (is_uint) return fmt::format("strconv.FormatUint(uint64({}), {})", arg, base);
    return "";
  };
  switch (verb) {
    case 's':
      return type == "string" ? arg : "";
    case 'd':
      return integer(10);
    case 'v':
      if (type == "string") return arg;
      if (type == "bool") return fmt::format("strconv.FormatBool({})", arg);
      if (type == "float64") return fmt::format("strconv.FormatFloat({}, 'g', -1, 64)", arg);
      if (type == "float32")
        return fmt::format("strconv.FormatFloat(float64({}), 'g', -1, 32)", arg);
      return integer(10);
    case 'q':
      return type == "string" ? fmt::format("strconv.Quote({})", arg) : "";
    case 't':
      return type == "bool" ? fmt::format("strconv.FormatBool({})", arg) : "";
    case 'x':
      return integer(16);
    default:
      return "";
  }
}

MatcherOutcome fmt_builder(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
  const std::string_view raw = strip_comment(in.line);
  const std::string line(trim(raw));
  static const Regex call(R"(fmt\.(Sprintf|Sprint|Sprintln|Fprintf|Fprint|Fprintln)\()");
  auto m = call.capture(raw);
  if (!m) return {};
  const std::string fn(*(*m)[1]);
  const std::string callee = "fmt." + fn;
  // The finding must belong to this call (not to another call on the line).
  auto span = call_span(raw, callee, f.kind == Kind::source_pattern ? 0 : f.pos.col);
  if (!span) return {};
  v["callee"] = callee;
  std::vector<std::string> args = split_args(raw.substr(span->first, span->second - span->first));
  const bool to_writer = fn[0] == 'F';
  std::string writer;
  if (to_writer) {
    if (args.empty()) return {};
    writer = args.front();
    args.erase(args.begin());
  }
  // The pieces: literal text and argument expressions, in order.
  std::vector<std::string> pieces;  // Go code, each producing a string
  std::size_t literal_bytes = 0;
  auto literal = [&](const std::string& text) {
    if (text.empty()) return;
    if (!pieces.empty() && pieces.back().size() > 1 && pieces.back().front() == '"' &&
        pieces.back().back() == '"') {
      pieces.back().insert(pieces.back().size() - 1, text);
    } else {
      pieces.push_back("\"" + text + "\"");
    }
    literal_bytes += text.size();
  };
  // The arguments' types, from the facts of this call.
  if (!in.facts) return without_type(in);
  const int call_col = static_cast<int>((*m)[0]->data() - raw.data()) + 1;
  const FactSite* site =
      call_site(in, f.pos.line, f.kind == Kind::source_pattern ? call_col : f.pos.col, callee);
  const PackageFacts& facts = in.facts.index->facts();
  const std::size_t skipped = to_writer ? 1 : 0;
  if (!site || site->arg_count != args.size() + skipped) return without_type(in);
  auto type_of = [&](std::size_t i) -> std::string {
    const FactArg& arg = facts.args[site->first_arg + skipped + i];
    std::optional<TypeInfo> t = type_named(in, facts.text(arg.type));
    return t ? t->name : std::string();
  };
  if (fn == "Sprintf" || fn == "Fprintf") {
    if (args.empty() || args[0].size() < 2 || args[0].front() != '"') return {};
    const std::string format = args[0].substr(1, args[0].size() - 2);
    std::size_t next = 1;
    std::string text;
    for (std::size_t i = 0; i < format.size(); ++i) {
      if (format[i] != '%') {
        text += format[i];
        continue;
      }
      if (i + 1 >= format.size()) return {};
      char verb = format[++i];
      if (verb == '%') {
        text += '%';
        continue;
      }
      if (next >= args.size()) return {};
      std::string code = as_string(verb, args[next], type_of(next));
      if (code.empty()) return {};  // width, flags or a verb strconv has no twin for
      literal(text);
      text.clear();
      pieces.push_back(code);
      ++next;
    }
    literal(text);
    if (next != args.size()) return {};
  } else {
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i > 0 && fn.back() == 'n') literal(" ");
      std::string code = as_string('v', args[i], type_of(i));
      if (code.empty()) {
        if (args[i].size() >= 2 && args[i].front() == '"') {
          literal(args[i].substr(1, args[i].size() - 2));
          continue;
        }
        return {};
      }
      pieces.push_back(code);
    }
    if (fn.back() == 'n') literal("\\n");
  }
  if (pieces.empty()) return {};
  const std::size_t grow = literal_bytes + 8 * (pieces.size());
  std::string code;
  const std::string before = line;
  const auto call_at = static_cast<std::size_t>((*m)[0]->data() - raw.data());
  const std::string call_text(raw.substr(call_at, span->second + 1 - call_at));
  if (!to_writer) {
    // A builder name the line does not use already (it may hold a `b`).
    std::string b = "b";
    for (const char* name : {"b", "sb", "text", "out"}) {
      const auto word_char = [&](std::size_t i) {
        return i < before.size() &&
               (std::isalnum(static_cast<unsigned char>(before[i])) || before[i] == '_');
      };
      std::size_t at = before.find(name);
      bool used = false;
      while (at != std::string::npos && !used) {
        used = (at == 0 || !word_char(at - 1)) && !word_char(at + std::strlen(name));
        at = before.find(name, at + 1);
      }
      if (!used) {
        b = name;
        break;
      }
    }
    code = fmt::format("var {0} strings.Builder\n{0}.Grow({1})\n", b, grow);
    for (const std::string& p : pieces) code += fmt::format("{}.WriteString({})\n", b, p);
    std::string rest = before;
    if (auto at = rest.find(call_text); at != std::string::npos)
      rest.replace(at, call_text.size(), b + ".String()");
    code += rest;
  } else {
    code = fmt::format("buf := make([]byte, 0, {}) // or a scratch buffer reused across calls\n",
                       grow);
    for (const std::string& p : pieces) {
      static const Regex itoa(R"(^strconv\.Itoa\((.+)\)$)");
      if (auto n = itoa.capture(p))
        code += fmt::format("buf = strconv.AppendInt(buf, int64({}), 10)\n", *(*n)[1]);
      else
        code += fmt::format("buf = append(buf, {}...)\n", p);
    }
    code += fmt::format("{}.Write(buf)", writer);
  }
  std::string indented;
  for (std::size_t start = 0; start < code.size();) {
    std::size_t end = code.find('\n', start);
    if (end == std::string::npos) end = code.size();
    indented += "    " + code.substr(start, end - start) + (end < code.size() ? "\n" : "");
    start = end + 1;
  }
  v["builder"] = indented;
  v["after"] = indented;
  return {true, {}};
}

// ---- §8 ------------------------------------------------------------------

MatcherOutcome append_style(const MatchInput& in, Placeholders& v) {
  const Finding& f = in.finding;
  static const Regex make_expr(R"(^make\((\[\][^,]+),\s*(.+)\)$)");
  auto m = make_expr.capture(f.expr);
  if (!m || !in.file) return {};
  // make([]T, 0, c) becomes dst[:0]; make([]T, n) needs n elements of dst.
  const std::vector<std::string> sizes = split_args(*(*m)[2]);
  const std::string reuse = sizes.empty() || sizes[0] == "0"
                                ? std::string("dst[:0]")
                                : fmt::format("slices.Grow(dst[:0], {0})[:{0}]", sizes[0]);
  const std::string slice(*(*m)[1]);
  std::string sig = signature_at(in, f.pos.line);
  // The function must return the slice it made.
  if (sig.empty() || sig.rfind(slice) == std::string::npos || sig.rfind(slice) < sig.find(')'))
    return {};
  static const Regex name(R"(^func\s+(\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\()");
  auto n = name.capture(sig);
  if (!n) return {};
  const std::string fname(*(*n)[2]);
  const std::string into = fname + "Into";
  std::size_t name_at = static_cast<std::size_t>((*n)[2]->data() - sig.data());
  std::size_t open = name_at + fname.size();
  while (open < sig.size() && sig[open] != '(') ++open;
  std::string params_rest = sig.substr(open + 1);
  const bool no_params = !params_rest.empty() && params_rest[0] == ')';
  v["signature"] =
      sig.substr(0, name_at) + into + "(dst " + slice + (no_params ? "" : ", ") + params_rest;
  v["callee"] = fname;
  v["type"] = slice;
  std::string made = std::string(trim(strip_comment(in.line)));
  static const Regex make_call(R"(make\(\[\][^()]*(?:\([^()]*\))*[^()]*\))");
  if (auto mm = make_call.capture(made)) {
    auto at = static_cast<std::size_t>((*mm)[0]->data() - made.data());
    made = made.substr(0, at) + reuse + made.substr(at + (*mm)[0]->size());
  } else {
    return {};
  }
  v["make_line"] = made;
  v["after"] = made;
  return {true, {}};
}

}  // namespace

MatcherOutcome run_matcher(std::string_view id, const MatchInput& in, Placeholders& values) {
  if (id == "return-by-value") return return_by_value(in, values);
  if (id == "callee-stores-address") return callee_stores_address(in, values);
  if (id == "closure-fields") return closure_fields(in, values);
  if (id == "make-size") return make_size(in, values);
  if (id == "value-or-pointer") return value_or_pointer(in, values);
  if (id == "interface-box") return interface_box(in, values);
  if (id == "fmt-builder") return fmt_builder(in, values);
  if (id == "append-style") return append_style(in, values);
  if (auto advice = loop_advice_of(id)) return match_loop_site(*advice, in, values);
  return {};
}

}  // namespace goescape
