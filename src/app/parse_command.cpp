// `goescape parse [LOG ...]`: interpret saved -m / -m=2 logs. Relative paths
// in the log are resolved under -C DIR, through `go list` when a go binary is
// available (so `./x.go` under `# example.com/m/sub` finds sub/x.go even when
// the build cache replayed text written for another directory). When go list
// finds the packages, the facts helper (runner/gofacts.hpp) checks them while
// the log is read; else the log's own function names and the source scanner
// stand in, and a note says so.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "app/report_flags.hpp"
#include "app/report_run.hpp"
#include "parse/log_parser.hpp"
#include "runner/go.hpp"
#include "runner/gofacts.hpp"
#include "runner/process.hpp"
#include "support/pipeline.hpp"

namespace goescape {

namespace fs = std::filesystem;

namespace {

// Every log must be readable before any output is written.
Status check_logs_readable(const std::vector<std::string>& logs) {
  for (const std::string& log : logs) {
    if (log == "-") continue;
    std::error_code ec;
    if (fs::is_directory(log, ec))
      return Error{fmt::format("{}: is a directory, not a log file", log), ExitCode::usage};
    std::ifstream probe(log, std::ios::binary);
    if (!probe)
      return Error{fmt::format("{}: cannot read: {}", log, std::strerror(errno)), ExitCode::usage};
  }
  return ok_status();
}

// Packages of the module under `dir`, when a go binary is there to ask, and
// the facts helper started on them. Returns the helper, or null with the
// reason there are no facts.
std::unique_ptr<GoFacts> load_packages(const ParseOptions& options, AnalysisContext& ctx,
                                       std::string& no_facts) {
  if (!find_executable(options.go)) {
    no_facts = fmt::format("{}: not found", options.go);
    return nullptr;
  }
  GoCommand go;
  go.binary = options.go;
  go.dir = ctx.root;
  go.tests = true;  // a log may hold test variants: facts cover the _test.go files too
  auto packages = go_list(go, {"./..."});
  // Outside a module go list -e answers with the pattern alone, no directory.
  if (packages) std::erase_if(*packages, [](const GoPackage& p) { return p.dir.empty(); });
  if (!packages || packages->empty()) {
    // Not a module, or go failed: resolve against -C alone.
    no_facts = fmt::format("go list found no packages in {}", ctx.root);
    return nullptr;
  }
  for (GoPackage& package : *packages) ctx.add_package(std::move(package));
  ctx.tests = true;
  auto facts = GoFacts::start(GoFactsRequest{go, {"./..."}, ""});
  ctx.facts = &facts->facts();
  return facts;
}

}  // namespace

Result<ExitCode> run_parse(const ParseOptions& options) {
  auto root = run_directory(options.report.dir);
  if (!root) return root.error();
  std::vector<std::string> logs = options.logs;
  if (logs.empty()) logs.push_back("-");
  if (Status readable = check_logs_readable(logs); !readable) return readable.error();

  auto run = ReportRun::open(options.report);
  if (!run) return run.error();
  AnalysisContext& ctx = (*run)->context();
  ctx.root = *root;
  ctx.log_dir = *root;
  std::string no_facts;
  std::unique_ptr<GoFacts> facts = load_packages(options, ctx, no_facts);

  // This thread reads and parses; the pipeline's thread analyses and sets
  // each package aside; the report is rendered once the log is read.
  // Each package travels with the release its wording showed when it ended,
  // so the closure naming does not depend on how far the parser has run.
  struct Parsed {
    int go_minor = 0;
    PackageResult result;
  };
  Pipeline<Parsed> pipeline([&](Parsed&& parsed) {
    if (parsed.go_minor > ctx.go_minor) {
      ctx.go_minor = parsed.go_minor;
      ctx.sources.set_naming(GoNaming{parsed.go_minor});
    }
    (*run)->add(std::move(parsed.result));
  });
  LogParser* parser_ptr = nullptr;
  LogParser parser([&](PackageResult&& result) {
    pipeline.push(Parsed{parser_ptr->detected_go_minor(), std::move(result)});
  });
  parser_ptr = &parser;
  for (const std::string& log : logs) {
    if (log == "-") {
      parse_stream(std::cin, parser);
    } else if (Status read = parse_file(log, parser); !read) {
      if (facts) facts->stop();
      pipeline.finish();
      return read.error();
    }
  }
  pipeline.finish();
  if (facts) {
    facts->stop();  // every package has been analysed
    no_facts = facts->problem();
  }
  note_missing_facts(no_facts);
  Report header;
  header.tool.version = GOESCAPE_VERSION;
  header.go.flags = "";  // unknown: whatever built the log
  header.root = *root;
  auto tail = (*run)->finish(std::move(header), parser.stats(), false);
  if (!tail) return tail.error();
  return ExitCode::ok;
}

}  // namespace goescape
