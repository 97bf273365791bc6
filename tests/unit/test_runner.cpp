// runner/process and runner/go without a Go toolchain: /bin/sh one-liners for
// the process plumbing, and small shell scripts standing in for `go`.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runner/go.hpp"
#include "runner/process.hpp"
#include "support/signals.hpp"

using namespace goescape;
namespace fs = std::filesystem;

namespace {

ProcessSpec sh(const std::string& script) { return ProcessSpec{{"/bin/sh", "-c", script}, "", {}}; }

std::vector<std::string> stream_lines(const ProcessSpec& spec, int* status = nullptr) {
  std::vector<std::string> lines;
  auto result = run_streaming(spec, [&](std::string_view line) { lines.emplace_back(line); });
  REQUIRE(result.ok());
  if (status) *status = *result;
  return lines;
}

// A temporary directory with an executable script in it.
struct ScriptDir {
  TemporaryDirectory dir = std::move(TemporaryDirectory::create("goescape-unit-").value());

  std::string script(const std::string& name, const std::string& body) {
    std::string path = dir.path() + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body;
    ::chmod(path.c_str(), 0755);
    return path;
  }
};

}  // namespace

TEST_CASE("run_capture separates standard output and error") {
  auto r = run_capture(sh("echo out; echo err >&2; exit 3"));
  REQUIRE(r.ok());
  CHECK(r->out == "out\n");
  CHECK(r->err == "err\n");
  CHECK(r->exit_status == 3);
}

TEST_CASE("run_capture does not deadlock when both streams are large") {
  // 4 MB on each stream, interleaved: a reader that drains one pipe at a time
  // would block the child on the other (pipe buffers are 64 KB).
  auto r =
      run_capture(sh("i=0; while [ $i -lt 4 ]; do "
                     "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; "
                     "i=$((i+1)); done"));
  REQUIRE(r.ok());
  CHECK(r->out.size() == 4u << 20);
  CHECK(r->err.size() == 4u << 20);
  CHECK(r->exit_status == 0);
}

TEST_CASE("run_capture reports a signal as 128+signal") {
  auto r = run_capture(sh("kill -TERM $$"));
  REQUIRE(r.ok());
  CHECK(r->exit_status == 128 + SIGTERM);
}

