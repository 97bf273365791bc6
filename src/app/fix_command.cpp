// `goescape fix [flags] [packages]`: apply the fixes the compiler verified.
// The recipe:
//   1. validate --pattern against the catalog before any work;
//   2. run check (every stage, the overlay build that verifies fixes) and
//      keep the verified fixes of the chosen patterns;
//   3. with --tests, run each package's tests over its fixes
//      (`go test -overlay`); a package whose tests fail keeps its files;
//   4. build the exact set of fixes about to be applied once more (a subset
//      of a verified batch must build too), package by package if it fails;
//   5. --diff prints the unified diff; otherwise each file is replaced
//      atomically (a temporary file renamed over it), and only if it has not
//      changed between reading it and the replacement being ready.
// Standard output lists each applied fix (`file:line:col: [pattern] title`)
// or carries the diff; fixes left unapplied are explained on standard error
// and make the exit status 1.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "app/check_command.hpp"
#include "app/commands.hpp"
#include "app/report_flags.hpp"
#include "app/verify_fixes.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_dirs.hpp"
#include "model/text_edit.hpp"
#include "runner/overlay.hpp"
#include "support/output_file.hpp"
#include "support/unified_diff.hpp"

namespace goescape {

namespace {

// The verified fixes of one package, about to be applied.
struct PackageFixes {
  std::vector<Finding> findings;  // each with a verified fix
};

std::map<std::string, std::vector<TextEdit>> edits_of(
    const std::map<std::string, PackageFixes>& packages) {
  std::map<std::string, std::vector<TextEdit>> out;
  for (const auto& [path, fixes] : packages)
    for (const Finding& f : fixes.findings)
      for (const TextEdit& e : f.fix->edits) out[e.file].push_back(e);
  return out;
}

void say(const std::string& line) {
  std::fputs(("goescape: " + line + "\n").c_str(), stderr);
  std::fflush(stderr);
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("{}: cannot read the file", path), ExitCode::usage};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Builds the packages of `selected` with all their fixes applied; drops the
// packages that do not build (alone) from `selected`. False when any was
// dropped.
Result<bool> build_selected(const GoCommand& go, const std::string& root,
                            std::map<std::string, PackageFixes>& selected) {
  if (selected.empty()) return true;
  const auto build = [&](const std::map<std::string, PackageFixes>& set) -> Result<bool> {
    auto files = edited_files(root, edits_of(set));
    if (!files) return false;
    std::vector<std::string> paths;
    bool commands = false;  // functions of package main are named main.F
    for (const auto& [path, fixes] : set) {
      paths.push_back(path);
      for (const Finding& f : fixes.findings)
        commands |= f.function && f.function->starts_with("main.");
    }
    auto run = go_build_overlay(go, *files, paths, commands);
    if (!run) return run.error();
    return run->exit_status == 0;
  };
  auto all = build(selected);
  if (!all) return all.error();
  if (*all) return true;
  bool complete = true;
  for (auto it = selected.begin(); it != selected.end();) {
    auto one = build({{it->first, it->second}});
    if (!one) return one.error();
    if (*one) {
      ++it;
      continue;
    }
    say(fmt::format("{}: the package does not build with its {} fixes together; none applied",
                    it->first, it->second.findings.size()));
    complete = false;
    it = selected.erase(it);
  }
  return complete;
}

}  // namespace

Result<ExitCode> run_fix(const FixOptions& options) {
  // 1. The patterns named must exist.
  if (!options.patterns.empty()) {
    auto dirs = catalog_dirs(options.check.report.pattern_dirs);
    if (!dirs) return dirs.error();
    auto catalog = load_catalog(*dirs);
    if (!catalog) return catalog.error();
    for (const std::string& id : options.patterns)
      if (!catalog->find(id))
        return Error{
            fmt::format("--pattern {}: no such pattern (goescape patterns lists them)", id),
            ExitCode::usage};
  }
  auto root = run_directory(options.check.report.dir);
  if (!root) return root.error();

  // 2. Check, with the fixes verified.
  CheckOptions check = options.check;
  check.verify = true;
  auto report = check_report(check);
  if (!report) return report.error();
  const std::set<std::string> wanted(options.patterns.begin(), options.patterns.end());
  std::map<std::string, PackageFixes> selected;
  std::size_t chosen = 0;
  for (Finding& f : report->findings) {
    if (!f.fix || !f.fix->verified_ok() || !f.pattern) continue;
    if (!wanted.empty() && !wanted.count(*f.pattern)) continue;
    selected[f.package].findings.push_back(std::move(f));
    ++chosen;
  }
  bool complete = true;
  GoCommand go;
  go.binary = options.check.go.empty() ? "go" : options.check.go;
  go.dir = *root;
  go.tags = options.check.tags;
  go.gcflags = options.check.gcflags;

  // 3. The tests of each package, over its fixes.
  if (options.tests) {
    for (auto it = selected.begin(); it != selected.end();) {
      auto files = edited_files(*root, edits_of({{it->first, it->second}}));
      if (!files) return files.error();
      auto run = go_test_overlay(go, *files, it->first);
      if (!run) return run.error();
      const bool passed = run->exit_status == 0;
      if (passed) {
        for (Finding& f : it->second.findings) f.fix->verified.tests = TestsVerdict::passed;
        ++it;
        continue;
      }
      say(fmt::format("{}: its tests fail with its {} fixes applied; none applied", it->first,
                      it->second.findings.size()));
      for (const std::string& line : run->lines)
        if (line.find("FAIL") != std::string::npos || line.find(".go:") != std::string::npos)
          say("  " + line);
      complete = false;
      it = selected.erase(it);
    }
  }

  // 4. The exact set about to be applied builds.
  auto built = build_selected(go, *root, selected);
  if (!built) return built.error();
  complete = complete && *built;

  // 5. Write (or show) each file.
  const auto edits = edits_of(selected);
  std::set<std::string> unwritten;
  std::size_t applied = 0;
  for (const auto& [file, list] : edits) {
    const std::string path = (std::filesystem::path(*root) / file).lexically_normal().string();
    auto original = read_text(path);
    if (!original) return original.error();
    auto edited = apply_edits(*original, list);
    if (!edited) return edited.error();
    if (options.diff) {
      std::cout << unified_diff(file, *original, *edited);
      continue;
    }
    auto output = OutputFile::open(path);
    if (!output) return output.error();
    // The file must not have changed since it was read above (an editor may
    // have saved it meanwhile): the edits are for that text.
    auto now = read_text(path);
    if (!now || *now != *original) {
      say(fmt::format("{}: changed while goescape ran; not rewritten", file));
      unwritten.insert(file);
      complete = false;
      continue;
    }
    (*output)->stream() << *edited;
    if (Status committed = (*output)->commit(); !committed) return committed.error();
  }
  for (const auto& [path, fixes] : selected) {
    for (const Finding& f : fixes.findings) {
      if (std::any_of(f.fix->edits.begin(), f.fix->edits.end(),
                      [&](const TextEdit& e) { return unwritten.count(e.file) > 0; }))
        continue;
      ++applied;
      if (!options.diff)
        std::cout << fmt::format(
            "{}:{}:{}: applied [{}]{}\n", f.pos.file, f.pos.line, f.pos.col, *f.pattern,
            f.fix->verified.tests == TestsVerdict::passed ? " (package tests pass)" : "");
    }
  }
  std::cout.flush();
  if (applied == 0 && chosen == 0) say("no verified fix to apply");
  return complete ? ExitCode::ok : ExitCode::fixes_left;
}

}  // namespace goescape
