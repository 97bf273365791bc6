#include "runner/overlay.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "runner/process.hpp"
#include "support/signals.hpp"

namespace goescape {

namespace {

// The temporary directory with the replacement files and overlay.json.
struct Overlay {
  TemporaryDirectory dir;
  std::string description;  // path of overlay.json
};

Result<Overlay> write_overlay(const std::map<std::string, std::string>& files) {
  auto dir = TemporaryDirectory::create("goescape-overlay-");
  if (!dir) return dir.error();
  nlohmann::json replace = nlohmann::json::object();
  int n = 0;
  for (const auto& [path, content] : files) {
    // The base name is kept: go reports positions by the original path, but
    // a readable name helps anyone looking at the directory.
    const std::string copy =
        fmt::format("{}/{}-{}", dir->path(), n++, path.substr(path.rfind('/') + 1));
    std::ofstream out(copy, std::ios::binary);
    out << content;
    if (!out.flush())
      return Error{fmt::format("cannot write {}: the temporary directory is not writable", copy),
                   ExitCode::go_failed};
    replace[path] = copy;
  }
  const std::string description = dir->path() + "/overlay.json";
  std::ofstream out(description, std::ios::binary);
  out << nlohmann::json{{"Replace", replace}}.dump();
  if (!out.flush()) return Error{fmt::format("cannot write {}", description), ExitCode::go_failed};
  return Overlay{std::move(dir).value(), description};
}

Result<OverlayRun> run_go(const GoCommand& go, const Overlay& overlay,
                          std::vector<std::string> args) {
  auto binary = find_executable(go.binary.empty() ? "go" : go.binary);
  if (!binary)
    return Error{fmt::format("{}: not found (install Go or pass --go)", go.binary),
                 ExitCode::go_failed};
  ProcessSpec spec;
  spec.argv.push_back(*binary);
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.dir = go.dir;
  // go dies of SIGINT without removing its $WORK: it works inside ours.
  if (const char* gotmp = std::getenv("GOTMPDIR"); !gotmp || !*gotmp)
    spec.env.emplace_back("GOTMPDIR", overlay.dir.path());
  OverlayRun run;
  auto status = run_streaming(spec, [&](std::string_view line) { run.lines.emplace_back(line); });
  if (!status) return status.error();
  run.exit_status = *status;
  return run;
}

}  // namespace

Result<OverlayRun> go_build_overlay(const GoCommand& go,
                                    const std::map<std::string, std::string>& files,
                                    const std::vector<std::string>& packages, bool commands) {
  auto overlay = write_overlay(files);
  if (!overlay) return overlay.error();
  std::string gcflags = "-gcflags=-m=2";
  if (!go.gcflags.empty()) gcflags += " " + go.gcflags;
  std::vector<std::string> args = {"build", "-overlay=" + overlay->description, gcflags};
  if (commands) {
    args.push_back("-o");
    args.push_back(overlay->dir.path() + "/");
  }
  if (!go.tags.empty()) args.push_back("-tags=" + go.tags);
  args.insert(args.end(), packages.begin(), packages.end());
  return run_go(go, *overlay, std::move(args));
}

Result<OverlayRun> go_test_overlay(const GoCommand& go,
                                   const std::map<std::string, std::string>& files,
                                   const std::string& package) {
  auto overlay = write_overlay(files);
  if (!overlay) return overlay.error();
  std::vector<std::string> args = {"test", "-overlay=" + overlay->description, "-count=1"};
  if (!go.tags.empty()) args.push_back("-tags=" + go.tags);
  args.push_back(package);
  return run_go(go, *overlay, std::move(args));
}

}  // namespace goescape
