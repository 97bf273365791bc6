// The cold-code stage (PLAYBOOK §16, "the function is cold"): which findings
// sit in code that runs rarely, so that no rewrite is suggested there and
// reports can list them after the code that may be hot. It fills
// Finding::cold with one of the kinds below, from the typed facts (where a
// site sits: error and panic branches, sync.Once; which function evaluates
// it: init, main, option builders, functions only ever called from cold code;
// test and generated files) and, without facts, from the source text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analysis/context.hpp"
#include "model/finding.hpp"

namespace goescape {

// The vocabulary of Finding::cold, most fundamental first (a finding in an
// error branch of an init function is "init").
namespace cold_kind {
inline constexpr std::string_view outside_module = "outside-module";
inline constexpr std::string_view generated = "generated";
inline constexpr std::string_view test = "test";
inline constexpr std::string_view package_init = "package-init";
inline constexpr std::string_view init = "init";
inline constexpr std::string_view main_startup = "main-startup";
inline constexpr std::string_view panic_path = "panic-path";
inline constexpr std::string_view error_path = "error-path";
inline constexpr std::string_view run_once = "run-once";
}  // namespace cold_kind

// Fills Finding::cold for every finding of the package (unset for code that
// may be hot). Runs after attribute() and before apply_catalog().
void classify_cold(PackageResult& result, const AnalysisContext& ctx);

// Why code of cold kind `kind` gets no advice, in a few words ("runs only when
// an operation fails"), for held_back and --explain.
std::string_view cold_reason(std::string_view kind);

// Whether the finding's file is code of the module being analysed: not the
// standard library, the module cache, vendor/, go test's generated main, or
// an absolute path outside the root.
bool in_module_file(const Finding& f, const AnalysisContext& ctx);

}  // namespace goescape
