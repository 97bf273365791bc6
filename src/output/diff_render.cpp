// Format dispatch for `goescape diff`, the diff JSON model, and the github /
// sarif views built from the report renderers (output/diff_render.hpp).
#include "output/diff_render.hpp"

#include <fmt/format.h>

#include <cassert>
#include <map>
#include <nlohmann/json.hpp>

#include "model/kind.hpp"
#include "model/report_json.hpp"
#include "model/summary.hpp"
#include "output/escape.hpp"
#include "output/renderer.hpp"

namespace goescape {

namespace {

nlohmann::json side_to_json(const DiffSide& side, bool with_dirty) {
  nlohmann::json out = {
      {"rev", side.rev ? nlohmann::json(*side.rev) : nlohmann::json(nullptr)},
      {"go",
       {{"version", side.go.version ? nlohmann::json(*side.go.version) : nlohmann::json(nullptr)},
        {"flags", side.go.flags}}},
      {"root", side.root}};
  if (with_dirty) out["dirty"] = side.dirty;
  return out;
}

// A Report holding `findings` (in package blocks, in order of first appearance)
// rendered by the report renderer of options.format.
void render_findings_as_report(const ReportDiff& diff, const std::vector<Finding>& findings,
                               const DiffRenderOptions& options, std::ostream& out) {
  RenderOptions render;
  render.format = options.format;
  render.color = options.color;
  render.max_annotations = options.max_annotations;
  render.catalog = options.catalog;
  render.all = true;  // the caller chose the findings already
  std::unique_ptr<Renderer> renderer = make_renderer(render);
  assert(renderer);

  Report header;
  header.tool = diff.tool;
  header.go = diff.head.go;
  header.root = diff.head.root;
  renderer->begin(header, out);
  // Package blocks in order of first appearance, as the pipeline produces them.
  std::vector<PackageResult> blocks;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const Finding& f : findings) {
    auto [it, inserted] = index.try_emplace({f.package, f.variant}, blocks.size());
    if (inserted) blocks.push_back(PackageResult{f.package, f.variant, "", {}, {}});
    blocks[it->second].findings.push_back(f);
  }
  for (const PackageResult& block : blocks) renderer->package(block, out);
  Report tail = header;
  tail.functions = summarize_functions(findings);
  tail.summary = summarize(findings);
  renderer->end(tail, out);
}

}  // namespace

std::string side_label(const DiffSide& side, std::string_view fallback) {
  return side.rev ? side.rev->substr(0, 7) : std::string(fallback);
}

std::vector<const FunctionDelta*> counted_changes(const ReportDiff& diff, const Gate& gate) {
  std::vector<const FunctionDelta*> out;
  for (const FunctionDelta& d : diff.functions) {
    if (gate_count(gate, d.base) != gate_count(gate, d.head)) out.push_back(&d);
  }
  return out;
}

std::string_view counted_title(const Gate& gate) {
  return gate.kinds.empty() ? "Heap allocations" : "Counted findings";
}

std::string location_text(const Position& pos) {
  return pos.col > 0 ? fmt::format("{}:{}:{}", pos.file, pos.line, pos.col)
                     : fmt::format("{}:{}", pos.file, pos.line);
}

std::string finding_message(const Finding& finding) {
  return finding.message.value_or("source pattern " + finding.pattern.value_or(""));
}

std::string signed_change(int before, int after) {
  return after > before ? fmt::format("+{}", after - before) : fmt::format("{}", after - before);
}

const std::vector<std::string_view>& diff_formats() {
  static const std::vector<std::string_view> formats = {"text", "json", "markdown", "github",
                                                        "sarif"};
  return formats;
}

nlohmann::json diff_to_json(const ReportDiff& diff, const Gate& gate, const GateVerdict& verdict) {
  nlohmann::json out = nlohmann::json::object();
  out["schema"] = diff.schema;
  out["tool"] = {{"name", diff.tool.name}, {"version", diff.tool.version}};
  out["base"] = side_to_json(diff.base, false);
  out["head"] = side_to_json(diff.head, diff.head.rev.has_value());
  out["new"] = diff.added;
  out["fixed"] = diff.fixed;
  nlohmann::json functions = nlohmann::json::array();
  for (const FunctionDelta& d : diff.functions) {
    functions.push_back(
        {{"function", d.function}, {"package", d.package}, {"base", d.base}, {"head", d.head}});
  }
  out["functions"] = std::move(functions);
  out["summary"] = diff.summary;
  nlohmann::json kinds = nlohmann::json::array();
  if (gate.kinds.empty()) {
    kinds = {kind_name(Kind::moved_to_heap), kind_name(Kind::escapes_to_heap)};
  } else {
    for (Kind k : gate.kinds) kinds.push_back(kind_name(k));
  }
  out["gate"] = {
      {"fail_on", gate.fail_on_new ? "new" : "none"},
      {"max_new", gate.max_new ? nlohmann::json(*gate.max_new) : nlohmann::json(nullptr)},
      {"kinds", std::move(kinds)},
      {"counted", verdict.counted},
      {"failed", verdict.failed},
      {"reason", verdict.failed ? nlohmann::json(verdict.reason) : nlohmann::json(nullptr)}};
  return out;
}

void render_diff(const ReportDiff& diff, const DiffRenderOptions& options, std::ostream& out) {
  if (options.format == "text") {
    render_diff_text(diff, options, out);
  } else if (options.format == "json") {
    out << dump_json(diff_to_json(diff, options.gate, options.verdict), 2) << "\n";
  } else if (options.format == "markdown") {
    out << diff_markdown(diff, options);
  } else {
    assert(options.format == "github" || options.format == "sarif");
    // Reviewers are shown only what the change introduced.
    std::vector<Finding> shown;
    for (const Finding& f : diff.added) {
      if (notable(options.gate, f)) shown.push_back(f);
    }
    render_findings_as_report(diff, shown, options, out);
    // The job log says why the step failed, next to the annotations.
    if (options.format == "github" && options.verdict.failed)
      out << "::error title=" << github_property("goescape diff")
          << "::" << github_data("gate failed: " + options.verdict.reason) << "\n";
  }
}

}  // namespace goescape
