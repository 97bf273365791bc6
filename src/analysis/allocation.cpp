// The allocation rules table, what a finding is about (from the facts or the
// expression text), and the stage that applies the table to every heap
// finding (analysis/allocation.hpp, analysis/stages.hpp).
//
// Paths in `source` are under $GOROOT/src; `walk/...`, `escape/...`,
// `ssagen/...`, `typecheck/...` are in cmd/compile/internal/. They were read
// in Go 1.19.13, 1.22.12, 1.24.13, 1.25.12 and 1.26.8; where the releases
// differ, `since_go` says from which one a rule holds.
#include "analysis/allocation.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/stages.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

using C = Construct;
constexpr Allocation always = Allocation::always;
constexpr Allocation sometimes = Allocation::sometimes;
constexpr Allocation never = Allocation::never;

// internal/abi.ZeroValSize: the size of runtime.zeroVal (Go 1.25+).
constexpr std::int64_t zero_value_size = 1024;

// clang-format off
constexpr std::array rules{
  // A value converted to an interface (walk/convert.go walkConvInterface:
  // the interface's data word comes from dataWord). A pointer-shaped value
  // needs no row: it is the data word itself and escape analysis reports
  // nothing for it (see locate). A constant, typed ones of any package
  // included (`pprof.handler("heap")` inlined from pprof.Handler), is
  // written to a read-only data symbol (readonlystaticname, staticinit
  // StaticAssign -> staticdata) whose address is the data word; Go 1.24+
  // skips that only when compiling the standard library's FIPS 140 packages.
  AllocationRule{"box-constant", C::boxed_value, trait_constant, 0, never,
   "a constant: the interface points at read-only data",
   "walk/order.go (*orderState).expr1 OCONVIFACE -> (*orderState).addrTemp (readonlystaticname)"},
  // Go 1.25+ replaces the operand of a conversion to an interface by the
  // constant it always holds (a local or an inlined parameter assigned once
  // from a constant) before walk, and its verdict prints that constant:
  // `x := 5; sink = x` is `5 escapes to heap`. Older releases print `x` and
  // call convT64.
  AllocationRule{"box-static-value", C::boxed_value, trait_static_value, 25, never,
   "a variable that only holds a constant: Go 1.25+ boxes the constant, read-only data",
   "escape/escape.go (*batch).rewriteWithLiterals OCONVIFACE (ir.ReassignOracle StaticValue; Go 1.25+) -> walk/order.go (*orderState).addrTemp"},
  AllocationRule{"box-zero-size", C::boxed_value, trait_zero_size, 0, never,
   "a zero-size value: the interface points at runtime.zerobase",
   "walk/convert.go dataWord (fromType.Size() == 0)"},
  AllocationRule{"box-single-byte", C::boxed_value, trait_single_byte, 0, never,
   "a one-byte value: the interface points into runtime.staticuint64s",
   "walk/convert.go dataWord (isBool || Size() == 1 && isInteger)"},
  // Go 1.25 added the zeroVal and read-only-literal cases to addrTemp.
  AllocationRule{"box-zero-literal", C::boxed_value, trait_small_zero_value, 25, never,
   "a zero-value literal: the interface points at runtime.zeroVal",
   "walk/order.go (*orderState).addrTemp (ir.IsZero, abi.ZeroValSize; Go 1.25+)"},
  // The same without facts: a literal of a type the checked packages never
  // name (`context.backgroundCtx{}` inlined from context.Background).
  AllocationRule{"box-zero-literal-untyped", C::boxed_value, trait_no_elements, 25, never,
   "a zero-value literal: the interface points at runtime.zeroVal (if at most 1024 bytes)",
   "walk/order.go (*orderState).addrTemp (ir.IsZero, abi.ZeroValSize; Go 1.25+)"},
  AllocationRule{"box-small-int", C::boxed_value, trait_small_scalar, 0, sometimes,
   "convT16/32/64: values below 256 use runtime.staticuint64s, others allocate",
   "walk/convert.go dataWordFuncName; runtime/iface.go convT16, convT32, convT64"},
  AllocationRule{"box-string", C::boxed_value, trait_string_shaped, 0, sometimes,
   "convTstring: an empty string allocates nothing, others 16 bytes",
   "walk/convert.go dataWordFuncName; runtime/iface.go convTstring"},
  AllocationRule{"box-slice", C::boxed_value, trait_slice_shaped, 0, sometimes,
   "convTslice: a nil slice allocates nothing, others 24 bytes",
   "walk/convert.go dataWordFuncName; runtime/iface.go convTslice"},
  AllocationRule{"box-value", C::boxed_value, 0, 0, always,
   "convT: the value is copied to the heap",
   "walk/convert.go dataWordFuncName; runtime/iface.go convT, convTnoptr"},

  // Variables and objects: new(T) is runtime.newobject, which hands out
  // zerobase for size 0.
  AllocationRule{"moved-zero-size", C::moved_variable, trait_zero_size, 0, never,
   "a zero-size variable: its address is runtime.zerobase",
   "ssagen/ssa.go (*state).newHeapaddr -> (*state).newObject (Size() == 0)"},
  // Go 1.25+ gives the small pointer-free moved variables of one basic block
  // one allocation: each joins the block's pending group, flushed (one
  // mallocgc) when the next would not fit in maxAggregatedHeapAllocation = 16
  // bytes and at the block's end. share_small_variables replays that packing
  // over the facts' regions and sets the trait on all but the first of a group.
  AllocationRule{"moved-shared", C::moved_variable, trait_shares_allocation, 25, never,
   "Go 1.25+ allocates the small pointer-free variables of one block together",
   "ssagen/ssa.go (*state).newHeapaddr, flushPendingHeapAllocations, endBlock (maxAggregatedHeapAllocation; Go 1.25+)"},
  AllocationRule{"moved-variable", C::moved_variable, 0, 0, always,
   "newobject each time the declaration runs",
   "ssagen/ssa.go (*state).newHeapaddr -> (*state).newObject"},
  AllocationRule{"new-zero-size", C::new_object, trait_zero_size, 0, never,
   "a zero-size object: its address is runtime.zerobase",
   "walk/complit.go anylit OPTRLIT -> ONEW; ssagen/ssa.go (*state).newObject (Size() == 0)"},
  AllocationRule{"new-object", C::new_object, 0, 0, always,
   "newobject each time it runs",
   "walk/builtin.go walkNew; ssagen/ssa.go (*state).newObject"},
  AllocationRule{"slice-literal-empty", C::slice_literal, trait_no_elements, 0, never,
   "an empty slice literal: its [0]T array is runtime.zerobase",
   "walk/complit.go slicelit (new([0]T)); ssagen/ssa.go (*state).newObject (Size() == 0)"},
  AllocationRule{"slice-literal", C::slice_literal, 0, 0, always,
   "the literal's backing array, each time it runs",
   "walk/complit.go slicelit (new([n]T))"},
  AllocationRule{"map", C::map, 0, 0, always,
   "makemap: the map header, and its buckets as it fills",
   "walk/builtin.go walkMakeMap, walk/complit.go maplit; runtime makemap_small / makemap"},
  AllocationRule{"make-slice-empty", C::make_slice, trait_zero_length, 0, never,
   "length and capacity 0: makeslice returns runtime.zerobase",
   "walk/builtin.go walkMakeSlice; runtime/slice.go makeslice -> runtime/malloc.go mallocgc (size 0)"},
  AllocationRule{"make-slice", C::make_slice, 0, 0, always,
   "makeslice (nothing only when the size is 0 at run time)",
   "walk/builtin.go walkMakeSlice; runtime/slice.go makeslice"},

  // Function values.
  AllocationRule{"closure-static", C::closure, trait_no_captures, 0, never,
   "captures nothing: a static function value",
   "walk/closure.go walkClosure (!IsClosure(): no ClosureVars; 1.19: ir.IsTrivialClosure)"},
  AllocationRule{"closure", C::closure, 0, 0, always,
   "a closure object holding the captured variables",
   "walk/closure.go walkClosure (&struct{F uintptr; vars...})"},
  AllocationRule{"go-defer-wrapper-static", C::go_defer_wrapper, trait_no_captures, 0, never,
   "the go/defer wrapper holds nothing: a static function value",
   "typecheck/stmt.go normalizeGoDeferCall (1.19-1.21: escape/call.go goDeferStmt); walk/closure.go walkClosure"},
  AllocationRule{"go-defer-wrapper", C::go_defer_wrapper, 0, 0, always,
   "the go/defer wrapper closure holding the call's operands",
   "typecheck/stmt.go normalizeGoDeferCall (1.19-1.21: escape/call.go goDeferStmt); walk/closure.go walkClosure"},
  AllocationRule{"method-value", C::method_value, 0, 0, always,
   "a closure holding the receiver",
   "walk/closure.go walkMethodValue (&struct{F uintptr; R T})"},
  AllocationRule{"variadic", C::variadic_args, 0, 0, always,
   "the array of the variadic arguments",
   "typecheck FixVariadicCall (a slice literal); walk/complit.go slicelit"},

  // Growth and strings: the runtime decides from the values.
  AllocationRule{"append", C::append_growth, 0, 0, sometimes,
   "growslice: only when the capacity is exceeded",
   "walk/builtin.go walkAppend; runtime/slice.go growslice"},
  AllocationRule{"concat", C::concatenation, 0, 0, sometimes,
   "concatstrings: nothing when at most one operand is non-empty",
   "walk/expr.go walkAddString; runtime/string.go concatstrings"},
  AllocationRule{"bytes-to-string", C::bytes_to_string, 0, 0, sometimes,
   "slicebytetostring: nothing for 0 or 1 byte",
   "walk/convert.go walkBytesToString; runtime/string.go slicebytetostring"},
  AllocationRule{"string-to-bytes-constant", C::string_to_bytes, trait_constant, 0, always,
   "a constant string: a new [n]byte copy each time",
   "walk/convert.go walkStringToBytes (ir.IsConst: new([n]byte))"},
  AllocationRule{"string-to-bytes", C::string_to_bytes, 0, 0, sometimes,
   "stringtoslicebyte: nothing for an empty string",
   "walk/convert.go walkStringToBytes; runtime/string.go stringtoslicebyte -> rawbyteslice"},
  AllocationRule{"string-to-runes", C::string_to_runes, 0, 0, sometimes,
   "stringtoslicerune: nothing for an empty string",
   "walk/convert.go walkStringToRunes; runtime/string.go stringtoslicerune -> rawruneslice"},
  AllocationRule{"runes-to-string", C::runes_to_string, 0, 0, always,
   "slicerunetostring: a buffer of at least 3 bytes",
   "walk/convert.go walkRunesToString; runtime/string.go slicerunetostring -> rawstringtmp"},
  AllocationRule{"rune-to-string", C::rune_to_string, 0, 0, always,
   "intstring: a 4-byte buffer",
   "walk/convert.go walkRuneToString; runtime/string.go intstring -> rawstring"},

  AllocationRule{"unknown", C::unknown, 0, 0, always,
   "what allocates here is not known: counted as allocating", ""},
};
// clang-format on

