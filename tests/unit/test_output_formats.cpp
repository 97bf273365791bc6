// Unit tests of the reviewer-annotation renderers (sarif, github, rdjsonl,
// checkstyle, codeclimate, markdown) on hand-built reports: hostile finding
// text must stay inert in every format, and each format keeps its limits.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "output/escape.hpp"
#include "output/renderer.hpp"

using namespace goescape;
using nlohmann::json;

namespace {

const std::string hostile_file = "dir/we,ird::%0A name\n::error::x<script>]]>&.go";
const std::string hostile_text = std::string(
    "moved to heap: x\n::error file=a,line=1::pwned\r\n%25 a:b,c <script>alert(1)</script> "
    "]]> & | ` @user #1 \0 \x01\x1b[2J \xFF\xFE end",
    91);

Finding hostile_finding(int i) {
  Finding f;
  f.kind = i % 3 == 2 ? Kind::escapes_to_heap : Kind::moved_to_heap;
  f.pos = {hostile_file, 10 + i, 2};
  f.message = hostile_text;
  f.expr = "x";
  f.package = "example.com/m";
  f.function = "example.com/m.F" + hostile_text;
  f.flow = {{"address-of", "&x" + hostile_text, {hostile_file, 11 + i, 3}}};
  if (i % 2 == 0) f.suggestion = "use a value\n::warning::" + hostile_text;
  f.fingerprint = "same";  // duplicates: codeclimate must disambiguate
  f.source_line = "\tx := 1";
  return f;
}

std::string render(const Report& report, RenderOptions options) {
  static const std::vector<Pattern> catalog = [] {
    Pattern p;
    p.id = "p-one";
    p.title = "Title <b>";
    p.playbook = "9.1";
    p.description = "desc ]]> " + hostile_text;
    p.suggestion = "sugg";
    p.before = "x := &T{}\n```";
    p.after = "var x T";
    p.when_not = "when";
    return std::vector<Pattern>{p};
  }();
  if (!options.catalog) options.catalog = &catalog;
  auto renderer = make_renderer(options);
  REQUIRE(renderer);
  std::ostringstream out;
  Report header = report;
  header.findings.clear();
  PackageResult package;
  package.findings = report.findings;
  renderer->begin(header, out);
  renderer->package(package, out);
  renderer->end(header, out);
  return out.str();
}

Report hostile_report(int count) {
  Report report;
  report.tool.version = "0.1.0";
  for (int i = 0; i < count; ++i) report.findings.push_back(hostile_finding(i));
  report.findings[0].pattern = "p-one";
  return report;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The value of `name="..."` in an XML start tag, entities decoded.
std::string xml_attribute(const std::string& tag, const std::string& name) {
  auto at = tag.find(" " + name + "=\"");
  if (at == std::string::npos) return {};
  at += name.size() + 3;
  std::string value = tag.substr(at, tag.find('"', at) - at);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '&') {
      out += value[i];
      continue;
    }
    auto semi = value.find(';', i);
    std::string entity = value.substr(i + 1, semi - i - 1);
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (entity.starts_with('#'))
      out += static_cast<char>(std::stoi(entity.substr(1)));
    i = semi;
  }
  return out;
}

}  // namespace

TEST_CASE("github: only our commands, one per annotation, properties escaped", "[output][github]") {
  Report report = hostile_report(4);
  std::string out = render(report, {.format = "github"});
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 4);
  CHECK(out.find('\r') == std::string::npos);
  for (const std::string& line : lines) {
    REQUIRE((line.starts_with("::warning ") || line.starts_with("::notice ")));
    // The command part ends at the second `::`; its properties are ours only.
    auto end = line.find("::", 2);
    std::string props = line.substr(line.find(' ') + 1, end - line.find(' ') - 1);
    std::set<std::string> keys;
    std::istringstream in(props);
    for (std::string prop; std::getline(in, prop, ',');)
      keys.insert(prop.substr(0, prop.find('=')));
    CHECK(keys == std::set<std::string>{"file", "line", "col", "endColumn", "title"});
    std::string file = props.substr(5, props.find(',') - 5);
    CHECK(github_unescape(file, true) == hostile_file);
  }
}

