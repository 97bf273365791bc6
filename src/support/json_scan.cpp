#include "support/json_scan.hpp"

#include <fmt/format.h>

#include <charconv>
#include <system_error>
#include <vector>

namespace goescape {

namespace {

class Scanner {
 public:
  Scanner(const std::function<std::string_view()>& next, JsonEvents& events)
      : next_(next), events_(events) {}

  std::string run() {
    bool need_value = true;  // else a value just ended
    for (;;) {
      skip_space();
      if (need_value) {
        if (!value()) return error_;
        need_value = expecting_value_;
        continue;
      }
      if (open_.empty()) {
        if (peek() >= 0) failed("text after the value");
        return error_;
      }
      const int c = peek();
      const bool in_object = open_.back() == '{';
      if (c == ',') {
        advance();
        if (in_object && !key()) return error_;
        need_value = true;
      } else if (c == (in_object ? '}' : ']')) {
        advance();
        open_.pop_back();
        if (!(in_object ? events_.end_object() : events_.end_array())) {
          stop();
          return error_;
        }
      } else {
        failed(in_object ? "expected ',' or '}'" : "expected ',' or ']'");
        return error_;
      }
    }
  }

 private:
  // The next byte, or -1 at the end of the input.
  int peek() {
    if (at_ < chunk_.size() || refill()) return static_cast<unsigned char>(chunk_[at_]);
    return -1;
  }
  void advance() { ++at_; }
  bool refill() {
    if (ended_) return false;
    offset_ += chunk_.size();
    chunk_ = next_();
    at_ = 0;
    ended_ = chunk_.empty();
    return !ended_;
  }

  void skip_space() {
    for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) advance();
  }

  // Keep the first error, located; false, for the callers to return.
  bool failed(std::string_view what) {
    if (error_.empty()) error_ = fmt::format("offset {}: {}", offset_ + at_, what);
    return false;
  }
  // A handler said stop.
  bool stop() {
    if (error_.empty()) error_ = "stopped";
    return false;
  }

  // Reads one value, or opens a container (expecting_value_ then says
  // whether its first element is still to come).
  bool value() {
    expecting_value_ = false;
    const int c = peek();
    switch (c) {
      case '{':
      case '[': {
        advance();
        if (open_.size() >= max_json_depth) return failed("nested too deep");
        const bool object = c == '{';
        if (!(object ? events_.start_object() : events_.start_array())) return stop();
        open_.push_back(static_cast<char>(c));
        skip_space();
        if (peek() == (object ? '}' : ']')) {
          advance();
          open_.pop_back();
          return (object ? events_.end_object() : events_.end_array()) || stop();
        }
        expecting_value_ = true;
        return !object || key();
      }
      case '"': {
        std::string_view text;
        return string(text) && (events_.string(text) || stop());
      }
      case 't':
        return literal("true") && (events_.boolean(true) || stop());
      case 'f':
        return literal("false") && (events_.boolean(false) || stop());
      case 'n':
        return literal("null") && (events_.null() || stop());
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        return failed(c < 0 ? "unexpected end of input" : "expected a value");
    }
  }

  // An object's key, then its ':'.
  bool key() {
    skip_space();
    if (peek() != '"') return failed("expected a string key");
    std::string_view name;
    if (!string(name)) return false;
    if (!events_.key(name)) return stop();
    skip_space();
    if (peek() != ':') return failed("expected ':'");
    advance();
    return true;
  }

  bool literal(std::string_view word) {
    for (char expected : word) {
      if (peek() != static_cast<unsigned char>(expected)) return failed("invalid literal");
      advance();
    }
    return true;
  }

  // A string from its opening quote: `out` views the input itself when the
  // string lies whole in one piece without escapes, else token_.
  bool string(std::string_view& out) {
    advance();  // the quote
    std::size_t start = at_;
    while (at_ < chunk_.size()) {
      const auto c = static_cast<unsigned char>(chunk_[at_]);
      if (c == '"') {
        out = chunk_.substr(start, at_ - start);
        advance();
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) break;
      advance();
    }
    token_.assign(chunk_.substr(start, at_ - start));
    for (;;) {
      const int c = peek();
      if (c < 0) return failed("unterminated string");
      if (c == '"') {
        advance();
        out = token_;
        return true;
      }
      if (c == '\\') {
        advance();
        if (!escape()) return false;
      } else if (c < 0x20) {
        return failed("control character in a string");
      } else if (c >= 0x80) {
        if (!utf8_sequence()) return false;
      } else {
        start = at_;
        while (at_ < chunk_.size()) {
          const auto d = static_cast<unsigned char>(chunk_[at_]);
          if (d == '"' || d == '\\' || d < 0x20 || d >= 0x80) break;
          advance();
        }
        token_.append(chunk_.substr(start, at_ - start));
      }
    }
  }

