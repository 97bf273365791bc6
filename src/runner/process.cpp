// Process starting for runner/: fork + execve (no shell), pipes read with
// poll so that neither a chatty standard error nor a huge standard output can
// deadlock us, and the child in its own process group, registered with
// support/signals (add_running_child) so that SIGINT/SIGTERM stop it.
//
// Everything the child needs (argv, envp, the resolved program path) is built
// before fork: between fork and execve the child only makes async-signal-safe
// system calls.
#include "runner/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "support/signals.hpp"

extern char** environ;

namespace goescape {

namespace {

// A streamed line longer than this is cut: its first max_stream_line bytes are
// handed on as the line and the rest, up to the next '\n', is dropped. The
// compiler never prints such lines; the limit only bounds memory when a
// program prints a binary blob. (parse_stream applies the same 1 MiB limit.)
constexpr std::size_t max_stream_line = 1 << 20;
constexpr std::size_t read_chunk = 64 * 1024;

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Closes a file descriptor once; -1 means closed.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct Pipe {
  Fd read;
  Fd write;
};

Status make_pipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return Error{fmt::format("cannot create a pipe: {}", std::strerror(errno)),
                 ExitCode::go_failed};
  p.read.fd = fds[0];
  p.write.fd = fds[1];
  return ok_status();
}

// The environment for the child: ours, with `overrides` replacing or adding.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string_view key = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [name, value] : overrides) replaced = replaced || key == name;
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

// Waits for `pid` to end and reaps it: the exit status, the exit code or
// 128+signal. A registered child leaves the registry between its end and
// its reaping, so that its id (its group's) is never reused while the signal
// thread may signal it; `hooks.ending` runs then too, for the same reason.
int reap(pid_t pid, bool registered, const ChildHooks& hooks) {
  if (registered || hooks.ending) {
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 &&
           errno == EINTR) {
    }
    if (hooks.ending) hooks.ending();
    if (registered) remove_running_child(pid);
  }
  int status = 0;
  pid_t r;
  do r = ::waitpid(pid, &status, 0);
  while (r < 0 && errno == EINTR);
  return r < 0 ? 255 : decode_status(status);
}

// A started child: its pid (= its process group). Until wait() has reaped it,
// destroying it (an exception out of a line callback) kills its group and
// reaps it, so no go process outlives the run.
struct Child {
  pid_t pid = -1;
  bool registered = false;  // with add_running_child (not a cleanup process)
  bool reaped = false;
  const ChildHooks* hooks = nullptr;

  Child(pid_t p, bool r, const ChildHooks& h) : pid(p), registered(r), hooks(&h) {}
  Child(Child&& other) noexcept
      : pid(other.pid), registered(other.registered), reaped(other.reaped), hooks(other.hooks) {
    other.reaped = true;
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (reaped) return;
    ::kill(-pid, SIGKILL);
    wait();
  }

  // The exit status: the exit code, or 128+signal.
  int wait() {
    reaped = true;
    return reap(pid, registered, *hooks);
  }
};

// Starts `spec` with standard input from /dev/null, standard output on
// `out_fd` and standard error on `err_fd`.
Result<Child> start(const ProcessSpec& spec, int out_fd, int err_fd, const ChildHooks& hooks) {
  if (spec.argv.empty()) return Error{"no program to run", ExitCode::go_failed};
  if (!spec.cleanup && interrupted_by() != 0) return interruption_error();
  auto program = find_executable(spec.argv[0]);
  if (!program) {
    if (spec.argv[0].find('/') != std::string::npos)
      return Error{fmt::format("{}: not found or not executable", spec.argv[0]),
                   ExitCode::go_failed};
    return Error{fmt::format("{}: not found on PATH", spec.argv[0]), ExitCode::go_failed};
  }
  // A relative program path is relative to our directory, not the child's.
  std::string path = *program;
  if (path[0] != '/' && !spec.dir.empty()) {
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd)) path = std::string(cwd) + "/" + path;
  }
  std::vector<std::string> argv_strings = spec.argv;
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<std::string> env_strings = child_environment(spec.env);
  std::vector<char*> envp = c_strings(env_strings);
  const char* dir = spec.dir.empty() ? nullptr : spec.dir.c_str();

  Fd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  Pipe exec_error;  // the child writes errno here when execve fails
  if (Status made = make_pipe(exec_error); !made) return made.error();

  pid_t pid = ::fork();
  if (pid < 0)
    return Error{fmt::format("cannot start {}: {}", spec.argv[0], std::strerror(errno)),
                 ExitCode::go_failed};
  if (pid == 0) {
    // The child: async-signal-safe calls only.
    ::setpgid(0, 0);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(SIGINT, &dfl, nullptr);
    ::sigaction(SIGTERM, &dfl, nullptr);
    ::sigaction(SIGPIPE, &dfl, nullptr);
    // Our threads block SIGINT/SIGTERM (support/signals.hpp); the child must
    // not inherit that, or Ctrl-C would not stop it.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // Descriptors we opened without O_CLOEXEC (an ofstream's) stay ours.
#ifdef SYS_close_range
    ::syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC, Linux 5.11 */);
