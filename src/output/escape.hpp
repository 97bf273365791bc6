// Escaping for every output format. Finding text (file names, identifiers,
// compiler messages, source lines) is untrusted: it may span several lines,
// carry control characters, NUL or invalid UTF-8, or look like markup. Each
// function here makes such text inert in one target syntax, so a finding can
// never become a workflow command, an XML element or HTML.
//
// JSON needs nothing here: nlohmann escapes, and dump_json() replaces
// invalid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace goescape {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD; valid input is
// returned unchanged.
std::string valid_utf8(std::string_view text);

// At most `max_bytes` bytes of valid UTF-8 `text`, cut at a code point
// boundary; when cut, ends with "…" (counted within `max_bytes`).
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// `text` on one line: valid UTF-8, CR/LF/TAB runs become one space, other
// control characters (C0, DEL, C1, U+2028/U+2029) become U+FFFD.
std::string one_line(std::string_view text);

// The 1-based UTF-16 column of the 1-based byte column `byte_col` in `line`
// (SARIF `utf16CodeUnits`). Invalid UTF-8 bytes count as one unit each (they
// become U+FFFD); a column past the end keeps its distance from the end.
// Without the line the byte column is returned (exact for ASCII).
int utf16_column(std::string_view line, int byte_col);

// GitHub workflow commands (ANNOTATIONS.md §2.2). The data part: `%`, CR and
// LF percent-encoded, so the whole command stays one line. Other control
// characters become U+FFFD; invalid UTF-8 is replaced.
std::string github_data(std::string_view text);

// A workflow-command property value: as github_data, and also `:` and `,`,
// which would otherwise end the property list or start a new property.
std::string github_property(std::string_view text);

// Inverse of github_data / github_property as the Actions runner applies it
// (for tests of the escaping).
std::string github_unescape(std::string_view text, bool property);

// Text for an XML 1.0 attribute value or element content: `& < > " '`
// escaped; TAB, LF and CR as character references so attribute values
// round-trip; characters XML 1.0 forbids (other C0 controls, U+FFFE/U+FFFF)
// and invalid UTF-8 become U+FFFD.
std::string xml_escape(std::string_view text);

// Text for HTML element content or a quoted attribute: `& < > " '` escaped,
// invalid UTF-8 and control characters replaced.
std::string html_escape(std::string_view text);

// Plain text for a GitHub-flavoured Markdown paragraph or table cell, on one
// line: Markdown punctuation backslash-escaped, `|` escaped for tables, `<`,
// `>` and `&` as entities (no raw HTML), and `@name` / `#123` broken with a
// word joiner so they never mention users or link issues.
std::string markdown_text(std::string_view text);

// `text` as a Markdown code span for a table cell, for identifiers and
// expressions. Falls back to markdown_text when the text holds `<` or `>`
// (the output never contains raw `<`).
std::string markdown_code(std::string_view text);

// A fenced code block holding `text` (several lines kept), with a fence
// longer than any backtick run in it. Only for block context, never a table.
std::string markdown_code_block(std::string_view text, std::string_view language);

// A repo-relative path as a URI reference (RFC 3986): each byte outside the
// unreserved set and `/` percent-encoded, so spaces, `%`, `#`, `?`, `:` and
// non-ASCII survive. An absolute path becomes a `file://` URI.
std::string uri_from_path(std::string_view path);

}  // namespace goescape
