#include "runner/gofacts.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>

#include "model/facts_json.hpp"
#include "runner/process.hpp"
#include "support/signals.hpp"

namespace goescape {

namespace fs = std::filesystem;

namespace {

// The oldest release the helper builds with (its go.mod says `go 1.19`).
constexpr int oldest_go_minor = 19;

// One package's facts are one line: tens of MB for the largest packages of
// the standard library. Beyond this a line is no facts line.
constexpr std::size_t max_facts_line = std::size_t{512} << 20;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// The first non-empty line of go's (or the helper's) error output.
std::string first_line(std::string_view text) {
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) return std::string(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return {};
}

// A release name fit for a directory name ("go1.26.8"; anything odd in a
// devel version becomes '_').
std::string directory_name(std::string_view version) {
  std::string out;
  for (char c : version)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '_';
  return out;
}

// A name no other goescape process uses at the same time, next to `path`.
std::string temporary_name(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}.tmp.{}.{}", path.string(), ::getpid(), counter.fetch_add(1));
}

// Writes `text` to `path` through a temporary file renamed into place, so a
// concurrent run never sees half a file.
Status write_atomically(const fs::path& path, std::string_view text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const std::string temporary = temporary_name(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) {
      fs::remove(temporary, ec);
      return Error{fmt::format("cannot write {}", temporary)};
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return Error{fmt::format("cannot write {}: {}", path.string(), ec.message())};
  }
  return ok_status();
}

bool is_executable(const fs::path& path) {
  return ::access(path.c_str(), X_OK) == 0 && fs::is_regular_file(path);
}

}  // namespace

std::string goescape_cache_dir() {
  if (std::string dir = env("GOESCAPE_CACHE_DIR"); !dir.empty()) return dir;
  // XDG: a relative XDG_CACHE_HOME is invalid and ignored.
  if (std::string xdg = env("XDG_CACHE_HOME"); !xdg.empty() && xdg.front() == '/')
    return xdg + "/goescape";
  if (std::string home = env("HOME"); !home.empty()) return home + "/.cache/goescape";
  return {};
}

FactsStore::FactsStore() {
  // Without a spool file nothing is ever released: more memory, same facts.
  if (auto spool = SpoolFile::create()) spool_.emplace(std::move(spool).value());
}

const PackageFacts* FactsStore::package(std::string_view import_path) const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return closed_ || packages_.find(import_path) != packages_.end(); });
  auto it = packages_.find(import_path);
  if (it == packages_.end()) return nullptr;
  const Entry& entry = it->second;
  if (!entry.facts && entry.line) keep(import_path, entry, read_facts_line(*spool_, *entry.line));
  return entry.facts.get();
}

void FactsStore::keep(std::string_view import_path, const Entry& entry,
                      Result<FactsLine> read) const {
  if (read && read->package && read->package->import_path == import_path) {
    entry.facts = std::make_unique<PackageFacts>(std::move(*read->package));
    return;
  }
  entry.line.reset();  // not read again
  if (malformed_++ == 0)
    first_malformed_ =
        fmt::format("{}: {}", import_path, read ? "not the package's facts" : read.error().message);
}

void FactsStore::release(std::string_view import_path) const {
  std::lock_guard lock(mutex_);
  auto it = packages_.find(import_path);
  if (it != packages_.end() && it->second.line) it->second.facts.reset();
}

void FactsStore::add(std::string_view import_path, std::string_view line) {
  {
    std::lock_guard lock(mutex_);
    if (packages_.find(import_path) != packages_.end()) return;
    Entry& entry = packages_.emplace(std::string(import_path), Entry{}).first->second;
    try {
      if (spool_) entry.line = spool_->append(line);
    } catch (const Failure&) {
      // A full disk: read now, and kept in memory.
    }
    if (!entry.line) keep(import_path, entry, read_facts_line(line));
  }
  changed_.notify_all();
}

std::string FactsStore::problem() const {
  std::lock_guard lock(mutex_);
  if (malformed_ == 0) return {};
  return fmt::format("the facts of {} package{} could not be read ({})", malformed_,
                     malformed_ == 1 ? "" : "s", first_malformed_);
}

void FactsStore::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

std::unique_ptr<GoFacts> GoFacts::start(GoFactsRequest request) {
  return std::unique_ptr<GoFacts>(new GoFacts(std::move(request)));
}

