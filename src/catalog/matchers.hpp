// The built-in matchers a pattern file may name in `match.matcher`, and the
// placeholders every suggestion template may use. The set is small on purpose:
// a matcher exists only where the facts a suggestion needs (a type's size, the
// callee that stores a pointer, the fields a closure reads) cannot be had from
// regular expressions over one line. The implementations live in
// analysis/match_builtin.cpp; this table is what the loader validates against.
#pragma once

#include <span>
#include <string_view>

namespace goescape {

struct MatcherInfo {
  std::string_view id;
  std::string_view summary;  // one line, for `goescape patterns` and the README
  // Placeholders the matcher fills, space-separated.
  std::string_view placeholders;
  // The matcher finds its own lines (the loop patterns in the typed facts'
  // loops, profile-growth in the heap profile), so a source_pattern using it
  // needs no `source` expression to scan for.
  bool finds_lines = false;
};

// Every built-in matcher, sorted by id.
std::span<const MatcherInfo> builtin_matchers();

const MatcherInfo* find_matcher(std::string_view id);

// Placeholders filled for every finding, space-separated: expr var line col
// file function func ident before after go package.
std::string_view common_placeholders();

}  // namespace goescape
