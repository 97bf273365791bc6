// The CI diff (analysis/diff.hpp) and its renderers (output/diff_render.hpp):
// matching by fingerprint, per-function deltas, the gate, the JSON model and
// the Markdown size limit and escaping.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/diff.hpp"
#include "analysis/stages.hpp"
#include "output/diff_render.hpp"

using namespace goescape;

namespace {

Finding finding(std::string function, Kind kind, std::string expr, int line) {
  Finding f;
  f.kind = kind;
  f.function = "example.com/m/buf." + function;
  f.expr = std::move(expr);
  f.message = f.expr + (kind == Kind::does_not_escape ? " does not escape" : " escapes to heap");
  f.package = "example.com/m/buf";
  f.pos = Position{"buf/buf.go", line, 6};
  f.printed_file = "./buf.go";
  return f;
}

Report report(std::vector<Finding> findings) {
  Report r;
  r.root = "/src/m";
  r.findings = std::move(findings);
  fill_missing_fingerprints(r.findings);
  return r;
}

// Base: NewBuf allocates b; Format boxes n; Keep does not escape.
Report base_report() {
  return report({finding("NewBuf", Kind::moved_to_heap, "b", 11),
                 finding("Format", Kind::escapes_to_heap, "n", 20),
                 finding("Keep", Kind::does_not_escape, "p", 30)});
}

// Head: everything moved down 5 lines, Format's boxing fixed, a new &T{} in
// Make, and a new does-not-escape line.
Report head_report() {
  return report({finding("NewBuf", Kind::moved_to_heap, "b", 16),
                 finding("Make", Kind::escapes_to_heap, "&T{}", 40),
                 finding("Keep", Kind::does_not_escape, "p", 35),
                 finding("Keep", Kind::does_not_escape, "q", 36)});
}

}  // namespace

TEST_CASE("diff: new and fixed by fingerprint, moved code unchanged") {
  ReportDiff d = diff_reports(base_report(), head_report());
  REQUIRE(d.added.size() == 2);
  CHECK(d.added[0].expr == "&T{}");
  CHECK(d.added[1].expr == "q");
  REQUIRE(d.fixed.size() == 1);
  CHECK(d.fixed[0].expr == "n");
  CHECK(d.unchanged == 2);
  CHECK(d.summary.at("new_heap_allocations") == 1);
  CHECK(d.summary.at("fixed_heap_allocations") == 1);
  CHECK(d.summary.at("new_findings") == 2);
  CHECK(d.summary.at("base_heap_allocations") == 2);
  CHECK(d.summary.at("head_heap_allocations") == 2);
}

TEST_CASE("diff: identical reports differ in nothing") {
  ReportDiff d = diff_reports(base_report(), base_report());
  CHECK(d.added.empty());
  CHECK(d.fixed.empty());
  CHECK(d.functions.empty());
  CHECK(d.unchanged == 3);
}

TEST_CASE("diff: fingerprints match as multisets") {
  Finding f = finding("F", Kind::escapes_to_heap, "x", 5);
  f.fingerprint = "same";
  Report one = report({f});
  Report two = report({f, f});
  ReportDiff d = diff_reports(one, two);
  CHECK(d.added.size() == 1);
  CHECK(d.fixed.empty());
  d = diff_reports(two, one);
  CHECK(d.added.empty());
  CHECK(d.fixed.size() == 1);
}

TEST_CASE("diff: per-function counts for changed functions only") {
  ReportDiff d = diff_reports(base_report(), head_report());
  std::vector<std::string> names;
  for (const FunctionDelta& f : d.functions) names.push_back(f.function);
  // Heap changes first (Format -1, Make +1), then Keep's does-not-escape change.
  REQUIRE(names.size() == 3);
  CHECK(names[2] == "example.com/m/buf.Keep");
  CHECK(std::find(names.begin(), names.end(), "example.com/m/buf.NewBuf") == names.end());
  for (const FunctionDelta& f : d.functions) {
    if (f.function.ends_with("Make")) {
      CHECK(count_in(f.base, "heap_allocations") == 0);
      CHECK(count_in(f.head, "heap_allocations") == 1);
      CHECK(count_in(f.head, "escapes_to_heap") == 1);
    }
  }
}

TEST_CASE("gate: --fail-on new counts heap allocations only by default") {
  ReportDiff d = diff_reports(base_report(), head_report());
  Gate off;
  CHECK_FALSE(evaluate_gate(off, d).failed);
  CHECK(evaluate_gate(off, d).counted == 1);

  Gate on;
  on.fail_on_new = true;
  GateVerdict v = evaluate_gate(on, d);
  CHECK(v.failed);
  CHECK(v.reason == "1 new heap allocation (--fail-on new)");

  // Only a new does-not-escape line: never fails by default.
  Report base = base_report();
  Report head = base_report();
  head.findings.push_back(finding("Keep", Kind::does_not_escape, "r", 31));
  fill_missing_fingerprints(head.findings);
  CHECK_FALSE(evaluate_gate(on, diff_reports(base, head)).failed);
  // ...unless --kind says it counts.
  on.kinds = {Kind::does_not_escape};
  CHECK(evaluate_gate(on, diff_reports(base, head)).failed);
}

