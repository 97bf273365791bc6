// A JSON reader that hands its events (SAX style) to a handler as it reads,
// for large machine-written input read piece by piece (a spool record): no
// tree, no copy of a string that lies whole in one piece of input, and the
// grammar checked strictly (RFC 8259: one value, UTF-8, surrogate pairs,
// numbers as the grammar writes them). Containers nest at most
// max_json_depth deep, so that hostile input cannot exhaust anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace goescape {

constexpr std::size_t max_json_depth = 512;

// What scan_json() reports. A handler returns false to stop the scan.
class JsonEvents {
 public:
  virtual ~JsonEvents() = default;
  virtual bool null() = 0;
  virtual bool boolean(bool value) = 0;
  virtual bool integer(std::int64_t value) = 0;
  virtual bool unsigned_integer(std::uint64_t value) = 0;  // above INT64_MAX
  // A number with a fraction or exponent, or an integer too large for 64
  // bits; `text` as written.
  virtual bool floating(double value, std::string_view text) = 0;
  // `value` is valid during the call only.
  virtual bool string(std::string_view value) = 0;
  virtual bool key(std::string_view name) = 0;
  virtual bool start_object() = 0;
  virtual bool end_object() = 0;
  virtual bool start_array() = 0;
  virtual bool end_array() = 0;
};

// Reads exactly one JSON value, then only whitespace, from the pieces
// `next` returns in order (an empty piece is the end of the input; a piece
// must stay valid until the next call). Returns an empty string when the
// whole input was read, else why not: a message with the byte offset
// ("offset 12: expected ':'"), or "stopped" when a handler returned false.
std::string scan_json(const std::function<std::string_view()>& next, JsonEvents& events);

}  // namespace goescape
