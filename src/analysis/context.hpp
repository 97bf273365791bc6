// What the analysis stages know about the module being analysed: where its
// packages live (from `go list`), which Go release compiled it, the source
// files already scanned, the catalog. Built once per run by app/, shared by
// every stage as const data (SourceCache is the one memoising member).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "model/go_package.hpp"
#include "source/go_source.hpp"

namespace goescape {

// Scanned Go files by absolute path; a file that cannot be read is remembered
// as missing (nullptr), never retried.
class SourceCache {
 public:
  explicit SourceCache(GoNaming naming = {}) : naming_(naming) {}
  const GoSourceFile* get(const std::string& absolute_path);
  // Forgets scanned files beyond the most recent `keep`, so memory follows
  // the size of a package, not of the module. Pointers from get() are
  // invalidated.
  void trim(std::size_t keep);
  // Scans every file of `package` and numbers its package-level functions
  // (`init.N`, closures of variable initializers) across them, as the
  // compiler does. Done once per package until the next trim().
  void load_package(const GoPackage& package);
  void set_naming(GoNaming naming) { naming_ = naming; }
  GoNaming naming() const { return naming_; }

 private:
  GoNaming naming_;
  std::map<std::string, std::unique_ptr<GoSourceFile>> files_;
  std::vector<std::string> order_;  // insertion order, for trim()
  std::set<std::string> loaded_packages_;
};

struct HeapProfile;  // profile/heap_profile.hpp

struct AnalysisContext {
  std::string root;     // absolute: reported files are relative to it
  std::string log_dir;  // absolute: where the go command ran (relative printed paths)
  std::map<std::string, GoPackage> packages;          // by import path
  std::map<std::string, std::string> package_by_dir;  // absolute dir -> import path
  int go_minor = 0;  // 1.minor of the compiling release; 0 when unknown
  const Catalog* catalog = nullptr;
  std::shared_ptr<const HeapProfile> profile;  // --profile; null without one
  bool all = false;                            // --all: keep suggestions the profile calls cold
  mutable SourceCache sources;

  void add_package(GoPackage package);
  const GoPackage* package(const std::string& import_path) const;
  const GoPackage* package_in_dir(const std::string& dir) const;
};

}  // namespace goescape
