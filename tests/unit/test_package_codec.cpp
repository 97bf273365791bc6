// model/package_codec and support/spool_file: a package set aside during a
// run comes back exactly as it went, and the spool file has no name on disk.
#include <dirent.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "model/package_codec.hpp"
#include "model/report_json.hpp"
#include "support/spool_file.hpp"

using namespace goescape;

namespace {

// A package whose findings set every field, JSON and not.
PackageResult full_package() {
  PackageResult p;
  p.package = "example.com/m/p";
  p.variant = "example.com/m/p.test";
  p.dir = "/abs/m/p";
  Finding f;
  f.kind = Kind::moved_to_heap;
  f.pos = {"p/a.go", 12, 7};
  f.printed_file = "./a.go";
  f.message = "moved to heap: x";
  f.expr = "x";
  f.package = "example.com/m/p";
  f.variant = "example.com/m/p.test";
  f.function = "example.com/m/p.F.func1";
  f.inlined_from = InlinedFrom{"example.com/m/q.G", "q/g.go", 3};
  f.flow = {{"flow", "{heap} ← &x", {"p/a.go", 12, 7}}, {"address-of", "&x", {"p/a.go", 13, 2}}};
  f.captures = {{"F.func1", "x", true, true, false, 8}};
  f.derefs = 2;
  f.detail = "detail ✓";
  f.pattern = "addr-stored-by-callee";
  f.playbook = "9.2";
  f.suggestion = "line one\nline two";
  f.held_back = "error-path";
  f.fix = Fix{{{"p/a.go", 12, 3, 12, 9, "io.WriteString(w, s)"}, {"p/a.go", 14, 1, 15, 2, ""}},
              {true, false, TestsVerdict::failed}};
  f.profile = ProfileFigures{-1, 2, 3, 4, true};
  f.fingerprint = "0123456789abcdef";
  f.source_line = "\tx := T{} // \xff";
  f.log_function = "F.func1";
  f.occurrences = 3;
  f.copies = {"example.com/m/q", "q/g.go:3:1"};
  f.allocation = Allocation::sometimes;
  f.allocation_note = "append growth";
  f.synthesized = true;
  f.cold = "error-path";
  p.findings.push_back(f);
  Finding bare;  // every optional unset
  p.findings.push_back(bare);
  p.diagnostics = {{"example.com/m/p", "a line no form matched"}};
  return p;
}

std::string json_of(const Finding& f) {
  std::string out;
  write_finding_json(f, out);
  return out;
}

}  // namespace

TEST_CASE("package codec: every field comes back") {
  const PackageResult in = full_package();
  std::string bytes = "prefix";  // appends, never replaces
  encode_package(in, bytes);
  REQUIRE(bytes.starts_with("prefix"));
  const PackageResult out = decode_package(std::string_view(bytes).substr(6));
  CHECK(out.package == in.package);
  CHECK(out.variant == in.variant);
  CHECK(out.dir == in.dir);
  REQUIRE(out.findings.size() == in.findings.size());
  for (std::size_t i = 0; i < in.findings.size(); ++i) {
    const Finding& a = in.findings[i];
    const Finding& b = out.findings[i];
    CHECK(json_of(a) == json_of(b));
    // The fields the JSON leaves out.
    CHECK(a.printed_file == b.printed_file);
    CHECK(a.source_line == b.source_line);
    CHECK(a.log_function == b.log_function);
    CHECK(a.captures == b.captures);
    CHECK(a.profile == b.profile);
  }
  REQUIRE(out.diagnostics.size() == 1);
  CHECK(out.diagnostics[0].text == in.diagnostics[0].text);
}

TEST_CASE("package codec: bytes cut short are an error, not a crash") {
  std::string bytes;
  encode_package(full_package(), bytes);
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    INFO(cut);
    CHECK_THROWS_AS(decode_package(std::string_view(bytes).substr(0, cut)), Failure);
  }
}

TEST_CASE("spool file: records read back in any order, and no file is left in TMPDIR") {
  char dir_template[] = "/tmp/goescape-spool-test-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", dir_template, 1);
  {
    auto spool = SpoolFile::create();
    REQUIRE(spool);
    const auto a = spool->append("first");
    const auto b = spool->append(std::string(100000, 'x'));
    const auto c = spool->append("");
    std::string out;
    spool->read(b, out);
    CHECK(out == std::string(100000, 'x'));
    spool->read(a, out);
    CHECK(out == "first");
    spool->read(c, out);
    CHECK(out.empty());
    CHECK(spool->size() == 100005);
    // Nothing named in the directory while it is in use.
    DIR* d = ::opendir(dir_template);
    REQUIRE(d);
    int entries = 0;
    while (dirent* e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") ++entries;
    ::closedir(d);
    CHECK(entries == 0);
  }
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  CHECK(::rmdir(dir_template) == 0);
}

TEST_CASE("spool file: a record streams back a piece at a time") {
  auto spool = SpoolFile::create();
  REQUIRE(spool);
  std::string big;
  for (int i = 0; big.size() < 200000; ++i) big += std::to_string(i) + ",";
  spool->append("before");
  const auto record = spool->append(big);
  const auto empty = spool->append("");
  spool->append("after");
  auto all = [](SpoolFile::Stream& stream) {
    std::string back;
    int pieces = 0;
    for (std::string_view piece = stream.next(); !piece.empty(); piece = stream.next()) {
      back += piece;
      ++pieces;
    }
    return std::make_pair(back, pieces);
  };
  {
    SpoolFile::Stream stream(*spool, record);
    auto [back, pieces] = all(stream);
    CHECK(back == big);
    CHECK(pieces > 1);
    CHECK_FALSE(stream.failed());
  }
  {
    SpoolFile::Stream stream(*spool, empty);
    CHECK(all(stream).second == 0);
  }
  {
    // A span past the end of the file: the record ends early, failed() says so.
    SpoolFile::Stream stream(*spool, {spool->size() - 3, 10});
    CHECK(all(stream).first.size() < 10);
    CHECK(stream.failed());
  }
}

TEST_CASE("spool file: an unusable TMPDIR is an error naming it") {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", "/nonexistent/goescape-test", 1);
  auto spool = SpoolFile::create();
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  REQUIRE_FALSE(spool);
  CHECK(spool.error().message.find("/nonexistent/goescape-test") != std::string::npos);
}
