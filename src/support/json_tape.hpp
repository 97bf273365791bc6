// A JSON value held as a flat array of nodes (a "tape") instead of a tree of
// maps, for readers of large machine-written input: nlohmann's SAX parser
// feeds it, so the grammar, UTF-8 and number checks stay nlohmann's, but a
// value costs two growing buffers (nodes and string bytes) that are reused
// from one value to the next, not an allocation per member. Members are
// found by a linear scan, which suits objects of a few dozen keys.
//
// JsonTape builds one value at a time from SAX events (any prefix of a
// document's events that forms one whole value); JsonValue is a cheap view
// into it, valid until the tape is cleared or fed again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace goescape {

enum class JsonType : std::uint8_t {
  null,
  boolean,
  integer,           // fits std::int64_t
  unsigned_integer,  // above INT64_MAX
  floating,
  string,
  array,
  object,
};

class JsonTape;

class JsonValue {
 public:
  JsonValue() = default;
  JsonValue(const JsonTape* tape, std::uint32_t index) : tape_(tape), index_(index) {}

  // False for the value find() returns when there is no such member.
  explicit operator bool() const { return tape_ != nullptr; }

  JsonType type() const;
  bool is_null() const { return type() == JsonType::null; }
  bool is_boolean() const { return type() == JsonType::boolean; }
  bool is_string() const { return type() == JsonType::string; }
  bool is_array() const { return type() == JsonType::array; }
  bool is_object() const { return type() == JsonType::object; }
  bool is_integer() const {
    return type() == JsonType::integer || type() == JsonType::unsigned_integer;
  }
  bool is_number() const { return is_integer() || type() == JsonType::floating; }

  // Each accessor requires the matching is_*() (it reads the node as that).
  bool boolean() const;
  std::int64_t integer() const;            // JsonType::integer
  std::uint64_t unsigned_integer() const;  // JsonType::unsigned_integer
  double floating() const;
  std::string_view string() const;
  // A number or boolean as JSON text: integers in decimal, a float as it was
  // written in the input.
  std::string scalar_text() const;

  // The member `key` of an object; a false value when absent (or not an object).
  JsonValue find(std::string_view key) const;

  // The elements of an array, or the values of an object, in order.
  class Iterator {
   public:
    Iterator(const JsonTape* tape, std::uint32_t index, bool values)
        : tape_(tape), index_(index), values_(values) {}
    JsonValue operator*() const;
    Iterator& operator++();
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }

   private:
    const JsonTape* tape_;
    std::uint32_t index_;  // an element, or a member's key
    bool values_;
  };
  Iterator begin() const;
  Iterator end() const;

 private:
  const JsonTape* tape_ = nullptr;
  std::uint32_t index_ = 0;
};

class JsonTape {
 public:
  // Forgets the value built so far; the buffers keep their capacity.
  void clear();
  bool empty() const { return nodes_.empty(); }
  // The value, once complete(): the first value fed since clear().
  JsonValue root() const { return JsonValue(this, 0); }
  // A whole value has been fed (every array and object closed).
  bool complete() const { return !nodes_.empty() && open_.empty(); }

  // SAX events, in document order. An object's members are fed as key()
  // then the value.
  void null();
  void boolean(bool value);
  void integer(std::int64_t value);
  void unsigned_integer(std::uint64_t value);
  void floating(double value, std::string_view text);
  void string(std::string_view value);
  void key(std::string_view name) { string(name); }
  void start_array() { open(JsonType::array); }
  void start_object() { open(JsonType::object); }
  void end_array() { close(); }
  void end_object() { close(); }

 private:
  friend class JsonValue;
  struct Node {
    JsonType type = JsonType::null;
    std::uint32_t next = 0;                // index of the node after this value's last one
    std::uint32_t offset = 0, length = 0;  // a string's (or float's text) bytes
    union {
      bool b;
      std::int64_t i;
      std::uint64_t u;
      double d;
    };
    Node() : i(0) {}
  };
  Node& push(JsonType type);
  void open(JsonType type);
  void close();
  std::string_view text(const Node& node) const {
    return std::string_view(bytes_).substr(node.offset, node.length);
  }

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> open_;  // arrays and objects not closed yet
  std::string bytes_;                // every string's bytes
  // Where find() starts looking: in object hint_object_, at the key hint_key_.
  mutable std::uint32_t hint_object_ = 0, hint_key_ = 0;
};

}  // namespace goescape
