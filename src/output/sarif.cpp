// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers
// (ANNOTATIONS.md §1): one run, one rule per catalog pattern and per kind,
// one result per annotated finding with its region in UTF-16 columns, its
// function as a logical location, its -m=2 flow as a code flow and our
// fingerprint as a custom partial fingerprint. `primaryLocationLineHash` is
// left to upload-sarif, which computes it from the checked-out file.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/sarif_rules.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

using nlohmann::json;

constexpr std::string_view src_root = "%SRCROOT%";
constexpr std::size_t max_description = 1024;  // GitHub's limit on rule descriptions

json message(std::string_view text) { return {{"text", valid_utf8(text)}}; }

json artifact_location(std::string_view file) {
  json out = {{"uri", uri_from_path(file)}};
  // Absolute paths (outside the analysed tree) carry their own base.
  if (!file.starts_with('/')) out["uriBaseId"] = src_root;
  return out;
}

// The region of a position: UTF-16 columns when the source line is known,
// byte columns otherwise (the same for ASCII). `end_byte` is exclusive, 0 =
// one column wide. Without a column the region is the whole line.
json region(const Position& pos, std::string_view source_line, int end_byte) {
  json out = {{"startLine", std::max(pos.line, 1)}, {"endLine", std::max(pos.line, 1)}};
  if (pos.col > 0) {
    int start = utf16_column(source_line, pos.col);
    int end = end_byte > pos.col ? utf16_column(source_line, end_byte) : start + 1;
    out["startColumn"] = start;
    out["endColumn"] = end;
  } else if (!source_line.empty()) {
    out["startColumn"] = 1;
    out["endColumn"] = utf16_column(source_line, static_cast<int>(source_line.size()) + 1);
  }
  return out;
}

json physical_location(const Position& pos, std::string_view source_line, int end_byte) {
  return {{"artifactLocation", artifact_location(pos.file)},
          {"region", region(pos, source_line, end_byte)}};
}

// The -m=2 explanation as one thread flow: the finding itself, then each step
// with "reason: text". A step on another line has no source text here, so its
// columns stay byte columns (exact for ASCII lines).
json code_flows(const RenderOptions& options, const Finding& f) {
  json locations = json::array();
  const auto add = [&](json location) {
    json step = {{"location", std::move(location)},
                 {"executionOrder", static_cast<int>(locations.size()) + 1},
                 {"nestingLevel", 0}};
    locations.push_back(std::move(step));
  };
  add({{"physicalLocation", physical_location(f.pos, f.source_line, end_byte_column(f))},
       {"message", message(finding_headline(options, f))}});
  for (const FlowStep& step : f.flow) {
    Position pos = step.pos;
    if (pos.file.empty()) pos.file = f.pos.file;
    json location = {{"message", message(fmt::format("{}: {}", step.reason, step.text))}};
    if (pos.line > 0) {
      bool same_line = pos.file == f.pos.file && pos.line == f.pos.line;
      location["physicalLocation"] = physical_location(pos, same_line ? f.source_line : "", 0);
    }
    add(std::move(location));
  }
  return json::array({{{"message", message("Escape flow reported by -gcflags=-m=2")},
                       {"threadFlows", json::array({{{"locations", std::move(locations)}}})}}});
}

// The text of line `line` of `file`: the finding's own line, or the line of
// the file the report can read; nullopt when neither is at hand.
std::optional<std::string> line_text(const RenderOptions& options, const Finding& f,
                                     const std::string& file, int line,
                                     std::map<std::string, std::vector<std::string>>& files) {
  if (file == f.pos.file && line == f.pos.line && !f.source_line.empty()) return f.source_line;
  auto it = files.find(file);
  if (it == files.end()) {
    std::vector<std::string> lines;
    if (auto text = options.source_text ? options.source_text(file) : std::nullopt)
      for (std::string_view l : split_lines(*text)) lines.emplace_back(l);
    it = files.emplace(file, std::move(lines)).first;
  }
  if (line <= 0 || static_cast<std::size_t>(line) > it->second.size()) return std::nullopt;
  return it->second[static_cast<std::size_t>(line - 1)];
}

// The finding's fix as a SARIF fix: one artifact change per file, each edit a
// replacement. Its columns are converted to UTF-16, which needs the text of
// the lines it touches: without them no fix is offered (null).
json fix_json(const RenderOptions& options, const Finding& f) {
  const Fix* fix = applicable_fix(f);
  if (!fix) return nullptr;
  std::map<std::string, std::vector<std::string>> files;
  std::map<std::string, json> changes;  // by file
  for (const TextEdit& e : fix->edits) {
    auto first = line_text(options, f, e.file, e.line, files);
    auto last = line_text(options, f, e.file, e.end_line, files);
    if (!first || !last) return nullptr;
    json deleted = {{"startLine", e.line},
                    {"startColumn", utf16_column(*first, e.col)},
                    {"endLine", e.end_line},
                    {"endColumn", utf16_column(*last, e.end_col)}};
    json& change = changes[e.file];
    if (change.is_null())
      change = {{"artifactLocation", artifact_location(e.file)}, {"replacements", json::array()}};
    change["replacements"].push_back(
        {{"deletedRegion", std::move(deleted)}, {"insertedContent", {{"text", e.text}}}});
  }
  json artifact_changes = json::array();
  for (auto& [file, change] : changes) artifact_changes.push_back(std::move(change));
  return {{"description", message(truncate_utf8(valid_utf8(*f.suggestion), max_description))},
          {"artifactChanges", std::move(artifact_changes)}};
}

