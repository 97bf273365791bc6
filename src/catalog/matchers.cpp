#include "catalog/matchers.hpp"

#include <array>

namespace goescape {

namespace {

constexpr std::array<MatcherInfo, 15> matchers = {{
    {"append-style",
     "a slice made in a function and returned: the append-style signature for that function",
     "type callee signature make_line"},
    {"callee-stores-address",
     "&x passed to a call that keeps it: the callee, where it stores the pointer, x's type",
     "type size callee store call_line"},
    {"closure-fields",
     "a struct captured by reference by a closure: the fields the closure reads, as locals",
     "type size width fields locals closure note"},
    {"fmt-builder",
     "a fmt.Sprintf-family call: the strings.Builder + strconv code for its format string",
     "callee builder"},
    {"interface-box",
     "a value converted to an interface: its type and size, and the call that takes any",
     "type size callee signature"},
    // Found in the facts' loops (analysis/loop_patterns.hpp).
    {"loop-builder-grow",
     "a strings.Builder or bytes.Buffer written a fixed number of bytes per iteration of a "
     "loop of known length",
     "type size decl_line declaration declaration_after loop_line loops lines", true},
    {"loop-map-hint",
     "a map made without a size hint, stored into once per iteration of loops of known length",
     "type size decl_line declaration declaration_after loop_line loops lines", true},
    {"loop-slice-capacity",
     "a slice declared empty, appended to once per iteration of loops of known length",
     "type size decl_line declaration declaration_after loop_line loops lines nil_note", true},
    {"loop-slice-index", "make([]T, 0, n) appended to once per iteration of a counted loop of n",
     "type size decl_line declaration declaration_after loop_line loops lines store_before "
     "store_after",
     true},
    {"make-size", "a variable-size make: what keeps it on the heap for the Go release in use",
     "type size_arg reason go_note"},
    {"return-by-value", "&T{...} or &x returned: T's size, and the signature returning T by value",
     "type size signature verdict return_line"},
    // Measured by --profile (analysis/profile_join.cpp sets the suggestion):
    // the catalog never matches these itself.
    {"profile-growth", "a line whose slice, map or buffer growth the heap profile measured",
     "alloc_objects alloc_space var type kind", true},
    {"profile-size-class",
     "variable-sized byte slices dominating the heap profile: size-class pools",
     "alloc_objects alloc_space inuse_objects inuse_space"},
    {"profile-sync-pool",
     "many short-lived allocations at one site in the heap profile: a sync.Pool",
     "alloc_objects alloc_space inuse_objects inuse_space"},
    {"value-or-pointer", "a heap-allocated T: value or pointer by T's size (PLAYBOOK section 6)",
     "type size verdict"},
}};

}  // namespace

std::span<const MatcherInfo> builtin_matchers() { return matchers; }

const MatcherInfo* find_matcher(std::string_view id) {
  for (const MatcherInfo& m : matchers)
    if (m.id == id) return &m;
  return nullptr;
}

std::string_view common_placeholders() {
  return "expr var line col file function func ident before after go package";
}

}  // namespace goescape
