// A unified diff of two versions of one text file, as `diff -u` and `git
// diff` print it, for `goescape fix --diff` and the HTML report's fixes.
#pragma once

#include <string>
#include <string_view>

namespace goescape {

// The hunks turning `before` into `after`, with `context` unchanged lines
// around each change, under `--- a/PATH` / `+++ b/PATH` headers; empty when
// the texts are equal. Lines are compared whole; a last line without a line
// end is marked `\ No newline at end of file`.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         int context = 3);

}  // namespace goescape
