// Judging candidate fixes by what the compiler says of them (SPEC.md, "a fix
// is only offered when goescape has compiled the edited package and the
// allocation it targets is gone"). The recipe that builds the overlays is
// app/verify_fixes.hpp; here are its pure parts: which findings carry a
// candidate, how many heap findings sit on the lines a fix touches before
// and after, and which candidates a failed build's errors point at.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/finding.hpp"

namespace goescape {

// A finding whose suggestion comes with candidate edits (Finding::fix not
// yet verified).
struct FixCandidate {
  std::size_t package = 0;  // index into the packages given to fix_candidates
  std::size_t finding = 0;  // index into that package's findings
  const Fix* fix = nullptr;
  bool heap_target = true;  // a compiler verdict (else a source pattern)
  Position target;          // the finding's position
  std::string target_expr;  // and expression
  int heap_before = 0;      // heap findings on the lines the edits replace, and the
                            // finding itself
};

// The candidates among the findings of `packages`: a suggestion and an
// unverified fix whose edits are in Go files under the root, in a package's
// own build (not a test variant).
std::vector<FixCandidate> fix_candidates(const std::vector<PackageResult>& packages);

// The edits of `candidates` by file, for an overlay.
std::map<std::string, std::vector<TextEdit>> edits_by_file(
    const std::vector<const FixCandidate*>& candidates);

// Whether a candidate's allocation is gone in the edited build: fewer
// allocating heap findings (moved_to_heap, escapes_to_heap; not a constant
// boxed for free) on the lines its edits produce than on the lines they
// replaced (for loop growth, which -m=2 does not show, no more than the one
// allocation of the sized declaration, which replaces the growth). `after`
// are the build's findings with positions relative to the root; `file_edits`
// every edit of the batch, by file.
bool escape_gone(const FixCandidate& candidate, const std::vector<Finding>& after,
                 const std::map<std::string, std::vector<TextEdit>>& file_edits);

// The candidates (indices into `candidates`) whose edited lines a failed
// build's error lines (`file:line:col: message`, the file relative to the
// root or to `dir` of the go command) point at. `unexplained` gets each
// error line that points at no candidate.
std::set<std::size_t> blamed_candidates(
    const std::vector<const FixCandidate*>& candidates,
    const std::map<std::string, std::vector<TextEdit>>& file_edits,
    const std::vector<std::string>& errors, std::vector<std::string>& unexplained);

}  // namespace goescape