TEST_CASE("github: capped, most useful first, then one summary notice", "[output][github]") {
  Report report;
  for (int i = 0; i < 30; ++i) {
    Finding f;
    f.kind = Kind::moved_to_heap;
    f.pos = {"a.go", i + 1, 2};
    f.message = "moved to heap: v" + std::to_string(i);
    if (i % 10 == 9) f.suggestion = "do this";
    if (i == 3) f.profile = ProfileFigures{.alloc_space = 1 << 20};
    report.findings.push_back(f);
  }
  auto lines = lines_of(render(report, {.format = "github"}));
  REQUIRE(lines.size() == 11);
  // The three with suggestions first, then the heaviest.
  CHECK(lines[0].find("v9%0A") != std::string::npos);
  CHECK(lines[1].find("v19%0A") != std::string::npos);
  CHECK(lines[2].find("v29%0A") != std::string::npos);
  CHECK(lines[3].find("moved to heap: v3%0A") != std::string::npos);
  CHECK(lines[10].starts_with("::notice title=goescape%3A more findings::goescape: 20 more"));

  auto capped = lines_of(render(report, {.format = "github", .max_annotations = 3}));
  REQUIRE(capped.size() == 4);
  CHECK(capped[3].find("27 more") != std::string::npos);
  auto all = lines_of(render(report, {.format = "github", .max_annotations = 100}));
  CHECK(all.size() == 30);
}

TEST_CASE("sarif: valid structure, escaped uri, UTF-16 columns, results always present",
          "[output][sarif]") {
  json empty = json::parse(render(Report{}, {.format = "sarif"}));
  CHECK(empty["runs"][0]["results"] == json::array());
  CHECK(empty["runs"][0]["tool"]["driver"]["rules"].size() >= 12);  // one per kind at least

  Report report = hostile_report(3);
  Finding wide;
  wide.kind = Kind::moved_to_heap;
  wide.pos = {"u.go", 3, 13};
  wide.message = "moved to heap: y";
  wide.expr = "y";
  wide.source_line = "\t\xF0\x9F\x98\x80\xC3\xA9 := 1; y";
  report.findings.push_back(wide);
  json log = json::parse(render(report, {.format = "sarif"}));
  const json& run = log["runs"][0];
  CHECK(log["version"] == "2.1.0");
  CHECK(run["columnKind"] == "utf16CodeUnits");
  REQUIRE(run["results"].size() == 4);
  std::set<std::string> rule_ids;
  for (const json& rule : run["tool"]["driver"]["rules"]) rule_ids.insert(rule["id"]);
  CHECK(rule_ids.contains("p-one"));
  CHECK(rule_ids.contains("goescape/moved_to_heap"));
  for (const json& result : run["results"]) {
    CHECK(rule_ids.contains(result["ruleId"].get<std::string>()));
    const json& loc = result["locations"][0]["physicalLocation"];
    std::string uri = loc["artifactLocation"]["uri"];
    CHECK(uri.find_first_of(" \n:%#<>") == uri.find('%'));  // only escapes use `%`
  }
  const json& first = run["results"][0];
  CHECK(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        uri_from_path(hostile_file));
  CHECK(first["partialFingerprints"]["goescapeFindingHash/v1"] == "same");
  CHECK(first["codeFlows"][0]["threadFlows"][0]["locations"].size() == 2);
  CHECK(first["locations"][0]["logicalLocations"][0]["kind"] == "function");
  const json& region = run["results"][3]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startColumn"] == 10);
  CHECK(region["endColumn"] == 11);
}

TEST_CASE("rdjsonl: one valid diagnostic per line, no invented suggestions", "[output][rdjsonl]") {
  auto lines = lines_of(render(hostile_report(3), {.format = "rdjsonl"}));
  REQUIRE(lines.size() == 3);
  for (const std::string& line : lines) {
    json d = json::parse(line);
    CHECK_FALSE(d.contains("suggestions"));
    CHECK(d["location"]["path"].is_string());
    CHECK(d["location"]["range"]["start"]["column"] == 2);
    CHECK(d["related_locations"].size() == 1);
  }
}

TEST_CASE("codeclimate: unique fingerprints, valid entries", "[output][codeclimate]") {
  json issues = json::parse(render(hostile_report(5), {.format = "codeclimate"}));
  REQUIRE(issues.size() == 5);
  std::set<std::string> fingerprints;
  for (const json& issue : issues) {
    fingerprints.insert(issue["fingerprint"].get<std::string>());
    CHECK(issue["location"]["positions"]["begin"]["line"].is_number_integer());
    CHECK(issue["description"].get<std::string>().find('\n') == std::string::npos);
  }
  CHECK(fingerprints.size() == 5);
  CHECK(json::parse(render(Report{}, {.format = "codeclimate"})) == json::array());
}

