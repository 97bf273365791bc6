// Typed facts about one Go package, as the gofacts helper reports them
// (src/gofacts/FACTS.md is the contract): its files, functions with their
// pprof names and spans, the types it names with sizes and method sets, the
// sites escape analysis can report (at the compiler's positions), loops.
// Read by model/facts_json.hpp, produced by runner/gofacts.hpp, consumed by
// analysis/ through FactsProvider.
//
// Storage is compact because a run may hold the facts of hundreds of
// packages: every string is interned once per package (FactText is an index
// into the package's text pool), sites are fixed-size records whose
// variable-length parts (arguments, captures) live in side tables.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace goescape {

// An interned string of one PackageFacts; 0 is the empty string.
using FactText = std::uint32_t;

// A source range: 1-based line and byte column, end exclusive (the position
// just past the last byte), in file `file` (an index into PackageFacts::files).
struct FactSpan {
  std::uint32_t file = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
  std::int32_t end_line = 0;
  std::int32_t end_col = 0;

  // Whether (line, col) lies in [begin, end). col 0 means the whole line:
  // any line of the span counts.
  bool contains(std::int32_t at_line, std::int32_t at_col) const;
};

struct FactFile {
  std::string path;  // absolute
  bool test = false;
  bool generated = false;
};

enum class FunctionKind : std::uint8_t {
  func,
  method,
  literal,
  init,
  package_init,
  map_init,  // an outlined initialiser of a package-level map (`pkg.map.init.0`)
  range_body,
  go_wrapper,
  defer_wrapper,
  other,  // a kind this goescape does not know (a newer helper)
};

// What a function does through a pointer-shaped parameter (FACTS.md, Param).
enum class ParamUse : std::uint8_t { none, read, write, store, unknown };

struct FactParam {
  FactText name = 0;
  FactText type = 0;  // full type name, a key of PackageFacts::types
  std::int64_t size = -1;
  ParamUse use = ParamUse::unknown;
};

struct FactFunction {
  FactText name = 0;  // the pprof name: "example.com/m/cache.(*LRU).Add.func1"
  FunctionKind kind = FunctionKind::func;
  bool has_span = false;  // package_init has none
  bool exported = false;
  bool test_helper = false;
  FactSpan span;  // `func` keyword .. past `}` (`for`, `go`, `defer` for bodies/wrappers)
  std::int32_t parent = -1;  // enclosing function id, -1 at top level
  FactText receiver = 0;     // "*LRU", empty for plain functions
  FactText signature = 0;
  std::vector<FactParam> params;  // receiver first for methods
  std::vector<FactText> results;
  std::vector<FactText> names;  // identifiers declared or used in its body
};

// The underlying kind of a type (FACTS.md, Type.kind); sized basic kinds
// (int8..int64, ...) are int/uint/float/complex with bits.
enum class TypeKind : std::uint8_t {
  struct_,
  pointer,
  slice,
  map,
  chan,
  func,
  interface,
  array,
  string,
  bool_,
  int_,
  uint_,
  float_,
  complex_,
  unsafe_pointer,
  type_param,
  other,  // a tuple, or a kind this goescape does not know
};

struct FactField {
  FactText name = 0;
  FactText type = 0;
  std::int64_t size = -1;
  std::int64_t offset = 0;
};

struct FactType {
  FactText name = 0;        // types.TypeString with full package paths
  FactText short_name = 0;  // with package names only ("cache.entry")
  TypeKind kind = TypeKind::other;
  std::uint8_t bits = 0;  // sized basic kinds, else 0
  bool pointer_shaped = false;
  bool has_pointers = false;
  bool slice_or_map = false;
  bool lock = false;
  bool stringer = false;
  bool error = false;
  std::int64_t size = -1;  // types.SizesFor("gc", goarch); -1 when unknown
  std::int64_t align = 0;
  std::vector<FactText> pointer_methods;  // methods only *T has
  std::vector<FactText> value_methods;
  std::vector<FactField> fields;  // structs
};

