// Plain option structs, filled by cli/ from the command line and read by the
// recipes in app/. No CLI11 types cross this boundary.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace goescape {

enum class ColorMode { automatic, always, never };

// Flags `check` and `parse` share (SPEC.md, "Commands").
struct ReportOptions {
  std::string format = "text";
  std::string output;                     // -o; empty = standard output
  std::string dir;                        // -C; empty = current directory
  std::vector<std::string> pattern_dirs;  // --patterns, in order (later wins)
  std::vector<std::string> kinds;         // --kind, repeatable
  std::string func_regex;                 // --func
  bool all = false;                       // --all
  bool explain = false;                   // --explain
  ColorMode color = ColorMode::automatic;
  std::string profile;      // --profile FILE
  int max_annotations = 0;  // --max-annotations (github)
  int top = 10;             // --top N: sites in the overview (text, markdown, html)
  bool cold = false;        // --cold: list cold code rather than fold it
  bool why_full = false;    // --why full: every step of a reason chain
};

struct CheckOptions {
  ReportOptions report;
  std::string go = "go";              // --go
  std::string tags;                   // --tags
  std::string gcflags;                // --gcflags (extra compiler flags)
  bool tests = false;                 // --tests
  bool progress = true;               // --no-progress turns it off
  bool verify = true;                 // --no-verify: no overlay build for candidate fixes
  std::vector<std::string> packages;  // default ./...
};

struct ParseOptions {
  ReportOptions report;
  std::string go = "go";          // for `go list` when resolving paths
  std::vector<std::string> logs;  // none or "-" = standard input
};

struct PatternsOptions {
  std::vector<std::string> pattern_dirs;
  std::string format = "text";
  std::string id;  // explain one pattern
};

// `goescape fix` (SPEC.md): the check flags that choose what is built, and
// which verified fixes to apply and how.
struct FixOptions {
  CheckOptions check;                 // packages, --go, --tags, --gcflags, -C, --patterns
  std::vector<std::string> patterns;  // --pattern ID (repeatable): only these
  bool diff = false;                  // --diff: print a unified diff, write nothing
  bool tests = false;                 // --tests: the package's tests must pass first
};

struct DiffOptions {
  ReportOptions report;             // format, output, kinds, color, -C
  std::string base_rev;             // --base REV: build REV in a git worktree
  std::vector<std::string> inputs;  // BASE.json HEAD.json, or packages with --base
  std::string fail_on;              // --fail-on new
  std::optional<int> max_new;       // --max-new N
  std::string go = "go";
  std::string tags;
  std::string gcflags;
  bool tests = false;
};

}  // namespace goescape