// Whether a row of `construct` asks for a trait outside `known`: a subject
// that knows only those may be one of that row's cases.
bool asks_unknown_trait(Construct construct, std::uint32_t known) {
  return std::any_of(rules.begin(), rules.end(), [&](const AllocationRule& r) {
    return r.construct == construct && (r.traits & ~known) != 0;
  });
}

// Whether `name`, as the compiler prints a constant's type, is a type: a
// predeclared one, a generic shape, or one the facts know (by its short
// name, `zapcore.Level`; unqualified for the facts' own package).
bool names_type(std::string_view name, const FactsIndex* types) {
  static constexpr std::array<std::string_view, 19> predeclared{
      "bool",    "string",    "int",        "int8",   "int16",  "int32",   "int64",
      "uint",    "uint8",     "uint16",     "uint32", "uint64", "uintptr", "float32",
      "float64", "complex64", "complex128", "byte",   "rune"};
  if (std::find(predeclared.begin(), predeclared.end(), name) != predeclared.end()) return true;
  if (name.starts_with("go.shape.")) return true;
  if (!types) return false;
  if (name.find('.') != std::string_view::npos) return types->type_by_short_name(name) != nullptr;
  return types->type_by_short_name(types->facts().name + "." + std::string(name)) != nullptr;
}