#endif
    int code[2] = {0, 0};  // errno, and 1 when chdir failed
    if (null_in.fd >= 0 && ::dup2(null_in.fd, STDIN_FILENO) < 0) code[0] = errno;
    if (!code[0] && ::dup2(out_fd, STDOUT_FILENO) < 0) code[0] = errno;
    if (!code[0] && ::dup2(err_fd, STDERR_FILENO) < 0) code[0] = errno;
    if (!code[0] && dir && ::chdir(dir) != 0) code[0] = errno, code[1] = 1;
    if (!code[0]) {
      ::execve(path.c_str(), argv.data(), envp.data());
      code[0] = errno;
    }
    [[maybe_unused]] ssize_t n = ::write(exec_error.write.fd, code, sizeof code);
    ::_exit(127);
  }
  // Also from the parent, so that the group exists before anyone signals it.
  ::setpgid(pid, pid);
  const bool registered = !spec.cleanup;
  if (registered) add_running_child(pid);
  exec_error.write.reset();

  int code[2] = {0, 0};
  ssize_t n;
  do n = ::read(exec_error.read.fd, code, sizeof code);
  while (n < 0 && errno == EINTR);
  if (n > 0) {
    reap(pid, registered, ChildHooks{});
    if (code[1])
      return Error{
          fmt::format("cannot run {} in {}: {}", spec.argv[0], spec.dir, std::strerror(code[0])),
          ExitCode::go_failed};
    return Error{fmt::format("cannot run {}: {}", spec.argv[0], std::strerror(code[0])),
                 ExitCode::go_failed};
  }
  if (hooks.started) hooks.started(pid);
  return Child(pid, registered, hooks);
}

// Reads what is available on `fd` into `sink`; false at end of file or error.
template <typename Sink>
bool read_some(int fd, Sink&& sink) {
  char buffer[read_chunk];
  ssize_t n;
  do n = ::read(fd, buffer, sizeof buffer);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  sink(std::string_view(buffer, static_cast<std::size_t>(n)));
  return true;
}

// Splits a byte stream into lines, keeping at most `max_line` bytes of any
// one line (see max_stream_line).
class LineSplitter {
 public:
  explicit LineSplitter(const std::function<void(std::string_view)>& on_line,
                        std::size_t max_line = max_stream_line)
      : on_line_(on_line), max_line_(max_line) {}

  void add(std::string_view bytes) {
    while (!bytes.empty()) {
      std::size_t nl = bytes.find('\n');
      if (nl != std::string_view::npos && nl <= max_line_ && pending_.empty() && !skipping_) {
        on_line_(bytes.substr(0, nl));  // a whole line in the chunk: no copy
        bytes.remove_prefix(nl + 1);
        continue;
      }
      std::string_view piece = bytes.substr(0, nl);
      if (!skipping_) {
        std::size_t room = max_line_ - pending_.size();
        if (piece.size() > room) {
          pending_.append(piece.substr(0, room));
          skipping_ = true;
        } else {
          pending_.append(piece);
        }
      }
      if (nl == std::string_view::npos) return;
      emit();
      bytes.remove_prefix(nl + 1);
    }
  }

  // The last line, when the output does not end in '\n'.
  void finish() {
    if (!pending_.empty() || skipping_) emit();
  }