GoFacts::GoFacts(GoFactsRequest request)
    : request_(std::move(request)), thread_([this] { run(); }) {}

GoFacts::~GoFacts() { stop(); }

void GoFacts::stop() {
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    // Until the thread ends or the helper runs (a build goes on to its end).
    finished_changed_.wait(lock, [this] { return finished_ || (helper_running_ && child_ > 0); });
    if (!finished_) {
      ::kill(-child_, SIGINT);
      if (!finished_changed_.wait_for(lock, std::chrono::seconds(3),
                                      [this] { return finished_; }) &&
          child_ > 0)
        ::kill(-child_, SIGKILL);
    }
  }
  if (thread_.joinable()) thread_.join();
}

std::string GoFacts::problem() {
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return problem_.empty() ? store_.problem() : problem_;
}

void GoFacts::set_problem(std::string problem) {
  std::lock_guard lock(mutex_);
  if (stopping_ || !problem_.empty()) return;  // a stopped run has no problem to report
  problem_ = std::move(problem);
}

ChildHooks GoFacts::hooks() {
  ChildHooks h;
  h.started = [this](pid_t group) {
    std::lock_guard lock(mutex_);
    child_ = group;
    finished_changed_.notify_all();  // stop() may be waiting for the helper to start
  };
  h.ending = [this] {
    std::lock_guard lock(mutex_);
    child_ = 0;
  };
  return h;
}

void GoFacts::run() {
  // Nothing may escape a thread; whatever goes wrong only costs the facts.
  try {
    if (Status done = get_and_run(); !done) set_problem(done.error().message);
  } catch (const std::exception& e) {
    set_problem(fmt::format("the facts helper failed: {}", e.what()));
  } catch (...) {
    set_problem("the facts helper failed");
  }
  store_.close();
  std::lock_guard lock(mutex_);
  finished_ = true;
  finished_changed_.notify_all();
}

Status GoFacts::get_and_run() {
  std::string version = request_.go_version;
  if (version.empty()) {
    auto asked = go_version(request_.go);
    if (!asked) return asked.error();
    version = *asked;
  }
  if (gofacts_source_files().empty())
    return Error{"this goescape was built without the facts helper's source"};
  if (const int minor = go_minor_version(version); minor != 0 && minor < oldest_go_minor)
    return Error{fmt::format("{} is older than the facts helper supports (Go 1.{} or later)",
                             version, oldest_go_minor)};
  // go dies of SIGINT (a stop, Ctrl-C) without removing its $WORK: unless
  // the user chose GOTMPDIR, the go commands of the helper and of its build
  // work inside a temporary directory of ours, which goes in any case.
  auto work = TemporaryDirectory::create("goescape-facts-");
  if (!work) return work.error();
  if (const char* gotmp = std::getenv("GOTMPDIR"); !gotmp || !*gotmp)
    go_env_.emplace_back("GOTMPDIR", work->path());
  auto program = ensure_built(version);
  if (!program) return program.error();
  run_helper(*program);
  return ok_status();
}

