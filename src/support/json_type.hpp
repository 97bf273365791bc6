// Words for the type of a JSON value, for messages about input that has the
// wrong one: "expected an integer, found a string".
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace goescape {

inline std::string_view json_type_name(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::number_float:
      return "a fraction";
    default:
      return "a number";
  }
}

}  // namespace goescape
