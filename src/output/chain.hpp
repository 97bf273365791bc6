// The one-line reason chain of a heap finding, shared by every format that
// prints it: `x → &x (address-of, lru.go:43) → {heap} (assign, lru.go:17)`.
#pragma once

#include <string>

#include "model/finding.hpp"

namespace goescape {

// Empty when the finding has no -m=2 flow.
std::string reason_chain(const Finding& finding);

// "lru.go:43": the base name of `pos.file` and its line.
std::string short_position(const Position& pos);

}  // namespace goescape
