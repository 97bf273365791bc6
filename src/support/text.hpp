// Small text helpers several stages need alike: trimming, splitting text into
// lines, decoding one UTF-8 sequence, skipping a Go literal, writing a byte
// count, reading generic names alike. One copy of each, so that every reader of outside text agrees
// on what a line, a blank or a valid character is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace goescape {

// `text` without the ASCII white space (space, \t, \n, \v, \f, \r) at either
// end.
std::string_view trim(std::string_view text);

// The lines of `text`, each without its '\n' and without a '\r' before it. A
// '\n' at the very end ends the last line rather than starting an empty one;
// empty text has no lines. The views point into `text`.
std::vector<std::string_view> split_lines(std::string_view text);

// One UTF-8 sequence: the code point and how many bytes encode it.
struct Utf8Char {
  char32_t value = 0;
  std::size_t length = 0;  // 1 to 4; 0 when the bytes are not valid UTF-8
};

// Decodes the sequence that starts at text[i] (i < text.size()). Overlong
// forms, surrogates, values past U+10FFFF and truncated sequences are not
// valid: length 0.
Utf8Char decode_utf8(std::string_view text, std::size_t i);

// The index just past the Go literal (interpreted string, raw string or rune)
// whose opening quote is text[i]; text.size() when it is unterminated. An
// interpreted string or rune also ends at a line end, as the Go scanner ends
// it (the compiler reports the error); a raw string may span lines.
std::size_t skip_go_literal(std::string_view text, std::size_t i);

// Whether `c` may be part of a Go identifier: an ASCII letter, digit or
// underscore, or any byte of a multi-byte UTF-8 character.
inline bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Whether `expr` is a literal as the compiler prints an untyped or
// predeclared-type constant: a string or rune literal (a long string may be
// cut and end in `...`), a number (`-1`, `1.5`, `1e+06`, `(1+2i)`), true or
// false. A typed constant prints as `T(literal)`, which only a type's name
// tells from a call.
bool is_printed_literal(std::string_view expr);

// `F[go.shape.int]` -> `F[...]`, `(*LRU[string,p.T]).Put` -> `(*LRU[...]).Put`:
// every top-level bracket's contents (nested brackets, spaces and all)
// become "...". For function names, not expressions (`[]byte` would become
// `[...]byte`).
std::string collapse_type_arguments(std::string_view name);

// `text` with each generic shape type the compiler prints (`go.shape.int`,
// `go.shape.[]uint8`, `go.shape.struct { ... }`) written `go.shape`: the
// text of one generic site whatever types it was instantiated with.
std::string without_shapes(std::string_view text);

// A byte count for people: "640 B", "1.5 KiB", "802.3 MiB" (binary units,
// one decimal).
std::string human_bytes(std::int64_t bytes);

}  // namespace goescape
