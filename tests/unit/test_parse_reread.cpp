// parse_file leaves explanation lines in the log and reads them back when a
// package block ends; it must report exactly what parse_stream, which keeps
// them, reports.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "model/report_json.hpp"
#include "parse/log_parser.hpp"
#include "test_parse_support.hpp"

namespace fs = std::filesystem;
using goescape::test::Parsed;

namespace {

Parsed parse_path(const fs::path& path, std::size_t max_line = 1 << 20) {
  Parsed out;
  goescape::LogParser parser(
      [&](goescape::PackageResult&& p) { out.packages.push_back(std::move(p)); });
  REQUIRE(goescape::parse_file(path.string(), parser, max_line));
  out.stats = parser.stats();
  out.go_minor = parser.detected_go_minor();
  return out;
}

// Everything a report would show of a parse, one line per item.
std::string dump(const Parsed& p) {
  std::string out = goescape::stats_to_json(p.stats).dump() + "\n";
  out += "go1." + std::to_string(p.go_minor) + "\n";
  for (const auto& pkg : p.packages) {
    out += "# " + pkg.package + " [" + pkg.variant + "]\n";
    for (const auto& f : pkg.findings) {
      goescape::write_finding_json(f, out);
      out += " function_in_log=" + f.log_function + "\n";
    }
    for (const auto& d : pkg.diagnostics) out += "diagnostic: " + d.text + "\n";
  }
  return out;
}

// A file that removes itself.
struct TempLog {
  fs::path path;
  explicit TempLog(const std::string& text) {
    char name[] = "/tmp/goescape-reread-XXXXXX";
    const int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name;
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempLog() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

}  // namespace

TEST_CASE("parse_file reports what parse_stream does, on every log", "[parse]") {
  auto logs = goescape::test::logs_under(goescape::test::sample_logs());
  REQUIRE(logs.size() >= 29);
  for (auto& p : goescape::test::logs_under(goescape::test::shared_logs())) logs.push_back(p);
  for (const auto& path : logs) {
    INFO(path.string());
    const std::string text = goescape::test::read_file(path);
    const std::string kept = dump(goescape::test::parse_text(text));
    CHECK(dump(parse_path(path)) == kept);
  }
}

TEST_CASE("parse_file: line ends, a last line without one, overlong lines", "[parse]") {
  const std::string block =
      "# example.com/m\n"
      "./a.go:3:2: x escapes to heap in F:\n"
      "./a.go:3:2:   flow: {heap} \xe2\x86\x90 &x:\n"
      "./a.go:3:2:     from &x (address-of) at ./a.go:4:9\n"
      "./a.go:3:2:     from return &x (return) at ./a.go:4:2\n"
      "./a.go:3:2: moved to heap: x\n"
      "./a.go:9:2: y escapes to heap in G:\n"
      "./a.go:9:2:   flow: {heap} \xe2\x86\x90 y:\n"
      "./a.go:9:2:     from y (spill) at ./a.go:9:2";
  std::string crlf;
  for (char c : block) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const std::string overlong = block + "\n" + std::string(300, 'z') + "\n" + block + "\n";
  for (const std::string& text : {block, block + "\n", crlf, crlf + "\r\n", overlong}) {
    INFO(text);
    TempLog log(text);
    const Parsed read_back = parse_path(log.path, 200);
    const Parsed kept = goescape::test::parse_text(text, 200);
    CHECK(dump(read_back) == dump(kept));
    REQUIRE(!read_back.packages.empty());
    REQUIRE(!read_back.packages[0].findings.empty());
    CHECK(read_back.packages[0].findings[0].flow.size() == 3);
  }
}

TEST_CASE("a block whose body lines stop being re-readable keeps them", "[parse]") {
  const std::string header = "./a.go:3:2: x escapes to heap in F:\n";
  const std::string body = "./a.go:3:2:   flow: {heap} \xe2\x86\x90 &x:\n";
  TempLog log(header + body);
  std::vector<goescape::PackageResult> out;
  goescape::LogParser parser([&](goescape::PackageResult&& p) { out.push_back(std::move(p)); });
  std::FILE* file = std::fopen(log.path.c_str(), "rb");
  REQUIRE(file != nullptr);
  parser.set_reader([&](std::uint64_t offset, std::size_t size, std::string& bytes) {
    bytes.resize(size);
    if (std::fseek(file, static_cast<long>(offset), SEEK_SET) != 0) return false;
    bytes.resize(std::fread(bytes.data(), 1, size, file));
    return true;
  });
  parser.feed_at(header.substr(0, header.size() - 1), 0);
  parser.feed_at(body.substr(0, body.size() - 1), header.size());
  parser.feed("./a.go:3:2:     from &x (address-of) at ./a.go:4:9");  // kept in memory
  parser.feed("./a.go:3:2: moved to heap: x");
  parser.finish();
  std::fclose(file);
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].findings.size() == 1);
  const auto& flow = out[0].findings[0].flow;
  REQUIRE(flow.size() == 2);
  CHECK(flow[0].text == "{heap} \xe2\x86\x90 &x");
  CHECK(flow[1].text == "&x");
  CHECK(flow[1].reason == "address-of");
}
