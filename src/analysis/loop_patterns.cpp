#include "analysis/loop_patterns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "analysis/match_engine.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// Below these totals a Grow saves nothing: a bytes.Buffer's first write
// allocates 64 bytes (bytes.smallBufferSize), a strings.Builder's at least 8
// (the smallest size class).
constexpr long long buffer_first_allocation = 64;
constexpr long long builder_first_allocation = 8;

// A decimal constant small enough to multiply by a count without overflow.
bool is_number(std::string_view s) {
  return !s.empty() && s.size() <= 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A source line's code: without its comment and the blanks around it; `col`
// is the 1-based column where it starts, `indent` what comes before it.
struct Code {
  std::string_view text;
  std::string_view indent;
  int col = 0;

  int end_col() const { return col + static_cast<int>(text.size()); }
};

Code code_of(const GoSourceFile& source, int line) {
  std::string_view full = strip_comment(source.line_text(line));
  std::size_t start = 0;
  while (start < full.size() && (full[start] == ' ' || full[start] == '\t')) ++start;
  return {trim(full.substr(start)), full.substr(0, start), static_cast<int>(start) + 1};
}

// Whether the identifier `name` starts at text[at] (a whole word, not a
// field or method `.name`).
bool word_at(std::string_view text, std::size_t at, std::string_view name) {
  if (text.compare(at, name.size(), name) != 0) return false;
  if (at > 0 && (is_identifier_char(text[at - 1]) || text[at - 1] == '.')) return false;
  std::size_t end = at + name.size();
  return end >= text.size() || !is_identifier_char(text[end]);
}

// The names `expr` reads as variables: identifiers not after a '.', other
// than the builtins len and cap.
std::vector<std::string> root_names(std::string_view expr) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < expr.size();) {
    if (!is_identifier_char(expr[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < expr.size() && is_identifier_char(expr[end])) ++end;
    std::string_view word = expr.substr(i, end - i);
    bool field = i > 0 && expr[i - 1] == '.';
    if (!field && !std::isdigit(static_cast<unsigned char>(word[0])) && word != "len" &&
        word != "cap")
      names.emplace_back(word);
    i = end;
  }
  return names;
}

// Whether line `code` assigns `name`: the name stands before the line's
// first assignment operator (`=`, `:=`, `op=`), or is incremented.
bool assigns(std::string_view code, std::string_view name) {
  std::size_t op = std::string_view::npos;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] != '=') continue;
    bool comparison = (i + 1 < code.size() && code[i + 1] == '=') ||
                      (i > 0 && (code[i - 1] == '=' || code[i - 1] == '!' || code[i - 1] == '<' ||
                                 code[i - 1] == '>'));
    if (!comparison) {
      op = i;
      break;
    }
  }
  for (std::size_t at = code.find(name); at != std::string_view::npos;
       at = code.find(name, at + 1)) {
    if (!word_at(code, at, name)) continue;
    if (at < op) return true;
    std::string_view rest = trim(code.substr(at + name.size()));
    if (rest.starts_with("++") || rest.starts_with("--")) return true;
  }
  return false;
}

// `k` times `size`, as Go source.
std::string times(long long k, const std::string& size) {
  if (k == 1) return size;
  if (is_number(size)) return std::to_string(k * std::stoll(size));
  bool simple = size.find_first_of("+-*/%<>&|^ ") == std::string::npos;
  return fmt::format("{}*{}", k, simple ? size : "(" + size + ")");
}

// The sum of sizes, as Go source.
std::string sum(const std::vector<std::string>& sizes) {
  if (std::all_of(sizes.begin(), sizes.end(), [](const std::string& s) { return is_number(s); })) {
    long long total = 0;
    for (const std::string& s : sizes) total += std::stoll(s);
    return std::to_string(total);
  }
  std::string out;
  // Compact, as gofmt writes a sum among a call's arguments.
  for (const std::string& s : sizes) out += (out.empty() ? "" : "+") + s;
  return out;
}