Result<std::string> GoFacts::ensure_built(const std::string& version) {
  const std::string cache = goescape_cache_dir();
  if (cache.empty())
    return Error{"no cache directory for the facts helper (set GOESCAPE_CACHE_DIR or HOME)"};
  const fs::path dir = fs::path(cache) / "gofacts" /
                       fmt::format("{}-{}", directory_name(version), gofacts_source_hash());
  const fs::path program = dir / "gofacts";
  if (is_executable(program)) return program.string();

  const fs::path source = dir / "src";
  for (const EmbeddedFile& file : gofacts_source_files()) {
    if (Status written = write_atomically(source / file.name, file.text); !written)
      return Error{
          fmt::format("cannot write the facts helper's source: {}", written.error().message)};
  }
  auto go = find_executable(request_.go.binary.empty() ? "go" : request_.go.binary);
  if (!go) return Error{fmt::format("{}: not found", request_.go.binary)};

  // The helper must read the export data of the release that compiles the
  // user's code, so that release builds it: exactly it, whatever
  // GOTOOLCHAIN and go.mod say. It is a program for this machine (whatever
  // GOOS/GOARCH the user's build targets), needs no C compiler, and builds
  // from its own go.mod alone (no workspace, no user GOFLAGS).
  ProcessSpec build;
  build.dir = source.string();
  const bool release =
      version.starts_with("go1.") && version.find_first_of(" \t") == std::string::npos;
  build.env = go_env_;
  build.env.insert(build.env.end(), {{"GOTOOLCHAIN", release ? version : "local"},
                                     {"GOFLAGS", "-mod=mod"},
                                     {"GOWORK", "off"},
                                     {"GO111MODULE", "on"},
                                     {"CGO_ENABLED", "0"}});
  ProcessSpec host = build;
  host.argv = {*go, "env", "GOHOSTOS", "GOHOSTARCH"};
  if (auto answered = run_capture(host, hooks()); answered && answered->exit_status == 0) {
    std::string_view out = answered->out;
    auto nl = out.find('\n');
    std::string os = first_line(out.substr(0, nl));
    std::string arch = nl == std::string_view::npos ? "" : first_line(out.substr(nl + 1));
    if (!os.empty() && !arch.empty()) {
      build.env.emplace_back("GOOS", os);
      build.env.emplace_back("GOARCH", arch);
    }
  }
  const std::string temporary = temporary_name(program);
  build.argv = {*go, "build", "-trimpath", "-o", temporary, "."};
  auto built = run_capture(build, hooks());
  std::error_code ec;
  if (!built || built->exit_status != 0 || !is_executable(temporary)) {
    fs::remove(temporary, ec);
    std::string why;
    if (!built) {
      why = built.error().message;
    } else if (built->exit_status == 0) {
      why = "go build wrote no program";
    } else {
      why = first_line(built->err);
      if (why.empty()) why = first_line(built->out);
      if (why.empty()) why = fmt::format("exit status {}", built->exit_status);
    }
    return Error{fmt::format("the facts helper did not build with {}: {}", version, why)};
  }
  // Two runs may build at once: each renames its own binary into place.
  fs::rename(temporary, program, ec);
  if (ec) {
    fs::remove(temporary, ec);
    if (!is_executable(program))
      return Error{fmt::format("cannot install the facts helper in {}", dir.string())};
  }
  return program.string();
}

void GoFacts::run_helper(const std::string& program) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // no longer needed
    helper_running_ = true;
  }
  auto go = find_executable(request_.go.binary.empty() ? "go" : request_.go.binary);
  ProcessSpec spec;
  spec.dir = request_.go.dir;
  spec.env = go_env_;
  spec.argv = {program, "-go", go ? *go : request_.go.binary};
  if (!request_.go.dir.empty()) {
    spec.argv.push_back("-C");
    spec.argv.push_back(request_.go.dir);
  }
  if (!request_.go.tags.empty()) spec.argv.push_back("-tags=" + request_.go.tags);
  if (request_.go.tests) spec.argv.push_back("-tests");
  // Facts of unchanged packages come from the helper's cache, beside the
  // helper itself: a new helper starts with an empty one.
  spec.argv.push_back("-cache");
  spec.argv.push_back((fs::path(program).parent_path() / "facts").string());
  spec.argv.push_back("--");
  spec.argv.insert(spec.argv.end(), request_.patterns.begin(), request_.patterns.end());

  long line_number = 0;
  long malformed = 0;
  std::string first_malformed;
  bool done = false;
  auto ran = run_streaming_output(
      spec,
      [&](std::string_view line) {
        ++line_number;
        if (line.empty()) return;
        // A package line is read when its facts are wanted (FactsStore).
        if (auto package = facts_line_package(line)) return store_.add(*package, line);
        auto read = read_facts_line(line);
        if (!read) {
          if (malformed++ == 0)
            first_malformed = fmt::format("line {}: {}", line_number, read.error().message);
          return;
        }
        if (read->package) store_.add(read->package->import_path, line);
        if (read->done) done = true;
      },
      max_facts_line, hooks());
  if (!ran) {
    set_problem(ran.error().message);
    return;
  }
  if (malformed > 0)
    set_problem(fmt::format("{} malformed line{} of the facts helper's output ignored ({})",
                            malformed, malformed == 1 ? "" : "s", first_malformed));
  if (ran->exit_status != 0) {
    std::string why = first_line(ran->err);
    set_problem(fmt::format("the facts helper failed (exit status {}){}{}", ran->exit_status,
                            why.empty() ? "" : ": ", why));
  } else if (!done) {
    set_problem("the facts helper's output ended before its last line");
  }
}

}  // namespace goescape