enum class SiteNode : std::uint8_t {
  var,
  addr,
  composite,
  new_,
  make,
  func_lit,
  method_value,
  conv_iface,
  conv,
  concat,
  append,
  variadic,
  call,
  go,
  defer,
  other,  // a node this goescape does not know (a newer helper)
};

// Where a site sits (FACTS.md, Site.context), as bits.
enum SiteContext : std::uint8_t {
  context_error_branch = 1 << 0,
  context_panic_arg = 1 << 1,
  context_recover = 1 << 2,
  context_return_err = 1 << 3,
  context_go = 1 << 4,
  context_defer = 1 << 5,
  context_once = 1 << 6,
};

// Node-specific booleans of a site, as bits.
enum SiteFlag : std::uint16_t {
  site_addr_taken = 1 << 0,  // var
  site_captured = 1 << 1,    // var
  site_reassigned = 1 << 2,  // var
  site_composite = 1 << 3,   // addr: `&T{...}`
  site_const = 1 << 4,       // conv_iface, conv: a constant operand
  site_implicit = 1 << 5,    // conv_iface
  site_spread = 1 << 6,      // append(a, b...)
  site_static = 1 << 7,      // call: a static callee
  site_in_module = 1 << 8,   // call: the callee is in a checked package
  site_variadic = 1 << 9,    // call
};

enum class MakeKind : std::uint8_t { none, slice, map, chan };

// An argument of a make or a call.
struct FactArg {
  FactText text = 0;   // the source text
  FactText type = 0;   // calls: the argument's type
  FactText value = 0;  // the constant value as Go source, when constant
  bool is_const = false;
};

// A variable a function literal (or a go/defer wrapper) captures.
struct FactCapture {
  FactText name = 0;
  FactText type = 0;
  std::int64_t size = -1;
};

// One expression or declaration escape analysis can report, at the position
// the compiler prints for it. Node-specific texts share two fields:
//   var:          var = the variable's name
//   addr:         var = x of `&x` (empty for `&T{...}`)
//   append:       var = the first argument, when a variable
//   conv_iface:   detail = the target interface type, value = the constant
//   conv:         detail = the operand's type
//   call:         detail = the callee
//   method_value: detail = the receiver type
struct FactSite {
  std::int32_t line = 0;
  std::int32_t col = 0;
  std::int32_t end_line = 0;
  std::int32_t end_col = 0;
  std::int32_t function = -1;  // evaluating function (a func_lit's enclosing one)
  std::int32_t region = 0;     // var: declared in one basic block with the others of
                               // its region (FACTS.md "Regions"); 0: none
  FactText type = 0;           // per node (FACTS.md); a key of PackageFacts::types
  FactText var = 0;
  FactText detail = 0;
  FactText value = 0;
  std::uint32_t first_arg = 0;  // make/call arguments: args[first_arg, +arg_count)
  std::uint32_t first_capture = 0;
  std::uint32_t first_param = 0;  // call: callee parameter types in type_lists
  std::uint16_t arg_count = 0;
  std::uint16_t capture_count = 0;
  std::uint16_t param_count = 0;
  std::uint16_t file = 0;
  std::uint16_t count = 0;   // composite: elements; concat: operands; variadic,
                             // call: args; go/defer: call_args
  std::uint16_t count2 = 0;  // concat: constant operands
  std::uint16_t flags = 0;   // SiteFlag bits
  SiteNode node = SiteNode::other;
  std::uint8_t context = 0;  // SiteContext bits
  std::uint8_t loop_depth = 0;
  MakeKind make = MakeKind::none;

  bool has(SiteFlag flag) const { return (flags & flag) != 0; }
  bool in(SiteContext c) const { return (context & c) != 0; }
};

