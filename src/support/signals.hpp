// SIGINT/SIGTERM (SPEC.md, "Exit codes"): stop the running children, undo
// what the run left on disk, exit 130/143. No signal handler runs at all, so
// nothing here has to be async-signal-safe:
//
//   - start_signal_thread() blocks both signals in the calling thread before
//     any other thread exists (every later thread inherits the mask) and
//     starts one thread that waits for them with sigwaitinfo.
//   - On the first signal that thread records it (interrupted_by()), sends
//     SIGINT to every running child's process group (as a terminal's Ctrl-C
//     would), SIGTERM after 2 s and SIGKILL after 3 s to groups still there.
//     (go dies of SIGINT without removing its $WORK: runner/go.cpp points
//     GOTMPDIR into a temporary directory of ours.)
//   - The main thread notices in ordinary code: the stopped child's pipes
//     close, runner/ returns interruption_error(), nothing new starts and no
//     output is committed, the recipe unwinds, and the RAII owners
//     (CleanupGuard below: temporary files and directories, git worktrees)
//     remove what they made. main() exits 128 + the signal.
//   - Only when the main thread is stuck (a read of a terminal that never
//     ends), 2 s after the children are gone, or at once on a second
//     signal, the signal thread runs the cleanups still registered itself
//     and _exits 128 + the signal: Ctrl-C never hangs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include "support/result.hpp"

namespace goescape {

// Blocks SIGINT/SIGTERM and starts the thread that handles them. Call once,
// first thing in main, before any other thread starts.
void start_signal_thread();

// The signal that interrupted the run (SIGINT, SIGTERM), or 0.
int interrupted_by();

// The Error a step returns when it stops because of the signal: exit code
// 130 or 143 (main prints no message for it).
Error interruption_error();

// A started child's process group (runner/ starts each child as the leader
// of a group of its own; pgid = its pid), stopped on a signal while
// registered. Add it right after the start; remove it once it is gone and
// before it is reaped, so that its id is never reused while registered. A
// group added after the signal is stopped at once.
void add_running_child(pid_t pgid);
void remove_running_child(pid_t pgid);

// Whether a `\r...` progress line is on standard error, so that a last-resort
// exit clears it.
void set_progress_line_shown(bool shown);

// Something to undo unless the run completes: registered while it exists, so
// that the last-resort exit can run it too. `undo` runs exactly once: on
// run(), on destruction, or from the signal thread; never two at a time.
class CleanupGuard {
 public:
  CleanupGuard() = default;
  explicit CleanupGuard(std::function<void()> undo);
  CleanupGuard(CleanupGuard&& other) noexcept;
  CleanupGuard& operator=(CleanupGuard&& other) noexcept;
  CleanupGuard(const CleanupGuard&) = delete;
  CleanupGuard& operator=(const CleanupGuard&) = delete;
  ~CleanupGuard() { run(); }

  // Runs the undo now, unless it has run or was dismissed.
  void run();
  // Nothing to undo any more (the output was committed).
  void dismiss();

 private:
  std::uint64_t id_ = 0;  // 0: nothing registered
};

// A directory made with mkdtemp under $TMPDIR (or /tmp), removed with all its
// contents when the object dies, or by the last-resort exit.
class TemporaryDirectory {
 public:
  // `prefix` is the start of the directory's name ("goescape-tests-").
  static Result<TemporaryDirectory> create(const std::string& prefix);

  const std::string& path() const { return path_; }

 private:
  TemporaryDirectory() = default;
  std::string path_;
  CleanupGuard removal_;
};

}  // namespace goescape
