// goescape's entry point: parses the command line with CLI11 into the plain
// option structs of app/options.hpp, runs one recipe, and maps its result to
// an exit code. The one top-level catch lives here.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "app/commands.hpp"
#include "model/kind.hpp"
#include "output/renderer.hpp"
#include "support/signals.hpp"

namespace {

using namespace goescape;

std::string kinds_help() { return "keep only findings of this kind (repeatable): " + kind_names(); }

std::string formats_help() {
  return fmt::format("output format: {} (default text)", fmt::join(report_formats(), ", "));
}

void add_report_flags(CLI::App& cmd, ReportOptions& o) {
  cmd.add_option("--format", o.format, formats_help());
  cmd.add_option("-o,--output", o.output,
                 "write the report to FILE (atomically: a temporary file renamed into place)");
  cmd.add_option("-C,--dir", o.dir, "run as if started in DIR (like go -C)");
  // Repeatable flags take one value each, so `--kind X a.json` leaves a.json
  // to the positional arguments.
  cmd.add_option("--patterns", o.pattern_dirs,
                 "add a directory of pattern files to the catalog (repeatable; later wins)")
      ->allow_extra_args(false);
  cmd.add_option("--kind", o.kinds, kinds_help())->allow_extra_args(false);
  cmd.add_option("--func", o.func_regex,
                 "keep only functions whose name matches this RE2 expression");
  cmd.add_flag("--all", o.all, "text: also show does-not-escape, inlining and parameter lines");
  cmd.add_flag("--explain", o.explain, "text: say which rule held a suggestion back");
  cmd.add_option("--profile", o.profile,
                 "a pprof heap profile (go test -memprofile): rank findings by allocated bytes");
  cmd.add_option("--max-annotations", o.max_annotations,
                 "github: at most N annotations (heaviest first, then a summary line)");
  cmd.add_option_function<std::string>(
         "--color",
         [&o](const std::string& value) {
           o.color = value == "always"  ? ColorMode::always
                     : value == "never" ? ColorMode::never
                                        : ColorMode::automatic;
         },
         "auto (default: only on a terminal, and not when NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

// How the text, markdown and html reports are laid out: the overview, cold
// code, reason chains. check and parse only.
void add_layout_flags(CLI::App& cmd, ReportOptions& o) {
  cmd.add_option("--top", o.top,
                 "text, markdown, html: the N heaviest allocation sites in the overview "
                 "(default 10; 0 leaves the list out)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_flag("--cold", o.cold,
               "list the findings in cold code (init, error and panic paths, tests, code "
               "outside the module, ...) after the others, rather than one line per kind");
  cmd.add_option_function<std::string>(
         "--why", [&o](const std::string& value) { o.why_full = value == "full"; },
         "reason chains: short (default: the steps that decide, one line) or full (every "
         "step the compiler gives; also one block per finding)")
      ->check(CLI::IsMember({"short", "full"}));
}

int exit_with(ExitCode code) { return static_cast<int>(code); }

// -C DIR: like `go -C`, change directory before anything else, so that every
// path on the command line (logs, -o, --profile, --patterns) is read from DIR.
Status change_directory(std::string& dir) {
  if (dir.empty()) return ok_status();
  if (::chdir(dir.c_str()) != 0)
    return Error{fmt::format("-C {}: {}", dir, std::strerror(errno)), ExitCode::usage};
  dir.clear();
  return ok_status();
}

int run(int argc, char** argv) {
  // First: every thread started later inherits the blocked SIGINT/SIGTERM.
  start_signal_thread();
  CLI::App app{
      "goescape runs the Go compiler's escape analysis (go build -gcflags=-m=2), attributes\n"
      "every heap allocation to its function and suggests a concrete rewrite for it.\n\n"
      "  goescape check ./...              analyse packages (default ./...)\n"
      "  goescape parse build.log          interpret a saved -m or -m=2 log\n"
      "  goescape diff --base origin/main  heap escapes a change adds or removes\n"
      "  goescape fix ./...                apply the rewrites the compiler verified\n"
      "  goescape patterns                 the rewrite catalog\n\n"
      "Exit codes: 0 done, 1 diff over budget or fixes left unapplied, 2 usage error or\n"
      "unreadable input, 3 the go command failed, 130/143 interrupted.",
      "goescape"};
  app.require_subcommand(1, 1);
  app.set_version_flag("--version", GOESCAPE_VERSION);

  CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Build packages with -gcflags=-m=2 and report their heap allocations");
  add_report_flags(*check_cmd, check.report);
  add_layout_flags(*check_cmd, check.report);
  check_cmd->add_option("--go", check.go, "the go binary (default: go on PATH)");
  check_cmd->add_option("--tags", check.tags, "build tags, as go build -tags");
  check_cmd->add_option("--gcflags", check.gcflags, "extra compiler flags, e.g. -l");
  check_cmd->add_flag("--tests", check.tests, "also analyse _test.go files");
  check_cmd->add_flag("!--no-progress", check.progress, "no progress line on standard error");
  check_cmd->add_flag("!--no-verify", check.verify,
                      "do not build candidate fixes with go build -overlay (no `fix` in the "
                      "report; suggestions stay)");
  check_cmd->add_option("packages", check.packages, "package patterns (default ./...)");

  ParseOptions parse;
  CLI::App* parse_cmd = app.add_subcommand(
      "parse", "Interpret a saved -m or -m=2 log (files, or standard input for - or none)");
  add_report_flags(*parse_cmd, parse.report);
  add_layout_flags(*parse_cmd, parse.report);
  parse_cmd->add_option("--go", parse.go, "the go binary used to resolve paths with go list");
  parse_cmd->add_option("logs", parse.logs, "log files ('-' or none: standard input)");

  DiffOptions diff;
  CLI::App* diff_cmd = app.add_subcommand(
      "diff",
      "Compare two reports (BASE.json HEAD.json), or build --base REV in a git worktree\n"
      "and compare it with the working tree");
  add_report_flags(*diff_cmd, diff.report);
  diff_cmd->add_option("--base", diff.base_rev, "the git revision to compare with");
  diff_cmd
      ->add_option("--fail-on", diff.fail_on, "'new': exit 1 when a new heap allocation appears")
      ->check(CLI::IsMember({"new", "none"}));
  diff_cmd->add_option("--max-new", diff.max_new, "exit 1 when more than N findings are new");
  diff_cmd->add_option("--go", diff.go, "the go binary (default: go on PATH)");
  diff_cmd->add_option("--tags", diff.tags, "build tags, as go build -tags");
  diff_cmd->add_option("--gcflags", diff.gcflags, "extra compiler flags, e.g. -l");
  diff_cmd->add_flag("--tests", diff.tests, "also analyse _test.go files");
  diff_cmd->add_option("inputs", diff.inputs,
                       "BASE.json HEAD.json, or package patterns with --base");

  FixOptions fix;
  CLI::App* fix_cmd = app.add_subcommand(
      "fix",
      "Apply the rewrites the compiler verified (go build -overlay: they build and the\n"
      "allocation is gone) to the files; --diff shows them instead");
  fix_cmd->add_option("-C,--dir", fix.check.report.dir, "run as if started in DIR (like go -C)");
  fix_cmd
      ->add_option("--patterns", fix.check.report.pattern_dirs,
                   "add a directory of pattern files to the catalog (repeatable; later wins)")
      ->allow_extra_args(false);
  fix_cmd
      ->add_option("--pattern", fix.patterns, "apply only the fixes of this pattern (repeatable)")
      ->allow_extra_args(false);
  fix_cmd->add_option("--func", fix.check.report.func_regex,
                      "only in functions whose name matches this RE2 expression");
  fix_cmd->add_flag("--diff", fix.diff, "print the fixes as a unified diff; change no file");
  fix_cmd->add_flag("--tests", fix.tests,
                    "apply a package's fixes only if its tests pass with them (go test -overlay)");
  fix_cmd->add_option("--go", fix.check.go, "the go binary (default: go on PATH)");
  fix_cmd->add_option("--tags", fix.check.tags, "build tags, as go build -tags");
  fix_cmd->add_option("--gcflags", fix.check.gcflags, "extra compiler flags, e.g. -l");
  fix_cmd->add_flag("!--no-progress", fix.check.progress, "no progress line on standard error");
  fix_cmd->add_option("packages", fix.check.packages, "package patterns (default ./...)");

  PatternsOptions patterns;
  CLI::App* patterns_cmd =
      app.add_subcommand("patterns", "List the rewrite catalog, or explain one pattern");
  patterns_cmd->add_option("--patterns", patterns.pattern_dirs, "add a directory of pattern files")
      ->allow_extra_args(false);
  patterns_cmd->add_option("--format", patterns.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  patterns_cmd->add_option("id", patterns.id, "a pattern id");

  CLI::App* version_cmd = app.add_subcommand(
      "version", "Print goescape's version and where its pattern catalog was found");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "goescape: " << e.what() << " (see goescape --help)\n";
    return exit_with(ExitCode::usage);
  }

  for (std::string* dir :
       {&check.report.dir, &parse.report.dir, &diff.report.dir, &fix.check.report.dir}) {
    if (Status changed = change_directory(*dir); !changed) {
      std::cerr << "goescape: " << changed.error().message << "\n";
      return exit_with(changed.error().exit_code);
    }
  }
  Result<ExitCode> result = ExitCode::ok;
  if (version_cmd->parsed()) {
    result = run_version();
  } else if (check_cmd->parsed()) {
    result = run_check(check);
  } else if (parse_cmd->parsed()) {
    result = run_parse(parse);
  } else if (diff_cmd->parsed()) {
    result = run_diff(diff);
  } else if (fix_cmd->parsed()) {
    result = run_fix(fix);
  } else if (patterns_cmd->parsed()) {
    result = run_patterns(patterns);
  }
  // Stopped by the user: the recipe has unwound and cleaned up; whatever it
  // returned, the exit code says so, and no message is needed.
  if (int sig = interrupted_by()) return 128 + sig;
  if (!result) {
    std::cerr << "goescape: " << result.error().message << "\n";
    return exit_with(result.error().exit_code);
  }
  return exit_with(*result);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const goescape::Failure& failure) {
    std::cerr << "goescape: " << failure.error.message << "\n";
    return static_cast<int>(failure.error.exit_code);
  } catch (const std::bad_alloc&) {
    std::cerr << "goescape: out of memory\n";
    return static_cast<int>(goescape::ExitCode::usage);
  } catch (const std::exception& e) {
    if (int sig = goescape::interrupted_by()) return 128 + sig;
    // A bug: say so plainly rather than crash.
    std::cerr << "goescape: internal error: " << e.what() << "\n";
    return 70;
  }
}
