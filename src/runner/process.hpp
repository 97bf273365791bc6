// Starting processes without a shell: argv vectors, a working directory,
// extra environment, output captured or streamed line by line. The child runs
// in its own process group, registered with support/signals.hpp while it
// runs, so that SIGINT/SIGTERM stop it and everything it started.
#pragma once

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

// Runs to completion, capturing standard output and error separately. An
// Error (ExitCode::go_failed) only when the program cannot be started, or
// interruption_error() (see ProcessSpec::cleanup).
Result<Captured> run_capture(const ProcessSpec& spec);

// Runs to completion, handing each line of the merged standard output and
// error to `on_line` as it arrives (no '\n'). Returns the exit status.
Result<int> run_streaming(const ProcessSpec& spec,
                          const std::function<void(std::string_view line)>& on_line);

// The full path of `name` on PATH (or `name` itself if it contains '/' and is
// executable); nullopt when not found.
std::optional<std::string> find_executable(std::string_view name);

}  // namespace goescape
