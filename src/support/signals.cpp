#include "support/signals.hpp"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace goescape {

namespace {

using std::chrono::milliseconds;

// How long the signal thread gives each step: the children to go after
// SIGINT and after SIGTERM, and the main thread to finish after that.
constexpr milliseconds sigint_grace{2000};
constexpr milliseconds sigterm_grace{1000};
constexpr milliseconds sigkill_grace{1000};
constexpr milliseconds main_grace{2000};
// The longest the last-resort exit waits for a cleanup the main thread is
// running (a `git worktree remove`) before it exits anyway.
constexpr milliseconds cleanup_lock_wait{10000};

// What the signal thread and the rest share. Allocated once and never freed:
// the signal thread may still use it while static destructors run at exit.
struct Shared {
  std::atomic<int> signal{0};
  std::atomic<bool> progress_shown{false};

  std::mutex children_mutex;
  std::vector<pid_t> children;

  // Recursive: an undo may destroy guards of its own. Timed: see
  // cleanup_lock_wait.
  std::recursive_timed_mutex cleanups_mutex;
  std::map<std::uint64_t, std::function<void()>> cleanups;  // by registration order
  std::uint64_t next_cleanup = 1;
};

Shared& shared() {
  static Shared* state = new Shared();
  return *state;
}

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void signal_children(int sig) {
  Shared& s = shared();
  std::lock_guard lock(s.children_mutex);
  for (pid_t group : s.children) ::kill(-group, sig);
}

bool children_gone() {
  Shared& s = shared();
  std::lock_guard lock(s.children_mutex);
  return s.children.empty();
}

// Waits up to `limit` for `done()`, or for another SIGINT/SIGTERM (then
// returns false at once).
template <typename Done>
bool wait_until(milliseconds limit, Done done) {
  const sigset_t set = termination_signals();
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return true;
    timespec step{0, 20 * 1000 * 1000};
    if (::sigtimedwait(&set, nullptr, &step) > 0) return false;  // a second signal
  }
  return true;
}

// The main thread did not finish in time, or the user insists: run what is
// left to undo, newest first, from this thread, and exit.
[[noreturn]] void last_resort_exit(int sig) {
  Shared& s = shared();
  signal_children(SIGKILL);
  std::unique_lock lock(s.cleanups_mutex, std::defer_lock);
  if (lock.try_lock_for(cleanup_lock_wait)) {
    while (!s.cleanups.empty()) {
      auto last = std::prev(s.cleanups.end());
      std::function<void()> undo = std::move(last->second);
      s.cleanups.erase(last);
      try {
        undo();
      } catch (...) {  // out of memory: the next one may still work
      }
    }
  }
  if (s.progress_shown.load()) {
    static const char clear[] = "\r\033[K";
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, clear, sizeof clear - 1);
  }
  ::_exit(128 + sig);
}

void signal_thread() {
  const sigset_t set = termination_signals();
  int sig;
  do sig = ::sigwaitinfo(&set, nullptr);
  while (sig < 0);
  shared().signal.store(sig);

  // Stop the children, politely first.
  signal_children(SIGINT);
  bool patient = wait_until(sigint_grace, children_gone);
  if (patient && !children_gone()) {
    signal_children(SIGTERM);
    patient = wait_until(sigterm_grace, children_gone);
  }
  if (patient && !children_gone()) {
    signal_children(SIGKILL);
    patient = wait_until(sigkill_grace, children_gone);
  }
  // main() exits the process once it has unwound; this thread only acts
  // when it does not.
  if (patient) wait_until(main_grace, [] { return false; });
  last_resort_exit(sig);
}

}  // namespace

void start_signal_thread() {
  const sigset_t set = termination_signals();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  shared();  // before the thread: no race on the first allocation
  std::thread(signal_thread).detach();
}

int interrupted_by() { return shared().signal.load(); }

Error interruption_error() {
  const int sig = interrupted_by();
  return Error{sig == SIGTERM ? "terminated" : "interrupted",
               sig == SIGTERM ? ExitCode::terminated : ExitCode::interrupted};
}

void add_running_child(pid_t pgid) {
  Shared& s = shared();
  std::lock_guard lock(s.children_mutex);
  s.children.push_back(pgid);
  // The signal thread stores the signal before it signals the registered
  // groups under this lock: a group added after that is stopped here.
  if (s.signal.load() != 0) ::kill(-pgid, SIGINT);
}

void remove_running_child(pid_t pgid) {
  Shared& s = shared();
  std::lock_guard lock(s.children_mutex);
  std::erase(s.children, pgid);
}

void set_progress_line_shown(bool shown) { shared().progress_shown.store(shown); }

CleanupGuard::CleanupGuard(std::function<void()> undo) {
  Shared& s = shared();
  std::lock_guard lock(s.cleanups_mutex);
  id_ = s.next_cleanup++;
  s.cleanups.emplace(id_, std::move(undo));
}

CleanupGuard::CleanupGuard(CleanupGuard&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

CleanupGuard& CleanupGuard::operator=(CleanupGuard&& other) noexcept {
  if (this != &other) {
    run();
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void CleanupGuard::run() {
  if (id_ == 0) return;
  Shared& s = shared();
  // Held while the undo runs, so that the last-resort exit never runs it
  // too, nor a half-done one.
  std::lock_guard lock(s.cleanups_mutex);
  auto it = s.cleanups.find(std::exchange(id_, 0));
  if (it == s.cleanups.end()) return;  // the last-resort exit ran it
  std::function<void()> undo = std::move(it->second);
  s.cleanups.erase(it);
  undo();
}

void CleanupGuard::dismiss() {
  if (id_ == 0) return;
  Shared& s = shared();
  std::lock_guard lock(s.cleanups_mutex);
  s.cleanups.erase(std::exchange(id_, 0));
}

Result<TemporaryDirectory> TemporaryDirectory::create(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : "/tmp";
  std::error_code ec;
  base = std::filesystem::absolute(base, ec).string();
  std::string pattern = base + "/" + prefix + "XXXXXX";
  if (!::mkdtemp(pattern.data()))
    return Error{
        fmt::format("cannot create a temporary directory in {}: {}", base, std::strerror(errno)),
        ExitCode::usage};
  TemporaryDirectory dir;
  dir.path_ = pattern;
  dir.removal_ = CleanupGuard([pattern] {
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
  });
  return dir;
}

}  // namespace goescape
