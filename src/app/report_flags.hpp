// What `check`, `parse` and `diff` make of the report flags they share
// (app/options.hpp): the directory of -C DIR, and --kind / --func as one
// filter over findings. One reading of each flag, so the three commands
// accept and reject the same values with the same words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/finding.hpp"
#include "support/regex.hpp"
#include "support/result.hpp"

namespace goescape {

// The absolute, canonical path of -C DIR (empty = the current directory). An
// Error (usage) "-C DIR: not a directory" otherwise.
Result<std::string> run_directory(const std::string& dir);

// --kind (repeatable) and --func RE.
class FindingFilter {
 public:
  // An Error (usage) for an unknown kind name (listing the known ones) or an
  // invalid RE2 expression.
  static Result<FindingFilter> make(const std::vector<std::string>& kinds,
                                    const std::string& func_regex);

  // Whether `finding` is of a chosen kind (any, when none was chosen) and in
  // a function --func matches (any, without --func; a finding without a
  // function never matches --func).
  bool keeps(const Finding& finding) const;

  // The chosen kinds; empty when --kind was not given.
  const std::vector<Kind>& kinds() const { return kinds_; }

 private:
  FindingFilter() = default;
  std::vector<Kind> kinds_;
  std::optional<Regex> func_;
};

}  // namespace goescape
