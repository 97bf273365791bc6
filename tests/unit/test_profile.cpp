// Unit tests of profile/heap_profile (the `go tool pprof -raw` text parser),
// profile/profile_share and analysis/profile_join (apply_profile).
#include <catch2/catch.hpp>
#include <random>

#include "analysis/stages.hpp"
#include "profile/heap_profile.hpp"
#include "profile/profile_share.hpp"

using namespace goescape;

namespace {

// Trimmed from a real `go test -memprofile` profile (Go 1.26), paths moved
// under /m; location 8 has an inlined frame.
const char* const raw_profile = R"(PeriodType: space bytes
Period: 1
Time: 2026-11-27 16:07:38.606288007 +0000 UTC
Samples:
alloc_objects/count alloc_space/bytes[dflt] inuse_objects/count inuse_space/bytes
          0          0          0          0: 1 2
       2000     160000          1         80: 74 75 2
                bytes:[80]
          1         48          1         48: 8 2
                bytes:[48]
         10       2000          0          0: 9 75 2
Locations
     1: 0x519070 M=1 runtime/pprof.writeHeapInternal /usr/local/go/src/runtime/pprof/pprof.go:653:0 s=631
     2: 0x44ec74 M=1 runtime.main /usr/local/go/src/runtime/proc.go:290:0 s=149
     8: 0x4ee5ba M=1 example.com/m.helper /m/util.go:7:0 s=5
             example.com/m.Caller /m/render.go:40:0 s=38
     9: 0x4ee5bb M=1 strconv.FormatInt /usr/local/go/src/strconv/render.go:29:0 s=20
    74: 0x52e484 M=1 example.com/m.Render /m/render.go:29:0 s=28
    75: 0x52e5c4 M=1 example.com/m.BenchmarkRender /m/render_test.go:16:0 s=10
Mappings
1: 0x400000/0x53f000/0x0 /tmp/go-build/b001/m.test c34528d7 [FN]
)";

HeapProfile parsed(std::string_view text = raw_profile) {
  auto profile = parse_pprof_raw(text);
  REQUIRE(profile.ok());
  return std::move(profile).value();
}

Finding finding(Kind kind, std::string file, int line, std::string expr = "x") {
  Finding f;
  f.kind = kind;
  f.pos = {std::move(file), line, 10};
  f.expr = std::move(expr);
  f.package = "example.com/m";
  f.suggestion = "do something";
  return f;
}

AnalysisContext context(std::string_view text = raw_profile) {
  AnalysisContext ctx;
  ctx.root = "/m";
  ctx.profile = std::make_shared<HeapProfile>(parsed(text));
  return ctx;
}

}  // namespace

TEST_CASE("pprof raw: samples, values by type name, inlined frames innermost first") {
  HeapProfile p = parsed();
  CHECK(p.has_inuse);
  REQUIRE(p.samples.size() == 4);
  CHECK(p.samples[1].values == ProfileValues{2000, 160000, 1, 80});
  REQUIRE(p.samples[1].frames.size() == 3);
  CHECK(p.frames[p.samples[1].frames[0]] ==
        ProfileFrame{"example.com/m.Render", "/m/render.go", 29});
  REQUIRE(p.samples[2].frames.size() == 3);
  CHECK(p.frames[p.samples[2].frames[0]].function == "example.com/m.helper");
  CHECK(p.frames[p.samples[2].frames[1]].function == "example.com/m.Caller");
  CHECK(p.total.alloc_space == 162048);
  CHECK(p.skipped_lines == 0);
}

TEST_CASE("pprof raw: column order from the type line, FILE:LINE without column") {
  HeapProfile p = parsed(
      "Samples:\ninuse_space/bytes alloc_space/bytes\n  7 100: 1\nLocations\n"
      "  1: 0x1 main.F /a b/x.go:12\n  2: 0x2 \n");
  REQUIRE(p.samples.size() == 1);
  CHECK(p.samples[0].values.alloc_space == 100);
  CHECK(p.samples[0].values.inuse_space == 7);
  CHECK_FALSE(p.has_inuse);
  CHECK(p.frames.at(0) == ProfileFrame{"main.F", "/a b/x.go", 12});
}

