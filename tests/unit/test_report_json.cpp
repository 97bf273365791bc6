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
  f.fix = Fix{{TextEdit{"p/p.go", 7, 3, 7, 24, "io.WriteString(w, line)"},
               TextEdit{"p/p.go", 3, 8, 3, 8, "\n\t\"io\""}},
              FixVerified{true, true, TestsVerdict::passed}};
  f.profile = ProfileFigures{4096, 64, 0, 0, false};
  f.fingerprint = "0123456789abcdef";
  f.occurrences = 2;
  f.captures = {Capture{"p.WriteAll.func1", "line", true, false, true, 16}};
  f.derefs = 1;
  f.detail = "~r0";
  f.copies = {"example.com/m/p [example.com/m/p.test]"};
  f.allocation = Allocation::sometimes;
  f.allocation_note = "empty strings are not copied";
  f.synthesized = true;
  f.cold = "error-path";

  auto back = finding_from_json(nlohmann::json(f));
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
  CHECK(g.captures == f.captures);
  CHECK(g.derefs == f.derefs);
  CHECK(g.detail == f.detail);
  CHECK(g.copies == f.copies);
  CHECK(g.allocation == f.allocation);
  CHECK(g.allocation_note == f.allocation_note);
  CHECK(g.synthesized == f.synthesized);
  CHECK(g.cold == f.cold);
  // The tree and the streamed text are one serialisation.
  std::string text;
  write_finding_json(f, text);
  CHECK(nlohmann::json::parse(text) == nlohmann::json(f));
}

TEST_CASE("report json: a finding without a fix reads back without one") {
  Finding f;
  f.kind = Kind::moved_to_heap;
  f.pos = {"a.go", 3, 2};
  f.message = "moved to heap: x";
  f.expr = "x";
  auto back = finding_from_json(nlohmann::json(f));
  REQUIRE(back.ok());
  CHECK_FALSE(back->fix);
  CHECK(nlohmann::json(f).count("fix") == 0);
}

namespace {

// A report as `check --format json` writes it, with one finding and one
// function, to break in one place per test.
nlohmann::json small_report() {
  Report r;
  r.tool.version = "0.1.0";
  r.go.version = "go1.26.8";
  r.root = "/src/m";
  Finding f;
  f.kind = Kind::moved_to_heap;
  f.pos = {"a.go", 3, 2};
  f.message = "moved to heap: x";
  f.expr = "x";
  f.function = "example.com/m.F";
  r.findings = {f, f};
  r.functions = {
      FunctionSummary{"example.com/m.F", "example.com/m", "a.go", 1, {{"moved_to_heap", 2}}}};
  r.summary = {{"heap_allocations", 2}, {"moved_to_heap", 2}};
  r.diagnostics = {{"example.com/m", "strange line"}};
  return r;
}

std::string read_error(const nlohmann::json& j) {
  auto report = report_from_json(j);
  REQUIRE_FALSE(report.ok());
  CHECK(report.error().exit_code == ExitCode::usage);
  return report.error().message;
}

}  // namespace

TEST_CASE("report json: a whole report reads back equal") {
  const nlohmann::json j = small_report();
  auto back = report_from_json(j);
  REQUIRE(back.ok());
  CHECK(nlohmann::json(*back) == j);
}

TEST_CASE("report json: a mistyped field is an error naming its path") {
  nlohmann::json j = small_report();
  j["functions"][0]["line"] = "x";
  CHECK(read_error(j) == "functions[0].line: expected an integer, found a string");

  j = small_report();
  j["findings"][1]["col"] = 2.5;
  CHECK(read_error(j) == "findings[1].col: expected an integer, found a fraction");

  j = small_report();
  j["findings"][0]["line"] = 1ll << 40;
  CHECK(read_error(j) == "findings[0].line: 1099511627776 is out of range");

  j = small_report();
  j["findings"][0]["line"] = true;
  CHECK(read_error(j) == "findings[0].line: expected an integer, found a boolean");

  j = small_report();
  j["findings"][0]["flow"] = {{{"reason", "return"}, {"line", "7"}}};
  CHECK(read_error(j) == "findings[0].flow[0].line: expected an integer, found a string");

  j = small_report();
  j["summary"]["moved_to_heap"] = "2";
  CHECK(read_error(j) == "summary.moved_to_heap: expected an integer, found a string");

  j = small_report();
  j["findings"][0]["profile"] = {{"alloc_space", "lots"}};
  CHECK(read_error(j) == "findings[0].profile.alloc_space: expected an integer, found a string");

  j = small_report();
  j["findings"][0]["kind"] = "heap";
  CHECK(read_error(j) == "findings[0].kind: unknown kind \"heap\"");

  j = small_report();
  j["findings"][0].erase("kind");
  CHECK(read_error(j) == "findings[0].kind: missing required field");

  j = small_report();
  j["findings"][0] = 7;
  CHECK(read_error(j) == "findings[0]: expected an object, found a number");

  j = small_report();
  j.erase("findings");
  CHECK(read_error(j) == "findings: missing required field");

  j = small_report();
  j["schema"] = "goescape/report/v0";
  CHECK(read_error(j) == "schema: is \"goescape/report/v0\", expected \"goescape/report/v1\"");

  CHECK(read_error(nlohmann::json::array()) == "expected an object, found an array");
}

TEST_CASE("report json: optional fields may be missing or null") {
  nlohmann::json j = {{"schema", "goescape/report/v1"},
                      {"findings", {{{"kind", "escapes_to_heap"}, {"function", nullptr}}}}};
  auto report = report_from_json(j);
  REQUIRE(report.ok());
  REQUIRE(report->findings.size() == 1);
  CHECK_FALSE(report->findings[0].function);
  CHECK(report->findings[0].occurrences == 1);
  CHECK(report->findings[0].derefs == -1);
  CHECK(report->go.flags == "-m=2");
}

TEST_CASE("report json: an unknown allocation is an error naming the field") {
  nlohmann::json j = Finding{};
  j["allocation"] = "often";
  auto back = finding_from_json(j);
  REQUIRE_FALSE(back.ok());
  CHECK_THAT(back.error().message, Catch::Contains("allocation"));
}

TEST_CASE("report json: a fix is read strictly") {
  Finding f;
  f.kind = Kind::escapes_to_heap;
  f.pos = {"a.go", 3, 2};
  f.fix = Fix{{TextEdit{"a.go", 3, 2, 4, 1, "x\ny"}}, {}};
  nlohmann::json j = nlohmann::json(f);
  CHECK(j["fix"]["verified"]["tests"] == "not_run");
  CHECK(j["fix"]["edits"][0]["end_line"] == 4);

  nlohmann::json bad = j;
  bad["fix"]["verified"]["tests"] = "maybe";
  auto back = finding_from_json(bad);
  REQUIRE_FALSE(back.ok());
  CHECK_THAT(back.error().message, Catch::Contains("fix.verified.tests"));

  bad = j;
  bad["fix"]["edits"][0].erase("end_line");
  back = finding_from_json(bad);
  REQUIRE_FALSE(back.ok());
  CHECK_THAT(back.error().message,
             Catch::Contains("fix.edits[0].end_line: missing required field"));
}