json rule_json(const Rule& rule) {
  json properties = {
      {"tags", rule.tags}, {"precision", "high"}, {"problem.severity", "recommendation"}};
  if (!rule.playbook.empty()) properties["goescape/playbook"] = valid_utf8(rule.playbook);
  return {{"id", valid_utf8(rule.id)},
          {"name", valid_utf8(rule.name)},
          {"shortDescription",
           message(truncate_utf8(valid_utf8(rule.short_description), max_description))},
          {"fullDescription",
           message(truncate_utf8(valid_utf8(rule.full_description), max_description))},
          {"help",
           {{"text", valid_utf8(rule.help_text)}, {"markdown", valid_utf8(rule.help_markdown)}}},
          {"defaultConfiguration", {{"level", level_name(rule.level)}}},
          {"properties", std::move(properties)}};
}

json result_json(const RenderOptions& options, const Finding& f, int rule_index) {
  std::string text = finding_headline(options, f);
  if (f.suggestion) text += ". Suggestion: " + *f.suggestion;
  json location = {
      {"physicalLocation", physical_location(f.pos, f.source_line, end_byte_column(f))}};
  if (f.function) {
    location["logicalLocations"] =
        json::array({{{"fullyQualifiedName", valid_utf8(*f.function)}, {"kind", "function"}}});
  }
  json properties = {{"goescape/kind", kind_name(f.kind)}};
  if (f.function) properties["goescape/function"] = valid_utf8(*f.function);
  if (!f.package.empty()) properties["goescape/package"] = valid_utf8(f.package);
  if (f.suggestion) properties["goescape/suggestion"] = valid_utf8(*f.suggestion);
  if (f.playbook) properties["goescape/playbook"] = valid_utf8(*f.playbook);
  if (f.profile) {
    properties["goescape/profile"] = {{"alloc_space", f.profile->alloc_space},
                                      {"alloc_objects", f.profile->alloc_objects},
                                      {"cold", f.profile->cold}};
  }
  if (f.occurrences > 1) properties["goescape/occurrences"] = f.occurrences;
  if (f.allocation) {
    properties["goescape/allocation"] = allocation_name(*f.allocation);
    properties["goescape/allocation_note"] = valid_utf8(f.allocation_note);
  }
  if (f.synthesized) properties["goescape/synthesized"] = true;

  json result = {{"ruleId", valid_utf8(rule_id(f))},
                 {"ruleIndex", rule_index},
                 {"level", level_name(finding_level(f))},
                 {"message", message(text)},
                 {"locations", json::array({std::move(location)})}};
  if (!f.flow.empty()) result["codeFlows"] = code_flows(options, f);
  if (json fix = fix_json(options, f); !fix.is_null()) result["fixes"] = json::array({fix});
  if (!f.fingerprint.empty()) {
    result["partialFingerprints"] = {{"goescapeFindingHash/v1", valid_utf8(f.fingerprint)}};
  }
  result["properties"] = std::move(properties);
  return result;
}

class SarifRenderer final : public BufferedRenderer {
 public:
  explicit SarifRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    std::vector<const Finding*> findings = annotated_findings(report, options_);
    std::vector<Rule> rules = build_rules(options_, findings);
    std::map<std::string, int> index;
    json rules_json = json::array();
    for (const Rule& rule : rules) {
      index.emplace(rule.id, static_cast<int>(rules_json.size()));
      rules_json.push_back(rule_json(rule));
    }
    json results = json::array();  // present even when empty: upload-sarif requires it
    for (const Finding* f : findings)
      results.push_back(result_json(options_, *f, index.at(rule_id(*f))));

    json driver = {{"name", valid_utf8(report.tool.name.empty() ? "goescape" : report.tool.name)},
                   {"rules", std::move(rules_json)}};
    if (!report.tool.version.empty()) driver["version"] = valid_utf8(report.tool.version);
    json run = {
        {"tool", {{"driver", std::move(driver)}}},
        // The base's uri is left out so the log does not depend on the
        // checkout directory; upload-sarif resolves it against the checkout.
        {"originalUriBaseIds",
         {{src_root, {{"description", message("Root of the analysed module or repository.")}}}}},
        {"columnKind", "utf16CodeUnits"},
        {"results", std::move(results)}};
    json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({std::move(run)})}};
    out << dump_json(log, 2) << "\n";
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> make_sarif_renderer(const RenderOptions& options) {
  return std::make_unique<SarifRenderer>(options);
}

}  // namespace goescape
