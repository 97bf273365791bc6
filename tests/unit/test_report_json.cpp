// The JSON report reads back what it wrote: `goescape diff` compares reports
// written by earlier runs, so every field it renders must survive the trip.
#include <catch2/catch.hpp>

#include "model/report_json.hpp"

using namespace goescape;

TEST_CASE("report json: a finding survives writing and reading back") {
  Finding f;
  f.kind = Kind::escapes_to_heap;
  f.pos = {"p/p.go", 7, 18};
  f.printed_file = "./p.go";
  f.message = "([]byte)(line) escapes to heap";
  f.expr = "([]byte)(line)";
  f.package = "example.com/m/p";
  f.variant = "example.com/m/p.test";
  f.function = "example.com/m/p.WriteAll";
  f.inlined_from = InlinedFrom{"example.com/m/q.Helper", "q/q.go", 12};
  f.flow = {{"call parameter", "w.Write(([]byte)(line))", {"p/p.go", 7, 10}}};
  f.pattern = "string-bytes-conversion";
  f.playbook = "11";
  f.suggestion = "Pass it without converting";
  f.held_back = std::nullopt;
  f.fix = TextEdit{7, 3, 24, "io.WriteString(w, line)"};
  f.profile = ProfileFigures{4096, 64, 0, 0, false};
  f.fingerprint = "0123456789abcdef";
  f.occurrences = 2;

  auto back = finding_from_json(finding_to_json(f));
  REQUIRE(back.ok());
  const Finding& g = *back;
  CHECK(g.kind == f.kind);
  CHECK(g.pos.file == f.pos.file);
  CHECK(g.pos.line == f.pos.line);
  CHECK(g.pos.col == f.pos.col);
  CHECK(g.printed_file == f.printed_file);
  CHECK(g.message == f.message);
  CHECK(g.expr == f.expr);
  CHECK(g.package == f.package);
  CHECK(g.variant == f.variant);
  CHECK(g.function == f.function);
  REQUIRE(g.inlined_from);
  CHECK(g.inlined_from->function == f.inlined_from->function);
  REQUIRE(g.flow.size() == 1);
  CHECK(g.flow[0].text == f.flow[0].text);
  CHECK(g.pattern == f.pattern);
  CHECK(g.playbook == f.playbook);
  CHECK(g.suggestion == f.suggestion);
  CHECK(g.fix == f.fix);
  CHECK(g.profile == f.profile);
  CHECK(g.fingerprint == f.fingerprint);
  CHECK(g.occurrences == f.occurrences);
}

TEST_CASE("report json: a finding without a fix reads back without one") {
  Finding f;
  f.kind = Kind::moved_to_heap;
  f.pos = {"a.go", 3, 2};
  f.message = "moved to heap: x";
  f.expr = "x";
  auto back = finding_from_json(finding_to_json(f));
  REQUIRE(back.ok());
  CHECK_FALSE(back->fix);
  CHECK(finding_to_json(f).count("fix") == 0);
}
