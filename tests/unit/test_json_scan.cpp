// scan_json (support/json_scan.hpp): the events of valid JSON, in pieces of
// any size, and located errors for invalid JSON.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/json_scan.hpp"

using namespace goescape;

namespace {

// Writes the events back as compact JSON-like text.
class Echo final : public JsonEvents {
 public:
  std::string out;
  int stop_after = -1;  // events before a handler says stop

  bool null() override { return put("null"); }
  bool boolean(bool v) override { return put(v ? "true" : "false"); }
  bool integer(std::int64_t v) override { return put("i" + std::to_string(v)); }
  bool unsigned_integer(std::uint64_t v) override { return put("u" + std::to_string(v)); }
  bool floating(double, std::string_view text) override { return put("f" + std::string(text)); }
  bool string(std::string_view v) override { return put("\"" + std::string(v) + "\""); }
  bool key(std::string_view v) override { return put("k" + std::string(v) + ":"); }
  bool start_object() override { return put("{"); }
  bool end_object() override { return put("}"); }
  bool start_array() override { return put("["); }
  bool end_array() override { return put("]"); }

 private:
  bool put(const std::string& s) {
    if (stop_after == 0) return false;
    if (stop_after > 0) --stop_after;
    out += s + " ";
    return true;
  }
};

// Scans `text` cut into pieces of `size` bytes; returns the events, or the
// error after "error: ".
std::string scan(const std::string& text, std::size_t size = 1 << 20) {
  std::size_t at = 0;
  Echo echo;
  std::string error = scan_json(
      [&] {
        std::string_view piece = std::string_view(text).substr(std::min(at, text.size()), size);
        at += piece.size();
        return piece;
      },
      echo);
  return error.empty() ? echo.out : "error: " + error;
}

}  // namespace

TEST_CASE("json scan: values and containers, whatever the pieces", "[json_scan]") {
  const std::string text =
      R"( {"a": [1, -2, 3.5e2, true, false, null, "x\"y\\z\/\n\u00e9\ud83d\ude00"],)"
      R"( "b": {}, "c": [], "d": 18446744073709551615, "e": -0, "f": "caf)"
      "\xc3\xa9"
      R"(", "g": 1e400e} )";
  const std::string events = scan(text.substr(0, text.size() - 8) + "1E+2} ");
  CHECK(events ==
        "{ ka: [ i1 i-2 f3.5e2 true false null \"x\"y\\z/\n\xc3\xa9\xf0\x9f\x98\x80\" ] kb: { } "
        "kc: [ ] kd: u18446744073709551615 ke: i0 kf: \"caf\xc3\xa9\" kg: f1e+2 } ");
  for (std::size_t size : {1, 2, 3, 7, 64})
    CHECK(scan(text.substr(0, text.size() - 8) + "1E+2} ", size) == events);
  CHECK(scan("123456789012345678901234567890") == "f123456789012345678901234567890 ");
}

TEST_CASE("json scan: invalid input is a located error", "[json_scan]") {
  CHECK(scan("") == "error: offset 0: unexpected end of input");
  CHECK(scan("[1,]") == "error: offset 3: expected a value");
  CHECK(scan("{\"a\" 1}") == "error: offset 5: expected ':'");
  CHECK(scan("{\"a\":1,}") == "error: offset 7: expected a string key");
  CHECK(scan("[1 2]") == "error: offset 3: expected ',' or ']'");
  CHECK(scan("{} x") == "error: offset 3: text after the value");
  CHECK(scan("\"abc") == "error: offset 4: unterminated string");
  CHECK(scan("\"a\tb\"") == "error: offset 2: control character in a string");
  CHECK(scan("\"\\x\"") == "error: offset 3: invalid escape");
  CHECK(scan("\"\\ud800\"") == "error: offset 7: lone high surrogate");
  CHECK(scan("\"\\udc00\"") == "error: offset 7: lone low surrogate");
  CHECK(scan("\"\xc0\xaf\"") == "error: offset 1: invalid UTF-8");      // overlong
  CHECK(scan("\"\xed\xa0\x80\"") == "error: offset 2: invalid UTF-8");  // a surrogate
  CHECK(scan("\"\xe2\x82\"") == "error: offset 3: invalid UTF-8");      // cut short
  CHECK(scan("01") == "error: offset 1: text after the value");
  CHECK(scan("-") == "error: offset 1: expected a digit");
  CHECK(scan("1.") == "error: offset 2: expected a digit");
  CHECK(scan("1e400") == "error: offset 5: number out of range");
  CHECK(scan("tru") == "error: offset 3: invalid literal");
  CHECK(scan(std::string(max_json_depth, '[') + std::string(max_json_depth, ']')).rfind("[ ", 0) ==
        0);
  CHECK(scan(std::string(max_json_depth + 1, '[')) ==
        "error: offset " + std::to_string(max_json_depth + 1) + ": nested too deep");
}

TEST_CASE("json scan: a handler stops the scan", "[json_scan]") {
  Echo echo;
  echo.stop_after = 2;
  bool given = false;
  const std::string text = "[1, 2, 3]";
  CHECK(scan_json(
            [&] {
              if (given) return std::string_view();
              given = true;
              return std::string_view(text);
            },
            echo) == "stopped");
  CHECK(echo.out == "[ i1 ");
}
