// A Go package as `go list` describes it: where it lives, which module it
// belongs to and which files it compiles. Filled by runner/ (go list), read
// by analysis/ and app/.
#pragma once

#include <string>
#include <vector>

namespace goescape {

struct GoPackage {
  std::string import_path;
  std::string name;         // package clause name ("main", "cache", "cache_test")
  std::string dir;          // absolute
  std::string module_path;  // empty outside a module
  std::string module_dir;
  bool standard = false;           // part of the standard library
  std::vector<std::string> files;  // base names: GoFiles, CgoFiles, TestGoFiles, XTestGoFiles
};

}  // namespace goescape