  bool escape() {
    const int c = peek();
    advance();
    switch (c) {
      case '"':
        token_ += '"';
        return true;
      case '\\':
        token_ += '\\';
        return true;
      case '/':
        token_ += '/';
        return true;
      case 'b':
        token_ += '\b';
        return true;
      case 'f':
        token_ += '\f';
        return true;
      case 'n':
        token_ += '\n';
        return true;
      case 'r':
        token_ += '\r';
        return true;
      case 't':
        token_ += '\t';
        return true;
      case 'u':
        break;
      default:
        return failed("invalid escape");
    }
    std::uint32_t code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return failed("lone low surrogate");
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (peek() != '\\') return failed("lone high surrogate");
      advance();
      if (peek() != 'u') return failed("lone high surrogate");
      advance();
      std::uint32_t low = 0;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return failed("lone high surrogate");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(code);
    return true;
  }

  bool hex4(std::uint32_t& out) {
    for (int i = 0; i < 4; ++i) {
      const int c = peek();
      int digit;
      if (c >= '0' && c <= '9')
        digit = c - '0';
      else if (c >= 'a' && c <= 'f')
        digit = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        digit = c - 'A' + 10;
      else
        return failed("invalid \\u escape");
      advance();
      out = out * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  void append_utf8(std::uint32_t code) {
    if (code < 0x80) {
      token_ += static_cast<char>(code);
    } else if (code < 0x800) {
      token_ += static_cast<char>(0xC0 | (code >> 6));
      token_ += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      token_ += static_cast<char>(0xE0 | (code >> 12));
      token_ += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      token_ += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      token_ += static_cast<char>(0xF0 | (code >> 18));
      token_ += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      token_ += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      token_ += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  // One UTF-8 encoded character, checked as RFC 3629 has it: no overlong
  // forms, no surrogates, nothing above U+10FFFF.
  bool utf8_sequence() {
    const int lead = peek();
    int length;
    int low = 0x80, high = 0xBF;  // range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return failed("invalid UTF-8");
    }
    token_ += static_cast<char>(lead);
    advance();
    for (int i = 1; i < length; ++i) {
      const int c = peek();
      if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xBF)) return failed("invalid UTF-8");
      token_ += static_cast<char>(c);
      advance();
    }
    return true;
  }

  bool digits() {
    const std::size_t before = number_.size();
    for (int c = peek(); c >= '0' && c <= '9'; c = peek()) {
      number_ += static_cast<char>(c);
      advance();
    }
    return number_.size() > before || failed("expected a digit");
  }

  bool number() {
    number_.clear();
    if (peek() == '-') {
      number_ += '-';
      advance();
    }
    if (peek() == '0') {
      number_ += '0';
      advance();
    } else if (!digits()) {
      return false;
    }
    bool integral = true;
    if (peek() == '.') {
      integral = false;
      number_ += '.';
      advance();
      if (!digits()) return false;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      number_ += 'e';
      advance();
      if (peek() == '+' || peek() == '-') {
        number_ += static_cast<char>(peek());
        advance();
      }
      if (!digits()) return false;
    }
    const char* first = number_.data();
    const char* last = first + number_.size();
    if (integral) {
      std::int64_t i = 0;
      if (auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last)
        return events_.integer(i) || stop();
      std::uint64_t u = 0;
      if (auto r = std::from_chars(first, last, u); r.ec == std::errc() && r.ptr == last)
        return events_.unsigned_integer(u) || stop();
    }
    double d = 0;
    auto r = std::from_chars(first, last, d);
    if (r.ec != std::errc() || r.ptr != last) return failed("number out of range");
    return events_.floating(d, number_) || stop();
  }

  const std::function<std::string_view()>& next_;
  JsonEvents& events_;
  std::string_view chunk_;
  std::size_t at_ = 0;        // in chunk_
  std::uint64_t offset_ = 0;  // of chunk_ in the input
  bool ended_ = false;
  bool expecting_value_ = false;
  std::vector<char> open_;  // '{' or '[' of each open container
  std::string token_;       // a string that needed copying
  std::string number_;      // a number's text
  std::string error_;
};

}  // namespace

std::string scan_json(const std::function<std::string_view()>& next, JsonEvents& events) {
  return Scanner(next, events).run();
}

}  // namespace goescape
