// The go command as goescape runs it. Every invocation runs in GoCommand::dir
// as its working directory (rather than `go -C`, which needs Go 1.20), with
// the inherited environment, so GOFLAGS, GOOS, GOARCH and GOTOOLCHAIN apply
// exactly as they would in the user's shell.
#include "runner/go.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "runner/process.hpp"
#include "support/signals.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// The go binary to run, or the error a user sees when there is none.
Result<std::string> go_binary(const GoCommand& go) {
  std::string name = go.binary.empty() ? "go" : go.binary;
  if (auto found = find_executable(name)) return *found;
  if (name == "go")
    return Error{"go: not found on PATH (install Go or pass --go)", ExitCode::go_failed};
  if (name.find('/') == std::string::npos)
    return Error{fmt::format("{}: not found on PATH", name), ExitCode::go_failed};
  return Error{fmt::format("{}: not found or not executable", name), ExitCode::go_failed};
}

// A failed go invocation as an Error: go's own words ("go: ..."), else the
// command and its status.
Error go_error(const std::vector<std::string>& argv, const Captured& captured) {
  std::string text(trim(captured.err));
  if (text.empty()) text = trim(captured.out);
  if (text.empty()) {
    std::string command = "go";
    for (std::size_t i = 1; i < argv.size() && i < 3; ++i) command += " " + argv[i];
    text = fmt::format("{}: exit status {}", command, captured.exit_status);
  }
  return Error{text, ExitCode::go_failed};
}

Result<Captured> run_go(const GoCommand& go, std::vector<std::string> args) {
  auto binary = go_binary(go);
  if (!binary) return binary.error();
  ProcessSpec spec;
  spec.argv.push_back(*binary);
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.dir = go.dir;
  auto captured = run_capture(spec);
  if (!captured) return captured.error();
  if (captured->exit_status != 0) return go_error(spec.argv, *captured);
  return captured;
}

std::vector<std::string> tag_flags(const GoCommand& go) {
  if (go.tags.empty()) return {};
  return {"-tags=" + go.tags};
}

// Splits a stream of concatenated JSON values (`go list -json` prints one
// object per package, not an array) into the text of each top-level value.
std::vector<std::string_view> split_json_stream(std::string_view text) {
  std::vector<std::string_view> values;
  int depth = 0;
  bool in_string = false, escaped = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (depth++ == 0) start = i;
    } else if ((c == '}' || c == ']') && depth > 0) {
      if (--depth == 0) values.push_back(text.substr(start, i + 1 - start));
    }
  }
  return values;
}

void append_strings(const nlohmann::json& object, const char* key, std::vector<std::string>& out) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return;
  for (const auto& value : *it)
    if (value.is_string()) out.push_back(value.get<std::string>());
}

std::string string_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The first non-empty line of pprof's error output, without the leading
// "PATH: " it repeats.
std::string first_error_line(const std::string& err, const std::string& path) {
  for (std::string_view line : split_lines(err)) {
    line = trim(line);
    if (line.empty()) continue;
    if (line.starts_with(path + ": ")) line.remove_prefix(path.size() + 2);
    return std::string(line.substr(0, 300));
  }
  return "no output";
}

}  // namespace

Result<std::string> go_version(const GoCommand& go) {
  auto env = run_go(go, {"env", "GOVERSION"});
  if (!env) return env.error();
  std::string version(trim(env->out));
  if (!version.empty()) return version;
  // GOVERSION is Go 1.16+; older releases only answer `go version`:
  // "go version go1.15.2 linux/amd64".
  auto printed = run_go(go, {"version"});
  if (!printed) return printed.error();
  std::string line(trim(printed->out));
  auto at = line.find(" go");
  if (line.rfind("go version ", 0) == 0 && at != std::string::npos) {
    std::string rest = line.substr(11);
    return rest.substr(0, rest.find(' '));
  }
  return Error{fmt::format("cannot tell the go version from \"{}\"", line), ExitCode::go_failed};
}

Result<std::vector<GoPackage>> go_list(const GoCommand& go,
                                       const std::vector<std::string>& patterns) {
  // -json=FIELDS (Go 1.19+) keeps the output small: no Deps, no Imports;
  // -find does not resolve imports either, which the build about to start
  // does anyway (a quarter of go list's time on a module of 30 packages).
  std::vector<std::string> args = {
      "list", "-e", "-find",
      "-json=ImportPath,Name,Dir,Module,Standard,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles"};
  for (auto& tag : tag_flags(go)) args.push_back(tag);
  args.insert(args.end(), patterns.begin(), patterns.end());
  auto listed = run_go(go, args);
  if (!listed) return listed.error();

  std::vector<GoPackage> packages;
  for (std::string_view text : split_json_stream(listed->out)) {
    nlohmann::json object = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (!object.is_object()) continue;
    GoPackage package;
    package.import_path = string_field(object, "ImportPath");
    package.name = string_field(object, "Name");
    package.dir = string_field(object, "Dir");
    if (auto module = object.find("Module"); module != object.end() && module->is_object()) {
      package.module_path = string_field(*module, "Path");
      package.module_dir = string_field(*module, "Dir");
    }
    auto standard = object.find("Standard");
    package.standard = standard != object.end() && standard->is_boolean() && standard->get<bool>();
    append_strings(object, "GoFiles", package.files);
    append_strings(object, "CgoFiles", package.files);
    append_strings(object, "TestGoFiles", package.files);
    append_strings(object, "XTestGoFiles", package.files);
    if (package.import_path.empty()) continue;
    packages.push_back(std::move(package));
  }
  return packages;
}

