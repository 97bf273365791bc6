#include "app/report_flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace goescape {

namespace fs = std::filesystem;

Result<std::string> run_directory(const std::string& dir) {
  std::error_code ec;
  fs::path path = fs::absolute(dir.empty() ? fs::path(".") : fs::path(dir), ec);
  if (!ec) path = fs::weakly_canonical(path, ec);
  if (ec || !fs::is_directory(path, ec))
    return Error{fmt::format("-C {}: not a directory", dir), ExitCode::usage};
  return path.string();
}

Result<FindingFilter> FindingFilter::make(const std::vector<std::string>& kinds,
                                          const std::string& func_regex) {
  FindingFilter filter;
  for (const std::string& name : kinds) {
    auto kind = kind_from_name(name);
    if (!kind)
      return Error{fmt::format("unknown --kind \"{}\" (known: {})", name, kind_names()),
                   ExitCode::usage};
    filter.kinds_.push_back(*kind);
  }
  if (!func_regex.empty()) {
    Regex re(func_regex);
    if (!re.ok())
      return Error{fmt::format("--func: invalid regular expression: {}", re.error()),
                   ExitCode::usage};
    filter.func_.emplace(std::move(re));
  }
  return filter;
}

bool FindingFilter::keeps(const Finding& finding) const {
  if (!kinds_.empty() && std::find(kinds_.begin(), kinds_.end(), finding.kind) == kinds_.end())
    return false;
  return !func_ || (finding.function && func_->search(*finding.function));
}

}  // namespace goescape