// The precedence of the binary operator at text[i] (Go spec: 5 `* / % << >>
// & &^`, 4 `+ - | ^`, 3 comparisons, 2 `&&`, 1 `||`) and its length; 0 when
// none starts there.
std::pair<int, std::size_t> binary_operator(std::string_view text, std::size_t i) {
  static constexpr std::pair<std::string_view, int> operators[] = {
      {"&&", 2}, {"||", 1}, {"==", 3}, {"!=", 3}, {"<=", 3}, {">=", 3}, {"<<", 5},
      {">>", 5}, {"&^", 5}, {"<", 3},  {">", 3},  {"+", 4},  {"-", 4},  {"*", 5},
      {"/", 5},  {"%", 5},  {"&", 5},  {"|", 4},  {"^", 4}};
  for (const auto& [op, prec] : operators)
    if (text.compare(i, op.size(), op) == 0) return {prec, op.size()};
  return {0, 0};
}

// `expr` with blanks around its outermost binary operators as gofmt prints
// them at `depth` (go/printer's cutoff: 1 for a statement's expression or a
// call's only argument, 2 among several arguments): at depth 1 every operator
// of one precedence level gets blanks, with two levels only the lower one; at
// depth 2 only comparisons and logical operators. Operands (parenthesised
// parts included) stay as written; text it cannot read is returned as is.
std::string gofmt_spacing(std::string_view expr, int depth) {
  expr = trim(expr);
  struct Part {
    std::string_view text;
    int prec = 0;  // of the operator after it; 0 for the last
    std::size_t op_size = 0;
  };
  std::vector<Part> parts;
  std::size_t start = 0;
  int nesting = 0;
  bool operand_ended = false;  // the last token ends an operand
  for (std::size_t i = 0; i < expr.size();) {
    const char c = expr[i];
    if (c == '"' || c == '`' || c == '\'') {
      i = skip_go_literal(expr, i);
      operand_ended = true;
      continue;
    }
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++nesting;
    if (c == ')' || c == ']' || c == '}') {
      if (--nesting < 0) return std::string(expr);
      ++i;
      operand_ended = true;
      continue;
    }
    auto [prec, size] = nesting == 0 && operand_ended && expr.compare(i, 2, "<-") != 0
                            ? binary_operator(expr, i)
                            : std::pair<int, std::size_t>{0, 0};
    if (prec > 0) {
      parts.push_back({trim(expr.substr(start, i - start)), prec, size});
      i += size;
      start = i;
      operand_ended = false;
      continue;
    }
    operand_ended = is_identifier_char(c) || c == '.';
    ++i;
  }
  if (nesting != 0 || parts.empty()) return std::string(expr);
  parts.push_back({trim(expr.substr(start)), 0, 0});
  bool has4 = false, has5 = false;
  for (const Part& p : parts) {
    has4 = has4 || p.prec == 4;
    has5 = has5 || p.prec == 5;
  }
  const int cutoff = has4 && has5 ? (depth == 1 ? 5 : 4) : (depth == 1 ? 6 : 4);
  std::string out;
  for (const Part& p : parts) {
    out += p.text;
    if (p.prec == 0) break;
    std::string_view op = expr.substr(
        static_cast<std::size_t>(p.text.data() + p.text.size() - expr.data()), expr.size());
    op = trim(op).substr(0, p.op_size);
    out += p.prec < cutoff ? fmt::format(" {} ", op) : std::string(op);
  }
  return out;
}

