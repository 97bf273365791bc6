#include "support/signals.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "support/output_file.hpp"

extern char** environ;

namespace goescape {

namespace {

// ---- Storage the handler reads ---------------------------------------------

constexpr std::size_t max_cleanups = 16;
constexpr std::size_t max_cleanup_bytes = 8192;  // paths / argv strings, NUL-separated
constexpr std::size_t max_cleanup_args = 32;

enum SlotState : int { slot_free = 0, slot_busy = 1, slot_dir = 2, slot_command = 3 };

struct CleanupSlot {
  std::atomic<int> state{slot_free};
  std::atomic<unsigned> order{0};  // registration order, for newest-first commands
  char bytes[max_cleanup_bytes];
  char* argv[max_cleanup_args + 1];
};

std::array<CleanupSlot, max_cleanups> slots;
std::atomic<unsigned> next_order{1};
// Running children's process groups; 0 = a free slot.
constexpr std::size_t max_children = 32;
std::array<std::atomic<pid_t>, max_children> running_children{};
std::atomic<bool> progress_shown{false};

// Blocks SIGINT/SIGTERM while a slot is being filled or freed, so the
// handler never sees a half-written one.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &set, &saved_);
  }
  ~SignalsBlocked() { ::sigprocmask(SIG_SETMASK, &saved_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t saved_;
};

CleanupId claim_slot() {
  for (std::size_t i = 0; i < slots.size(); ++i) {
    int expected = slot_free;
    if (slots[i].state.compare_exchange_strong(expected, slot_busy)) return static_cast<int>(i);
  }
  return -1;
}

// ---- Async-signal-safe pieces of the handler --------------------------------

void sleep_ms(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000L};
  while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// True when nothing of process group `group` is left (reaping its leader,
// our child, on the way). Polls every 20 ms for at most `ms`.
bool wait_group_gone(pid_t group, long ms) {
  for (long waited = 0;; waited += 20) {
    int status;
    ::waitpid(group, &status, WNOHANG);
    if (::kill(-group, 0) != 0 && errno == ESRCH) return true;
    if (waited >= ms) return false;
    sleep_ms(20);
  }
}

// Sends `sig` to every running child's group and waits at most `ms` for all
// of them to be gone; true when they are.
bool signal_children(int sig, long ms) {
  for (auto& child : running_children)
    if (pid_t group = child.load(); group > 0) ::kill(-group, sig);
  bool all_gone = true;
  for (auto& child : running_children) {
    pid_t group = child.load();
    if (group > 0 && !wait_group_gone(group, ms)) all_gone = false;
  }
  return all_gone;
}

void stop_children() {
  // SIGINT first: the go command catches it and removes its work directory;
  // the compilers in the group die of it.
  if (signal_children(SIGINT, 2000)) return;
  if (signal_children(SIGTERM, 1000)) return;
  signal_children(SIGKILL, 1000);
}

pid_t fork_from_handler() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  return ::_Fork();  // async-signal-safe, unlike fork() with atfork handlers
#else
  return ::fork();
#endif
}

void run_command(char* const* argv) {
  pid_t pid = fork_from_handler();
  if (pid < 0) return;
  if (pid == 0) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGINT, &dfl, nullptr);
    ::sigaction(SIGTERM, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execve(argv[0], argv, environ);
    ::_exit(127);
  }
  for (long waited = 0; waited < 10000; waited += 20) {
    int status;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return;
    sleep_ms(20);
  }
  ::kill(pid, SIGKILL);
  int status;
  ::waitpid(pid, &status, 0);
}

// Removes `name` (relative to `parent_fd`) and everything under it without
// allocating: openat/getdents64/unlinkat only.
void remove_tree_at(int parent_fd, const char* name, int depth) {
  if (::unlinkat(parent_fd, name, 0) == 0 || errno == ENOENT) return;
  int fd = ::openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  if (depth < 64) {
    alignas(struct dirent64) char buffer[4096];
    // Entries removed while reading may shift the listing: read again from the
    // start until a pass finds nothing left to remove (bounded).
    for (int pass = 0; pass < 64; ++pass) {
      bool removed = false;
      ::lseek(fd, 0, SEEK_SET);
      while (true) {
        long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n <= 0) break;
        for (long offset = 0; offset < n;) {
          auto* entry = reinterpret_cast<struct dirent64*>(buffer + offset);
          offset += entry->d_reclen;
          const char* child = entry->d_name;
          if (std::strcmp(child, ".") == 0 || std::strcmp(child, "..") == 0) continue;
          remove_tree_at(fd, child, depth + 1);
          removed = true;
        }
      }
      if (!removed) break;
    }
  }
  ::close(fd);
  ::unlinkat(parent_fd, name, AT_REMOVEDIR);
}

