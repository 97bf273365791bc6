// Go lexer: see go_lexer.hpp.
#include "source/go_lexer.hpp"

#include <array>

#include "support/text.hpp"

namespace goescape::golex {
namespace {

bool is_ident_start(unsigned char c) {
  // Bytes >= 0x80 are taken as parts of (Unicode) identifiers: a best effort that
  // keeps invalid UTF-8 harmless.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || is_digit(c); }

bool is_keyword(std::string_view s) {
  // Go keywords are 2 to 11 bytes long and start with a lower-case letter: a
  // cheap filter before the comparisons, which dominate lexing time otherwise.
  if (s.size() < 2 || s.size() > 11 || s[0] < 'b' || s[0] > 'v') return false;
  static constexpr std::array<std::string_view, 25> keywords = {
      "break",  "case",        "chan", "const",   "continue", "default", "defer",
      "else",   "fallthrough", "for",  "func",    "go",       "goto",    "if",
      "import", "interface",   "map",  "package", "range",    "return",  "select",
      "struct", "switch",      "type", "var"};
  for (std::string_view k : keywords)
    if (k.size() == s.size() && k[0] == s[0] && k == s) return true;
  return false;
}

// Whether a newline after `t` ends the statement (Go spec, "Semicolons").
bool ends_statement(const Token& t) {
  switch (t.kind) {
    case TokKind::ident:
    case TokKind::number:
    case TokKind::string:
    case TokKind::rune:
      return true;
    case TokKind::keyword:
      return t.text == "break" || t.text == "continue" || t.text == "fallthrough" ||
             t.text == "return";
    case TokKind::op:
      return t.text == ")" || t.text == "]" || t.text == "}" || t.text == "++" || t.text == "--";
    default:
      return false;
  }
}

std::size_t operator_length(std::string_view rest) {
  const char c = rest[0];
  const char d = rest.size() > 1 ? rest[1] : '\0';
  const char e = rest.size() > 2 ? rest[2] : '\0';
  switch (c) {
    case '.':
      return (d == '.' && e == '.') ? 3 : 1;
    case '<':
      if (d == '<') return e == '=' ? 3 : 2;
      return (d == '-' || d == '=') ? 2 : 1;
    case '>':
      if (d == '>') return e == '=' ? 3 : 2;
      return d == '=' ? 2 : 1;
    case '&':
      if (d == '^') return e == '=' ? 3 : 2;
      return (d == '&' || d == '=') ? 2 : 1;
    case '|':
      return (d == '|' || d == '=') ? 2 : 1;
    case '+':
      return (d == '+' || d == '=') ? 2 : 1;
    case '-':
      return (d == '-' || d == '=') ? 2 : 1;
    case ':':
    case '=':
    case '!':
    case '*':
    case '/':
    case '%':
    case '^':
    case '~':
      return d == '=' ? 2 : 1;
    default:
      return 1;
  }
}

}  // namespace

std::vector<Token> lex(std::string_view text, std::vector<std::size_t>* line_starts) {
  std::vector<Token> out;
  // Go code averages a token per 6 bytes and rarely passes one per 3: room
  // for that, so that lexing a file seldom copies its tokens to grow the
  // vector (pages reserved and never touched cost nothing).
  out.reserve(text.size() / 3 + 8);
  if (line_starts) {
    line_starts->clear();
    line_starts->push_back(0);
  }
  const std::size_t n = text.size();
  std::size_t i = 0;
  int line = 1;
  std::size_t line_start = 0;
  auto newline_at = [&](std::size_t pos) {  // pos is the offset of the '\n'
    ++line;
    line_start = pos + 1;
    if (line_starts) line_starts->push_back(line_start);
  };
  auto insert_semicolon = [&](int at_line, int at_col) {
    if (!out.empty() && ends_statement(out.back()))
      out.push_back(Token{TokKind::semi, "\n", at_line, at_col, -1});
  };
  auto col_of = [&](std::size_t pos) { return static_cast<int>(pos - line_start) + 1; };

  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      insert_semicolon(line, col_of(i));
      newline_at(i);
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0) {
      ++i;
      continue;
    }
    const int tok_line = line;
    const int tok_col = col_of(i);
    const std::size_t start = i;
    auto push = [&](TokKind kind) {
      out.push_back(Token{kind, text.substr(start, i - start), tok_line, tok_col, -1});
    };
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      const std::size_t eol = text.find('\n', i);
      i = eol == std::string_view::npos ? n : eol;
      continue;  // the newline is handled by the loop (semicolon insertion)
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      bool had_newline = false;
      i += 2;
      while (i < n && !(text[i] == '*' && i + 1 < n && text[i + 1] == '/')) {
        if (text[i] == '\n') {
          if (!had_newline) insert_semicolon(line, col_of(i));
          had_newline = true;
          newline_at(i);
        }
        ++i;
      }
      i = (i < n) ? i + 2 : n;
      continue;
    }
    if (is_ident_start(c)) {
      while (i < n && is_ident_char(static_cast<unsigned char>(text[i]))) ++i;
      push(is_keyword(text.substr(start, i - start)) ? TokKind::keyword : TokKind::ident);
      continue;
    }
    if (is_digit(c) ||
        (c == '.' && i + 1 < n && is_digit(static_cast<unsigned char>(text[i + 1])))) {
      while (i < n) {
        const unsigned char d = static_cast<unsigned char>(text[i]);
        if (is_ident_char(d) || d == '.') {
          ++i;
        } else if ((d == '+' || d == '-') && (text[i - 1] == 'e' || text[i - 1] == 'E' ||
                                              text[i - 1] == 'p' || text[i - 1] == 'P')) {
          ++i;
        } else {
          break;
        }
      }
      push(TokKind::number);
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      i = skip_go_literal(text, i);
      // Only a raw string spans lines.
      if (c == '`')
        for (std::size_t k = start; k < i; ++k)
          if (text[k] == '\n') newline_at(k);
      push(c == '\'' ? TokKind::rune : TokKind::string);
      continue;
    }
    if (c == ';') {
      ++i;
      push(TokKind::semi);
      continue;
    }
    i += operator_length(text.substr(i));
    push(TokKind::op);
  }
  insert_semicolon(line, col_of(n));
  out.push_back(Token{TokKind::eof, "", line, col_of(n), -1});

  // Pair brackets with one stack. A closer that does not match the innermost
  // opener pairs with the nearest matching opener below it (the ones above are
  // left unpaired); a closer with no opener at all stays unpaired.
  std::vector<int> stack;
  for (int k = 0; k < static_cast<int>(out.size()); ++k) {
    Token& t = out[k];
    if (t.kind != TokKind::op || t.text.size() != 1) continue;
    const char ch = t.text[0];
    if (ch == '(' || ch == '[' || ch == '{') {
      stack.push_back(k);
      continue;
    }
    char want = 0;
    if (ch == ')') want = '(';
    if (ch == ']') want = '[';
    if (ch == '}') want = '{';
    if (want == 0) continue;
    int depth = static_cast<int>(stack.size()) - 1;
    // Bounded look-down keeps garbage input linear.
    const int floor = depth >= 64 ? depth - 64 : 0;
    while (depth >= floor && out[stack[depth]].text[0] != want) --depth;
    if (depth < floor || depth < 0) continue;
    out[stack[depth]].match = k;
    t.match = stack[depth];
    stack.resize(depth);
  }
  return out;
}

}  // namespace goescape::golex
