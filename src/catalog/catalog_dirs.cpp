// The built-in catalog's search path (catalog/catalog_dirs.hpp). The places
// come from CMake: GOESCAPE_RELATIVE_PATTERN_DIR (the install layout, from the
// binary's directory to the catalog), GOESCAPE_INSTALLED_PATTERN_DIR (the
// configure-time prefix), GOESCAPE_SOURCE_PATTERN_DIR and GOESCAPE_BUILD_DIR.
#include "catalog/catalog_dirs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

namespace goescape {

namespace fs = std::filesystem;

namespace {

// The running binary's directory; empty where /proc is not mounted.
fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path();
}

// True when `path` is `dir` or lies below it (both absolute).
bool is_inside(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  fs::path canonical_dir = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  auto differ = std::mismatch(canonical_dir.begin(), canonical_dir.end(), path.begin(), path.end());
  return differ.first == canonical_dir.end();
}

// A directory with at least one pattern file: an emptied directory is no
// catalog, it would only make every run silently suggest nothing.
bool holds_catalog(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) return true;
  }
  return false;
}

}  // namespace

BuiltinCatalog find_builtin_catalog() {
  BuiltinCatalog out;
  auto add = [&out](const fs::path& dir, std::string_view origin) {
    std::string normal = dir.lexically_normal().string();
    // An install at its configure-time prefix finds the same place twice.
    if (out.searched.empty() || out.searched.front().dir != normal)
      out.searched.push_back({std::move(normal), std::string(origin)});
  };
  const fs::path exe_dir = executable_dir();
  if (exe_dir.empty()) {  // no /proc: where we run from is unknown
    add(GOESCAPE_INSTALLED_PATTERN_DIR, "install prefix");
    add(GOESCAPE_SOURCE_PATTERN_DIR, "source tree");
  } else if (is_inside(exe_dir, GOESCAPE_BUILD_DIR)) {
    add(GOESCAPE_SOURCE_PATTERN_DIR, "source tree");
  } else {
    add(exe_dir / GOESCAPE_RELATIVE_PATTERN_DIR, "next to the binary");
    add(GOESCAPE_INSTALLED_PATTERN_DIR, "install prefix");
  }
  for (const CatalogCandidate& candidate : out.searched) {
    if (holds_catalog(candidate.dir)) {
      out.found = candidate;
      break;
    }
  }
  return out;
}

Error missing_catalog_error(const BuiltinCatalog& builtin) {
  std::vector<std::string> searched;
  for (const CatalogCandidate& candidate : builtin.searched)
    searched.push_back(fmt::format("{} ({})", candidate.dir, candidate.origin));
  return Error{fmt::format("no pattern catalog found; looked in {}. Reinstall goescape, or pass "
                           "--patterns DIR",
                           fmt::join(searched, ", ")),
               ExitCode::usage};
}

Result<std::vector<std::string>> catalog_dirs(const std::vector<std::string>& user_dirs) {
  const BuiltinCatalog builtin = find_builtin_catalog();
  std::vector<std::string> dirs;
  if (builtin.found) {
    dirs.push_back(builtin.found->dir);
  } else if (user_dirs.empty()) {
    return missing_catalog_error(builtin);
  }
  dirs.insert(dirs.end(), user_dirs.begin(), user_dirs.end());
  return dirs;
}

}  // namespace goescape