TEST_CASE("gate: an escape that never allocates fails no gate, whatever --kind") {
  Report base = base_report();
  Report head = base_report();
  Finding constant = finding("Format", Kind::escapes_to_heap, "\"ok\"", 21);
  constant.allocation = Allocation::never;
  head.findings.push_back(constant);
  fill_missing_fingerprints(head.findings);
  ReportDiff d = diff_reports(base, head);
  REQUIRE(d.added.size() == 1);
  CHECK(d.summary["new_heap_allocations"] == 0);
  CHECK(d.summary["new_findings"] == 1);
  CHECK(d.summary["head_heap_allocations"] == d.summary["base_heap_allocations"]);
  Gate gate;
  gate.fail_on_new = true;
  CHECK_FALSE(evaluate_gate(gate, d).failed);
  CHECK_FALSE(notable(gate, d.added[0]));
  gate.kinds = {Kind::escapes_to_heap};
  CHECK_FALSE(evaluate_gate(gate, d).failed);
  gate.kinds = {};
  gate.max_new = 0;
  CHECK_FALSE(evaluate_gate(gate, d).failed);

  // The same escape once it allocates (a variable where the constant was) is
  // new and fails the gate; the constant is fixed.
  Report later = base_report();
  Finding variable = constant;
  variable.allocation = Allocation::always;
  later.findings.push_back(variable);
  fill_missing_fingerprints(later.findings);
  ReportDiff d2 = diff_reports(head, later);
  REQUIRE(d2.added.size() == 1);
  REQUIRE(d2.fixed.size() == 1);
  CHECK(d2.summary["new_heap_allocations"] == 1);
  CHECK(d2.summary["fixed_heap_allocations"] == 0);
  CHECK(evaluate_gate(gate, d2).failed);
  // Per function: heap_allocations counts allocating findings only (Format
  // also boxes n, whose allocation is not decided: it counts).
  REQUIRE(d2.functions.size() == 1);
  CHECK(d2.functions[0].function == "example.com/m/buf.Format");
  CHECK(count_in(d2.functions[0].base, "heap_allocations") == 1);
  CHECK(count_in(d2.functions[0].base, "escapes_without_allocation") == 1);
  CHECK(count_in(d2.functions[0].head, "heap_allocations") == 2);
  CHECK(count_in(d2.functions[0].head, "escapes_without_allocation") == 0);
}

TEST_CASE("gate: --max-new N allows N") {
  ReportDiff d = diff_reports(base_report(), head_report());
  Gate gate;
  gate.max_new = 1;
  CHECK_FALSE(evaluate_gate(gate, d).failed);
  gate.fail_on_new = true;  // the budget wins over --fail-on new
  CHECK_FALSE(evaluate_gate(gate, d).failed);
  gate.max_new = 0;
  GateVerdict v = evaluate_gate(gate, d);
  CHECK(v.failed);
  CHECK(v.reason == "1 new heap allocation, more than --max-new 0");
}

TEST_CASE("diff json: the goescape/diff/v1 model") {
  ReportDiff d = diff_reports(base_report(), head_report());
  d.base.rev = "1111111111111111111111111111111111111111";
  d.head.rev = "2222222222222222222222222222222222222222";
  Gate gate;
  gate.fail_on_new = true;
  nlohmann::json j = diff_to_json(d, gate, evaluate_gate(gate, d));
  CHECK(j["schema"] == "goescape/diff/v1");
  CHECK(j["base"]["rev"] == *d.base.rev);
  CHECK(j["head"]["rev"] == *d.head.rev);
  CHECK(j["base"]["go"].contains("version"));
  CHECK(j["new"].size() == 2);
  CHECK(j["new"][0]["fingerprint"] == d.added[0].fingerprint);
  CHECK(j["fixed"].size() == 1);
  CHECK(j["functions"][0].contains("base"));
  CHECK(j["functions"][0]["head"].contains("heap_allocations"));
  CHECK(j["summary"]["new_heap_allocations"] == 1);
  CHECK(j["gate"]["failed"] == true);
  CHECK(j["gate"]["kinds"] == nlohmann::json({"moved_to_heap", "escapes_to_heap"}));

  d.base.rev.reset();
  CHECK(diff_to_json(d, gate, {})["base"]["rev"].is_null());
}

