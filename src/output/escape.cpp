#include "output/escape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

#include "support/text.hpp"

namespace goescape {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view word_joiner = "\xE2\x81\xA0";  // U+2060

// Calls `emit(code_point, raw_bytes)` for each code point of `text`; invalid
// bytes arrive one at a time as U+FFFD with the replacement as raw bytes.
template <typename Emit>
void for_each_code_point(std::string_view text, Emit&& emit) {
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char ch = decode_utf8(text, i);
    if (ch.length > 0) {
      emit(ch.value, text.substr(i, ch.length));
      i += ch.length;
    } else {
      emit(char32_t{0xFFFD}, replacement);
      ++i;
    }
  }
}

// Characters that move the cursor, end a line for some reader, or are
// invisible controls: C0, DEL, C1, LINE/PARAGRAPH SEPARATOR.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

// A character and what it becomes in one syntax.
struct Mapping {
  char32_t from;
  std::string_view to;
};

// `text` with each mapped character replaced, invalid UTF-8 replaced, and
// characters `drop(c)` approves of replaced by U+FFFD.
template <typename Drop>
std::string escape_with(std::string_view text, std::initializer_list<Mapping> mappings,
                        Drop&& drop) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t c, std::string_view raw) {
    for (const Mapping& m : mappings) {
      if (m.from == c) {
        out += m.to;
        return;
      }
    }
    out += drop(c) ? replacement : raw;
  });
  return out;
}

// The longest run of backticks in `text`: a code fence must be longer.
std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// Controls except TAB and the line breaks a format encodes itself.
bool is_stray_control(char32_t c) { return is_control(c) && c != '\t' && c != '\n' && c != '\r'; }

std::string github_escape(std::string_view text, bool property) {
  // One pass: an escaped `%` is never escaped again.
  if (property) {
    return escape_with(text,
                       {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}},
                       is_stray_control);
  }
  return escape_with(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}}, is_stray_control);
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t, std::string_view raw) { out += raw; });
  return out;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view ellipsis = "\xE2\x80\xA6";
  std::size_t cut = max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  // Step back over continuation bytes so no code point is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out(text.substr(0, cut));
  if (max_bytes >= ellipsis.size()) out += ellipsis;
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;  // a whitespace run is pending
  for_each_code_point(text, [&](char32_t c, std::string_view raw) {
    if (c == '\r' || c == '\n' || c == '\t') {
      space = true;
      return;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += is_control(c) ? replacement : raw;
  });
  return out;
}

int utf16_column(std::string_view line, int byte_col) {
  if (line.empty() || byte_col <= 1) return byte_col;
  const std::size_t target = static_cast<std::size_t>(byte_col - 1);
  int units = 0;
  std::size_t i = 0;
  while (i < line.size() && i < target) {
    const Utf8Char ch = decode_utf8(line, i);
    units += ch.value > 0xFFFF ? 2 : 1;  // an invalid byte (length 0) is one unit
    i += ch.length > 0 ? ch.length : 1;
  }
  // Past the end of the line (or inside a sequence): keep the byte distance.
  return units + 1 + static_cast<int>(target > i ? target - i : 0);
}

std::string github_data(std::string_view text) { return github_escape(text, false); }

std::string github_property(std::string_view text) { return github_escape(text, true); }

std::string github_unescape(std::string_view text, bool property) {
  // One pass over the five escapes; the runner replaces them one after the
  // other with `%25` last, which decodes the same because no replacement
  // produces a `%`.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view rest = text.substr(i);
    char decoded = 0;
    if (rest.starts_with("%25")) {
      decoded = '%';
    } else if (rest.starts_with("%0D")) {
      decoded = '\r';
    } else if (rest.starts_with("%0A")) {
      decoded = '\n';
    } else if (property && rest.starts_with("%3A")) {
      decoded = ':';
    } else if (property && rest.starts_with("%2C")) {
      decoded = ',';
    }
    if (decoded) {
      out += decoded;
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  // TAB, LF and CR as references, not characters: attribute-value
  // normalisation would turn literal ones into spaces. XML 1.0 `Char`
  // excludes the other C0 controls and U+FFFE/U+FFFF even as references.
  return escape_with(text,
                     {{'&', "&amp;"},
                      {'<', "&lt;"},
                      {'>', "&gt;"},
                      {'"', "&quot;"},
                      {'\'', "&apos;"},
                      {'\t', "&#9;"},
                      {'\n', "&#10;"},
                      {'\r', "&#13;"}},
                     [](char32_t c) { return c < 0x20 || c == 0xFFFE || c == 0xFFFF; });
}

std::string html_escape(std::string_view text) {
  return escape_with(
      text, {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}},
      [](char32_t c) { return is_control(c) && c != '\n' && c != '\t'; });
}

std::string markdown_text(std::string_view text) {
  std::string line = one_line(text);
  std::string out;
  out.reserve(line.size() + line.size() / 4);
  for (char c : line) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '@':
        out += '@', out += word_joiner;
        break;
      case '#':
        out += "\\#", out += word_joiner;
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '{':
      case '}':
      case '[':
      case ']':
      case '(':
      case ')':
      case '+':
      case '-':
      case '!':
      case '|':
      case '~':
      case '=':
        out += '\\', out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  std::string line = one_line(text);
  if (line.empty()) return {};
  if (line.find_first_of("<>") != std::string::npos) return markdown_text(line);
  // The fence is one backtick longer than the longest run inside.
  std::size_t longest = longest_backtick_run(line);
  std::string fence(longest + 1, '`');
  bool pad = line.front() == '`' || line.back() == '`';
  std::string body;
  for (char c : line) {
    // GFM splits table cells before parsing code spans; `\|` keeps the pipe.
    if (c == '|') body += '\\';
    body += c;
    // Not needed for Go names; keeps hostile text from pinging anyone.
    if (c == '@' || c == '#') body += word_joiner;
  }
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string markdown_code_block(std::string_view text, std::string_view language) {
  std::string body = escape_with(
      text, {{'\r', ""}}, [](char32_t c) { return is_control(c) && c != '\n' && c != '\t'; });
  std::size_t longest = longest_backtick_run(body);
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fmt::format("{}{}\n{}{}\n", fence, one_line(language), body, fence);
}

std::string uri_from_path(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    // Sub-delimiters and `@` are legal in a path segment; `:` is not in the
    // first segment of a relative reference (it would read as a scheme).
    keep = keep ||
           std::string_view("!$&'()*+,;=@").find(static_cast<char>(c)) != std::string_view::npos;
    out += keep ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace goescape
