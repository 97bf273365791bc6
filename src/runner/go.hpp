// The go command, as goescape runs it: `go version`, `go list -json`, and the
// `go build -gcflags=...=-m=2` whose combined output the parser reads. Only
// runner/ starts processes; nothing here goes through a shell.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/go_package.hpp"
#include "support/result.hpp"

namespace goescape {

struct GoCommand {
  std::string binary = "go";  // --go, or "go" looked up on PATH
  std::string dir;            // -C: where to run it (empty = current directory)
  std::string tags;           // --tags
  std::string gcflags;        // --gcflags: extra compiler flags
  bool tests = false;         // --tests: include _test.go files
};

// "go1.26.8" from `go env GOVERSION` (honours GOTOOLCHAIN). An Error with
// ExitCode::go_failed when the binary is missing or fails.
Result<std::string> go_version(const GoCommand& go);

// `go list -e -json` of `patterns` in go.dir: every matched package with its
// directory, files and module. Packages with errors are included (their
// errors reported by the build).
Result<std::vector<GoPackage>> go_list(const GoCommand& go,
                                       const std::vector<std::string>& patterns);

struct BuildResult {
  int exit_status = 0;                     // the go command's exit status
  std::vector<std::string> failure_lines;  // not used for streaming callers
};

// Runs the escape-analysis build of `patterns` and hands each line of its
// combined output to `on_line` as it arrives. Nothing is written into the
// user's tree (a test binary or a command goes nowhere, or to a temporary
// directory).
Result<BuildResult> go_build_escape(const GoCommand& go, const std::vector<std::string>& patterns,
                                    const std::function<void(std::string_view)>& on_line);

// The text `go tool pprof -raw` prints for the profile file `path` (samples
// with all their values, inlined frames), for profile/heap_profile.hpp to
// parse. An Error (usage) naming `path` when it is no regular file or pprof
// cannot read it, with pprof's first error line; ExitCode::go_failed when go
// cannot be started.
Result<std::string> go_pprof_raw(const GoCommand& go, const std::string& path);

// 1.minor of a version string ("go1.26.8" -> 26, "devel go1.27-..." -> 27); 0
// when it cannot tell.
int go_minor_version(std::string_view version);

}  // namespace goescape