// Whether `expr` is a Go literal as the compiler prints constants
// (is_printed_literal), or a typed constant `T(literal)` (`int64(5)`, `go.shape.int(1)`,
// `zapcore.Level(6)`, Go 1.19's `string("x")`). `T(literal)` is also how a call with one constant
// argument prints (`errors.New("x")`): only a name `types` knows as a type makes it a constant
// (names_type).
bool is_literal(std::string_view expr, const FactsIndex* types) {
  if (is_printed_literal(expr)) return true;
  // T(literal): a type's name, then one parenthesised literal.
  std::size_t i = 0;
  while (i < expr.size() && (is_identifier_char(expr[i]) || expr[i] == '.')) ++i;
  if (i == 0 || i + 2 > expr.size() || expr[i] != '(' || expr.back() != ')') return false;
  return names_type(expr.substr(0, i), types) &&
         is_literal(expr.substr(i + 1, expr.size() - i - 2), types);
}

// Whether `expr` is printed as a composite literal, `T{...}` or `T{}`, of a
// named or array type.
bool composite_literal(std::string_view expr) {
  if (!(expr.ends_with("{...}") || expr.ends_with("{}"))) return false;
  const std::string_view type = expr.substr(0, expr.rfind('{'));
  return !type.empty() && std::all_of(type.begin(), type.end(), [](char c) {
    return is_identifier_char(c) || c == '.' || c == '[' || c == ']' || c == '*';
  });
}