std::string without_blanks(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

// Whether loop `inner` starts inside loop `outer` (and is not it).
bool nested_in(const FactLoop& inner, const FactLoop& outer) {
  return &inner != &outer && outer.span.contains(inner.span.line, inner.span.col);
}

// One statement that fills a variable, and the loop it is in.
struct Fill {
  const FactLoop* loop = nullptr;
  const FactLoopStore* store = nullptr;
};

// The rules, each a question about one file's facts and text.
class FileLoops {
 public:
  FileLoops(const FactsIndex& facts, int file, const GoSourceFile& source)
      : facts_(facts), pf_(facts.facts()), file_(file), source_(source) {
    for (const FactLoop& loop : pf_.loops)
      if (static_cast<int>(loop.span.file) == file) loops_.push_back(&loop);
  }

  const std::vector<const FactLoop*>& loops() const { return loops_; }
  std::string_view text(FactText id) const { return pf_.text(id); }

  // The loop runs once for each of a count known before it: nothing leaves
  // it early or skips the rest of an iteration.
  bool runs_fully(const FactLoop& loop) const {
    return !loop.exits && !loop.continues && !text(loop.length).empty();
  }

  // The statement runs exactly once per iteration and adds a fixed number of
  // values (appends: no spread).
  static bool once_per_iteration(const FactLoopStore& s, bool append) {
    return !s.conditional && s.count == 1 && (!append || (s.values >= 1 && !s.spread));
  }

  // The variable is declared before the loop, outside every loop around it:
  // a size computed at the declaration counts this loop's iterations only.
  bool declared_outside(const FactLoop& loop, const FactLoopStore& s) const {
    if (s.decl_line <= 0 || s.decl_line >= loop.span.line) return false;
    for (const FactLoop* outer : loops_)
      if (nested_in(loop, *outer) && !outer->span.contains(s.decl_line, s.decl_col)) return false;
    return true;
  }

  // `size`, written for the loop, means the same at (line, col) before it:
  // every variable it reads is the same declaration there, and is not
  // assigned between that point and the loop.
  bool available_at(const FactLoop& loop, std::string_view size, int line, int col,
                    bool never_reassigned) const {
    for (const std::string& name : root_names(size)) {
      const FactSite* at_loop =
          facts_.variable(file_, loop.span.line, loop.span.col, loop.function, name);
      const FactSite* at_decl = facts_.variable(file_, line, col, loop.function, name);
      if (at_loop != at_decl) return false;
      if (!at_loop || !at_loop->has(site_reassigned)) continue;
      if (never_reassigned) return false;
      for (int l = line; l < loop.span.line; ++l)
        if (assigns(code_of(source_, l).text, name)) return false;
    }
    return true;
  }

  // Whether the function of `loop` calls `var.Grow(` before it.
  bool grown_before(const FactLoop& loop, std::string_view var) const {
    const FactFunction* fn = pf_.function(loop.function);
    if (!fn || !fn->has_span) return false;
    const std::string call = std::string(var) + ".Grow(";
    for (int l = fn->span.line; l < loop.span.line; ++l) {
      std::string_view text = code_of(source_, l).text;
      for (std::size_t at = text.find(call); at != std::string_view::npos;
           at = text.find(call, at + 1))
        if (word_at(text, at, var)) return true;
    }
    return false;
  }

  // The line and its code, for edits and the suggestion.
  Code code(int line) const { return code_of(source_, line); }

  // The `make` call of the declaration of `s`, on one line: its type and
  // other arguments as written, and its columns; nullopt when there is none.
  struct Make {
    std::vector<std::string> args;
    int col = 0;      // of `make`
    int end_col = 0;  // past `)`
  };
  std::optional<Make> make_call(const FactLoopStore& s) const {
    std::string_view line = source_.line_text(s.decl_line);
    for (const FactSite* site : facts_.sites_on_line(file_, s.decl_line)) {
      if (site->node != SiteNode::make || site->col <= s.decl_col || site->end_line != s.decl_line)
        continue;
      if (site->col < 5 || site->end_col <= site->col) return std::nullopt;
      const auto open = static_cast<std::size_t>(site->col - 1);
      const auto close = static_cast<std::size_t>(site->end_col - 2);
      if (open < 4 || close >= line.size() || line.compare(open - 4, 5, "make(") != 0 ||
          line[close] != ')')
        return std::nullopt;
      return Make{split_args(line.substr(open + 1, close - open - 1)), site->col - 4,
                  site->end_col};
    }
    return std::nullopt;
  }

 private:
  const FactsIndex& facts_;
  const PackageFacts& pf_;
  int file_;
  const GoSourceFile& source_;
  std::vector<const FactLoop*> loops_;
};

// The declaration of `var` rewritten to `make(TYPE, 0, size)` (a map:
// `make(TYPE, size)`): the line's code before and after, and the type.
struct Declaration {
  std::string type;
  std::string before;
  std::string after;
  TextEdit edit;
  bool was_nil = false;
};

std::optional<Declaration> sized_declaration(const FileLoops& r, const FactLoopStore& s,
                                             std::string_view var, const std::string& size,
                                             bool map) {
  const Code code = r.code(s.decl_line);
  const std::string_view decl = r.text(s.decl);
  Declaration out;
  out.before = std::string(code.text);
  const std::string arg = gofmt_spacing(size, 2);
  auto made = [&](std::string_view type) {
    return map ? fmt::format("make({}, {})", type, arg) : fmt::format("make({}, 0, {})", type, arg);
  };
  if (decl == "nil") {
    // `var out []T` or `var out []T = nil`, alone on its line.
    std::string_view t = code.text;
    if (!t.starts_with("var ")) return std::nullopt;
    t = trim(t.substr(4));
    if (!t.starts_with(var) || t.size() == var.size() || t[var.size()] != ' ') return std::nullopt;
    t = trim(t.substr(var.size()));
    if (t.ends_with("= nil")) t = trim(t.substr(0, t.size() - 5));
    if (!t.starts_with("[]") || t.find_first_of("=,;") != std::string_view::npos)
      return std::nullopt;
    out.type = std::string(t);
    out.after = fmt::format("{} := {}", var, made(t));
    out.was_nil = true;
  } else if (decl == "empty_lit") {
    // `out := T{}` or `var out = T{}`: the literal ends the line.
    std::size_t at = std::string_view::npos;
    for (std::size_t i = code.text.find(var); i != std::string_view::npos;
         i = code.text.find(var, i + 1))
      if (word_at(code.text, i, var)) {
        at = i;
        break;
      }
    if (at == std::string_view::npos) return std::nullopt;
    std::size_t eq = code.text.find('=', at + var.size());
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view between = trim(code.text.substr(at + var.size(), eq - at - var.size()));
    if (!between.empty() && between != ":") return std::nullopt;
    std::string_view literal = trim(code.text.substr(eq + 1));
    if (!literal.ends_with("}")) return std::nullopt;
    std::string_view type = trim(literal.substr(0, literal.size() - 1));
    if (!type.ends_with("{")) return std::nullopt;
    type = trim(type.substr(0, type.size() - 1));
    if (!(type.starts_with("[]") || type.starts_with("map["))) return std::nullopt;
    out.type = std::string(type);
    out.after = std::string(code.text.substr(0, eq + 1)) + " " + made(type);
  } else if (decl == "make0" || decl == "make_nohint") {
    auto call = r.make_call(s);
    if (!call || call->args.size() != (map ? 1u : 2u)) return std::nullopt;
    out.type = call->args[0];
    const auto from = static_cast<std::size_t>(call->col - code.col);
    const auto to = static_cast<std::size_t>(call->end_col - code.col);
    if (to > code.text.size()) return std::nullopt;
    out.after =
        std::string(code.text.substr(0, from)) + made(out.type) + std::string(code.text.substr(to));
  } else {
    return std::nullopt;
  }
  out.edit = {"", s.decl_line, code.col, s.decl_line, code.end_col(), out.after};
  return out;
}

// The slices (or maps) of the file filled by loops, by declaration.
using Groups = std::map<std::tuple<int, int, std::string_view>, std::vector<Fill>>;

Groups fills(const FileLoops& r, bool maps) {
  Groups groups;
  for (const FactLoop* loop : r.loops())
    for (const FactLoopStore& s : maps ? loop->map_stores : loop->appends)
      groups[{s.decl_line, s.decl_col, r.text(s.var)}].push_back({loop, &s});
  return groups;
}

// Whether the key of the map store at (line, col `[`) is a literal: one key
// filled over and over, which no hint sizes.
bool literal_key(const GoSourceFile& source, const FactLoopStore& s) {
  std::string_view line = source.line_text(s.line);
  if (s.col < 1 || static_cast<std::size_t>(s.col) >= line.size()) return true;
  std::string_view key = trim(line.substr(static_cast<std::size_t>(s.col)));
  return key.empty() || key[0] == '"' || key[0] == '`' || key[0] == '\'' ||
         std::isdigit(static_cast<unsigned char>(key[0]));
}

// §2 and §3: one site per declaration whose every other change is a fill of
// the same kind by another qualifying loop (the sizes add up).
void sized_sites(const FileLoops& r, const GoSourceFile& source, bool maps,
                 std::vector<LoopSite>& out) {
  for (const auto& [key, group] : fills(r, maps)) {
    const FactLoopStore& first = *group.front().store;
    const std::string_view decl = r.text(first.decl);
    if (maps ? (decl != "make_nohint" && decl != "empty_lit")
             : (decl != "nil" && decl != "empty_lit" && decl != "make0"))
      continue;
    std::set<int> fill_lines;
    for (const Fill& f : group) fill_lines.insert(f.store->line);
    bool ok = true;
    std::vector<std::string> sizes;
    for (const Fill& f : group) {
      const FactLoop& loop = *f.loop;
      const FactLoopStore& s = *f.store;
      ok = ok && r.runs_fully(loop) && FileLoops::once_per_iteration(s, !maps) &&
           r.declared_outside(loop, s) && !(maps && literal_key(source, s));
      for (int line : s.elsewhere) ok = ok && fill_lines.count(line);
      for (const Fill& other : group)
        ok = ok && !nested_in(*other.loop, loop) && !nested_in(loop, *other.loop);
      if (!ok) break;
      std::string size = times(maps ? 1 : s.values, std::string(r.text(loop.length)));
      ok = r.available_at(loop, size, s.decl_line, s.decl_col, false);
      sizes.push_back(std::move(size));
    }
    if (!ok) continue;
    const std::string_view var = std::get<2>(key);
    LoopSite site;
    site.size = sum(sizes);
    auto rewritten = sized_declaration(r, first, var, site.size, maps);
    if (!rewritten) continue;
    site.advice = maps ? LoopAdvice::map_hint : LoopAdvice::slice_capacity;
    site.var = std::string(var);
    site.type = rewritten->type;
    for (const Fill& f : group) {
      site.loops.push_back(f.loop->span.line);
      site.growth.push_back({f.store->line, f.store->col});
    }
    site.decl_line = first.decl_line;
    site.before = rewritten->before;
    site.after = rewritten->after;
    site.nil_to_empty = rewritten->was_nil;
    site.edits = {rewritten->edit};
    out.push_back(std::move(site));
  }
}

// §15: `make([]T, 0, n)` filled by one append per iteration of a counted loop
// of n, where nothing else in the loop mentions the slice.
void index_sites(const FileLoops& r, std::vector<LoopSite>& out) {
  for (const auto& [key, group] : fills(r, false)) {
    if (group.size() != 1) continue;
    const FactLoop& loop = *group.front().loop;
    const FactLoopStore& s = *group.front().store;
    const std::string_view over = r.text(loop.range_over);
    const std::string_view index = r.text(loop.key);
    const bool counted =
        loop.kind == LoopKind::for_ || over == "slice" || over == "array" || over == "int";
    if (r.text(s.decl) != "make" || index.empty() || !counted || !r.runs_fully(loop) ||
        !FileLoops::once_per_iteration(s, true) || s.values != 1 || s.uses != 2 ||
        !r.declared_outside(loop, s))
      continue;
    if (std::any_of(s.elsewhere.begin(), s.elsewhere.end(),
                    [&](int line) { return line >= s.decl_line && line <= loop.span.end_line; }))
      continue;
    const std::string length(r.text(loop.length));
    auto call = r.make_call(s);
    if (!call || call->args.size() != 3 || call->args[1] != "0" ||
        without_blanks(call->args[2]) != without_blanks(length) ||
        !r.available_at(loop, length, s.decl_line, s.decl_col, true))
      continue;
    // The append alone on its line: `out = append(out, v)`.
    const std::string_view var = std::get<2>(key);
    const Code append = r.code(s.line);
    const auto paren = static_cast<std::size_t>(s.col - append.col);
    std::string_view head = append.text.substr(0, std::min(paren, append.text.size()));
    if (!head.ends_with("append") || without_blanks(head) != std::string(var) + "=append") continue;
    auto args = call_span(append.text, "append", static_cast<int>(paren));
    if (!args || args->second + 1 != append.text.size()) continue;
    std::vector<std::string> values =
        split_args(append.text.substr(args->first, args->second - args->first));
    if (values.size() != 2 || values[0] != var) continue;

    const Code decl = r.code(s.decl_line);
    const auto from = static_cast<std::size_t>(call->col - decl.col);
    const auto to = static_cast<std::size_t>(call->end_col - decl.col);
    if (to > decl.text.size()) continue;
    LoopSite site;
    site.advice = LoopAdvice::slice_index;
    site.var = std::string(var);
    site.growth = {{s.line, s.col}};
    site.loops = {loop.span.line};
    site.type = call->args[0];
    site.size = length;
    site.decl_line = s.decl_line;
    site.before = std::string(decl.text);
    site.after = std::string(decl.text.substr(0, from)) +
                 fmt::format("make({}, {})", call->args[0], call->args[2]) +
                 std::string(decl.text.substr(to));
    site.store_before = std::string(append.text);
    site.store_after = fmt::format("{}[{}] = {}", var, index, gofmt_spacing(values[1], 1));
    site.edits = {{"", s.decl_line, decl.col, s.decl_line, decl.end_col(), site.after},
                  {"", s.line, append.col, s.line, append.end_col(), site.store_after}};
    out.push_back(std::move(site));
  }
}

// §2 for builders: a fixed number of bytes per iteration, known before the
// loop, and no other use of the builder in it.
void grow_sites(const FileLoops& r, std::vector<LoopSite>& out) {
  for (const FactLoop* loop : r.loops()) {
    if (!r.runs_fully(*loop)) continue;
    std::map<std::string_view, std::vector<const FactLoopWrite*>> by_var;
    for (const FactLoopWrite& w : loop->writes) by_var[r.text(w.var)].push_back(&w);
    for (const auto& [var, writes] : by_var) {
      long long per_iteration = 0;
      bool fixed = writes.size() == writes.front()->uses;
      for (const FactLoopWrite* w : writes) {
        fixed = fixed && !w->conditional && w->bytes > 0;
        per_iteration += w->bytes;
      }
      if (!fixed) continue;
      const std::string type(r.text(writes.front()->type));
      const std::string size = times(per_iteration, std::string(r.text(loop->length)));
      const long long first =
          type == "bytes.Buffer" ? buffer_first_allocation : builder_first_allocation;
      if ((is_number(size) && std::stoll(size) <= first) || r.grown_before(*loop, var)) continue;
      // Before the loop, and before its label if it has one.
      int at = loop->span.line;
      if (at > 1) {
        std::string_view above = r.code(at - 1).text;
        if (above.ends_with(":") && above.find(' ') == std::string_view::npos) --at;
      }
      const Code header = r.code(loop->span.line);
      LoopSite site;
      site.advice = LoopAdvice::builder_grow;
      site.var = std::string(var);
      for (const FactLoopWrite* w : writes) site.growth.push_back({w->line, w->col});
      site.loops = {loop->span.line};
      site.type = type;
      site.size = size;
      site.decl_line = loop->span.line;
      site.before = std::string(header.text);
      site.after = fmt::format("{}.Grow({})", var, gofmt_spacing(size, 1));
      site.edits = {{"", at, 1, at, 1, fmt::format("{}{}\n", header.indent, site.after)}};
      out.push_back(std::move(site));
    }
  }
}

constexpr std::pair<LoopAdvice, std::string_view> matchers[] = {
    {LoopAdvice::slice_capacity, "loop-slice-capacity"},
    {LoopAdvice::map_hint, "loop-map-hint"},
    {LoopAdvice::builder_grow, "loop-builder-grow"},
    {LoopAdvice::slice_index, "loop-slice-index"},
};

}  // namespace

std::vector<LoopSite> find_loop_sites(const FactsIndex& facts, int file,
                                      const GoSourceFile& source) {
  std::vector<LoopSite> out;
  const FileLoops r(facts, file, source);
  if (r.loops().empty()) return out;
  sized_sites(r, source, false, out);
  sized_sites(r, source, true, out);
  index_sites(r, out);
  grow_sites(r, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const LoopSite& a, const LoopSite& b) { return a.at() < b.at(); });
  return out;
}

bool is_append_verdict(const Finding& f) {
  return f.kind == Kind::escapes_to_heap && (f.expr == "append" || f.expr.starts_with("append("));
}

std::string_view loop_matcher(LoopAdvice advice) {
  for (const auto& [a, id] : matchers)
    if (a == advice) return id;
  return {};
}

std::optional<LoopAdvice> loop_advice_of(std::string_view matcher) {
  for (const auto& [a, id] : matchers)
    if (id == matcher) return a;
  return std::nullopt;
}

}  // namespace goescape
