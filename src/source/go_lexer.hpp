// The tokens of Go source text, for the source scanner (go_source.hpp).
// Hand-written and linear: comments,
// interpreted/raw strings and runes are skipped as units, semicolons are
// inserted at line ends as the Go specification says, and every bracket knows
// its partner so callers can jump over groups in O(1).
//
// Any bytes are accepted: unknown bytes become one-byte operator tokens,
// unterminated literals end at the line end (or the file end for raw strings
// and block comments), unbalanced brackets get no partner.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace goescape::golex {

enum class TokKind : std::uint8_t {
  ident,
  keyword,
  number,
  string,  // interpreted or raw string
  rune,
  op,    // operators and brackets
  semi,  // explicit `;` or one inserted at a line end
  eof,
};

struct Token {
  TokKind kind = TokKind::eof;
  std::string_view text;  // a view into the lexed text; "\n" for inserted semicolons
  int line = 0;           // 1-based
  int col = 0;            // 1-based byte column
  int match = -1;         // index of the partner bracket, -1 when none
};

// Lexes `text` into tokens ending with one eof token. `line_starts`, when
// given, receives the offset of each line's first byte (line 1 at index 0).
std::vector<Token> lex(std::string_view text, std::vector<std::size_t>* line_starts = nullptr);

inline bool is(const Token& t, std::string_view s) {
  return (t.kind == TokKind::op || t.kind == TokKind::keyword || t.kind == TokKind::ident) &&
         t.text == s;
}

}  // namespace goescape::golex
