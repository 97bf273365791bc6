// `goescape check [packages]`: run the Go compiler's escape analysis on the
// packages and report it. The recipe:
//   1. validate the options and open the output (ReportRun) before any work;
//   2. ask go for its version; start listing the packages (paths, files,
//      modules) and the facts helper (runner/gofacts.hpp) on them, both
//      beside the build;
//   3. stream `go build -gcflags=-m=2` (or `go test -c` with --tests) into the
//      parser; each package it finishes goes to a second thread that runs the
//      analysis stages on it (once the listing is in), waiting for its facts
//      when they have not come yet, so that go's output never waits for the
//      helper, and sets it aside (app/report_run.hpp);
//   4. if the build failed: show go's errors, write no report, exit 3;
//      else check the candidate fixes in one overlay build (unless
//      --no-verify; app/verify_fixes.hpp), merge the copies of each site, render the overview and
//      the packages in import-path order and commit the report, and say once on standard error when
//      facts were missing, and why.
//
// Output discipline: the report goes to standard output or -o; standard error
// carries only the progress line (on a terminal, after a second) and, on
// failure, go's errors verbatim. Go finishes packages in whatever order its
// parallel build happens to take, so the processed packages are set aside
// until the build has succeeded and then rendered sorted: two runs over the
// same code give the same report, and a failed build writes no half report.
#include "app/check_command.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <future>
#include <limits>
#include <optional>
#include <tuple>
#include <vector>

#include "app/commands.hpp"
#include "app/report_flags.hpp"
#include "app/report_run.hpp"
#include "app/verify_fixes.hpp"
#include "model/package_codec.hpp"
#include "parse/log_parser.hpp"
#include "runner/go.hpp"
#include "runner/gofacts.hpp"
#include "support/pipeline.hpp"
#include "support/signals.hpp"
#include "support/spool_file.hpp"