TEST_CASE("checkstyle: hostile attributes stay attributes and round-trip", "[output][checkstyle]") {
  std::string out = render(hostile_report(2), {.format = "checkstyle"});
  CHECK(out.find("<script") == std::string::npos);
  CHECK(out.find("]]>") == std::string::npos);
  std::size_t errors = 0;
  for (std::size_t at = out.find("<error "); at != std::string::npos;
       at = out.find("<error ", at + 1))
    ++errors;
  CHECK(errors == 2);
  auto file_tag = out.substr(out.find("<file "), out.find('>', out.find("<file ")));
  CHECK(xml_attribute(file_tag, "name") == hostile_file);
  auto error_tag = out.substr(out.find("<error "));
  std::string message = xml_attribute(error_tag.substr(0, error_tag.find("/>")), "message");
  // NUL, ESC and other C0 controls cannot appear in XML 1.0: replaced.
  CHECK(message.find("::error file=a,line=1::pwned\r\n%25 a:b,c <script>") != std::string::npos);
  CHECK(message.find('\0') == std::string::npos);
  CHECK(message.find('\x1b') == std::string::npos);
}

TEST_CASE("markdown: no raw HTML, tables intact, capped with a note", "[output][markdown]") {
  Report report = hostile_report(4);
  report.findings[1].cold = "error-path" + hostile_text;  // folded: the one HTML we write
  std::string out = render(report, {.format = "markdown"});
  std::string bare = out;
  for (std::string tag : {"<details>", "</details>", "<summary>", "</summary>"})
    for (auto at = bare.find(tag); at != std::string::npos; at = bare.find(tag))
      bare.erase(at, tag.size());
  CHECK(bare.find('<') == std::string::npos);
  CHECK(out.find("<details>") != std::string::npos);
  for (const std::string& line : lines_of(out)) {
    if (!line.starts_with('#')) continue;
    CHECK((line.starts_with("### goescape") || line.starts_with("#### ")));
  }

  Report big;
  for (int i = 0; i < 3000; ++i) {
    Finding f;
    f.kind = Kind::escapes_to_heap;
    f.pos = {"big.go", i + 1, 5};
    f.message = std::string(100, 'm');
    f.function = "example.com/m.F" + std::to_string(i % 50);
    f.suggestion = std::string(80, 's');
    big.findings.push_back(f);
  }
  std::string capped = render(big, {.format = "markdown"});
  CHECK(capped.size() <= 60000);
  CHECK(capped.find("**Truncated:**") != std::string::npos);
}

TEST_CASE("annotations: escapes that never allocate only with --all, as notes", "[output]") {
  Report report;
  Finding boxed;
  boxed.kind = Kind::escapes_to_heap;
  boxed.pos = {"a.go", 3, 2};
  boxed.expr = "n";
  boxed.message = "n escapes to heap";
  boxed.allocation = Allocation::sometimes;
  boxed.allocation_note = "convT64: values below 256 use runtime.staticuint64s";
  Finding constant = boxed;
  constant.pos.line = 4;
  constant.expr = "\"constant\"";
  constant.message = "CONSTANT escapes to heap";
  constant.allocation = Allocation::never;
  constant.allocation_note = "a constant: the interface points at read-only data";
  report.findings = {boxed, constant};
  for (const char* format : {"sarif", "github", "rdjsonl", "codeclimate", "checkstyle"}) {
    INFO(format);
    const std::string shown = render(report, {.format = format});
    CHECK(shown.find("n escapes to heap") != std::string::npos);
    CHECK(shown.find("CONSTANT") == std::string::npos);
    // Whether it allocates is part of what a reviewer reads (SARIF: a property).
    CHECK(shown.find(std::string_view(format) == "sarif"
                         ? "\"sometimes\""
                         : "Allocates: sometimes") != std::string::npos);
    const std::string all = render(report, {.format = format, .all = true});
    CHECK(all.find("CONSTANT") != std::string::npos);
  }
  const auto sarif = nlohmann::json::parse(render(report, {.format = "sarif", .all = true}));
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["level"] == "warning");
  CHECK(results[0]["properties"]["goescape/allocation"] == "sometimes");
  CHECK(results[1]["level"] == "note");
  CHECK(results[1]["properties"]["goescape/allocation"] == "never");
}

TEST_CASE("html: a verified fix shows each edit, escaped; an unverified one none",
          "[output][html]") {
  Report report = hostile_report(1);
  Finding& f = report.findings[0];
  REQUIRE(f.suggestion);
  f.fix = Fix{{TextEdit{"a.go", 10, 2, 10, 9, "<b>x</b>"}, TextEdit{"a.go", 3, 1, 3, 1, "var y\n"}},
              {true, true, TestsVerdict::not_run}};
  const std::string html = render(report, {.format = "html"});
  CHECK_THAT(html, Catch::Contains("a.go:10:2-10:9 becomes<pre>&lt;b&gt;x&lt;/b&gt;</pre>"));
  CHECK_THAT(html, Catch::Contains("a.go:3:1 gets<pre>var y\n</pre>"));
  f.suggestion.reset();
  f.held_back = "init: an init function: runs once, at start-up";
  CHECK_THAT(render(report, {.format = "html"}), !Catch::Contains("class=\"edit\""));
}