TEST_CASE("run_capture: a missing program is an Error, not an exit status") {
  auto r = run_capture(ProcessSpec{{"goescape-no-such-program-xyz"}, "", {}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().exit_code == ExitCode::go_failed);
  CHECK(r.error().message.find("not found on PATH") != std::string::npos);

  auto slash = run_capture(ProcessSpec{{"/nonexistent/bin/go"}, "", {}});
  REQUIRE_FALSE(slash.ok());
  CHECK(slash.error().message.find("not found or not executable") != std::string::npos);
}

TEST_CASE("run_capture: a missing working directory is an Error") {
  auto r = run_capture(ProcessSpec{{"/bin/sh", "-c", "pwd"}, "/nonexistent/goescape-dir", {}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("/nonexistent/goescape-dir") != std::string::npos);
}

TEST_CASE("run_capture runs in the given directory with the given environment") {
  ScriptDir d;
  ProcessSpec spec = sh("pwd; echo \"$GOESCAPE_UNIT_VAR\"; echo \"${HOME:+home-kept}\"");
  spec.dir = d.dir.path();
  spec.env = {{"GOESCAPE_UNIT_VAR", "hello world"}, {"HOME", "/h"}};
  auto r = run_capture(spec);
  REQUIRE(r.ok());
  CHECK(r->out == fs::canonical(d.dir.path()).string() + "\nhello world\nhome-kept\n");
}

TEST_CASE("run_capture passes arguments without a shell") {
  auto r = run_capture(ProcessSpec{{"printf", "%s|", "a b", "$HOME", "*", ""}, "", {}});
  REQUIRE(r.ok());
  CHECK(r->out == "a b|$HOME|*||");
}

TEST_CASE("run_capture: a relative program path is relative to our directory, not the child's") {
  ScriptDir d;
  d.script("tool", "echo ran\n");
  fs::path cwd = fs::current_path();
  fs::current_path(d.dir.path());
  auto r = run_capture(ProcessSpec{{"./tool"}, "/", {}});
  fs::current_path(cwd);
  REQUIRE(r.ok());
  CHECK(r->out == "ran\n");
}

TEST_CASE("run_streaming merges both streams in order, line by line") {
  int status = -1;
  auto lines =
      stream_lines(sh("echo one; echo two >&2; echo three; printf 'no newline'; exit 2"), &status);
  CHECK(lines == std::vector<std::string>{"one", "two", "three", "no newline"});
  CHECK(status == 2);
}

TEST_CASE("run_streaming hands lines over as they arrive") {
  // The first line must reach us while the child still runs.
  bool saw_first_before_end = false;
  std::string marker =
      fs::temp_directory_path() / ("goescape-unit-marker-" + std::to_string(::getpid()));
  ::unlink(marker.c_str());
  auto status =
      run_streaming(sh("echo first; i=0; while [ ! -e '" + marker +
                       "' ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; echo last"),
                    [&](std::string_view line) {
                      if (line == "first") {
                        std::ofstream{marker};
                        saw_first_before_end = true;
                      }
                    });
  ::unlink(marker.c_str());
  REQUIRE(status.ok());
  CHECK(saw_first_before_end);
}

TEST_CASE("run_streaming bounds a very long line") {
  // 3 MB without a newline, then a normal line: memory stays bounded, the long
  // line arrives cut to 1 MiB, the next line intact.
  std::vector<std::size_t> sizes;
  std::string last;
  auto status = run_streaming(sh("head -c 3145728 /dev/zero | tr '\\0' x; echo; echo after"),
                              [&](std::string_view line) {
                                sizes.push_back(line.size());
                                last = std::string(line);
                              });
  REQUIRE(status.ok());
  REQUIRE(sizes.size() == 2);
  CHECK(sizes[0] == 1u << 20);
  CHECK(last == "after");
}

TEST_CASE("run_streaming_output streams standard output and keeps standard error") {
  // A facts line can be megabytes long: taken whole up to the caller's limit.
  std::vector<std::size_t> sizes;
  auto r = run_streaming_output(
      sh("head -c 3145728 /dev/zero | tr '\\0' x; echo; echo warn >&2; echo after"),
      [&](std::string_view line) { sizes.push_back(line.size()); }, std::size_t{4} << 20);
  REQUIRE(r.ok());
  CHECK(sizes == std::vector<std::size_t>{3u << 20, 5});
  CHECK(r->err == "warn\n");
  CHECK(r->out.empty());
  CHECK(r->exit_status == 0);
}

TEST_CASE("child hooks see the process group start and end") {
  pid_t started = 0;
  bool ended = false;
  ChildHooks hooks{[&](pid_t group) { started = group; },
                   [&] {
                     // Exited, not yet reaped: the group is still there to signal.
                     ended = started > 0 && ::kill(started, 0) == 0;
                   }};
  auto r = run_capture(sh("echo $$"), hooks);
  REQUIRE(r.ok());
  CHECK(std::to_string(started) + "\n" == r->out);
  CHECK(ended);
}

TEST_CASE("run_streaming: empty lines are kept") {
  auto lines = stream_lines(sh("printf 'a\\n\\nb\\n'"));
  CHECK(lines == std::vector<std::string>{"a", "", "b"});
}

TEST_CASE("the child runs in its own process group with standard input closed") {
  auto r = run_capture(sh("ps -o pgid= -p $$; ps -o pgid= -p $PPID; cat; echo eof"));
  REQUIRE(r.ok());
  if (r->exit_status != 0) {
    WARN("ps is not available: process group not checked");
    return;
  }
  std::string own, parent;
  std::istringstream in(r->out);
  in >> own >> parent;
  CHECK(own != parent);
  CHECK(r->out.find("eof") != std::string::npos);
}

TEST_CASE("find_executable looks on PATH and accepts paths with a slash") {
  CHECK(find_executable("sh").has_value());
  CHECK(find_executable("/bin/sh") == std::optional<std::string>("/bin/sh"));
  CHECK_FALSE(find_executable("goescape-no-such-program-xyz").has_value());
  CHECK_FALSE(find_executable("/etc/passwd").has_value());  // not executable
  CHECK_FALSE(find_executable("/bin").has_value());         // a directory
  CHECK_FALSE(find_executable("").has_value());
}

TEST_CASE("go_minor_version reads release, devel and odd strings") {
  CHECK(go_minor_version("go1.26.8") == 26);
  CHECK(go_minor_version("go1.21rc2") == 21);
  CHECK(go_minor_version("devel go1.27-abcdef Tue Jan 1") == 27);
  CHECK(go_minor_version("gccgo") == 0);
  CHECK(go_minor_version("") == 0);
}

TEST_CASE("go_version: a missing go says how to fix it") {
  GoCommand go;
  go.binary = "goescape-no-such-go-xyz";
  auto v = go_version(go);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().exit_code == ExitCode::go_failed);

  go.binary = "/nonexistent/go";
  v = go_version(go);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message == "/nonexistent/go: not found or not executable");
}