Result<BuildResult> go_build_escape(const GoCommand& go, const std::vector<std::string>& patterns,
                                    const std::function<void(std::string_view)>& on_line) {
  auto binary = go_binary(go);
  if (!binary) return binary.error();

  // A gcflags value without a package pattern applies to exactly the
  // packages named on the command line (and, for go test, their test
  // variants), never to dependencies; unlike PATTERN=FLAGS it also covers
  // `x.go` file arguments (package command-line-arguments).
  std::string gcflags = "-gcflags=-m=2";
  if (!go.gcflags.empty()) gcflags += " " + go.gcflags;

  // Test binaries (--tests) go here, never into the user's tree.
  auto out_dir = TemporaryDirectory::create("goescape-build-");
  if (!out_dir) return out_dir.error();

  // go dies of SIGINT without removing its $WORK (go-build*), so unless the
  // user chose GOTMPDIR, go works inside our temporary directory, which goes
  // in any case.
  std::vector<std::pair<std::string, std::string>> env;
  if (const char* gotmp = std::getenv("GOTMPDIR"); !gotmp || !*gotmp)
    env.emplace_back("GOTMPDIR", out_dir->path());

  auto run = [&](std::vector<std::string> args) -> Result<int> {
    ProcessSpec spec;
    spec.argv.push_back(*binary);
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.dir = go.dir;
    spec.env = env;
    return run_streaming(spec, on_line);
  };

  // One go invocation that builds everything: its status is the build's.
  auto run_all = [&](std::vector<std::string> args) -> Result<BuildResult> {
    auto status = run(std::move(args));
    if (!status) return status.error();
    return BuildResult{*status, {}};
  };

  if (!go.tests) {
    // `go build` of several packages compiles and discards; of a single
    // command it would write the executable into the user's tree. `-o
    // /dev/null` makes a single command like several packages: cmd/go takes
    // it for "discard" (work/build.go runBuild, Go 1.19 and later) and never
    // hands it to the compiler or the linker, which link into go's own work
    // directory. So the build needs no go list first to tell the cases apart.
    std::vector<std::string> args = {"build", gcflags, "-o", "/dev/null"};
    for (auto& tag : tag_flags(go)) args.push_back(tag);
    args.insert(args.end(), patterns.begin(), patterns.end());
    return run_all(std::move(args));
  }

  // --tests: `go test -c` compiles each package with its _test.go files (the
  // `# p [p.test]` and `# p_test [p.test]` blocks) and links a test binary
  // without running it. Go 1.21+ takes several packages and an -o directory;
  // before that, one package per invocation.
  auto version = go_version(go);
  if (!version) return version.error();
  int minor = go_minor_version(*version);
  std::vector<std::string> base = {"test", "-c", gcflags};
  for (auto& tag : tag_flags(go)) base.push_back(tag);
  if (minor == 0 || minor >= 21) {
    std::vector<std::string> args = base;
    args.push_back("-o");
    args.push_back(out_dir->path() + "/");
    args.insert(args.end(), patterns.begin(), patterns.end());
    return run_all(std::move(args));
  }
  auto packages = go_list(go, patterns);
  if (!packages) return packages.error();
  BuildResult result;
  int index = 0;
  for (const GoPackage& package : *packages) {
    std::vector<std::string> args = base;
    args.push_back("-o");
    args.push_back(fmt::format("{}/{}.test", out_dir->path(), index++));
    args.push_back(package.import_path);
    auto status = run(args);
    if (!status) return status.error();
    if (*status != 0 && result.exit_status == 0) result.exit_status = *status;
  }
  return result;
}

Result<std::string> go_pprof_raw(const GoCommand& go, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Error{fmt::format("--profile {}: {}", path, std::strerror(errno)), ExitCode::usage};
  if (!S_ISREG(st.st_mode))
    return Error{fmt::format("--profile {}: not a regular file", path), ExitCode::usage};
  // An absolute path: pprof would fetch a `host:port/path` argument over HTTP.
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) absolute = path;

  auto binary = go_binary(go);
  if (!binary) return binary.error();
  auto run =
      run_capture({{*binary, "tool", "pprof", "-raw", "-symbolize=none", absolute}, go.dir, {}});
  if (!run) return run.error();
  if (run->exit_status != 0)
    return Error{fmt::format("--profile {}: not a pprof heap profile (go tool pprof: {})", path,
                             first_error_line(run->err, absolute)),
                 ExitCode::usage};
  return std::move(run->out);
}

int go_minor_version(std::string_view version) {
  auto at = version.find("go1.");
  if (at == std::string_view::npos) return 0;
  int minor = 0;
  for (std::size_t i = at + 4;
       i < version.size() && std::isdigit(static_cast<unsigned char>(version[i])); ++i)
    minor = minor * 10 + (version[i] - '0');
  return minor;
}

}  // namespace goescape
