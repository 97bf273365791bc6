// The pieces of catalog matching (stages.hpp: apply_catalog and
// find_source_patterns) that the matchers, the source scan and the unit tests
// share: the facts about one finding, the Go-text helpers that work on one
// source line or one function body, type facts, and the PLAYBOOK §16 rules.
//
// Everything here tolerates missing sources and facts: a finding parsed from
// a log whose files are not on disk still matches on its message, flow and
// (when set) source_line. Types come only from the typed facts
// (model/facts.hpp): without them a matcher that needs a type holds its
// advice back (`no-type-facts`) rather than guess.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/context.hpp"
#include "catalog/pattern.hpp"
#include "model/finding.hpp"
#include "support/text.hpp"

namespace goescape {

using Placeholders = std::map<std::string, std::string, std::less<>>;

// The predicates a matcher found about a finding (catalog/matchers.hpp), for
// the catalog's hold_back rules: numbers (booleans as 1 or 0) and texts.
struct PredicateValues {
  std::map<std::string, double, std::less<>> numbers;
  std::map<std::string, std::string, std::less<>> texts;

  void set(std::string_view name, double value) { numbers[std::string(name)] = value; }
  void set(std::string_view name, bool value) { set(name, value ? 1.0 : 0.0); }
  void set(std::string_view name, std::string text) { texts[std::string(name)] = std::move(text); }
};

// Whether every condition of `rule` holds for these predicates (a predicate
// without a value fails its condition).
bool rule_holds(const HoldBackRule& rule, const PredicateValues& predicates);

// The new names candidate rewrites of one package introduce, so that two
// rewrites never pick the same name in one scope (function id, or -1 for
// package level).
class NameRegistry {
 public:
  bool taken(std::int32_t scope, std::string_view name) const {
    return names_.count({scope, std::string(name)}) > 0;
  }
  void take(std::int32_t scope, std::string name) { names_.emplace(scope, std::move(name)); }