TEST_CASE("go_version and go_list through a fake go") {
  ScriptDir d;
  std::string go = d.script("go", R"(case "$1" in
env) echo go1.22.5 ;;
list) cat <<'EOF'
{
	"Dir": "/src/m",
	"ImportPath": "example.com/m",
	"Name": "main",
	"Module": {"Path": "example.com/m", "Dir": "/src/m", "GoVersion": "1.22"},
	"GoFiles": ["main.go", "x{}.go"],
	"TestGoFiles": ["main_test.go"]
}
{
	"Dir": "/usr/lib/go/src/fmt",
	"ImportPath": "fmt",
	"Name": "fmt",
	"Standard": true,
	"GoFiles": ["print.go"],
	"XTestGoFiles": ["example_test.go"]
}
EOF
;;
*) echo "go: unknown command" >&2; exit 2 ;;
esac
)");
  GoCommand cmd;
  cmd.binary = go;
  auto v = go_version(cmd);
  REQUIRE(v.ok());
  CHECK(*v == "go1.22.5");

  auto list = go_list(cmd, {"./..."});
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  const GoPackage& m = (*list)[0];
  CHECK(m.import_path == "example.com/m");
  CHECK(m.name == "main");
  CHECK(m.dir == "/src/m");
  CHECK(m.module_path == "example.com/m");
  CHECK(m.module_dir == "/src/m");
  CHECK_FALSE(m.standard);
  CHECK(m.files == std::vector<std::string>{"main.go", "x{}.go", "main_test.go"});
  CHECK((*list)[1].standard);
  CHECK((*list)[1].files == std::vector<std::string>{"print.go", "example_test.go"});
}

TEST_CASE("go_list: go's own error message becomes the Error") {
  ScriptDir d;
  std::string go = d.script("go",
                            "echo 'go: go.mod file not found in current directory or any parent "
                            "directory' >&2\nexit 1\n");
  GoCommand cmd;
  cmd.binary = go;
  auto list = go_list(cmd, {"./..."});
  REQUIRE_FALSE(list.ok());
  CHECK(list.error().exit_code == ExitCode::go_failed);
  CHECK(list.error().message ==
        "go: go.mod file not found in current directory or any parent directory");
}

