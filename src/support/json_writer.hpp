// A minimal streaming JSON writer for the hot output path (one report line per
// finding on logs of hundreds of thousands of findings), where building
// nlohmann::json trees costs more than parsing the log. Strings are escaped as
// RFC 8259 requires; invalid UTF-8 becomes U+FFFD, so the output is always
// valid JSON whatever bytes the compiler log held.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace goescape {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // Object member name (plain ASCII, written as is); the value call follows.
  void key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(bool flag);
  void null();

 private:
  void open(char bracket);
  void close(char bracket);
  void separate();

  std::string& out_;
  bool first_ = true;  // no element written yet at this level
  bool after_key_ = false;
};

// Appends `text` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view text);

}  // namespace goescape
