#include "model/kind.hpp"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <vector>

namespace goescape {

namespace {
constexpr std::array<std::string_view, std::size(all_kinds)> names = {
    "moved_to_heap",         "escapes_to_heap",         "does_not_escape", "leaking_param",
    "leaking_param_content", "leaking_param_to_result", "can_inline",      "cannot_inline",
    "inlining_call",         "devirtualized",           "other",           "source_pattern",
};
}  // namespace

std::string kind_names(std::span<const Kind> kinds) {
  std::vector<std::string_view> listed;
  for (Kind kind : kinds) listed.push_back(kind_name(kind));
  return fmt::format("{}", fmt::join(listed, ", "));
}

std::string_view kind_name(Kind kind) {
  auto index = static_cast<std::size_t>(kind);
  assert(index < names.size());
  return names[index];
}

std::optional<Kind> kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return all_kinds[i];
  }
  return std::nullopt;
}

}  // namespace goescape