 private:
  std::set<std::pair<std::int32_t, std::string>> names_;
};

// What a matcher sees of one finding.
struct MatchInput {
  const Finding& finding;
  const AnalysisContext& ctx;
  const PackageResult& package;
  const GoSourceFile* file = nullptr;  // the finding's file when scanned, else null
  std::string_view line;               // the finding's source line, untrimmed
  FileFacts facts = {};                // the facts covering the finding's file, if any
  NameRegistry* names = nullptr;       // the package's new names; null: no rewrite may add any
};

// What a pattern's match produces: the placeholders of its suggestion, the
// predicates its hold_back rules test, and the edits of a candidate fix
// (verified later by the compiler, analysis/fix_verify.hpp).
struct MatchOutput {
  Placeholders values;
  PredicateValues predicates;
  std::vector<TextEdit> edits;
};

// Why a matcher that needs a type withheld its advice: there are no typed
// facts for the finding (no go, a log from elsewhere, the helper failed), or
// they do not cover its expression.
inline constexpr std::string_view no_type_facts = "no-type-facts";

// Result of a built-in matcher: no match, a match (placeholders filled), or a
// match whose advice a §16 rule withholds (`held_back` set).
struct MatcherOutcome {
  bool matched = false;
  std::string held_back;
};

// Runs the built-in matcher `id` (catalog/matchers.hpp). Unknown ids never
// match (the loader rejects them). "after" in out.values is the finding's
// line rewritten, when the matcher can show it.
MatcherOutcome run_matcher(std::string_view id, const MatchInput& in, MatchOutput& out);

// Matches one finding against one pattern; sets `held_back` when the matcher
// or one of the pattern's hold_back rules withheld the advice (`rule: why`).
std::optional<MatchOutput> match_pattern(const Pattern& pattern, const MatchInput& in,
                                         std::string& held_back);

// Whether a Go file imports `path` (its import declarations, before the first
// other top-level declaration).
bool imports_package(const GoSourceFile& file, std::string_view path);

// An edit of `file` (named `name` in the edit) that adds an import of `path`:
// the line `\t"path"` after the first `import (` line, else a line
// `import "path"` after the package clause. nullopt when the file has no
// package clause with a line after it. Two fixes of one file that need the
// same import make the identical edit, which applies once
// (model/text_edit.hpp).
std::optional<TextEdit> import_insertion(const GoSourceFile& file, const std::string& name,
                                         std::string_view path);

// An edit of `file` that deletes the line importing `path` without a name
// (`\t"fmt"` in a block, or `import "fmt"`), for a rewrite that removes its
// last use; nullopt when no such line exists.
std::optional<TextEdit> import_deletion(const GoSourceFile& file, const std::string& name,
                                        std::string_view path);

// Fills `{name}` from `values`; a name without a value is left as written.
std::string expand_template(std::string_view text, const Placeholders& values);

// The rule that withholds any suggestion for this finding (`rule: why`), or
// empty: no-allocation (an escape the runtime allocates nothing for), then
// the PLAYBOOK §16 rule about where the code is: the finding's cold kind
// (Finding::cold, analysis/cold.hpp), or inlined-from-dependency.
std::string negative_rule(const MatchInput& in);

// ---- Go text helpers (match_source.cpp) --------------------------------

// `line` without a trailing `//` comment (strings and runes respected), so
// that rewrites show code only; columns of what remains are unchanged.
std::string_view strip_comment(std::string_view line);

// The call whose argument list contains byte column `col` (1-based) of `line`:
// its callee text ("store", "w.Write", "fmt.Sprintf"), or empty.
std::string enclosing_call(std::string_view line, int col);

// [begin, end) byte offsets of the argument list of the first call of
// `callee` at or before `col` on `line` that spans col; nullopt if none.
std::optional<std::pair<std::size_t, std::size_t>> call_span(std::string_view line,
                                                             std::string_view callee, int col);

// Splits a Go argument list at its top-level commas (brackets, strings and
// runes respected); each part trimmed.
std::vector<std::string> split_args(std::string_view args);

// The body text of the function (declaration or literal) `fn` of `file`, lines
// begin..end joined with '\n'.
std::string function_text(const GoSourceFile& file, const GoFunc& fn);

// The outermost function declaration containing line `line`, or null.
const GoFunc* outer_function(const GoSourceFile& file, int line);

// Whether line `line` is inside the body of a `for` statement of the
// function that contains it (braces, strings and comments respected). The
// text reading that stands in for the facts' loops (in_loop below).
bool inside_for_loop(const GoSourceFile& file, int line);

// Whether (line, col) of the finding's file is inside a loop of the
// function that contains it: from the facts when there are any, else read
// from the source text; false when neither is at hand.
bool in_loop(const MatchInput& in, int line, int col);

// ---- Type facts (match_types.cpp) ----------------------------------------

struct TypeInfo {
  std::string name;               // as written in the finding's package: "Point",
                                  // "*Point", "[]byte", "time.Time"
  std::int64_t size = -1;         // bytes for the facts' GOARCH; -1 = unknown
  bool has_slice_or_map = false;  // contains (not through pointers) a slice or map
  bool sync = false;              // contains a lock or sync/atomic value: copying is wrong
  bool pointer_shaped = false;    // stored directly in an interface word (no box)
  TypeKind kind = TypeKind::other;
  const FactType* fact = nullptr;  // the facts' entry
};

// The type with full name `full` (types.TypeString) in the facts of the
// finding's file; nullopt without facts or when they do not list it.
std::optional<TypeInfo> type_named(const MatchInput& in, std::string_view full);

// The site the finding is about: at its position, of the node its
// expression names (`&T{...}` an addr, `moved to heap: x` the var x, ...);
// null without facts or when none fits.
const FactSite* finding_site(const MatchInput& in);

// The type of what the finding is about: the pointee of `&T{...}` and
// `new(T)`, the variable of `moved to heap: x`, the boxed value of `x
// escapes to heap`, the made type of `make(...)`.
std::optional<TypeInfo> finding_type(const MatchInput& in);

// The type of the variable `name` as visible at (line, col) of the
// finding's file, from its declaration in the function there (or a
// function enclosing it); nullopt when unknown.
std::optional<TypeInfo> variable_type(const MatchInput& in, int line, int col,
                                      std::string_view name);

// "24 bytes"; "size depends on its type arguments" for a generic type the
// facts could not size; "size unknown" without facts.
std::string size_text(const TypeInfo& type);

// Whether a type is right as a pointer (PLAYBOOK §6: > 512 bytes, contains
// a slice or map, or holds a lock).
bool right_as_pointer(const TypeInfo& type);

// PLAYBOOK §6 threshold: values above this size are usually passed by pointer.
inline constexpr std::int64_t pointer_threshold_bytes = 512;

// ---- Functions, calls and new names (match_facts.cpp) ---------------------

// The function whose code evaluates the finding (its site's, else the one
// containing its position); null without facts.
const FactFunction* finding_function(const MatchInput& in);

// The id of `fn` in the facts of `in`; -1 for null.
std::int32_t function_id(const MatchInput& in, const FactFunction* fn);

// The declaration line of `fn` as Go writes it, from the facts' signature:
// "func (r *Route) URL(pairs ...string) (*url.URL, error)"; empty for
// functions without one (literals keep "func(...)").
std::string go_signature(const PackageFacts& facts, const FactFunction& fn);

// The static calls of the function with pprof name `name` in the finding's
// package, in source order.
std::vector<const FactSite*> calls_of(const MatchInput& in, std::string_view name);

// Where a site of the finding's facts is, for a reader: "route.go:574 (in
// (*Route).URL)".
std::string site_place(const MatchInput& in, const FactSite& site);

// Up to `limit` call places of `calls`, joined ("a.go:3 (in F), b.go:9 (in
// G) and 2 more"), or "no caller in this package".
std::string callers_text(const MatchInput& in, const std::vector<const FactSite*>& calls,
                         std::size_t limit = 3);

// Whether the value of the expression at bytes [begin, end) of `line` (of
// file `file`, in function `function`) is handed on where it outlives the
// statement: returned, stored in a field, element, global or literal, passed
// to a call, its address taken - on the line itself, or, when it is
// assigned to a local variable, wherever that variable is used later in the
// function other than through a selector, an index, range or len. Read
// from the source text, scoped by the facts.
bool value_handed_on(const MatchInput& in, std::uint32_t file, std::int32_t function, int line,
                     std::size_t begin, std::size_t end);

// Sets function.exported, function.callers, function.callers_in_loops,
// function.result_kept and function.inlined_no_escape for `fn`, the function
// the finding's allocation is made in, and the placeholder {kept_at} (where a
// caller keeps the result).
void function_predicates(const MatchInput& in, const FactFunction& fn, MatchOutput& out);

// Sets type.known, type.size, type.pointer_methods, type.lock,
// type.slice_or_map, type.pointer_shaped and type.pooled.
void type_predicates(const MatchInput& in, const TypeInfo& type, PredicateValues& out);

// A Go identifier for a new name, `base` or `base2`, `base3`, ...: declared
// or used nowhere in `scope` (a function id: its body, the functions around it
// and the literals in it; -1: package level, every function), not a
// package-level name or import of the package, and not taken by another
// candidate rewrite (in.names). Taken for the caller. Empty without facts or
// registry.
std::string fresh_name(const MatchInput& in, std::string_view base, std::int32_t scope);

// The finding's file as the facts list it (an index into files), with the
// line texts of the scanned source; the path relative to the root.
std::string relative_file(const MatchInput& in, std::uint32_t file);

// ---- Source patterns (source_patterns.cpp) -------------------------------

// The lines of `file` that `pattern` (kinds include source_pattern) fires on,
// before any §16 rule. `facts` (may be empty) cover the file: they tell
// function bodies and loops, else the scanner does.
std::vector<int> scan_source_pattern(const Pattern& pattern, const GoSourceFile& file,
                                     const FileFacts& facts);

}  // namespace goescape
