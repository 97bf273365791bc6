// The Go source scanner: finds function declarations, methods and function
// literals in one Go file (comments, strings, raw strings, runes and generics
// handled), names them the way the Go runtime and pprof do, and gives the text
// of a line. Also the type declarations as written.
//
// Pure functions over text: no files are read here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/finding.hpp"

namespace goescape {

// What produced a GoFunc. Wrappers and range bodies have no `func` keyword of
// their own: they are closures the compiler makes (Go 1.22+ `go`/`defer`
// wrappers, Go 1.23+ range-over-func loop bodies).
enum class GoFuncKind {
  declaration,    // `func F`, `func (r T) M`
  literal,        // `func(...) {...}` anywhere
  range_body,     // the body of `for ... range f` over an iterator function: `F-range1`
  go_wrapper,     // `go f(x)` wrapper: `F.gowrap1`
  defer_wrapper,  // `defer f(x)` wrapper: `F.deferwrap1`
};

struct GoFunc {
  // Runtime-style name without the package path: "F", "(*T).M", "T.M",
  // "F.func1", "F.func1.1", "(*T[...]).M", "init.0", "glob..func1" - as the Go
  // release in use names it (see GoNaming).
  std::string name;
  // The receiver type name without '*' or type parameters ("T"), empty for
  // plain functions and literals.
  std::string receiver;
  bool pointer_receiver = false;
  bool is_literal = false;
  int parent = -1;                  // index of the enclosing GoFunc for literals, else -1
  Position begin;                   // the `func` keyword (`for`, `go`, `defer` for range bodies and
                                    // wrappers); file left empty
  Position end;                     // the closing brace (inclusive)
  Position body_begin;              // the opening brace
  std::vector<std::string> params;  // parameter names in order, receiver first
                                    // ("" for an unnamed parameter)
  GoFuncKind kind = GoFuncKind::declaration;
  // How `name` was built, so that package-wide numbering (init.N, glob..funcN,
  // init.funcN) can be redone over several files: name = funcs[name_base].name +
  // name_suffix, or name_suffix alone when name_base is -1.
  int name_base = -1;
  std::string name_suffix;
  bool package_numbered = false;  // `init.N` or a package-level closure (see renumber_package)
};

struct GoField {
  std::string name;  // empty for an embedded field
  std::string type;  // type expression as written, whitespace-normalised
};

struct GoTypeDecl {
  std::string name;
  std::string type;             // the type expression as written (normalised)
  std::vector<GoField> fields;  // when it is a struct type
  bool is_struct = false;
  bool is_alias = false;
  bool is_generic = false;  // has type parameters: its size depends on them
  int line = 0;
};

// Which Go release names the closures (closure numbering changed over time).
struct GoNaming {
  int minor = 26;  // 1.minor
};

class GoSourceFile {
 public:
  std::string package_name;
  std::vector<GoFunc> funcs;      // in source order of their first keyword
  std::vector<GoTypeDecl> types;  // top-level and function-local type declarations

  // Import name as used in this file -> import path ("strings" ->
  // "strings", "yaml" -> "gopkg.in/yaml.v3"); blank and dot imports left out.
  std::vector<std::pair<std::string, std::string>> imports;

  // The innermost function (declaration, literal or range-over-func body; never
  // a go/defer wrapper) whose extent, from its `func`/`for` keyword to its
  // closing brace, contains (line, col); col 0 means "anywhere on the line": the
  // position of the line's first non-blank byte is used, so the function covering
  // the line's start wins. nullptr outside any function.
  const GoFunc* innermost_at(int line, int col) const;

  // The text of 1-based `line` without its line end; empty past the end.
  std::string_view line_text(int line) const;
  int line_count() const;

  std::string text;                       // the whole file
  std::vector<std::size_t> line_offsets;  // offset of each line's first byte
};

// Scans `text` (any bytes; invalid input yields a best-effort result, never a
// crash or hang). Linear in the size of the text. Package-wide numbers (init.N,
// package-level closures) start at this file; see renumber_package.
GoSourceFile scan_go_source(std::string text, GoNaming naming = {});

// Renumbers `init.N` functions and package-level closures (`glob..funcN` up to
// Go 1.21, `init.funcN` from 1.22) across the files of one package, given in
// the order the compiler sees them (`go list` GoFiles order: sorted by name),
// and renames their closures. Package-level closures are numbered in source
// order; Go 1.22+ numbers them in initialisation order, which differs only
// when a variable's initializer refers to a variable declared after it.
void renumber_package(const std::vector<GoSourceFile*>& files, GoNaming naming = {});

}  // namespace goescape
