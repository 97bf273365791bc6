// The go command over edited copies of a module's files without touching
// them: `go build -overlay` (with -gcflags=-m=2, to verify fixes) and `go
// test -overlay` (goescape fix --tests). The replacement files and the
// overlay description live in a temporary directory of ours, removed on every
// path (Ctrl-C included: support/signals.hpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runner/go.hpp"
#include "support/result.hpp"

namespace goescape {

struct OverlayRun {
  int exit_status = 0;
  std::vector<std::string> lines;  // go's combined output, one entry per line
};

// `go build -overlay=... -gcflags=-m=2 PACKAGES` in go.dir, with `files`
// (absolute path -> the edited content) standing in for the files on disk;
// go.tags and go.gcflags apply as for check. `commands`: some of the packages
// are commands (package main), whose executables then go to the temporary
// directory (go refuses -o DIR/ when none is). An Error when go cannot be
// started or the run is interrupted; a failed build is an exit status, with
// go's errors among the lines.
Result<OverlayRun> go_build_overlay(const GoCommand& go,
                                    const std::map<std::string, std::string>& files,
                                    const std::vector<std::string>& packages, bool commands);

// `go test -overlay=... -count=1 PACKAGE`: runs the package's tests against
// the edited files. Exit status 0 when they pass.
Result<OverlayRun> go_test_overlay(const GoCommand& go,
                                   const std::map<std::string, std::string>& files,
                                   const std::string& package);

}  // namespace goescape
