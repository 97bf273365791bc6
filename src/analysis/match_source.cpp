// Go text helpers for the matchers: calls on one line, function bodies, loop
// nesting. They read the scanner's output (source/go_source.hpp) and the raw
// line text; they are heuristics over well-formatted (gofmt) code, and say
// "unknown" rather than guess. Types are never read from text: they come
// from the facts (match_types.cpp).
#include <algorithm>

#include "analysis/match_engine.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

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
  while (begin > 0 && (is_identifier_char(line[begin - 1]) || line[begin - 1] == '.')) --begin;
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
    if (at > 0 && (is_identifier_char(line[at - 1]) || line[at - 1] == '.')) continue;
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

bool in_loop(const MatchInput& in, int line, int col) {
  if (in.facts) return in.facts.index->in_loop(in.facts.file, line, col);
  return in.file && inside_for_loop(*in.file, line);
}

}  // namespace goescape
