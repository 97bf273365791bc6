// What the analysis stages know about the module being analysed: where its
// packages live (from `go list`), which Go release compiled it, the typed
// facts of its packages (when the gofacts helper could run), the source
// files already scanned, the catalog. Built once per run by app/, shared by
// every stage as const data (SourceCache and the facts indexes are the
// memoising members; the stages run on one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/facts_index.hpp"
#include "catalog/catalog.hpp"
#include "model/facts.hpp"
#include "model/go_package.hpp"
#include "source/go_source.hpp"

namespace goescape {

// Scanned Go files by absolute path; a file that cannot be read is remembered
// as missing (nullptr), never retried.
class SourceCache {
 public:
  explicit SourceCache(GoNaming naming = {}) : naming_(naming) {}
  const GoSourceFile* get(const std::string& absolute_path);
  // Forgets scanned files beyond the most recent `keep`, and the oldest while
  // their text passes a few MiB, so memory follows the size of a package,
  // not of the module. Pointers from get() are invalidated.
  void trim(std::size_t keep);
  // Scans every file of `package` and numbers its package-level functions
  // (`init.N`, closures of variable initializers) across the files the
  // compiler compiles, in its order: the non-test files, then (with
  // `tests`) the _test.go files. Done once per package until the next trim().
  void load_package(const GoPackage& package, bool tests);
  void set_naming(GoNaming naming) { naming_ = naming; }
  GoNaming naming() const { return naming_; }

 private:
  GoNaming naming_;
  std::map<std::string, std::unique_ptr<GoSourceFile>> files_;
  std::vector<std::string> order_;  // insertion order, for trim()
  std::size_t bytes_ = 0;           // text of the files in files_
  std::set<std::string> loaded_packages_;
};

struct HeapProfile;  // profile/heap_profile.hpp

// The facts of the package a file belongs to, with the file's index in them.
struct FileFacts {
  const FactsIndex* index = nullptr;
  int file = -1;

  explicit operator bool() const { return index != nullptr; }
};

struct AnalysisContext {
  std::string root;     // absolute: reported files are relative to it
  std::string log_dir;  // absolute: where the go command ran (relative printed paths)
  std::map<std::string, GoPackage> packages;          // by import path
  std::map<std::string, std::string> package_by_dir;  // absolute dir -> import path
  int go_minor = 0;  // 1.minor of the compiling release; 0 when unknown
  const Catalog* catalog = nullptr;
  std::shared_ptr<const HeapProfile> profile;  // --profile; null without one
  bool all = false;                            // --all: keep suggestions the profile calls cold
  bool tests = false;                          // --tests: _test.go files are compiled
  // Typed facts; null when the helper could not run (then the source scanner
  // stands in and the matchers that need types hold their advice back).
  const FactsProvider* facts = nullptr;
  mutable SourceCache sources;
  // Directories under which a package's directory is its import path
  // (GOROOT/src), learned from the log (analysis/naming.hpp).
  mutable std::vector<std::string> source_roots;

  void add_package(GoPackage package);
  const GoPackage* package(const std::string& import_path) const;
  const GoPackage* package_in_dir(const std::string& dir) const;

  // The indexed facts of package `import_path`; null without facts for it.
  // May block while the helper is still checking that package.
  const FactsIndex* facts_for(std::string_view import_path) const;

  // The facts that cover the absolute file `path`, reported under the
  // `# block` package header: the block's own package, else the package of
  // the file's directory (a closure inlined from another package, a shared
  // file). Empty when no facts cover it.
  FileFacts facts_for_file(const std::string& path, const std::string& block) const;

  // Ends the work on one package block: forgets the indexed facts of the
  // packages only one block has used so far (most often the block's own),
  // except the `keep` used last, and releases them from the provider, so
  // that memory follows the packages in use, not the run. Facts several
  // blocks use (a generic's package, runtime code inlined everywhere) stay.
  // facts_for brings released facts back when needed. Pointers from
  // facts_for() and facts_for_file() are invalidated.
  void trim_facts(std::size_t keep) const;

 private:
  struct IndexedFacts {
    std::unique_ptr<FactsIndex> index;  // null: the package has no facts
    std::uint64_t used = 0;             // when facts_for last returned it
    std::uint64_t block = 0;            // the block it was last used in
    int blocks = 0;                     // blocks it was used in
    bool released = false;              // index dropped by trim_facts
  };
  mutable std::map<std::string, IndexedFacts, std::less<>> facts_indexes_;
  mutable std::uint64_t uses_ = 0;
  mutable std::uint64_t block_ = 1;  // trim_facts() calls so far, plus one
};

}  // namespace goescape
