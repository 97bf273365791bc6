// The JsonWriter interface (support/json_writer.hpp) building an nlohmann::json
// tree instead of text, so that one serialisation routine, written once as a
// template over the writer, feeds both the streaming report and the code that
// needs a tree (the diff model, tests) without printing and re-parsing text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace goescape {

class JsonTreeWriter {
 public:
  // Writes into `root`, which the first value replaces.
  explicit JsonTreeWriter(nlohmann::json& root) : root_(root) {}

  void begin_object() { open(nlohmann::json::object()); }
  void end_object() { open_.pop_back(); }
  void begin_array() { open(nlohmann::json::array()); }
  void end_array() { open_.pop_back(); }

  // Object member name; the value call follows.
  void key(std::string_view name) { key_ = name; }

  void value(std::string_view text) { put(std::string(text)); }
  void value(const char* text) { put(std::string(text)); }
  void value(std::int64_t number) { put(number); }
  void value(int number) { put(number); }
  void value(bool flag) { put(flag); }
  void null() { put(nullptr); }

 private:
  // Adds `v` to the innermost open container (or makes it the root). The
  // containers on the stack never move: only the innermost one grows.
  nlohmann::json& put(nlohmann::json v) {
    if (open_.empty()) return root_ = std::move(v);
    nlohmann::json& container = *open_.back();
    if (container.is_array()) {
      container.push_back(std::move(v));
      return container.back();
    }
    return container[key_] = std::move(v);
  }
  void open(nlohmann::json container) { open_.push_back(&put(std::move(container))); }

  nlohmann::json& root_;
  std::vector<nlohmann::json*> open_;
  std::string key_;
};

}  // namespace goescape