TEST_CASE("pprof raw: generic shapes with spaces stay in the function name") {
  HeapProfile p = parsed(
      "Samples:\nalloc_space/bytes\n 5: 1\nLocations\n"
      "  1: 0x1 M=1 m.F[go.shape.struct { X int }] /m/f.go:3:0 s=1\n");
  CHECK(p.frames.at(0) == ProfileFrame{"m.F[go.shape.struct { X int }]", "/m/f.go", 3});
}

TEST_CASE("pprof raw: not a heap profile is one clear error") {
  auto cpu = parse_pprof_raw("Samples:\nsamples/count cpu/nanoseconds\n 1 10: 1\n");
  REQUIRE_FALSE(cpu.ok());
  CHECK(cpu.error().message.find("not a heap profile") != std::string::npos);
  CHECK(cpu.error().message.find("cpu/nanoseconds") != std::string::npos);
  CHECK_FALSE(parse_pprof_raw("").ok());
  CHECK_FALSE(parse_pprof_raw("hello\nworld").ok());
  CHECK(parse_pprof_raw("Samples:\n").error().exit_code == ExitCode::usage);
}

TEST_CASE("pprof raw: garbage and mutations never crash") {
  std::mt19937 rng(7);
  std::string base = raw_profile;
  for (int round = 0; round < 2000; ++round) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = static_cast<char>(rng());
          break;
        case 1:
          text.erase(at, rng() % 20);
          break;
        default:
          text.insert(at, std::string(1 + rng() % 5, "0123456789: \n-x"[rng() % 15]));
      }
      if (text.empty()) text = "x";
    }
    auto result = parse_pprof_raw(text);
    if (result.ok()) CHECK(result->samples.size() <= 8);
  }
  CHECK(parse_pprof_raw("Samples:\nalloc_space/bytes\n 99999999999999999999999: 1\n")
            ->skipped_lines == 1);
}

TEST_CASE("apply_profile: the innermost module frame gets the figures; unseen lines are cold") {
  AnalysisContext ctx = context();
  PackageResult result;
  result.package = "example.com/m";
  result.findings = {finding(Kind::escapes_to_heap, "render.go", 29),
                     finding(Kind::moved_to_heap, "render.go", 20),
                     finding(Kind::escapes_to_heap, "render.go", 40),
                     finding(Kind::escapes_to_heap, "render_test.go", 16),
                     finding(Kind::can_inline, "render.go", 29)};
  apply_profile(result, ctx);
  const auto& f = result.findings;
  REQUIRE(f[0].profile);
  CHECK(f[0].profile->alloc_space == 160000);
  CHECK(f[0].profile->alloc_objects == 2000);
  CHECK(f[0].profile->inuse_space == 80);
  CHECK_FALSE(f[0].profile->cold);
  CHECK(f[0].suggestion);
  // The cold line loses its suggestion, and says why.
  REQUIRE(f[1].profile);
  CHECK(f[1].profile->cold);
  CHECK_FALSE(f[1].suggestion);
  CHECK(f[1].held_back == "cold-in-profile");
  // Caller's line: the innermost module frame (util.go:7, inlined) has no
  // finding, so the caller's unrelated finding gets nothing.
  CHECK(f[2].profile->cold);
  // Standard-library frames are skipped: strconv's allocation (sample 4)
  // belongs to the benchmark line that called it.
  CHECK(f[3].profile->alloc_space == 2000);
  // Not an allocation: no figures.
  CHECK_FALSE(f[4].profile);
}

TEST_CASE("apply_profile: --all keeps cold suggestions; no profile is a no-op") {
  AnalysisContext ctx = context();
  ctx.all = true;
  PackageResult result;
  result.package = "example.com/m";
  result.findings = {finding(Kind::moved_to_heap, "render.go", 20)};
  apply_profile(result, ctx);
  CHECK(result.findings[0].profile->cold);
  CHECK(result.findings[0].suggestion);
  ctx.profile.reset();
  PackageResult untouched;
  untouched.findings = {finding(Kind::moved_to_heap, "render.go", 20)};
  apply_profile(untouched, ctx);
  CHECK_FALSE(untouched.findings[0].profile);
}

