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
#include <string>
#include <string_view>
#include <vector>

#include "analysis/context.hpp"
#include "catalog/pattern.hpp"
#include "model/finding.hpp"
#include "support/text.hpp"

namespace goescape {

using Placeholders = std::map<std::string, std::string, std::less<>>;

// What a matcher sees of one finding.
struct MatchInput {
  const Finding& finding;
  const AnalysisContext& ctx;
  const PackageResult& package;
  const GoSourceFile* file = nullptr;  // the finding's file when scanned, else null
  std::string_view line;               // the finding's source line, untrimmed
  FileFacts facts = {};                // the facts covering the finding's file, if any
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
// match (the loader rejects them).
MatcherOutcome run_matcher(std::string_view id, const MatchInput& in, Placeholders& values);

// A pattern's match on one finding.
struct PatternMatch {
  Placeholders values;           // "after" filled when a rewrite rule or matcher produced it
  std::optional<TextEdit> edit;  // when the rewrite that applied is a drop-in `fix`
};

// Matches one finding against one pattern; sets `held_back` when the matcher
// withheld the advice.
std::optional<PatternMatch> match_pattern(const Pattern& pattern, const MatchInput& in,
                                          std::string& held_back);

// Whether a Go file imports `path` (its import declarations, before the first
// other top-level declaration).
bool imports_package(const GoSourceFile& file, std::string_view path);

// Fills `{name}` from `values`; a name without a value is left as written.
std::string expand_template(std::string_view text, const Placeholders& values);

// The rule that withholds any suggestion for this finding, or empty:
// no-allocation (an escape the runtime allocates nothing for), then the
// PLAYBOOK §16 rules not-module-file, inlined-from-dependency, panic-argument,
// error-path, init-function, package-initializer, main-startup.
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

// ---- Source patterns (source_patterns.cpp) -------------------------------

// The lines of `file` that `pattern` (kinds include source_pattern) fires on,
// before any §16 rule. `facts` (may be empty) cover the file: they tell
// function bodies and loops, else the scanner does.
std::vector<int> scan_source_pattern(const Pattern& pattern, const GoSourceFile& file,
                                     const FileFacts& facts);

}  // namespace goescape
