// Verdicts of candidate fixes kept between runs, so that a `check` of code
// that has not changed since the last one does not build the overlay again
// (app/verify_fixes.hpp). A verdict is stored under a key over everything it
// depends on: goescape's version, the go command and its settings, the
// package's files (names and contents) and the candidate's edits and target.
// Change any of them and the key changes.
//
// Entries live in <goescape cache dir>/verify/ (runner/gofacts.hpp), one
// small file each, written to a temporary name and renamed into place; an
// unreadable or damaged entry is a miss. Entries not used for 30 days are
// removed when a run stores new ones. No cache directory: every lookup
// misses and nothing is stored.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "analysis/context.hpp"
#include "analysis/fix_verify.hpp"
#include "runner/go.hpp"

namespace goescape {

struct CachedVerdict {
  bool verified = false;
  std::string reason;  // why it failed
};

class VerdictCache {
 public:
  // The cache of the user's cache directory; `go` and `ctx` as the
  // verification's.
  VerdictCache(const GoCommand& go, const AnalysisContext& ctx);
  // For tests: entries under `dir` (empty: none).
  VerdictCache(std::string dir, const GoCommand& go, const AnalysisContext& ctx);

  // The key of `candidate`, a finding of the package `import_path`.
  std::string key(const FixCandidate& candidate, const std::string& import_path);

  std::optional<CachedVerdict> find(const std::string& key) const;
  // Stores a verdict; a failure to write is no error (the next run builds).
  void store(const std::string& key, const CachedVerdict& verdict);
  // Removes entries unused for 30 days, once per run, after a store.
  void sweep();

 private:
  // A hash of the package's files (names and contents), read once per run.
  const std::string& package_hash(const std::string& import_path);

  std::string dir_;
  std::string settings_;  // goescape, go and its flags
  const AnalysisContext& ctx_;
  std::map<std::string, std::string> package_hashes_;
  bool stored_ = false;
};

}  // namespace goescape