TEST_CASE(
    "go_build_escape passes -gcflags, -tags and packages, runs in go.dir, and writes no "
    "executable") {
  ScriptDir d;
  std::string log = d.dir.path() + "/args.log";
  std::string go = d.script(
      "go",
      "case \"$1\" in\n"
      "list) echo 'go list: not needed' >> '" +
          log +
          "' ;;\n"
          "env) echo go1.26.1 ;;\n"
          "*) pwd >> '" +
          log + "'; for a in \"$@\"; do echo \"$a\" >> '" + log +
          "'; done; echo '# example.com/m'; echo './m.go:3:6: moved to heap: x' >&2; exit 0 ;;\n"
          "esac\n");
  fs::create_directory(d.dir.path() + "/work");
  GoCommand cmd;
  cmd.binary = go;
  cmd.dir = d.dir.path() + "/work";
  cmd.tags = "integration,linux";
  cmd.gcflags = "-l";
  std::vector<std::string> lines;
  auto r = go_build_escape(cmd, {"./cmd/m"}, [&](std::string_view l) { lines.emplace_back(l); });
  REQUIRE(r.ok());
  CHECK(r->exit_status == 0);
  CHECK(lines == std::vector<std::string>{"# example.com/m", "./m.go:3:6: moved to heap: x"});

  std::ifstream in(log);
  std::vector<std::string> args;
  for (std::string a; std::getline(in, a);) args.push_back(a);
  REQUIRE(args.size() == 7);
  CHECK(args[0] == fs::canonical(cmd.dir).string());
  CHECK(args[1] == "build");
  CHECK(args[2] == "-gcflags=-m=2 -l");
  // A lone command's executable is discarded (cmd/go's "-o /dev/null"),
  // without a go list first to tell whether the packages are one command.
  CHECK(args[3] == "-o");
  CHECK(args[4] == "/dev/null");
  CHECK(args[5] == "-tags=integration,linux");
  CHECK(args[6] == "./cmd/m");
  CHECK(fs::is_empty(cmd.dir));
}

TEST_CASE("go_build_escape with tests uses go test -c into a temporary directory") {
  ScriptDir d;
  std::string log = d.dir.path() + "/args.log";
  std::string go = d.script("go",
                            "case \"$1\" in\n"
                            "env) echo go1.24.0 ;;\n"
                            "*) for a in \"$@\"; do echo \"$a\" >> '" +
                                log +
                                "'; done; echo './x.go:1:2: undefined: y'; exit 1 ;;\n"
                                "esac\n");
  GoCommand cmd;
  cmd.binary = go;
  cmd.tests = true;
  std::vector<std::string> lines;
  auto r = go_build_escape(cmd, {"./..."}, [&](std::string_view l) { lines.emplace_back(l); });
  REQUIRE(r.ok());
  CHECK(r->exit_status == 1);
  std::ifstream in(log);
  std::vector<std::string> args;
  for (std::string a; std::getline(in, a);) args.push_back(a);
  REQUIRE(args.size() == 6);
  CHECK(args[0] == "test");
  CHECK(args[1] == "-c");
  CHECK(args[2] == "-gcflags=-m=2");
  CHECK(args[3] == "-o");
  CHECK(args[5] == "./...");
}

