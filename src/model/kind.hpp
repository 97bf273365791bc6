// The closed set of finding kinds (SPEC.md, "Kinds"), their exact JSON names,
// and which of them are heap allocations.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace goescape {

enum class Kind {
  moved_to_heap,
  escapes_to_heap,
  does_not_escape,
  leaking_param,
  leaking_param_content,
  leaking_param_to_result,
  can_inline,
  cannot_inline,
  inlining_call,
  devirtualized,
  other,
  source_pattern,
};

inline constexpr Kind all_kinds[] = {
    Kind::moved_to_heap,
    Kind::escapes_to_heap,
    Kind::does_not_escape,
    Kind::leaking_param,
    Kind::leaking_param_content,
    Kind::leaking_param_to_result,
    Kind::can_inline,
    Kind::cannot_inline,
    Kind::inlining_call,
    Kind::devirtualized,
    Kind::other,
    Kind::source_pattern,
};

// The exact name used in JSON and on the command line ("moved_to_heap").
std::string_view kind_name(Kind kind);

// Inverse of kind_name; nullopt for an unknown name.
std::optional<Kind> kind_from_name(std::string_view name);

// The names of `kinds` (every kind by default), comma-separated, for help
// texts and error messages.
std::string kind_names(std::span<const Kind> kinds = all_kinds);

// moved_to_heap and escapes_to_heap: the two kinds that are heap allocations.
constexpr bool is_heap_kind(Kind kind) {
  return kind == Kind::moved_to_heap || kind == Kind::escapes_to_heap;
}

}  // namespace goescape
