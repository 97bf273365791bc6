// Applying the edits of fixes (Finding::fix) to a file's text, and where the
// lines of an edited file moved: what the overlay builds of fix
// verification, `goescape fix` and its --diff share. Pure functions over
// text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/finding.hpp"
#include "support/result.hpp"

namespace goescape {

// Whether two edits of one file touch the same bytes. Insertions at the same
// place, or at the boundary of a replacement, do not overlap.
bool edits_overlap(const TextEdit& a, const TextEdit& b);

// `text` with `edits` (all of one file, in any order) applied: identical
// edits once, insertions at one place in the order given. An Error naming
// the edit when one lies outside the text, splits a line end or overlaps
// another.
Result<std::string> apply_edits(std::string_view text, std::vector<TextEdit> edits);

// The lines [first, last] that the text of `edit` occupies once every edit
// of `all` (the same file's, `edit` among them) is applied: for an insertion
// that ends with a line end, the inserted lines only.
std::pair<int, int> edited_lines(const TextEdit& edit, const std::vector<TextEdit>& all);

// The lines [first, last] of the original text that `edit` replaces; empty
// (first > last) for an insertion of whole lines.
std::pair<int, int> replaced_lines(const TextEdit& edit);

// Where the start of original line `line` is once `edits` (of its file) are
// applied: shifted by the lines the edits before it add or remove.
int moved_line(int line, const std::vector<TextEdit>& edits);

}  // namespace goescape
