#include "catalog/matchers.hpp"

#include <array>

namespace goescape {

namespace {

constexpr std::array<MatcherInfo, 19> matchers = {{
    {"append-style",
     "a slice made in a function and returned: the append-style signature for that function",
     "type callee signature reuse callers kept_at"},
    {"callee-stores-address",
     "&x passed to a call that keeps it: the callee, where it stores the pointer, x's type",
     "type size verdict pointer_methods callee store call_line signature callers"},
    {"closure-fields",
     "a struct captured by reference by a closure: the fields the closure reads, as locals (an "
     "edit)",
     "type size width fields locals closure note"},
    {"conversion-call",
     "a string/[]byte conversion handed to a call: shown and edited only for plain operand types",
     ""},
    {"fmt-builder",
     "a fmt.Sprintf-family call: the same text built with + and strconv for each argument's exact "
     "type (an edit)",
     "callee imports"},
    {"hoist-regexp", "a constant regexp compiled in a function: a package variable (an edit)",
     "var_name"},
    {"interface-box",
     "a value converted to an interface: its type and size, and the call that takes any",
     "type size verdict pointer_methods callee signature callers"},
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
    {"map-keys", "a JSON decode into a map: the constant keys the function reads", "keys struct"},
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
    {"return-by-value", "&T{...} or &x returned: T's size, and the signature returning T by value",
     "type size verdict pointer_methods signature return_line callers kept_at"},
    {"reuse-timer",
     "time.After in a loop: one timer made before the loop and reset each time round (an edit)",
     "timer"},
    {"value-or-pointer", "a heap-allocated T: value or pointer by T's size (PLAYBOOK section 6)",
     "type size verdict pointer_methods kept_at"},
}};

constexpr std::array<PredicateInfo, 23> predicates = {{
    {"callee.exported", "the callee (a function of this package) is callable from outside it"},
    {"callee.in_module", "the callee is code of the packages being checked"},
    {"callee.name", "the callee as the call writes it (\"json.Unmarshal\", \"s.store\")", true},
    {"callee.param_types",
     "how many different concrete types the package passes to that parameter of the callee"},
    {"callee.param_use",
     "what the callee does through that parameter: 0 nothing, 1 reads, 2 writes, 3 unknown "
     "(passes it on outside the checked code), 4 keeps it"},
    {"capture.writes", "the closure assigns to the captured variable"},
    {"function.callers", "calls of the finding's function in its package"},
    {"function.callers_in_loops", "of those, the calls inside a loop"},
    {"function.exported", "the finding's function is callable from outside its package"},
    {"function.inlined_no_escape",
     "the finding's function is inlined, and at each call the compiler reports the value as not "
     "escaping"},
    {"function.result_kept",
     "a call of the finding's function in its package stores, returns or passes on the result "
     "(a field, an element, another call): a value would escape there again"},
    {"make.size_is_cause", "the make goes to the heap only because its size is not constant"},
    {"map.fixed_keys", "the decoded map is only read with constant keys in its function"},
    {"type.known", "the facts know the type of what the finding is about"},
    {"type.lock",
     "the type holds a lock, sync/atomic value or noCopy marker (not through a "
     "pointer)"},
    {"type.pointer_methods", "how many methods only *T has (pointer receivers)"},
    {"type.pointer_shaped", "the type is stored in an interface word without a box"},
    {"type.pooled", "values of the type are put into or taken from a sync.Pool in the package"},
    {"type.size", "the type's size in bytes for the target"},
    {"type.slice_or_map", "the type holds a slice or map (not through a pointer)"},
    {"value.stored",
     "the allocated value is stored in a field, element or other literal, or passed to a call "
     "(a structure that outlives the statement)"},
    {"var.addr_taken", "the variable's address is taken (or a pointer method is called on it)"},
    {"var.reassigned", "the variable is assigned after its declaration (also through v.f =)"},
}};

}  // namespace

std::span<const PredicateInfo> builtin_predicates() { return predicates; }

const PredicateInfo* find_predicate(std::string_view id) {
  for (const PredicateInfo& p : predicates)
    if (p.id == id) return &p;
  return nullptr;
}

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
