// The gofacts helper (src/gofacts/FACTS.md), as goescape builds and runs it.
// Its Go source is embedded in the goescape binary at build time; the first
// run for a Go release writes it to the cache directory and builds it there
// with that release, later runs reuse the binary. It then runs beside `go
// build -gcflags=-m=2`, on a thread of its own, and each package's facts are
// available as soon as the helper has written them. The helper keeps the
// facts of unchanged packages in a `facts/` directory beside its binary
// (FACTS.md, `-cache`).
//
// Nothing here fails a goescape run: when the helper cannot be had (no
// cache directory, a Go release older than it supports, a build failure, an
// error exit, malformed output) the packages concerned simply have no facts,
// and problem() says why in one line.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "model/facts.hpp"
#include "model/facts_json.hpp"
#include "runner/go.hpp"
#include "runner/process.hpp"
#include "support/spool_file.hpp"

namespace goescape {

// One file of the helper's source, as embedded (a generated .cpp defines them).
struct EmbeddedFile {
  std::string_view name;  // relative to src/gofacts, e.g. "main.go", "go.mod"
  std::string_view text;
};

// The helper's embedded source files; empty when goescape was built without
// any (then problem() says so).
std::span<const EmbeddedFile> gofacts_source_files();

// A short hash of the embedded source (names and contents), part of the cache
// path so that a changed helper is rebuilt.
std::string_view gofacts_source_hash();

// goescape's cache directory: $GOESCAPE_CACHE_DIR, else
// $XDG_CACHE_HOME/goescape, else $HOME/.cache/goescape; empty when none of
// them is set.
std::string goescape_cache_dir();

// The facts that arrived so far, by import path; thread-safe. package()
// blocks until the package's line has arrived or the helper has ended. Each
// package's line of the helper's output is set aside in a spool file and read
// only when the package's facts are first asked for: the helper usually runs
// far ahead of the analysis, and many packages (dependencies) are never
// asked for. Released facts are dropped from memory and read again if a
// later package needs them (a generic's package, a file shared between
// packages).
class FactsStore final : public FactsProvider {
 public:
  FactsStore();
  const PackageFacts* package(std::string_view import_path) const override;
  void release(std::string_view import_path) const override;

  // The helper's line for `import_path`; the first line for an import path
  // wins. Without a spool file (no temporary file could be made, a full
  // disk) the line is read at once and its facts are kept until the end.
  void add(std::string_view import_path, std::string_view line);
  // No more facts will come; wakes every waiting package().
  void close();
  // Lines whose facts could not be read, in one line with the first one's
  // reason; empty when there were none.
  std::string problem() const;

 private:
  struct Entry {
    mutable std::unique_ptr<PackageFacts> facts;  // null until read, or once released
    mutable std::optional<SpoolFile::Span> line;  // where the line is kept, if it is
  };
  // Keeps the facts read from an entry's line; on failure counts the line
  // as malformed and leaves the entry without facts for good.
  void keep(std::string_view import_path, const Entry& entry, Result<FactsLine> read) const;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<std::string, Entry, std::less<>> packages_;
  std::optional<SpoolFile> spool_;  // none when no temporary file could be made
  bool closed_ = false;
  mutable long malformed_ = 0;
  mutable std::string first_malformed_;
};

struct GoFactsRequest {
  GoCommand go;                       // binary, dir (-C), tags, tests
  std::vector<std::string> patterns;  // as for the build
  std::string go_version;             // `go env GOVERSION` in go.dir, when known
};

class GoFacts {
 public:
  // Starts the thread that gets the helper (cache or build) and runs it on
  // the request's packages. Returns at once.
  static std::unique_ptr<GoFacts> start(GoFactsRequest request);
  // Stops the helper if it still runs, and joins the thread.
  ~GoFacts();
  GoFacts(const GoFacts&) = delete;
  GoFacts& operator=(const GoFacts&) = delete;

  const FactsProvider& facts() const { return store_; }

  // For when the facts are no longer needed: stops the helper (SIGINT to its
  // process group, so that the go command it runs removes its work
  // directory; SIGKILL if it is still there after a few seconds) and waits
  // for the thread to end. A build of the helper is let finish (the next run
  // reuses it, and a go build stopped halfway may leave files behind); the
  // helper then does not start.
  void stop();

  // Why facts are missing, in one line ("the facts helper did not build
  // with go1.26.8: ..."); empty when the helper ran and reported no problem.
  // Waits for the thread to end.
  std::string problem();

 private:
  explicit GoFacts(GoFactsRequest request);
  void run();
  // The release, the helper (cached or built) and its run; an Error says
  // why there are no facts at all.
  Status get_and_run();
  Result<std::string> ensure_built(const std::string& version);
  void run_helper(const std::string& program);
  void set_problem(std::string problem);
  // The hooks that let stop() reach the child running now.
  ChildHooks hooks();

  GoFactsRequest request_;
  std::vector<std::pair<std::string, std::string>> go_env_;  // for every go it runs
  FactsStore store_;
  std::mutex mutex_;  // guards the members below
  std::condition_variable finished_changed_;
  pid_t child_ = 0;
  bool helper_running_ = false;  // child_ is the helper, not its build
  bool stopping_ = false;
  bool finished_ = false;  // run() has returned
  std::string problem_;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace goescape
