// Preallocation in loops (PLAYBOOK §2 slices and builders, §3 maps, §15
// make-and-index), read from the typed facts' loops (src/gofacts/FACTS.md,
// Loop) and the source lines of the declarations they name:
//   - a slice declared nil, `[]T{}` or `make([]T, 0)` that a loop whose
//     iteration count is known before it appends to exactly once per
//     iteration, unconditionally: make it with that capacity;
//   - a map made without a size hint, filled the same way: give the hint;
//   - a strings.Builder / bytes.Buffer written a fixed number of bytes per
//     iteration: Grow it before the loop;
//   - `make([]T, 0, n)` appended to once per iteration of a counted loop of n:
//     `make([]T, n)` and an indexed assignment.
// Never when the loop can stop early (break, continue, return, goto), fills
// conditionally or several times, or anything else changes the variable
// between its declaration and the end of the loop. Each site carries its
// rewrite as edits of the source (model/finding.hpp TextEdit), not yet
// compiled: a fix is offered only once the compiler has verified it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/facts_index.hpp"
#include "analysis/match_engine.hpp"
#include "model/finding.hpp"
#include "source/go_source.hpp"

namespace goescape {

enum class LoopAdvice { slice_capacity, map_hint, builder_grow, slice_index };

// A position in the file: 1-based line and byte column.
struct LoopPos {
  int line = 0;
  int col = 0;

  auto operator<=>(const LoopPos&) const = default;
};

struct LoopSite {
  LoopAdvice advice = LoopAdvice::slice_capacity;
  std::string var;              // the slice, map or builder, as written
  std::vector<LoopPos> growth;  // where it grows, in source order: each append's `(`,
                                // map store's `[`, builder write's `(` (the compiler's
                                // positions); the advice sits at the first
  std::vector<int> loops;       // first lines of the loops that fill it
  std::string type;             // "[]string", "map[string]int", "strings.Builder"
  std::string size;             // the capacity, hint or Grow argument: "len(src)", "2*n"
  int decl_line = 0;            // the declaration that changes (a builder: the loop)
  std::string before;           // that line's code as written
  std::string after;            // rewritten (a builder: the Grow call put before the loop)
  std::string store_before;     // slice_index: the append, and the assignment that
  std::string store_after;      // replaces it
  bool nil_to_empty = false;    // was `var s []T`: with nothing to append the result is
                                // now an empty slice, not nil
  std::vector<TextEdit> edits;  // the rewrite, in file order (`file` left empty: the
                                // caller knows the finding's path)

  LoopPos at() const { return growth.front(); }
};

// Every preallocation site of file `file` of the indexed package, `source`
// being that file's text, in source order. Empty without loops.
std::vector<LoopSite> find_loop_sites(const FactsIndex& facts, int file,
                                      const GoSourceFile& source);

// Whether `f` is the compiler's verdict about an append (`append escapes to
// heap`: its expression is the append call, or the bare word in a -m log).
bool is_append_verdict(const Finding& f);

// The built-in matcher (catalog/matchers.hpp) that stands for each advice,
// and back; nullopt for any other matcher id.
std::string_view loop_matcher(LoopAdvice advice);
std::optional<LoopAdvice> loop_advice_of(std::string_view matcher);

// The built-in matcher of `advice` (match_loops.cpp): matches a finding at
// such a site's position (LoopSite::at) that is about its growth, a
// source_pattern about its variable (Finding::expr) or the compiler's
// `append escapes to heap` there, and fills the site's placeholders (var
// type size decl_line declaration declaration_after loop_line loops lines
// store_before store_after nil_note); holds the advice back when the
// finding is in cold code (Finding::cold).
MatcherOutcome match_loop_site(LoopAdvice advice, const MatchInput& in, Placeholders& values);

}  // namespace goescape
