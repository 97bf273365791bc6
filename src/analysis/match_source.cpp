// Go text helpers for the matchers: calls on one line, declared types of
// variables in one function, loop nesting. They read the scanner's output
// (source/go_source.hpp) and the raw line text; they are heuristics over
// well-formatted (gofmt) code, and say "unknown" rather than guess.
#include <fmt/format.h>

#include <algorithm>

#include "analysis/match_engine.hpp"
#include "support/regex.hpp"

namespace goescape {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Marks which bytes of `line` are code (not inside a string, rune or comment).
std::vector<bool> code_mask(std::string_view line) {
  std::vector<bool> code(line.size(), true);
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
      std::fill(code.begin() + static_cast<std::ptrdiff_t>(i), code.end(), false);
      break;
    }
    if (c == '"' || c == '`' || c == '\'') {
      const std::size_t end = skip_go_literal(line, i);
      std::fill(code.begin() + static_cast<std::ptrdiff_t>(i),
                code.begin() + static_cast<std::ptrdiff_t>(end), false);
      i = end - 1;
    }
  }
  return code;
}

// Offset of the bracket matching the opener at `open`, or npos.
std::size_t matching_close(std::string_view line, const std::vector<bool>& code, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < line.size(); ++i) {
    if (!code[i]) continue;
    char c = line[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

// The callee expression just before the '(' at `open`: identifiers joined by
// dots ("w.Write", "fmt.Sprintf").
std::string callee_before(std::string_view line, std::size_t open) {
  std::size_t end = open;
  std::size_t begin = end;
  while (begin > 0 && (ident_char(line[begin - 1]) || line[begin - 1] == '.')) --begin;
  return std::string(line.substr(begin, end - begin));
}

}  // namespace

std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') return line.substr(0, i);
    if (c == '"' || c == '`' || c == '\'') i = skip_go_literal(line, i) - 1;
  }
  return line;
}

std::string enclosing_call(std::string_view line, int col) {
  if (col <= 0) return {};
  const std::vector<bool> code = code_mask(line);
  std::size_t at = std::min<std::size_t>(static_cast<std::size_t>(col - 1), line.size());
  // Walk left from the column to the nearest unclosed '(' that follows a name.
  int depth = 0;
  for (std::size_t i = at; i-- > 0;) {
    if (!code[i]) continue;
    char c = line[i];
    if (c == ')' || c == ']' || c == '}') ++depth;
    if (c == '(' || c == '[' || c == '{') {
      if (depth > 0) {
        --depth;
        continue;
      }
      if (c != '(') continue;
      std::string callee = callee_before(line, i);
      if (!callee.empty() && callee != "func") return callee;
    }
  }
  return {};
}

std::optional<std::pair<std::size_t, std::size_t>> call_span(std::string_view line,
                                                             std::string_view callee, int col) {
  const std::vector<bool> code = code_mask(line);
  std::size_t from = 0;
  while (true) {
    std::size_t at = line.find(callee, from);
    if (at == std::string_view::npos) return std::nullopt;
    from = at + 1;
    std::size_t open = at + callee.size();
    if (!code[at] || open >= line.size() || line[open] != '(') continue;
    if (at > 0 && (ident_char(line[at - 1]) || line[at - 1] == '.')) continue;
    std::size_t close = matching_close(line, code, open);
    if (close == std::string_view::npos) close = line.size();
    // col 0: any call on the line counts.
    if (col <= 0 ||
        (static_cast<std::size_t>(col) >= at + 1 && static_cast<std::size_t>(col) <= close + 1))
      return std::make_pair(open + 1, close);
  }
}

std::vector<std::string> split_args(std::string_view args) {
  std::vector<std::string> out;
  const std::vector<bool> code = code_mask(args);
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!code[i]) continue;
    char c = args[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      out.emplace_back(trim(args.substr(start, i - start)));
      start = i + 1;
    }
  }
  std::string_view last = trim(args.substr(start));
  if (!last.empty() || !out.empty()) out.emplace_back(last);
  return out;
}

std::string function_text(const GoSourceFile& file, const GoFunc& fn) {
  std::string out;
  for (int l = fn.begin.line; l <= fn.end.line && l <= file.line_count(); ++l) {
    out += file.line_text(l);
    out += '\n';
  }
  return out;
}

const GoFunc* outer_function(const GoSourceFile& file, int line) {
  const GoFunc* fn = file.innermost_at(line, 0);
  while (fn && fn->parent >= 0 && static_cast<std::size_t>(fn->parent) < file.funcs.size())
    fn = &file.funcs[static_cast<std::size_t>(fn->parent)];
  return fn;
}

