// Starting processes without a shell: argv vectors, a working directory,
// extra environment, output captured or streamed line by line. The child runs
// in its own process group, registered with support/signals.hpp while it
// runs, so that SIGINT/SIGTERM stop it and everything it started.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/result.hpp"

namespace goescape {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH unless it contains '/'
  std::string dir;                // working directory; empty = ours
  std::vector<std::pair<std::string, std::string>> env;  // set (or override) these
  // Undoes what the run made (`git worktree remove`): it still starts after
  // SIGINT/SIGTERM, is not stopped by them, and its result counts. Any other
  // process does not start once the run is interrupted, and its caller gets
  // interruption_error() instead of its result.
  bool cleanup = false;
};

struct Captured {
  int exit_status = 0;  // the exit code, or 128+signal
  std::string out;
  std::string err;
};

// Lets another thread stop a child that runs on this one: `started`
// receives the child's process group once it runs; `ending` is called when it
// has exited but before it is reaped, so that whoever may signal the group
// stops doing so before its id can be reused.
struct ChildHooks {
  std::function<void(pid_t process_group)> started;
  std::function<void()> ending;
};

// Runs to completion, capturing standard output and error separately. An
// Error (ExitCode::go_failed) only when the program cannot be started, or
// interruption_error() (see ProcessSpec::cleanup).
Result<Captured> run_capture(const ProcessSpec& spec, const ChildHooks& hooks = {});

// Runs to completion, handing each line of standard output to `on_line` as
// it arrives (no '\n') and capturing standard error into Captured::err (its
// first 64 KiB); Captured::out stays empty. A line longer than `max_line`
// bytes is cut there (the rest, up to its '\n', is dropped). Errors as for
// run_capture.
Result<Captured> run_streaming_output(const ProcessSpec& spec,
                                      const std::function<void(std::string_view line)>& on_line,
                                      std::size_t max_line, const ChildHooks& hooks = {});

// Runs to completion, handing each line of the merged standard output and
// error to `on_line` as it arrives (no '\n'). Returns the exit status.
Result<int> run_streaming(const ProcessSpec& spec,
                          const std::function<void(std::string_view line)>& on_line);

// The full path of `name` on PATH (or `name` itself if it contains '/' and is
// executable); nullopt when not found.
std::optional<std::string> find_executable(std::string_view name);

}  // namespace goescape