TEST_CASE("apply_profile: suffix match for -trimpath, never a standard-library namesake") {
  std::string text = raw_profile;
  for (std::size_t at; (at = text.find(" /m/")) != std::string::npos;)
    text.replace(at, 4, " example.com/m/");
  AnalysisContext ctx = context(text);
  PackageResult result;
  result.package = "example.com/m";
  result.findings = {finding(Kind::escapes_to_heap, "render.go", 29)};
  apply_profile(result, ctx);
  CHECK(result.findings[0].profile->alloc_space == 160000);

  // strconv's render.go:29 (sample 4) must not count for another package's
  // render.go:29.
  PackageResult other;
  other.package = "example.com/other";
  other.findings = {finding(Kind::escapes_to_heap, "other/render.go", 29)};
  AnalysisContext ctx2 = context();
  ctx2.root = "/elsewhere";
  apply_profile(other, ctx2);
  CHECK(other.findings[0].profile->cold);
}

TEST_CASE("apply_profile: §4 and §14 advice only with profile evidence") {
  Catalog catalog;
  for (auto [id, section] : {std::pair{"size-class-pool", "14"}, {"sync-pool-scratch", "4"}}) {
    Pattern p;
    p.id = id;
    p.playbook = section;
    p.suggestion = std::string(id) + ": {expr} {alloc_objects} allocations, {inuse_objects} in use";
    catalog.patterns.push_back(p);
  }
  AnalysisContext ctx = context();
  ctx.catalog = &catalog;
  PackageResult result;
  result.package = "example.com/m";
  result.findings = {finding(Kind::escapes_to_heap, "render.go", 29, "make([]byte, 0, 64 + n)")};
  apply_profile(result, ctx);
  CHECK(result.findings[0].pattern == "size-class-pool");
  CHECK(result.findings[0].playbook == "14");
  CHECK(result.findings[0].suggestion ==
        "size-class-pool: make([]byte, 0, 64 + n) 2000 allocations, 1 in use");

  result.findings = {finding(Kind::escapes_to_heap, "render.go", 29, "&Record{...}")};
  apply_profile(result, ctx);
  CHECK(result.findings[0].pattern == "sync-pool-scratch");

  // A value returned to callers is never pooled.
  result.findings = {finding(Kind::escapes_to_heap, "render.go", 29, "&Record{...}")};
  result.findings[0].flow = {{"return", "return r", {"render.go", 30, 2}}};
  apply_profile(result, ctx);
  CHECK_FALSE(result.findings[0].pattern);

  // A constant-size byte slice is not §14; a §16 hold-back is respected.
  result.findings = {finding(Kind::escapes_to_heap, "render.go", 29, "make([]byte, 64)")};
  result.findings[0].held_back = "panic-argument";
  result.findings[0].suggestion.reset();
  apply_profile(result, ctx);
  CHECK_FALSE(result.findings[0].pattern);
}

TEST_CASE("profile share: each finding once, findings of a line add up") {
  HeapProfile p = parsed();
  ProfileShare share(p);
  PackageResult result;
  Finding hot = finding(Kind::escapes_to_heap, "render.go", 29);
  hot.profile = ProfileFigures{150000, 1900, 80, 1, false};
  Finding same_line = finding(Kind::escapes_to_heap, "render.go", 29, "y");
  same_line.profile = ProfileFigures{10000, 100, 0, 0, false};
  Finding cold = finding(Kind::moved_to_heap, "render.go", 20);
  cold.profile = ProfileFigures{};
  cold.profile->cold = true;
  result.findings = {hot, same_line, cold};
  share.add(result);
  share.add(result);  // the test variant of the same package
  CHECK(share.explained_alloc_space() == 160000);
  CHECK(share.explained_alloc_objects() == 2000);
  CHECK(share.profile_alloc_space() == 162048);
  CHECK(share.percent() == Approx(98.74).epsilon(0.001));
}
