// Unit tests of the report a person reads first, on hand-made findings: the
// copies of one site merged across packages, the overview's heaviest sites
// (cold code never among them), cold code folded after the rest unless
// --cold, plain sites on one line, and reason chains of about 120 characters.
#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/context.hpp"
#include "analysis/overview.hpp"
#include "analysis/sites.hpp"
#include "output/chain.hpp"
#include "output/layout.hpp"
#include "output/renderer.hpp"

using namespace goescape;

namespace {

Finding heap(std::string file, int line, int col, std::string expr, std::string function) {
  Finding f;
  f.kind = Kind::escapes_to_heap;
  f.pos = {std::move(file), line, col};
  f.expr = expr;
  f.message = expr + " escapes to heap";
  f.package = "example.com/m/p";
  f.function = "example.com/m/p." + function;
  f.allocation = Allocation::always;
  f.flow = {{"flow", "{heap} ← " + expr, f.pos},
            {"call parameter", "fmt.Sprintf(\"%v\", " + expr + ")", f.pos}};
  return f;
}

PackageResult package_of(std::vector<Finding> findings, std::string variant = "") {
  PackageResult p;
  p.package = "example.com/m/p";
  p.variant = std::move(variant);
  p.findings = std::move(findings);
  return p;
}

// The findings of `blocks` as the report run treats them: merged across
// blocks, then the overview built over what stays.
struct Built {
  std::vector<PackageResult> blocks;
  Overview overview;
};

Built build(std::vector<PackageResult> blocks, int top = 10) {
  AnalysisContext ctx;
  SiteMerger merger;
  OverviewBuilder builder;
  std::vector<std::size_t> order;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    merger.add(b, blocks[b]);
    builder.add(b, blocks[b], ctx);
    order.push_back(b);
  }
  merger.resolve(order);
  Built built{std::move(blocks), builder.build(order, merger, top, false)};
  built.overview.merged_copies = merger.merged();
  for (std::size_t b = 0; b < built.blocks.size(); ++b) merger.apply(b, built.blocks[b]);
  return built;
}

std::string render_text(const Built& built, RenderOptions options) {
  auto renderer = make_renderer(options);
  REQUIRE(renderer);
  std::ostringstream out;
  Report header;
  header.overview = std::make_shared<const Overview>(built.overview);
  renderer->begin(header, out);
  for (const PackageResult& p : built.blocks) renderer->package(p, out);
  Report tail;
  tail.overview = header.overview;
  renderer->end(tail, out);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<Finding> sample_findings() {
  std::vector<Finding> f;
  // One fmt call with three arguments: one site, three allocations.
  f.push_back(heap("p/a.go", 10, 20, "a", "Hot"));
  f.push_back(heap("p/a.go", 10, 23, "b", "Hot"));
  f.push_back(heap("p/a.go", 10, 26, "c", "Hot"));
  // A single allocation elsewhere.
  f.push_back(heap("p/b.go", 5, 2, "d", "Warm"));
  // Cold code weighs more but is never among the heaviest sites.
  for (int col = 1; col <= 5; ++col) {
    Finding c = heap("p/init.go", 3, col, "e" + std::to_string(col), "init.0");
    c.cold = "init";
    f.push_back(c);
  }
  return f;
}

}  // namespace

TEST_CASE("report layout: the copies of a site in a package and its test variant are one") {
  Finding f = heap("p/a.go", 10, 20, "a", "Hot");
  Built built = build({package_of({f}), package_of({f}, "example.com/m/p.test")});
  REQUIRE(built.blocks[0].findings.size() == 1);
  CHECK(built.blocks[1].findings.empty());
  const Finding& kept = built.blocks[0].findings.front();
  CHECK(kept.occurrences == 2);
  REQUIRE(kept.copies.size() == 1);
  CHECK(kept.copies.front() == "example.com/m/p [example.com/m/p.test]");
  CHECK(built.overview.merged_copies == 1);
  CHECK(built.overview.allocations == 1);
}