// The arguments of `make(...)` as printed, after the type: "n", "0, 0".
std::vector<std::string_view> make_arguments(std::string_view expr) {
  std::vector<std::string_view> out;
  if (!expr.starts_with("make(") || !expr.ends_with(")")) return out;
  const std::string_view inner = expr.substr(5, expr.size() - 6);
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= inner.size(); ++i) {
    const char c = i < inner.size() ? inner[i] : ',';
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(trim(inner.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (!out.empty()) out.erase(out.begin());  // the type
  return out;
}

// Whether every length and capacity is the literal 0.
bool zero_length(const std::vector<std::string_view>& args) {
  return !args.empty() &&
         std::all_of(args.begin(), args.end(), [](std::string_view a) { return a == "0"; });
}

// The construct an expression names by its shape, as the compiler prints it
// (`types`, when there are facts, tells type names from function names).
Construct construct_of_text(const Finding& f, const FactsIndex* types) {
  std::string_view e = f.expr;
  // A generic body's literal: `go.shape.[]string{}`.
  if (e.starts_with("go.shape.")) e.remove_prefix(9);
  // `#next`: a variable the compiler made (range-over-func state).
  if (f.kind == Kind::moved_to_heap || e.starts_with('#')) return C::moved_variable;
  if (e == "func literal") return C::closure;
  if (e == "... argument") return C::variadic_args;
  if (e == "append" || e.starts_with("append(")) return C::append_growth;
  if (e.starts_with("&") || e.starts_with("new(")) return C::new_object;
  if (e.starts_with("make(map[")) return C::map;
  if (e.starts_with("make(")) return C::make_slice;
  if (e.starts_with("map[") && e.ends_with("}")) return C::map;
  if (e.starts_with("[]") && e.ends_with("}")) return C::slice_literal;
  // A struct or array literal escapes only as an interface's value: escape
  // analysis gives those literals no location of their own (escape/expr.go).
  if (composite_literal(e)) return C::boxed_value;
  if (e.starts_with("([]byte)(")) return C::string_to_bytes;
  if (e.starts_with("([]rune)(")) return C::string_to_runes;
  if (is_literal(e, types)) return C::boxed_value;
  return C::unknown;
}

// The traits a value's type gives it (none when its size is not known: it
// depends on type arguments).
std::uint32_t type_traits(const FactType& t, const FactsIndex& index) {
  if (t.size < 0) return 0;
  std::uint32_t traits = 0;
  if (t.size == 0) traits |= trait_zero_size;
  // Every 1-byte type is a bool or (u)int8, alone or in a struct or array.
  if (t.size == 1) traits |= trait_single_byte;
  if ((t.size == 2 && t.align == 2) || (t.size == 4 && t.align == 4 && !t.has_pointers) ||
      (t.size == 8 && t.align == 8 && !t.has_pointers))
    traits |= trait_small_scalar;
  // convTstring and convTslice take the type's sole component.
  TypeKind sole = t.kind;
  if (t.kind == TypeKind::struct_ && t.fields.size() == 1) {
    const std::string_view field = index.facts().text(t.fields.front().type);
    const FactType* ft = index.type(field);
    sole = ft                        ? ft->kind
           : field == "string"       ? TypeKind::string
           : field.starts_with("[]") ? TypeKind::slice
                                     : TypeKind::other;
  }
  if (sole == TypeKind::string) traits |= trait_string_shaped;
  if (sole == TypeKind::slice) traits |= trait_slice_shaped;
  return traits;
}

bool is_byte_slice(std::string_view type) { return type == "[]byte" || type == "[]uint8"; }
bool is_rune_slice(std::string_view type) { return type == "[]rune" || type == "[]int32"; }

// Which of the string conversions a `conv` site is, by its result and
// operand types.
Construct conversion(const FactSite& site, const FactsIndex& index) {
  const PackageFacts& facts = index.facts();
  const std::string_view to = facts.text(site.type);
  const std::string_view from = facts.text(site.detail);
  const FactType* to_type = index.type(to);
  const FactType* from_type = index.type(from);
  const TypeKind to_kind = to_type ? to_type->kind : TypeKind::other;
  const TypeKind from_kind = from_type ? from_type->kind : TypeKind::other;
  if (to_kind == TypeKind::string) {
    if (from_kind == TypeKind::int_ || from_kind == TypeKind::uint_) return C::rune_to_string;
    if (is_byte_slice(from)) return C::bytes_to_string;
    if (is_rune_slice(from)) return C::runes_to_string;
  } else if (from_kind == TypeKind::string) {
    if (is_byte_slice(to)) return C::string_to_bytes;
    if (is_rune_slice(to)) return C::string_to_runes;
  }
  return C::unknown;  // a named slice type: its element is not in the facts
}

// The node a finding's text names, when it names one.
SiteNode node_of_text(const Finding& f) {
  switch (construct_of_text(f, nullptr)) {
    case C::moved_variable:
      return SiteNode::var;
    case C::closure:
      return SiteNode::func_lit;
    case C::variadic_args:
      return SiteNode::variadic;
    case C::append_growth:
      return SiteNode::append;
    case C::new_object:
      return f.expr.starts_with("&") ? SiteNode::addr : SiteNode::new_;
    case C::make_slice:
      return SiteNode::make;
    default:
      break;
  }
  // map[K]V{...}, []T{...} and T{...}: a composite literal, printed at its `{`.
  if (f.expr.ends_with("}") && f.expr.find('{') != std::string::npos) return SiteNode::composite;
  return SiteNode::other;  // a value: boxed, converted, concatenated, a method value
}

// A site that tells the subject of a finding, and the composite literal at
// the same position when the value boxed is one.
struct Located {
  const FactSite* site = nullptr;
  const FactSite* composite = nullptr;
  bool printed_constant = false;  // the finding's text is a constant
};

Located locate(const Finding& f, const std::vector<const FactSite*>& sites,
               const FactsIndex& index) {
  const PackageFacts& facts = index.facts();
  Located at;
  const SiteNode wanted = node_of_text(f);
  const bool literal = is_literal(f.expr, &index);
  at.printed_constant = literal;
  // A value's site, best first: its interface conversion (the one whose
  // constness matches the text: Go 1.19 prints a variable argument at the
  // constant before it), a string conversion, a concatenation, a method value.
  const auto rank = [&](const FactSite& s) {
    switch (s.node) {
      case SiteNode::conv_iface:
        // A pointer-shaped value is the interface's data word (walk/convert.go
        // dataWord) and escape analysis spills nothing for it (escape/expr.go
        // OCONVIFACE, !types.IsDirectIface): a verdict here is about another
        // node, a method value or an inlined allocation.
        if (const FactType* t = index.type(facts.text(s.type)); t && t->pointer_shaped) return 9;
        return s.has(site_const) == literal ? 0 : 1;
      case SiteNode::conv:
        return 2;
      case SiteNode::concat:
        return 3;
      case SiteNode::method_value:
        return 4;
      default:
        return 9;
    }
  };
  int best = 9;
  for (const FactSite* s : sites) {
    if (s->node == SiteNode::composite) at.composite = s;
    switch (wanted) {
      case SiteNode::var: {
        std::string_view name = f.expr;
        if (auto dot = name.rfind('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
        if (s->node == SiteNode::var && facts.text(s->var) == name) at.site = s;
        break;
      }
      case SiteNode::func_lit:
        // The wrapper of a go/defer statement is printed at its keyword.
        if (s->node == SiteNode::func_lit ||
            (!at.site && (s->node == SiteNode::go || s->node == SiteNode::defer)))
          at.site = s;
        break;
      case SiteNode::composite:
      case SiteNode::other:
        if (rank(*s) < best) {
          best = rank(*s);
          at.site = s;
        }
        break;
      default:
        if (s->node == wanted) at.site = s;
        break;
    }
  }
  if (wanted == SiteNode::composite && !at.site) at.site = at.composite;
  return at;
}

// What a located site is about, or nullopt for a node escape analysis
// reports nothing for.
std::optional<AllocationSubject> subject_of_site(const Located& at, const FactsIndex& index) {
  const PackageFacts& facts = index.facts();
  const FactSite& site = *at.site;
  AllocationSubject s;
  s.known = ~0u;
  const FactType* type = index.type(facts.text(site.type));
  const auto typed_traits = [&](const FactType* t) {
    if (t && t->size >= 0) return type_traits(*t, index);
    s.known = ~(trait_zero_size | trait_single_byte | trait_small_scalar | trait_string_shaped |
                trait_slice_shaped | trait_small_zero_value);
    return 0u;
  };
  switch (site.node) {
    case SiteNode::var:
      s.construct = C::moved_variable;
      s.traits = typed_traits(type);
      break;
    case SiteNode::addr:
    case SiteNode::new_:
      s.construct = C::new_object;
      s.traits = typed_traits(type);
      break;
    case SiteNode::make: {
      // make(chan T) has no site escape analysis reports: channels live on
      // the heap and never get a verdict (escape/expr.go OMAKECHAN).
      if (site.make != MakeKind::slice && site.make != MakeKind::map) return std::nullopt;
      s.construct = site.make == MakeKind::map ? C::map : C::make_slice;
      const auto first = facts.args.begin() + site.first_arg;
      const bool zero =
          site.arg_count > 0 && std::all_of(first, first + site.arg_count, [&](const FactArg& a) {
            return a.is_const && facts.text(a.value) == "0";
          });
      if (zero) s.traits |= trait_zero_length;
      break;
    }
    case SiteNode::composite:
    case SiteNode::conv_iface: {
      const FactType* literal = at.composite ? index.type(facts.text(at.composite->type)) : nullptr;
      if (site.node == SiteNode::composite && literal && literal->kind == TypeKind::slice) {
        s.construct = C::slice_literal;
        if (site.count == 0) s.traits |= trait_no_elements;
        break;
      }
      if (site.node == SiteNode::composite && literal && literal->kind == TypeKind::map) {
        s.construct = C::map;
        break;
      }
      // A value boxed into an interface (a struct or array literal among them).
      s.construct = C::boxed_value;
      s.traits = typed_traits(type);
      if (site.has(site_const)) s.traits |= trait_constant;
      if (site.node == SiteNode::conv_iface && !site.has(site_const) && at.printed_constant)
        s.traits |= trait_static_value;
      if (at.composite && at.composite->count == 0 && type && type->size > 0 &&
          type->size <= zero_value_size)
        s.traits |= trait_small_zero_value;
      break;
    }
    case SiteNode::func_lit:
    case SiteNode::go:
    case SiteNode::defer:
      s.construct = site.node == SiteNode::func_lit ? C::closure : C::go_defer_wrapper;
      if (site.capture_count == 0) s.traits |= trait_no_captures;
      break;
    case SiteNode::method_value:
      s.construct = C::method_value;
      break;
    case SiteNode::variadic:
      s.construct = C::variadic_args;
      break;
    case SiteNode::append:
      s.construct = C::append_growth;
      break;
    case SiteNode::concat:
      s.construct = C::concatenation;
      break;
    case SiteNode::conv:
      s.construct = conversion(site, index);
      if (site.has(site_const)) s.traits |= trait_constant;
      break;
    default:
      return std::nullopt;
  }
  return s;
}

// The facts of the package that declares `function` (a pprof name), or null.
const FactsIndex* facts_declaring(std::string_view function, const AnalysisContext& ctx) {
  const std::size_t slash = function.rfind('/', function.find_first_of("[("));
  const std::size_t dot = function.find('.', slash == std::string_view::npos ? 0 : slash);
  if (dot == std::string_view::npos) return nullptr;
  return ctx.facts_for(function.substr(0, dot));
}

// An inlined callee's allocation is printed at the call (FACTS.md: every call
// is a site for that reason). The callee's own sites of the node the text
// names decide when they all lead to the same rule: `&endpoint{}` at a call
// of a method whose body makes one. A callee outside the checked packages,
// or sites that disagree, decide nothing.
std::optional<AllocationSubject> subject_in_callee(const Finding& f, const FactSite& call,
                                                   const FactsIndex& caller,
                                                   const AnalysisContext& ctx) {
  const std::string_view callee = caller.facts().text(call.detail);
  if (!call.has(site_static) || !call.has(site_in_module) || callee.empty()) return std::nullopt;
  const FactsIndex* index = facts_declaring(callee, ctx);
  const FactFunction* fn = index ? index->function_named(callee) : nullptr;
  if (!fn) return std::nullopt;
  const PackageFacts& facts = index->facts();
  const auto id = static_cast<std::int32_t>(fn - facts.functions.data());
  std::optional<AllocationSubject> agreed;
  const AllocationRule* rule = nullptr;
  std::vector<const FactSite*> at_position;
  for (const FactSite& site : facts.sites) {
    if (site.function != id) continue;
    // The sites at one position together, as for a finding's own position.
    at_position.clear();
    for (const FactSite* other : index->sites_at(site.file, site.line, site.col))
      if (other->function == id) at_position.push_back(other);
    if (at_position.empty() || at_position.front() != &site) continue;
    const Located at = locate(f, at_position, *index);
    if (!at.site) continue;
    const std::optional<AllocationSubject> s = subject_of_site(at, *index);
    if (!s) continue;
    const AllocationRule& r = allocation_rule(*s, ctx.go_minor);
    if (rule && rule != &r) return std::nullopt;
    rule = &r;
    agreed = s;
  }
  return agreed;
}

// What `f` is about according to the facts, or nullopt when no site at its
// position (or in the callee inlined there) fits.
std::optional<AllocationSubject> subject_from_facts(const Finding& f, const FactsIndex& index,
                                                    int file, const AnalysisContext& ctx) {
  const std::vector<const FactSite*> sites = index.sites_at(file, f.pos.line, f.pos.col);
  if (const Located at = locate(f, sites, index); at.site) return subject_of_site(at, index);
  for (const FactSite* site : sites) {
    if (site->node != SiteNode::call) continue;
    if (auto s = subject_in_callee(f, *site, index, ctx)) return s;
  }
  return std::nullopt;
}

std::string absolute_path(const std::string& file, const std::string& root) {
  namespace fs = std::filesystem;
  const fs::path path(file);
  return (path.is_absolute() || root.empty() ? path : fs::path(root) / path)
      .lexically_normal()
      .string();
}

// ssagen/ssa.go maxAggregatedHeapAllocation: a moved variable of this size
// or more has an allocation of its own.
constexpr std::int64_t max_aggregated_allocation = 16;

// The bytes the compiler allocates for a variable of `t` (ssagen/ssa.go
// allocSize: on 32-bit targets a 4-aligned type of 8 bytes or more is
// rounded up to 8, for 64-bit atomics).
std::int64_t allocated_size(const FactType& t, std::string_view goarch) {
  static constexpr std::array<std::string_view, 4> targets_32bit{"386", "arm", "mips", "mipsle"};
  const bool pointers_32bit =
      std::find(targets_32bit.begin(), targets_32bit.end(), goarch) != targets_32bit.end();
  if (pointers_32bit && t.align == 4 && t.size >= 8) return (t.size + 7) / 8 * 8;
  return t.size;
}

// A moved variable that may share its allocation with others of its region.
struct SmallVariable {
  Finding* finding;
  const FactsIndex* index;  // of the site's package
  const FactSite* site;
  std::string_view name;
  std::int64_t size;
};

// What a moved variable is to the packing of its function's blocks.
enum class Packing : std::uint8_t {
  candidate,  // small, pointer-free, with a region: may share
  apart,      // known never to be packed with a region's variables
  unknown,    // may be packed with anything in its function's blocks
};

// What the moved variable of `f` is to the packing (ssagen/ssa.go
// newHeapaddr: no pointers and 0 < size < 16 join the block's group), and
// when a candidate, `out`. A variable without a site of its own in the
// finding's function (a compiler temporary, an inlined callee's variable)
// is unknown: it may sit between two variables of a region and change how
// they pack.
Packing packing_of(Finding& f, const std::string& package, const AnalysisContext& ctx,
                   SmallVariable& out) {
  if (f.kind != Kind::moved_to_heap) return Packing::apart;
  if (f.inlined_from || !f.function || f.pos.line <= 0) return Packing::unknown;
  const FileFacts facts = ctx.facts_for_file(absolute_path(f.pos.file, ctx.root), package);
  if (!facts) return Packing::unknown;
  const PackageFacts& pf = facts.index->facts();
  const FactSite* site =
      locate(f, facts.index->sites_at(facts.file, f.pos.line, f.pos.col), *facts.index).site;
  if (!site || site->node != SiteNode::var || site->function < 0 ||
      static_cast<std::size_t>(site->function) >= pf.functions.size() ||
      pf.text(pf.functions[site->function].name) != *f.function)
    return Packing::unknown;
  const FactType* type = facts.index->type(pf.text(site->type));
  if (!type || type->size < 0) return Packing::unknown;
  const std::int64_t size = allocated_size(*type, pf.goarch);
  // A variable outside every region sits in a nested statement, which ends
  // the regions around it (FACTS.md "Regions").
  if (type->has_pointers || size == 0 || size >= max_aggregated_allocation || site->region == 0)
    return Packing::apart;
  out = SmallVariable{&f, facts.index, site, pf.text(site->var), size};
  return Packing::candidate;
}

// Replays the compiler's packing of small moved variables (the
// "moved-shared" rule) over each region, in declaration order: a variable
// joins the group of the ones before it unless it would overflow 16 bytes;
// all but the first of a group allocate nothing of their own. Variables that
// do not qualify take no room and close no group, as in newHeapaddr. A
// function with a moved variable of unknown packing is left as it is.
void share_small_variables(PackageResult& result, const AnalysisContext& ctx) {
  const AllocationSubject shared{C::moved_variable, trait_shares_allocation, ~0u};
  const AllocationRule& rule = allocation_rule(shared, ctx.go_minor);
  if (!ctx.facts || rule.traits != trait_shares_allocation) return;  // before Go 1.25
  std::map<std::pair<const FactsIndex*, std::int32_t>, std::vector<SmallVariable>> regions;
  std::set<std::string> unknown_functions;
  bool unknown_anywhere = false;
  for (Finding& f : result.findings) {
    SmallVariable v{};
    switch (packing_of(f, result.package, ctx, v)) {
      case Packing::candidate:
        if (f.allocation == always) regions[{v.index, v.site->region}].push_back(v);
        break;
      case Packing::unknown:
        if (f.function)
          unknown_functions.insert(*f.function);
        else
          unknown_anywhere = true;
        break;
      case Packing::apart:
        break;
    }
  }
  if (unknown_anywhere) return;
  const auto declared_before = [](const SmallVariable& a, const SmallVariable& b) {
    return std::pair(a.site->line, a.site->col) < std::pair(b.site->line, b.site->col);
  };
  for (auto& [region, vars] : regions) {
    if (unknown_functions.contains(*vars.front().finding->function)) continue;
    std::sort(vars.begin(), vars.end(), declared_before);
    // Two findings of one variable: not a run the compiler declares once.
    if (std::adjacent_find(vars.begin(), vars.end(), [](const auto& a, const auto& b) {
          return a.site == b.site;
        }) != vars.end())
      continue;
    std::int64_t used = 0;
    const SmallVariable* first = nullptr;
    for (const SmallVariable& v : vars) {
      if (used + v.size > max_aggregated_allocation) {
        used = 0;
        first = nullptr;
      }
      used += v.size;
      if (!first) {
        first = &v;
        continue;
      }
      v.finding->allocation = rule.verdict;
      v.finding->allocation_note =
          "shares one allocation with " + std::string(first->name) + ": " + std::string(rule.note);
    }
  }
}

}  // namespace

std::span<const AllocationRule> allocation_rules() { return rules; }

const AllocationRule& allocation_rule(const AllocationSubject& subject, int go_minor) {
  for (const AllocationRule& r : rules) {
    if (r.construct != subject.construct) continue;
    if ((subject.traits & r.traits) != r.traits) continue;
    if (r.since_go > 0 && go_minor < r.since_go) continue;
    return r;
  }
  return rules.back();
}

std::string allocation_note(const AllocationRule& rule, const AllocationSubject& subject) {
  std::string note(rule.note);
  if (rule.traits == 0 && asks_unknown_trait(rule.construct, subject.known))
    note += " (the type was not known)";
  return note;
}

AllocationSubject subject_from_text(const Finding& f, bool no_capture_lines,
                                    const FactsIndex* types) {
  AllocationSubject s;
  s.construct = construct_of_text(f, types);
  const std::string_view e = f.expr;
  switch (s.construct) {
    case C::boxed_value:
      if (!composite_literal(e)) {
        s.traits |= trait_constant;  // construct_of_text saw a literal
      } else if (e.ends_with("{}")) {
        s.traits |= trait_no_elements;
      }
      break;
    case C::make_slice: {
      const std::vector<std::string_view> args = make_arguments(e);
      if (std::all_of(args.begin(), args.end(),
                      [&](std::string_view a) { return is_literal(a, types); }))
        s.known |= trait_zero_length;
      if (zero_length(args)) s.traits |= trait_zero_length;
      break;
    }
    case C::slice_literal:
      s.known |= trait_no_elements;
      if (e.ends_with("{}")) s.traits |= trait_no_elements;
      break;
    case C::string_to_bytes:
      if (is_literal(e.substr(9, e.size() - 10), types)) s.traits |= trait_constant;
      break;
    case C::closure:
      // An explained escape without a verdict is a go/defer wrapper.
      if (f.synthesized) s.construct = C::go_defer_wrapper;
      // Every closure's captures are printed at -m=2 (escape.go flowClosure);
      // a flow shows this is such a log.
      if (no_capture_lines && !f.flow.empty()) s.traits = s.known = trait_no_captures;
      break;
    default:
      break;
  }
  return s;
}

void decide_allocation(PackageResult& result, const AnalysisContext& ctx) {
  const bool no_capture_lines = std::none_of(result.findings.begin(), result.findings.end(),
                                             [](const Finding& f) { return !f.captures.empty(); });
  for (Finding& f : result.findings) {
    if (!f.is_heap()) continue;
    std::optional<AllocationSubject> subject;
    FileFacts facts;
    if (ctx.facts && f.pos.line > 0) {
      facts = ctx.facts_for_file(absolute_path(f.pos.file, ctx.root), result.package);
      if (facts) subject = subject_from_facts(f, *facts.index, facts.file, ctx);
    }
    // A line of no source file (`<autogenerated>:1`, a wrapper the compiler
    // made) still names its package's types.
    const FactsIndex* types =
        facts ? facts.index : (ctx.facts ? ctx.facts_for(result.package) : nullptr);
    if (!subject) subject = subject_from_text(f, no_capture_lines, types);
    const AllocationRule& rule = allocation_rule(*subject, ctx.go_minor);
    f.allocation = rule.verdict;
    f.allocation_note = allocation_note(rule, *subject);
  }
  share_small_variables(result, ctx);
}

}  // namespace goescape
