#include "support/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace goescape {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

Utf8Char decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, min = 0x10000;
  } else {
    return {};
  }
  if (i + length > text.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {};
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

std::size_t skip_go_literal(std::string_view text, std::size_t i) {
  const char quote = text[i];
  for (++i; i < text.size(); ++i) {
    const char c = text[i];
    if (c == quote) return i + 1;
    if (quote == '`') continue;
    if (c == '\n') return i;
    // An escape never swallows the line end: `"a\` ends at the newline.
    if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
  }
  return text.size();
}

bool is_printed_literal(std::string_view expr) {
  if (expr.empty()) return false;
  if (expr == "true" || expr == "false") return true;
  const char c = expr.front();
  if (c == '"' || c == '`' || c == '\'') {
    const std::size_t end = skip_go_literal(expr, 0);
    return end <= expr.size() && (end == expr.size() || expr.substr(end) == "...");
  }
  std::string_view number = expr;
  if (number.starts_with('(') && number.ends_with(')'))
    number = number.substr(1, number.size() - 2);
  if (number.starts_with('-')) number.remove_prefix(1);
  const auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  if (number.empty() || !(digit(number.front()) || (number.front() == '.' && number.size() > 1)))
    return false;
  return std::all_of(number.begin(), number.end(), [&](char ch) {
    return digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
           ch == '.' || ch == '+' || ch == '-' || static_cast<unsigned char>(ch) >= 0x80;
  });
}

std::string collapse_type_arguments(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  int depth = 0;
  for (char c : name) {
    if (c == '[') {
      if (depth++ == 0) out += "[...";
      continue;
    }
    if (c == ']' && depth > 0) {
      if (--depth == 0) out += ']';
      continue;
    }
    if (depth == 0) out += c;
  }
  if (depth > 0) out += ']';  // an unterminated list: close what was opened
  return out;
}

std::string without_shapes(std::string_view text) {
  constexpr std::string_view shape = "go.shape.";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, shape.size(), shape) != 0) {
      out += text[i++];
      continue;
    }
    out += "go.shape";
    // The shape's type runs to the ',' ']' or ')' that closes the list it
    // is in; brackets, braces and parentheses inside it are its own.
    int depth = 0;
    for (i += shape.size(); i < text.size(); ++i) {
      const char c = text[i];
      if (c == '[' || c == '{' || c == '(') {
        ++depth;
      } else if (c == ']' || c == '}' || c == ')') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
  }
  return out;
}

std::string human_bytes(std::int64_t bytes) {
  constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

}  // namespace goescape