namespace goescape {

namespace {

// Go's errors forwarded after a failed build are bounded like the report's
// diagnostics: a pathological build must not grow memory without limit.
constexpr std::size_t max_forwarded_lines = 20000;
constexpr std::size_t max_forwarded_bytes = 16 << 20;
// Parsed packages waiting for the analysis that stay in memory; the others
// wait on disk.
constexpr std::size_t max_waiting_in_memory = 1;

// The `\r[12/40] example.com/m/cache` line on standard error. Shown only on a
// terminal, and only once the build has taken more than a second, so quick
// runs and logs stay clean.
class Progress {
 public:
  explicit Progress(bool wanted)
      : enabled_(wanted && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void on_line(std::string_view line) {
    if (!enabled_ || line.size() < 3 || line[0] != '#' || line[1] != ' ') return;
    ++seen_;
    if (std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
    std::string_view package = line.substr(2);
    const std::size_t total = total_;
    std::string text = seen_ <= total ? fmt::format("[{}/{}] {}", seen_, total, package)
                                      : fmt::format("[{}] {}", seen_, package);
    // Never wider than the terminal: a wrapped line cannot be erased by \r.
    winsize ws{};
    std::size_t width =
        ::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col - 1 : 79;
    if (text.size() > width) text.resize(width);
    std::fputs(("\r\033[K" + text).c_str(), stderr);
    std::fflush(stderr);
    shown_ = true;
    set_progress_line_shown(true);
  }

  // The number of packages to expect, once go list has told.
  void set_total(std::size_t total) { total_ = total; }

  void clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
    set_progress_line_shown(false);
  }

 private:
  bool enabled_;
  std::atomic<std::size_t> total_{0};  // set from the analysis thread, once known
  std::size_t seen_ = 0;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

// The unclassified lines of the build (compile errors, `go: ...` lines),
// grouped under their `# package` header as go printed them, for showing
// when the build fails.
class ErrorLines {
 public:
  void add(const std::vector<Diagnostic>& diagnostics) {
    for (const Diagnostic& d : diagnostics) {
      if (lines_ >= max_forwarded_lines || bytes_ >= max_forwarded_bytes) {
        ++dropped_;
        continue;
      }
      if (d.package != last_package_ || lines_ == 0) {
        if (!d.package.empty()) text_ += "# " + d.package + "\n";
        last_package_ = d.package;
      }
      text_ += d.text + "\n";
      bytes_ += d.text.size() + 1;
      ++lines_;
    }
  }

  void print() const {
    std::fputs(text_.c_str(), stderr);
    if (dropped_ > 0) std::fprintf(stderr, "(%zu more lines not shown)\n", dropped_);
    std::fflush(stderr);
  }

 private:
  std::string text_;
  std::string last_package_;
  std::size_t lines_ = 0, bytes_ = 0, dropped_ = 0;
};

// Everything one check run needs, set up by prepare().
struct Prepared {
  std::unique_ptr<GoFacts> facts;  // before `run`: outlives the context that reads it
  std::unique_ptr<ReportRun> run;
  GoCommand go;
  std::vector<std::string> patterns;
  // What the patterns match (go list), listed while go builds them; the
  // analysis takes it before its first package (take_listing).
  std::future<Result<std::vector<GoPackage>>> listing;
  std::optional<Status> listing_taken;
  Report header;
};

// Waits for the listing and adds its packages to the analysis context, once;
// returns their number (without the standard library's), or go list's error.
Result<std::size_t> take_listing(Prepared& p) {
  if (!p.listing_taken) {
    auto packages = p.listing.get();
    if (!packages) {
      p.listing_taken = Status(packages.error());
      return packages.error();
    }
    std::size_t count = 0;
    for (GoPackage& package : *packages) {
      if (!package.standard) ++count;
      p.run->context().add_package(std::move(package));
    }
    p.listing_taken = ok_status();
    return count;
  }
  if (!*p.listing_taken) return p.listing_taken->error();
  return std::size_t{0};
}

Result<Prepared> prepare(const CheckOptions& options, const ReportOptions& report_options) {
  auto root = run_directory(options.report.dir);
  if (!root) return root.error();

  // Usage errors (format, kinds, --func, catalog, profile, -o) before any
  // go command runs.
  auto run = ReportRun::open(report_options);
  if (!run) return run.error();

  Prepared p;
  p.run = std::move(run).value();
  if (options.verify) p.run->plan_verification();
  p.go.binary = options.go.empty() ? "go" : options.go;
  p.go.dir = *root;
  p.go.tags = options.tags;
  p.go.gcflags = options.gcflags;
  p.go.tests = options.tests;
  p.patterns = options.packages.empty() ? std::vector<std::string>{"./..."} : options.packages;

  auto version = go_version(p.go);
  if (!version) return version.error();
  // go list runs beside the build: nothing in the build waits for it.
  p.listing = std::async(std::launch::async,
                         [go = p.go, patterns = p.patterns] { return go_list(go, patterns); });

  AnalysisContext& ctx = p.run->context();
  ctx.root = *root;
  ctx.log_dir = *root;  // go ran there: its relative paths are relative to it
  ctx.go_minor = go_minor_version(*version);
  ctx.tests = options.tests;
  if (ctx.go_minor > 0) ctx.sources.set_naming(GoNaming{ctx.go_minor});
  // The helper type-checks the same packages while go builds them.
  p.facts = GoFacts::start(GoFactsRequest{p.go, p.patterns, *version});
  ctx.facts = &p.facts->facts();

  p.header.tool.version = GOESCAPE_VERSION;
  p.header.go.version = *version;
  p.header.go.flags = "-m=2";
  if (!options.gcflags.empty()) p.header.go.flags += " " + options.gcflags;
  p.header.root = *root;
  return p;
}

// A package the parser has finished, waiting for the analysis: in memory,
// or (`result` unset) in the waiting room's spool file.
struct Waiting {
  std::optional<PackageResult> result;
  SpoolFile::Span span;
};

// Streams the build into the parser; each package the parser finishes is
// analysed and set aside by the report run (on a second thread).
Result<ParseStats> build_and_parse(const CheckOptions& options, Prepared& p) {
  ErrorLines errors;
  // go must never wait for the analysis (which may wait for facts, and the
  // facts helper's own go commands may wait for go's build), so the queue
  // has no bound; past a few packages the waiting ones go to a spool file,
  // so memory stays flat when the facts come slower than go's output.
  auto waiting_room = SpoolFile::create();
  if (!waiting_room) return waiting_room.error();
  std::string read_back;  // the analysis thread's
  Progress progress(options.progress);
  Pipeline<Waiting> analysis(
      [&](Waiting&& waiting) {
        // The packages go list found, before the first package is analysed;
        // when go list failed, nothing is (its error is the run's).
        auto listed = take_listing(p);
        if (!listed) return;
        if (*listed > 0) progress.set_total(*listed);
        if (!waiting.result) {
          waiting_room->read(waiting.span, read_back);
          waiting.result = decode_package(read_back);
        }
        p.run->add(std::move(*waiting.result));
      },
      std::numeric_limits<std::size_t>::max());
  // go's output also goes to a file of ours, so the parser reads a package's
  // explanation lines back from it when the package ends instead of keeping
  // them (LogParser::feed_at): the go/types and runtime blocks alone are tens
  // of MB. Lines are written in batches; a read-back writes the batch first.
  auto log_copy = SpoolFile::create();
  if (!log_copy) return log_copy.error();
  std::string unwritten;
  std::uint64_t log_offset = 0;
  auto write_log = [&] {
    log_copy->append(unwritten);
    unwritten.clear();
  };
  std::string encoded;  // the parser's
  LogParser parser([&](PackageResult&& result) {
    errors.add(result.diagnostics);  // before the report trims them
    if (analysis.queued() < max_waiting_in_memory) {
      analysis.push({std::move(result), {}});
      return;
    }
    encoded.clear();
    encode_package(result, encoded);
    analysis.push({std::nullopt, waiting_room->append(encoded)});
  });
  parser.set_reader([&](std::uint64_t offset, std::size_t size, std::string& out) {
    write_log();
    const std::uint64_t written = log_copy->size();
    const std::uint64_t at = std::min(offset, written);
    log_copy->read({at, std::min<std::uint64_t>(size, written - at)}, out);
    return true;
  });
  constexpr std::size_t log_batch = 256 * 1024;
  auto built = go_build_escape(p.go, p.patterns, [&](std::string_view line) {
    progress.on_line(line);
    // Written (to the batch) before it is fed: the package it ends may be
    // read back up to and including it.
    unwritten.append(line);
    unwritten.push_back('\n');
    parser.feed_at(line, log_offset);
    log_offset += line.size() + 1;
    if (unwritten.size() >= log_batch) write_log();
  });
  parser.finish();
  parser.set_reader(nullptr);
  progress.clear();
  if (!built || built->exit_status != 0) {
    if (built) errors.print();  // at once, whatever the facts helper still does
    // A failed build needs no facts: the analysis thread drains without them.
    p.facts->stop();
    analysis.finish();
    if (!built) return built.error();
    const char* what = options.tests ? "go test -c" : "go build";
    return Error{
        fmt::format("{} failed (exit status {}); no report written", what, built->exit_status),
        ExitCode::go_failed};
  }
  analysis.finish();
  p.facts->stop();  // every package has been analysed
  if (auto listed = take_listing(p); !listed) return listed.error();
  note_missing_facts(p.facts->problem());
  // Candidate fixes of the shown suggestions, checked by the compiler
  // (app/verify_fixes.hpp); without --no-verify unverified ones are dropped
  // when rendered.
  if (options.verify) {
    Status verified = p.run->verify([&](std::vector<PackageResult>& candidates) -> Status {
      auto checked = verify_fixes(candidates, p.go, p.run->context());
      if (!checked) return checked.error();
      return ok_status();
    });
    if (!verified) return verified.error();
  }
  return parser.stats();
}

}  // namespace

Result<ExitCode> run_check(const CheckOptions& options) {
  auto prepared = prepare(options, options.report);
  if (!prepared) return prepared.error();
  auto stats = build_and_parse(options, *prepared);
  if (!stats) return stats.error();  // the -o file is never committed
  auto tail = prepared->run->finish(prepared->header, *stats, true);
  if (!tail) return tail.error();
  return ExitCode::ok;
}

Result<Report> check_report(const CheckOptions& options) {
  // The report pipeline renders somewhere; JSON to /dev/null is cheap and
  // accepts every option. The findings are collected on the side.
  ReportOptions quiet = options.report;
  quiet.format = "json";
  quiet.output = "/dev/null";
  quiet.max_annotations = 0;
  auto prepared = prepare(options, quiet);
  if (!prepared) return prepared.error();
  auto stats = build_and_parse(options, *prepared);
  if (!stats) return stats.error();
  std::vector<Finding> findings;
  auto tail =
      prepared->run->finish(prepared->header, *stats, true, [&](const PackageResult& result) {
        findings.insert(findings.end(), result.findings.begin(), result.findings.end());
      });
  if (!tail) return tail.error();
  Report report = std::move(tail).value();
  report.findings = std::move(findings);
  return report;
}

}  // namespace goescape
