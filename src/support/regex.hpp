// The one place that includes RE2. A Regex is compiled once and matched many
// times; patterns come from our own tables or from user input (--func, pattern
// files), so compilation reports errors instead of aborting.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace goescape {

class Regex {
 public:
  // Compiles `pattern` (RE2 syntax, UTF-8). On error, `ok()` is false and
  // `error()` says why.
  explicit Regex(std::string_view pattern);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  bool ok() const;
  const std::string& error() const { return error_; }
  const std::string& pattern() const { return pattern_; }

  // True when the pattern matches somewhere in `text` (unanchored).
  bool search(std::string_view text) const;
  // True when the pattern matches the whole of `text`.
  bool full_match(std::string_view text) const;

  // Unanchored search that returns the whole match (group 0) and each capture
  // group; a group that did not take part is an empty optional.
  // nullopt when there is no match.
  std::optional<std::vector<std::optional<std::string_view>>> capture(std::string_view text) const;

  // Index of the named group, or -1.
  int group_index(std::string_view name) const;
  int group_count() const;

 private:
  std::unique_ptr<re2::RE2> re_;
  std::string pattern_;
  std::string error_;
};

}  // namespace goescape
