// The reason chain of a heap finding, shared by every format that prints it,
// in two lengths:
//   full   every -m=2 step: `x → &x (address-of, lru.go:43) → {heap} (assign, lru.go:17)`
//   short  one line a person reads (about 120 characters): the expression,
//          the steps that decide the escape (address taken, captured, passed
//          to a callee, stored in `x.f`, returned, converted to an interface,
//          too large for the stack) and where it ends:
//          `x → address taken (line 43) → passed to (*LRU).Add → heap`.
#pragma once

#include <cstddef>
#include <string>

#include "model/finding.hpp"

namespace goescape {

// Every step of the finding's -m=2 flow on one line; empty when the finding
// has no flow.
std::string reason_chain(const Finding& finding);

// The decisive steps only, at most about `width` characters (longer texts
// are cut with "…", middle steps dropped first); empty when the finding has
// no flow.
std::string short_reason_chain(const Finding& finding, std::size_t width = 120);

// What short_reason_chain() says after the expression: " → address taken
// (line 43) → heap" (without `positions`: " → address taken → heap").
// Findings whose steps are equal escape alike.
std::string short_reason_steps(const Finding& finding, bool positions = true);

// "lru.go:43": the base name of `pos.file` and its line.
std::string short_position(const Position& pos);

}  // namespace goescape
