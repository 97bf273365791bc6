// Lookups over one package's facts (model/facts.hpp) for the analysis
// stages: the sites at a compiler position, the function that contains a
// position, a type by name, the declaration a variable name refers to, and
// whether a position is inside a loop. Built once per package (the context
// memoises it); every query is a binary search or a hash lookup.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/facts.hpp"

namespace goescape {

class FactsIndex {
 public:
  explicit FactsIndex(const PackageFacts& facts);
  FactsIndex(const FactsIndex&) = delete;
  FactsIndex& operator=(const FactsIndex&) = delete;

  const PackageFacts& facts() const { return facts_; }

  // The index of the file with absolute path `path` in facts().files, or -1.
  int file(std::string_view path) const;

  // Every site at exactly (line, col) of file `file`, in the helper's order.
  std::vector<const FactSite*> sites_at(int file, int line, int col) const;

  // Every site that starts on `line` of file `file`, by column.
  std::vector<const FactSite*> sites_on_line(int file, int line) const;

  // The innermost function whose code contains (line, col) of `file`: go and
  // defer wrappers never (their statement's expressions run in the enclosing
  // function), a range-over-func body only past its first line (the range
  // clause runs in the enclosing function), a function literal only past
  // its `func` keyword (the literal is evaluated by the enclosing function)
  // unless `literal_itself` (a verdict about the literal's code: `can inline
  // F.func1`). col 0 means the whole line. Null outside every function.
  const FactFunction* function_at(int file, int line, int col, bool literal_itself = false) const;

  // The package-initialisation function (`pkg.init`), or null.
  const FactFunction* package_init() const { return package_init_; }

  // The function with this pprof name, or null.
  const FactFunction* function_named(std::string_view name) const;

  // Whether some function of the package has a pprof name that starts with
  // `prefix` followed by '.', '[' or the end: the package declares the
  // function or type `prefix` names.
  bool declares(std::string_view prefix) const;

  // The type with this full name (types.TypeString), or null.
  const FactType* type(std::string_view name) const;

  // The type with this short name (package names only: "p.Point"), or null.
  const FactType* type_by_short_name(std::string_view name) const;

  // The declaration (a `var` site) that `name` refers to at (line, col) of
  // `file` inside function `function`: the last one declared before the
  // position in that function, else in its enclosing functions (a closure
  // uses the variables it captures). Package-level variables are declared in
  // the package-initialisation function, in any file. Null when there is none.
  const FactSite* variable(int file, int line, int col, std::int32_t function,
                           std::string_view name) const;

  // Whether (line, col) of `file` is inside a loop of the function that
  // contains it (a loop around a function literal does not count: the
  // literal's body runs when it is called).
  bool in_loop(int file, int line, int col) const;

 private:
  const PackageFacts& facts_;
  std::unordered_map<std::string_view, int> files_;
  std::vector<std::uint32_t> sites_by_position_;   // site indices sorted by (file, line, col)
  std::vector<std::vector<std::uint32_t>> spans_;  // per file: function ids with a span there
  std::unordered_map<std::string_view, std::uint32_t> functions_;
  std::vector<std::string_view> function_names_;  // sorted, for declares()
  std::unordered_map<std::string_view, std::uint32_t> types_;
  std::unordered_map<std::string_view, std::uint32_t> types_by_short_name_;
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> variables_;  // var sites by name
  const FactFunction* package_init_ = nullptr;
};

}  // namespace goescape