// `v = append(v, ...)` / `m[k] = v` statements of a loop body (FACTS.md, Loop).
struct FactLoopStore {
  FactText var = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
  std::int32_t decl_line = 0;
  std::int32_t decl_col = 0;  // the variable's name in its declaration
  FactText decl = 0;          // "nil", "empty_lit", "make0", "make", "make_nohint", "other"
  FactText decl_cap = 0;      // the capacity (hint) text of a `make` declaration
  std::vector<std::int32_t> elsewhere;  // lines of the function's other statements that
                                        // change the variable
  std::uint16_t count = 0;              // such statements for the variable in the loop's body
  std::uint16_t values = 0;             // appends: values appended (a spread counts 1)
  std::uint16_t uses = 0;               // mentions of the variable in the loop
  bool spread = false;                  // appends: `append(v, s...)`
  bool conditional = false;
};

struct FactLoopWrite {
  FactText var = 0;
  FactText method = 0;
  FactText type = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
  std::int32_t bytes = 0;  // bytes the call adds when its argument fixes it, else 0
  std::uint16_t uses = 0;  // mentions of the builder in the loop
  bool conditional = false;
};

enum class LoopKind : std::uint8_t { for_, range };

struct FactLoop {
  std::int32_t function = -1;
  FactSpan span;
  LoopKind kind = LoopKind::for_;
  FactText range_over = 0;  // "slice", "map", ..., or empty
  FactText length = 0;      // the iteration count as Go source, when known
  FactText key = 0;
  FactText value = 0;
  bool exits = false;
  bool continues = false;
  std::vector<FactLoopStore> appends;
  std::vector<FactLoopStore> map_stores;
  std::vector<FactLoopWrite> writes;
};

// Everything the helper reports about one package (one NDJSON line).
class PackageFacts {
 public:
  std::string import_path;  // "p_test" for external tests
  std::string name;         // package clause
  std::string dir;
  std::string go;      // the helper's release, e.g. "go1.26.8"
  std::string goarch;  // sizes are for this target
  std::vector<FactFile> files;
  std::vector<FactText> scope;
  std::vector<FactFunction> functions;  // functions[i] has id i
  std::vector<FactType> types;
  std::vector<FactSite> sites;
  std::vector<FactLoop> loops;
  std::vector<std::string> errors;  // type-check errors
  // Side tables of sites.
  std::vector<FactArg> args;
  std::vector<FactCapture> captures;
  std::vector<FactText> type_lists;

  // The text of an interned string ("" for ids out of range).
  std::string_view text(FactText id) const;
  // Interns `s`, returning its id: the same id for the same text until
  // seal(), which drops the table that finds them (texts stay readable;
  // later calls add a new text each time).
  FactText intern(std::string_view s);
  void seal();

  // The function with `id`, or null.
  const FactFunction* function(std::int32_t id) const;

 private:
  std::string pool_;                          // every text, back to back
  std::vector<std::uint32_t> offsets_{0, 0};  // text i is [offsets_[i], offsets_[i+1])
  // Hashes a string or a view alike, so that intern() looks views up.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, FactText, TextHash, std::equal_to<>> interned_;
};

// Where analysis/ gets facts from (injected by app/, so stages and matchers
// are tested with facts written as JSON strings).
class FactsProvider {
 public:
  virtual ~FactsProvider() = default;
  // The facts of the package `import_path`, or null when there are none. An
  // implementation fed by a running helper blocks until that package's facts
  // have arrived or the helper has ended. The pointer stays valid as long as
  // the provider, or until release(import_path).
  virtual const PackageFacts* package(std::string_view import_path) const = 0;

  // The caller holds no pointer to the facts of `import_path` any more: an
  // implementation may drop them from memory (a later package() brings them
  // back), so that memory follows the packages in use, not the run.
  virtual void release(std::string_view /*import_path*/) const {}
};

// Facts held in memory, for tests that drive analysis/ with facts written as
// JSON strings.
class FactsMap final : public FactsProvider {
 public:
  void add(PackageFacts facts);
  const PackageFacts* package(std::string_view import_path) const override;

 private:
  std::map<std::string, std::unique_ptr<PackageFacts>, std::less<>> packages_;
};

}  // namespace goescape