namespace {

// Splits a parameter list "a, b int, c *T" into (name, type) pairs.
std::vector<std::pair<std::string, std::string>> params_of(std::string_view list) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::string> pending;
  for (const std::string& part : split_args(list)) {
    std::string_view p = trim(part);
    std::size_t space = p.find_first_of(" \t");
    if (space == std::string_view::npos) {
      pending.emplace_back(p);  // a name waiting for its type (or an unnamed type)
      continue;
    }
    std::string name(p.substr(0, space));
    std::string type(trim(p.substr(space)));
    for (const std::string& n : pending) out.emplace_back(n, type);
    pending.clear();
    out.emplace_back(name, type);
  }
  return out;
}

// The element type of a slice, array or map type expression ("[]T" -> "T",
// "map[K]V" -> "V"), or empty.
std::string element_type(std::string_view type) {
  if (type.rfind("[]", 0) == 0) return std::string(type.substr(2));
  if (type.rfind("map[", 0) == 0 || type.rfind("[", 0) == 0) {
    int depth = 0;
    for (std::size_t i = 0; i < type.size(); ++i) {
      if (type[i] == '[') ++depth;
      if (type[i] == ']' && --depth == 0) return std::string(type.substr(i + 1));
    }
  }
  return {};
}

}  // namespace

std::string declared_type(const GoSourceFile& file, int line, std::string_view name) {
  if (name.empty()) return {};
  const GoFunc* fn = outer_function(file, line);
  if (!fn) return {};
  const std::string n = std::string(name);
  const Regex var_decl(fmt::format(R"(\bvar\s+{}\s+([^=]+?)\s*(?:=|$))", n));
  const Regex literal(fmt::format(R"(\b{}\s*:?=\s*(&?[A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*\{{)", n));
  const Regex made(fmt::format(R"(\b{}\s*:?=\s*make\(\s*([^,)]+))", n));
  const Regex fresh(fmt::format(R"(\b{}\s*:?=\s*new\(\s*([^)]+)\))", n));
  const Regex ranged(fmt::format(R"(\bfor\s+(?:\w+\s*,\s*)?{}\s*:=\s*range\s+([\w.]+))", n));
  // Later declarations shadow earlier ones: keep the last one before `line`.
  std::string found;
  for (int l = fn->begin.line; l <= line && l <= file.line_count(); ++l) {
    std::string_view text = strip_comment(file.line_text(l));
    if (text.find(name) == std::string_view::npos) continue;
    if (auto m = var_decl.capture(text)) {
      found = std::string(trim(*(*m)[1]));
    } else if (auto m2 = literal.capture(text)) {
      std::string t(*(*m2)[1]);
      found = t[0] == '&' ? "*" + t.substr(1) : t;
    } else if (auto m3 = made.capture(text)) {
      found = std::string(trim(*(*m3)[1]));
    } else if (auto m4 = fresh.capture(text)) {
      found = "*" + std::string(trim(*(*m4)[1]));
    } else if (auto m5 = ranged.capture(text)) {
      std::string_view ranged_over = *(*m5)[1];
      // The range expression is declared before this line (never by it).
      std::string over = ranged_over == name ? std::string() : declared_type(file, l, ranged_over);
      std::string elem = element_type(over);
      if (!elem.empty()) found = elem;
    }
  }
  if (!found.empty()) return found;
  // Parameters and receiver: the signature from `func` to the body's brace.
  std::string sig;
  for (int l = fn->begin.line; l <= fn->body_begin.line && l <= file.line_count(); ++l) {
    sig += strip_comment(file.line_text(l));
    sig += ' ';
  }
  const std::vector<bool> code = code_mask(sig);
  for (std::size_t i = 0; i < sig.size(); ++i) {
    if (sig[i] != '(' || !code[i]) continue;
    std::size_t close = matching_close(sig, code, i);
    if (close == std::string_view::npos) break;
    for (auto& [pname, ptype] : params_of(std::string_view(sig).substr(i + 1, close - i - 1))) {
      if (pname == name) {
        std::string t = ptype;
        if (t.rfind("...", 0) == 0) t = "[]" + t.substr(3);
        return t;
      }
    }
    i = close;
  }
  return {};
}

bool inside_for_loop(const GoSourceFile& file, int line) {
  const GoFunc* fn = file.innermost_at(line, 0);
  if (!fn) return false;
  // A stack of open braces, each remembering whether a `for` opened it.
  std::vector<bool> open;
  for (int l = fn->body_begin.line; l < line && l <= file.line_count(); ++l) {
    std::string_view text = file.line_text(l);
    const std::vector<bool> code = code_mask(text);
    std::string_view head = trim(text);
    bool is_for = head.rfind("for ", 0) == 0 || head == "for {" || head.rfind("for{", 0) == 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!code[i]) continue;
      if (text[i] == '{') open.push_back(is_for);
      if (text[i] == '}' && !open.empty()) open.pop_back();
    }
  }
  // A closure started inside a loop runs later, not per iteration: only the
  // braces of this function count, which the scan above already ensures.
  return std::find(open.begin(), open.end(), true) != open.end();
}

}  // namespace goescape