void run_cleanups() {
  // Commands newest first (a worktree added last is removed first), then
  // directories.
  bool done[max_cleanups] = {};
  while (true) {
    std::size_t pick = max_cleanups;
    unsigned newest = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (done[i] || slots[i].state.load() != slot_command) continue;
      if (unsigned order = slots[i].order.load(); order >= newest) newest = order, pick = i;
    }
    if (pick == max_cleanups) break;
    done[pick] = true;
    run_command(slots[pick].argv);
  }
  for (CleanupSlot& slot : slots) {
    if (slot.state.load() == slot_dir) remove_tree_at(AT_FDCWD, slot.bytes, 0);
  }
}

extern "C" void on_signal(int sig) {
  int saved_errno = errno;
  stop_children();
  run_cleanups();
  remove_pending_output_files_from_signal_handler();
  if (progress_shown.load()) {
    static const char clear[] = "\r\033[K";
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, clear, sizeof clear - 1);
  }
  errno = saved_errno;
  ::_exit(128 + sig);
}

}  // namespace

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  // While one handler runs the other signal waits: cleanup happens once.
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

void add_running_child(pid_t process_group) {
  for (auto& child : running_children) {
    pid_t expected = 0;
    if (child.compare_exchange_strong(expected, process_group)) return;
  }
}

void remove_running_child(pid_t process_group) {
  for (auto& child : running_children) {
    pid_t expected = process_group;
    if (child.compare_exchange_strong(expected, 0)) return;
  }
}

void set_progress_line_shown(bool shown) { progress_shown.store(shown); }

CleanupId register_cleanup_dir(const std::string& absolute_path) {
  if (absolute_path.empty() || absolute_path[0] != '/' || absolute_path.size() >= max_cleanup_bytes)
    return -1;
  SignalsBlocked blocked;
  CleanupId id = claim_slot();
  if (id < 0) return -1;
  CleanupSlot& slot = slots[static_cast<std::size_t>(id)];
  std::memcpy(slot.bytes, absolute_path.c_str(), absolute_path.size() + 1);
  slot.order.store(next_order.fetch_add(1));
  slot.state.store(slot_dir);
  return id;
}

CleanupId register_cleanup_command(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/' || argv.size() > max_cleanup_args)
    return -1;
  std::size_t total = 0;
  for (const std::string& arg : argv) total += arg.size() + 1;
  if (total > max_cleanup_bytes) return -1;
  SignalsBlocked blocked;
  CleanupId id = claim_slot();
  if (id < 0) return -1;
  CleanupSlot& slot = slots[static_cast<std::size_t>(id)];
  char* at = slot.bytes;
  std::size_t i = 0;
  for (const std::string& arg : argv) {
    std::memcpy(at, arg.c_str(), arg.size() + 1);
    slot.argv[i++] = at;
    at += arg.size() + 1;
  }
  slot.argv[i] = nullptr;
  slot.order.store(next_order.fetch_add(1));
  slot.state.store(slot_command);
  return id;
}

void unregister_cleanup(CleanupId id) {
  if (id < 0 || static_cast<std::size_t>(id) >= slots.size()) return;
  SignalsBlocked blocked;
  slots[static_cast<std::size_t>(id)].state.store(slot_free);
}

Result<TemporaryDirectory> TemporaryDirectory::create(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : "/tmp";
  std::error_code ec;
  base = std::filesystem::absolute(base, ec).string();
  std::string pattern = base + "/" + prefix + "XXXXXX";
  TemporaryDirectory dir;
  {
    // No signal between mkdtemp and registration, or the directory would stay.
    SignalsBlocked blocked;
    if (!::mkdtemp(pattern.data()))
      return Error{
          fmt::format("cannot create a temporary directory in {}: {}", base, std::strerror(errno)),
          ExitCode::usage};
    dir.path_ = pattern;
    dir.id_ = register_cleanup_dir(dir.path_);
  }
  return dir;
}

TemporaryDirectory::TemporaryDirectory(TemporaryDirectory&& other) noexcept
    : path_(std::move(other.path_)), id_(other.id_) {
  other.path_.clear();
  other.id_ = -1;
}

TemporaryDirectory::~TemporaryDirectory() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  unregister_cleanup(id_);
}

}  // namespace goescape
