// Whether a heap finding allocates when its code runs (SPEC.md, "Meaning, not
// only text"): "x escapes to heap" says where a value lives, not that the
// runtime allocates. A constant boxed into an interface points at read-only
// data, a zero-size value at zerobase, a byte at the runtime's static table,
// a closure that captures nothing is a static function value. The rules come
// from the compiler's walk of each construct and the runtime functions it
// calls, in every release goescape supports (1.19 to 1.27); they are kept as
// one table (allocation.cpp) of
//   construct + traits (+ first release) -> verdict, note, source
// and applied to what a finding is about: its construct, read from the typed
// facts' site at the finding's position, or - without facts - from the
// expression text where that is certain.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analysis/context.hpp"
#include "model/finding.hpp"

namespace goescape {

// What an escaping expression makes, as far as allocation goes: one per kind
// of location escape analysis reports (cmd/compile/internal/escape/expr.go,
// the `spill`s, plus moved variables and append).
enum class Construct : std::uint8_t {
  boxed_value,       // a non-interface value converted to an interface
  moved_variable,    // `moved to heap: x`
  new_object,        // &T{...}, new(T)
  slice_literal,     // []T{...}: its backing array
  map,               // map[K]V{...}, make(map[K]V)
  make_slice,        // make([]T, ...)
  closure,           // a func literal
  go_defer_wrapper,  // the func literal the compiler wraps a go/defer call in
  method_value,      // x.M used as a value
  variadic_args,     // `... argument`: the slice of a variadic call
  append_growth,     // append
  concatenation,     // a + b
  bytes_to_string,   // string(b)
  string_to_bytes,   // []byte(s)
  string_to_runes,   // []rune(s)
  runes_to_string,   // string(rs)
  rune_to_string,    // string(r)
  unknown,           // nothing tells what it is
};

// What the rules ask about the escaping value, as bits of
// AllocationSubject::traits. Each is set only when it is certain.
enum AllocationTrait : std::uint32_t {
  trait_constant = 1u << 0,            // a constant or literal operand
  trait_zero_size = 1u << 1,           // the value (or allocated type) has size 0
  trait_single_byte = 1u << 2,         // a 1-byte value: bool, int8, uint8, struct{b byte}
  trait_small_scalar = 1u << 4,        // 2, 4 or 8 bytes with that alignment, no pointers
  trait_string_shaped = 1u << 5,       // a string, or a struct of one string
  trait_slice_shaped = 1u << 6,        // a slice, or a struct of one slice
  trait_no_elements = 1u << 7,         // a composite literal with no elements: T{}
  trait_zero_length = 1u << 8,         // make with constant length and capacity 0
  trait_no_captures = 1u << 9,         // a closure or wrapper that captures nothing
  trait_small_zero_value = 1u << 10,   // T{} of a type of 1..1024 bytes (abi.ZeroValSize)
  trait_static_value = 1u << 11,       // a variable the compiler printed as the constant it holds
  trait_shares_allocation = 1u << 12,  // a moved variable packed with an earlier one of
                                       // its block (share_small_variables)
};

// One row of the table. The first row whose construct matches, whose traits
// all hold and whose release applies decides.
struct AllocationRule {
  std::string_view id;  // stable name: the probe (samples/allocprobe) names it
  Construct construct;
  std::uint32_t traits;  // every one of these must hold (0: any)
  int since_go;          // 1.N from which it holds; 0: every supported release
  Allocation verdict;
  std::string_view note;    // allocation_note
  std::string_view source;  // where in the Go sources the rule comes from
};

// The table, in matching order. Every construct ends with a row that asks no
// trait, so each subject gets a verdict.
std::span<const AllocationRule> allocation_rules();

// What a heap finding is about.
struct AllocationSubject {
  Construct construct = Construct::unknown;
  std::uint32_t traits = 0;
  // The traits whose truth is known, set or not: all of them when the facts
  // described the value; from the text alone only a few. When a trait a
  // rule asks for is not known, the note of the rule that applies says so.
  std::uint32_t known = 0;
};

// The first rule of the table for `subject` with Go 1.`go_minor` (0 when the
// release is unknown: rules of a later release then do not apply).
const AllocationRule& allocation_rule(const AllocationSubject& subject, int go_minor);

// What `f` (a heap finding) is about, from the expression text alone: only
// what the text makes certain (a literal is a constant, `[]T{}` has no
// elements, `make([]T, 0)` has length 0). `no_capture_lines`: the package's
// -m=2 output printed no `capturing by` line at all, so a func literal whose
// escape was explained (it has a flow) captures nothing. `types`, the facts
// of the finding's package when there are some, tells a constant conversion
// `T(6)` from a call `F(6)`.
AllocationSubject subject_from_text(const Finding& f, bool no_capture_lines,
                                    const FactsIndex* types = nullptr);

// The allocation note for `rule` applied to `subject`: the rule's note, plus
// "(the type was not known)" when an earlier row of the construct asks for a
// trait the subject does not know.
std::string allocation_note(const AllocationRule& rule, const AllocationSubject& subject);

}  // namespace goescape