 private:
  void emit() {
    on_line_(pending_);
    // One long line (a large package's facts) must not hold its buffer for
    // the rest of the run.
    if (pending_.capacity() > kept_line_capacity)
      std::string().swap(pending_);
    else
      pending_.clear();
    skipping_ = false;
  }
  static constexpr std::size_t kept_line_capacity = std::size_t{1} << 20;

  const std::function<void(std::string_view)>& on_line_;
  std::size_t max_line_;
  std::string pending_;
  bool skipping_ = false;
};

// Reads the child's two pipes until both close, handing each chunk to
// `sink(index, bytes)` (0: standard output, 1: standard error).
template <typename Sink>
void drain(int out_fd, int err_fd, Sink&& sink) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_count = 2;
  while (open_count > 0) {
    int r = ::poll(fds, 2, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!read_some(fds[i].fd, [&](std::string_view b) { sink(i, b); })) {
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_count;
      }
    }
  }
}

// Runs `spec` to completion with its standard output and error on two pipes,
// handing what arrives to `sink(0 or 1, bytes)`. Returns the exit status, or
// interruption_error() (see ProcessSpec::cleanup).
template <typename Sink>
Result<int> run_piped(const ProcessSpec& spec, const ChildHooks& hooks, Sink&& sink) {
  Pipe out, err;
  if (Status made = make_pipe(out); !made) return made.error();
  if (Status made = make_pipe(err); !made) return made.error();
  auto child = start(spec, out.write.fd, err.write.fd, hooks);
  if (!child) return child.error();
  out.write.reset();
  err.write.reset();
  drain(out.read.fd, err.read.fd, sink);
  const int status = child->wait();
  if (!spec.cleanup && interrupted_by() != 0) return interruption_error();
  return status;
}

}  // namespace

std::optional<std::string> find_executable(std::string_view name) {
  if (name.empty()) return std::nullopt;
  std::string n(name);
  if (n.find('/') != std::string::npos)
    return is_executable_file(n) ? std::optional(n) : std::nullopt;
  const char* path_env = std::getenv("PATH");
  // POSIX leaves an unset PATH implementation-defined; use the usual default.
  std::string_view path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    std::size_t colon = path.find(':');
    std::string_view entry = path.substr(0, colon);
    // An empty entry means the current directory.
    std::string candidate = entry.empty() ? n : std::string(entry) + "/" + n;
    if (is_executable_file(candidate)) return entry.empty() ? "./" + n : candidate;
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

Result<Captured> run_capture(const ProcessSpec& spec, const ChildHooks& hooks) {
  Captured captured;
  std::string* targets[2] = {&captured.out, &captured.err};
  auto status = run_piped(spec, hooks, [&](int i, std::string_view b) { targets[i]->append(b); });
  if (!status) return status.error();
  captured.exit_status = *status;
  return captured;
}

Result<Captured> run_streaming_output(const ProcessSpec& spec,
                                      const std::function<void(std::string_view line)>& on_line,
                                      std::size_t max_line, const ChildHooks& hooks) {
  constexpr std::size_t max_kept_error = 64 * 1024;
  Captured captured;
  LineSplitter lines(on_line, max_line);
  auto status = run_piped(spec, hooks, [&](int i, std::string_view b) {
    if (i == 0) {
      lines.add(b);
    } else if (captured.err.size() < max_kept_error) {
      captured.err.append(b.substr(0, max_kept_error - captured.err.size()));
    }
  });
  if (!status) return status.error();
  lines.finish();
  captured.exit_status = *status;
  return captured;
}

Result<int> run_streaming(const ProcessSpec& spec,
                          const std::function<void(std::string_view line)>& on_line) {
  // One pipe for both streams, so lines keep the order the child wrote them.
  Pipe merged;
  if (Status made = make_pipe(merged); !made) return made.error();
  static const ChildHooks no_hooks;
  auto child = start(spec, merged.write.fd, merged.write.fd, no_hooks);
  if (!child) return child.error();
  merged.write.reset();

  LineSplitter lines(on_line);
  while (read_some(merged.read.fd, [&lines](std::string_view b) { lines.add(b); })) {
  }
  lines.finish();
  const int status = child->wait();
  if (!spec.cleanup && interrupted_by() != 0) return interruption_error();
  return status;
}

}  // namespace goescape