TEST_CASE("fill_missing_fingerprints: as the pipeline would, keeping existing ones") {
  std::vector<Finding> findings = {finding("F", Kind::escapes_to_heap, "x", 1),
                                   finding("F", Kind::escapes_to_heap, "x", 2)};
  findings[0].fingerprint = "given";
  fill_missing_fingerprints(findings);
  CHECK(findings[0].fingerprint == "given");
  PackageResult block{
      "example.com/m/buf", "", "", {finding("F", Kind::escapes_to_heap, "x", 2)}, {}};
  assign_fingerprints(block);
  CHECK(findings[1].fingerprint == block.findings[0].fingerprint);
}

TEST_CASE("diff text: new findings first with suggestion and chain, then fixed, then functions") {
  Report head = head_report();
  head.findings[1].suggestion = "return T by value";
  head.findings[1].flow.push_back(FlowStep{"return", "return &T{}", Position{"buf/buf.go", 41, 2}});
  ReportDiff d = diff_reports(base_report(), head);
  DiffRenderOptions options;
  options.gate.fail_on_new = true;
  options.verdict = evaluate_gate(options.gate, d);
  std::ostringstream out;
  render_diff_text(d, options, out);
  const std::string text = out.str();
  const auto at = [&](std::string_view s) { return text.find(s); };
  REQUIRE(at("New (1)") != std::string::npos);
  CHECK(at("buf/buf.go:40:6: &T{} escapes to heap") > at("New (1)"));
  CHECK(at("fix: return T by value") != std::string::npos);
  CHECK(at("why: &T{} → return &T{} (return, buf.go:41)") != std::string::npos);
  CHECK(at("Fixed (1)") > at("fix: "));
  CHECK(at("buf/buf.go:20:6: n escapes to heap") > at("Fixed (1)"));
  CHECK(at("Heap allocations per function (base → head)") > at("Fixed (1)"));
  CHECK(at("(1 more of other kinds; --all lists them)") != std::string::npos);
  CHECK(at("gate failed: 1 new heap allocation") != std::string::npos);
}

TEST_CASE("diff markdown: escaped cells") {
  Report head = base_report();
  Finding evil = finding("Evil", Kind::escapes_to_heap, "a|b", 50);
  evil.message = "`x` | <script>\nalert(1) @team #12";
  evil.suggestion = "use <T>\nthen | more";
  head.findings.push_back(evil);
  fill_missing_fingerprints(head.findings);
  ReportDiff d = diff_reports(base_report(), head);
  DiffRenderOptions options;
  const std::string md = diff_markdown(d, options);
  CHECK(md.starts_with("<!-- goescape:diff v1 -->\n### goescape: 1 new, 0 fixed"));
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("&lt;script&gt;") != std::string::npos);
  // Each table row stays one row with four cells.
  std::istringstream lines(md);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("| ")) continue;
    int unescaped = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      unescaped += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    CHECK(unescaped == 5);
  }
}

TEST_CASE("diff markdown: stays under the size limit and says what it left out") {
  std::vector<Finding> many;
  for (int i = 0; i < 3000; ++i)
    many.push_back(finding("F" + std::to_string(i), Kind::escapes_to_heap,
                           "make([]byte, " + std::to_string(i) + ")", i + 1));
  ReportDiff d = diff_reports(report({}), report(many));
  DiffRenderOptions options;
  options.markdown_limit = 20000;
  const std::string md = diff_markdown(d, options);
  CHECK(md.size() <= 20000);
  CHECK(md.find("more not shown (size limit)") != std::string::npos);
  options.markdown_limit = 60000;
  CHECK(diff_markdown(d, options).size() <= 60000);
}

TEST_CASE("diff formats: the five of SPEC.md") {
  CHECK(diff_formats() ==
        std::vector<std::string_view>{"text", "json", "markdown", "github", "sarif"});
}

TEST_CASE("diff github: annotations for new findings only") {
  ReportDiff d = diff_reports(base_report(), head_report());
  DiffRenderOptions options;
  options.format = "github";
  options.gate.fail_on_new = true;
  options.verdict = evaluate_gate(options.gate, d);
  std::ostringstream out;
  render_diff(d, options, out);
  const std::string text = out.str();
  CHECK(text.find("line=40") != std::string::npos);  // the new &T{}
  CHECK(text.find("line=16") == std::string::npos);  // NewBuf's b: unchanged
  CHECK(text.find("line=36") == std::string::npos);  // a new does-not-escape: not notable
  CHECK(text.find("::error title=goescape diff::gate failed: 1 new heap allocation") !=
        std::string::npos);
}

TEST_CASE("diff sarif: results for new findings only") {
  ReportDiff d = diff_reports(base_report(), head_report());
  DiffRenderOptions options;
  options.format = "sarif";
  std::ostringstream out;
  render_diff(d, options, out);
  nlohmann::json sarif = nlohmann::json::parse(out.str());
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 1);
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 40);
}
