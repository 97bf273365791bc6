// The pieces of catalog matching (stages.hpp: apply_catalog and
// find_source_patterns) that the matchers, the source scan and the unit tests
// share: the facts about one finding, the Go-text helpers that work on one
// source line or one function body, type facts, and the PLAYBOOK §16 rules.
//
// Everything here tolerates missing sources: a finding parsed from a log whose
// files are not on disk still matches on its message, flow and (when set)
// source_line; facts that need the file are then "unknown".
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
};

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

// The PLAYBOOK §16 rule that withholds any suggestion for this finding, or
// empty: not-module-file, inlined-from-dependency, panic-argument,
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

// The declared type of variable `name` as seen at `line` in its function:
// `var name T`, `name := T{`, `name := &T{` (as *T), `name := make(T`,
// `name := new(T)` (as *T), a parameter or receiver, a range variable over a
// slice/array/map of known type. Empty when unknown.
std::string declared_type(const GoSourceFile& file, int line, std::string_view name);

// Whether line `line` is inside the body of a `for` statement of the
// function that contains it (braces, strings and comments respected).
bool inside_for_loop(const GoSourceFile& file, int line);

// ---- Type facts (match_types.cpp) ----------------------------------------

struct TypeInfo {                    // source/type_sizes.hpp facts, plus what matching needs
  std::string name;                  // as written, e.g. "Point", "*Point", "[]byte"
  std::optional<std::int64_t> size;  // bytes on a 64-bit target; nullopt = unknown
  bool has_slice_or_map = false;     // contains (not through pointers) a slice or map
  bool sync = false;                 // contains a sync/atomic type: copying is wrong
};

// Facts for type expression `type` as written in package `in.package`
// (module types looked up in that package's files).
TypeInfo type_facts(std::string_view type, const MatchInput& in);

// "24 bytes", or "size unknown".
std::string size_text(const TypeInfo& facts);

// Whether a type of these facts is right as a pointer (PLAYBOOK §6: > 512
// bytes, contains a slice or map, or holds a sync type).
bool right_as_pointer(const TypeInfo& facts);

// ---- Source patterns (source_patterns.cpp) -------------------------------

// The lines of `file` that `pattern` (kinds include source_pattern) fires on,
// before any §16 rule.
std::vector<int> scan_source_pattern(const Pattern& pattern, const GoSourceFile& file);

}  // namespace goescape