TEST_CASE("report layout: the heaviest sites leave cold code out and count it apart") {
  Built built = build({package_of(sample_findings())});
  const Overview& o = built.overview;
  REQUIRE(o.top.size() == 2);
  CHECK(o.top[0].pos == Position{"p/a.go", 10, 20});
  CHECK(o.top[0].allocations == 3);
  CHECK(o.top[0].allocates == std::vector<std::string>{"a", "b", "c"});
  CHECK(o.top[1].pos.file == "p/b.go");
  CHECK(o.sites == 3);
  CHECK(o.hot_sites == 2);
  REQUIRE(o.cold.size() == 1);
  CHECK(o.cold[0].kind == "init");
  CHECK(o.cold[0].allocations == 5);
  REQUIRE(o.packages.size() == 1);
  CHECK(o.packages[0].sites == 3);
  CHECK(o.packages[0].cold == 1);
}

TEST_CASE("report layout: --top keeps the heaviest") {
  Built built = build({package_of(sample_findings())}, 1);
  REQUIRE(built.overview.top.size() == 1);
  CHECK(built.overview.top[0].pos.file == "p/a.go");
}

TEST_CASE("report layout: text opens with the overview and folds cold code after the rest") {
  Built built = build({package_of(sample_findings())});
  RenderOptions options;
  const std::string text = render_text(built, options);
  const std::vector<std::string> lines = lines_of(text);
  REQUIRE(lines.size() > 5);
  CHECK(lines[0].starts_with("goescape: 9 heap allocations at 3 sites"));
  CHECK(text.find("Heaviest sites (top 2 of 2 outside cold code)") != std::string::npos);
  // One block for the fmt call, naming each argument once.
  CHECK(text.find("p/a.go:10:20: a, b, c escape to heap") != std::string::npos);
  // Cold code: one folded line, after the details, no block of its own.
  const auto cold = text.find("Cold code");
  REQUIRE(cold != std::string::npos);
  CHECK(cold > text.find("p/a.go:10:20: a, b, c"));
  CHECK(text.find("p/init.go:3:1") == std::string::npos);
  CHECK(text.find("init") != std::string::npos);

  options.cold = true;
  const std::string listed = render_text(built, options);
  CHECK(listed.find("p/init.go:3:1") != std::string::npos);
  CHECK(listed.find("p/init.go:3:1") > listed.find("p/a.go:10:20"));
}

TEST_CASE("report layout: a site with nothing to suggest is one line with its reason") {
  Built built = build({package_of({heap("p/b.go", 5, 2, "d", "Warm")})});
  const std::string text = render_text(built, RenderOptions{});
  CHECK(text.find("p/b.go:5:2: d escapes to heap — passed to fmt.Sprintf → heap\n") !=
        std::string::npos);

  RenderOptions full;
  full.why_full = true;
  const std::string every_step = render_text(built, full);
  CHECK(every_step.find("why: ") != std::string::npos);
}

TEST_CASE("report layout: by default no line of long names and chains exceeds 200 columns") {
  std::vector<Finding> findings;
  const std::string long_name(300, 'x');
  for (int i = 0; i < 4; ++i) {
    Finding f = heap("p/" + long_name + ".go", 10 + i, 2, "v" + long_name, "F" + long_name);
    for (int s = 0; s < 12; ++s)
      f.flow.push_back({"assign", "x.field" + std::to_string(s) + long_name, f.pos});
    if (i % 2 == 0) f.suggestion = "Keep " + long_name + " on the stack. " + long_name;
    findings.push_back(f);
  }
  Built built = build({package_of(findings)});
  // The default layout cuts what is too long; --why full prints it whole.
  for (const std::string& line : lines_of(render_text(built, RenderOptions{}))) {
    INFO(line);
    CHECK(display_width(line) <= 200);
  }
  RenderOptions full;
  full.why_full = true;
  CHECK(render_text(built, full).find("x.field11" + long_name) != std::string::npos);
}

TEST_CASE("report layout: a short chain is about 120 characters, the full one every step") {
  Finding f = heap("p/a.go", 10, 2, "v", "F");
  f.flow.clear();
  f.flow.push_back({"flow", "{heap} ← v", f.pos});
  for (int s = 0; s < 20; ++s)
    f.flow.push_back({"assign", "holder" + std::to_string(s) + ".field", {"p/a.go", 11 + s, 3}});
  f.flow.push_back({"call parameter", "sink(holder19)", {"p/a.go", 40, 3}});
  const std::string short_chain = short_reason_chain(f);
  CHECK(!short_chain.empty());
  CHECK(display_width(short_chain) <= 125);
  const std::string full = reason_chain(f);
  CHECK(full.find("holder0.field") != std::string::npos);
  CHECK(full.find("holder19.field") != std::string::npos);
}