TEST_CASE("TemporaryDirectory removes itself with its contents") {
  std::string path;
  {
    auto dir = TemporaryDirectory::create("goescape-unit-");
    REQUIRE(dir.ok());
    path = dir->path();
    fs::create_directories(path + "/a/b");
    std::ofstream(path + "/a/b/f") << "x";
    CHECK(fs::is_directory(path));
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a CleanupGuard undoes once: on run(), on destruction, never after dismiss()") {
  int runs = 0;
  {
    CleanupGuard guard([&] { ++runs; });
    guard.run();
    guard.run();
  }
  CHECK(runs == 1);
  {
    CleanupGuard guard([&] { ++runs; });
    CleanupGuard moved = std::move(guard);
  }
  CHECK(runs == 2);
  {
    CleanupGuard guard([&] { ++runs; });
    guard.dismiss();
  }
  CHECK(runs == 2);
}

namespace {

// Runs `body` in a forked copy of this process that starts the signal thread
// first, as main() does, and returns the copy's exit code. The copy never
// returns into the test runner.
template <typename Body>
int in_forked_process(Body body) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    start_signal_thread();
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

pid_t read_pid(const std::string& path) {
  std::ifstream in(path);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

}  // namespace

TEST_CASE("a signal stops the child; the run unwinds through its guards and exits 128+signal") {
  // Not a TemporaryDirectory: the forked copy would run its guard too.
  std::string base = (fs::temp_directory_path() / "goescape-unit-XXXXXX").string();
  REQUIRE(::mkdtemp(base.data()) != nullptr);
  const std::string victim = base + "/victim";
  const std::string pidfile = base + "/child.pid";
  fs::create_directories(victim + "/deep/er");
  std::ofstream(victim + "/deep/er/file") << "x";

  const int code = in_forked_process([&] {
    bool interrupted = false;
    {
      CleanupGuard removal([&] { fs::remove_all(victim); });
      // The child signals us, then would sleep for half a minute.
      auto r = run_capture(sh("echo $$ > '" + pidfile + "'; kill -TERM $PPID; sleep 30"));
      interrupted = !r.ok() && r.error().exit_code == ExitCode::terminated;
      // Nothing new starts once interrupted; cleanup processes still do.
      interrupted = interrupted && !run_capture(sh("true")).ok();
      auto cleanup = run_capture(ProcessSpec{{"/bin/sh", "-c", "exit 7"}, "", {}, true});
      interrupted = interrupted && cleanup.ok() && cleanup->exit_status == 7;
    }
    return interrupted && interrupted_by() == SIGTERM ? 128 + interrupted_by() : 1;
  });
  CHECK(code == 143);
  CHECK_FALSE(fs::exists(victim));
  const pid_t child = read_pid(pidfile);
  REQUIRE(child > 0);
  CHECK((::kill(child, 0) != 0 && errno == ESRCH));
  fs::remove_all(base);
}

TEST_CASE("a signal stops every running child") {
  // Two children at once (go build and the facts helper), on two threads.
  std::string base = (fs::temp_directory_path() / "goescape-unit-XXXXXX").string();
  REQUIRE(::mkdtemp(base.data()) != nullptr);
  const std::string first = base + "/first.pid", second = base + "/second.pid";
  const int code = in_forked_process([&] {
    std::thread other([&] { (void)run_capture(sh("echo $$ > '" + first + "'; sleep 30")); });
    (void)run_capture(sh("while [ ! -s '" + first + "' ]; do sleep 0.05; done; echo $$ > '" +
                         second + "'; kill -INT $PPID; sleep 30"));
    other.join();  // returns once the signal has stopped its child too
    return 128 + interrupted_by();
  });
  CHECK(code == 130);
  for (const std::string& pidfile : {first, second}) {
    const pid_t child = read_pid(pidfile);
    REQUIRE(child > 0);
    CHECK((::kill(child, 0) != 0 && errno == ESRCH));
  }
  fs::remove_all(base);
}

TEST_CASE("a stuck run is ended by the signal thread, which runs the guards left") {
  std::string base = (fs::temp_directory_path() / "goescape-unit-XXXXXX").string();
  REQUIRE(::mkdtemp(base.data()) != nullptr);
  const std::string victim = base + "/victim";
  fs::create_directories(victim);

  const int code = in_forked_process([&] {
    CleanupGuard removal([&] { fs::remove_all(victim); });
    int fds[2];
    if (::pipe(fds) != 0) return 1;
    ::kill(::getpid(), SIGINT);
    // A read nothing will ever answer, like a terminal nobody types into.
    char byte;
    [[maybe_unused]] ssize_t n = ::read(fds[0], &byte, 1);
    return 2;  // not reached: the signal thread exits for us
  });
  CHECK(code == 130);
  CHECK_FALSE(fs::exists(victim));
  fs::remove_all(base);
}

TEST_CASE("an exception from the line callback stops and reaps the child") {
  pid_t child = 0;
  struct Stop {};
  CHECK_THROWS_AS(run_streaming(sh("echo $$; exec sleep 30"),
                                [&](std::string_view line) {
                                  child = std::stoi(std::string(line));
                                  throw Stop{};
                                }),
                  Stop);
  REQUIRE(child > 0);
  CHECK((::kill(child, 0) != 0 && errno == ESRCH));
}
