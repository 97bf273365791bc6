// SIGINT/SIGTERM handling (SPEC.md, "Exit codes"): stop the running child
// processes (their whole process groups), undo what the run left on disk, and
// exit 130/143.
//
// What "undo" covers is registered here while it exists:
//   - temporary output files (support/output_file.hpp registers its own);
//   - temporary directories (register_cleanup_dir), removed recursively with
//     raw system calls from inside the handler;
//   - cleanup commands (register_cleanup_command), e.g. `git worktree remove
//     --force DIR`, which cannot run inside a handler: the handler forks and
//     execs the prepared argv (fork/execve/waitpid are async-signal-safe) and
//     waits for it, at most a few seconds.
// Everything the handler needs is copied into fixed static storage at
// registration, so the handler never allocates or locks.
//
// Order in the handler: stop the children (SIGINT to their groups, so that
// the go command removes its $WORK; SIGTERM after 2 s; SIGKILL after 3 s), run the
// cleanup commands (newest first), remove the directories, remove temporary
// output files, clear a progress line, _exit(128 + signal).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/result.hpp"

namespace goescape {

// Installs the handlers; call once from main.
void install_signal_handlers();

// A running child's process group, to stop on a signal, and its removal once
// the child is reaped. Its leader's pid is the group id (runner/ starts every
// child in a group of its own). Several children may run at once (go build
// and the facts helper); beyond a few dozen, further ones are not tracked.
void add_running_child(pid_t process_group);
void remove_running_child(pid_t process_group);

// A registration, for unregister_cleanup; -1 when the table was full or the
// path/argv too long (the run goes on; only signal-time cleanup is lost).
using CleanupId = int;

// Registers an absolute directory to remove recursively on a signal.
CleanupId register_cleanup_dir(const std::string& absolute_path);

// Registers a command to run on a signal. argv[0] must be an absolute path
// (no PATH search happens inside a handler). It runs with standard input
// closed, after the child is stopped and before the directories are removed.
CleanupId register_cleanup_command(const std::vector<std::string>& argv);

// Forgets a registration (call it once the thing is cleaned up normally).
// Ignores -1.
void unregister_cleanup(CleanupId id);

// Whether a `\r...` progress line is on standard error, so that the handler
// clears it before exiting.
void set_progress_line_shown(bool shown);

// A directory made with mkdtemp under $TMPDIR (or /tmp), removed with all its
// contents when the object dies, or by the signal handler.
class TemporaryDirectory {
 public:
  // `prefix` is the start of the directory's name ("goescape-tests-").
  static Result<TemporaryDirectory> create(const std::string& prefix);
  TemporaryDirectory(TemporaryDirectory&& other) noexcept;
  TemporaryDirectory& operator=(TemporaryDirectory&&) = delete;
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory();

  const std::string& path() const { return path_; }

 private:
  TemporaryDirectory() = default;
  std::string path_;
  CleanupId id_ = -1;
};

}  // namespace goescape
