// reviewdog Diagnostic Format, one JSON Diagnostic per line (ANNOTATIONS.md
// §3): byte columns as Go prints them, exclusive ends, the -m=2 flow as
// related locations, and `suggestions` for a fix (Finding::fix) whose edits
// are all in the diagnostic's file, which reviewdog posts as suggestion blocks.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/sarif_rules.hpp"

namespace goescape {

namespace {

using nlohmann::json;

// reviewdog reads lines with a default bufio.Scanner (64 KiB per line).
constexpr std::size_t max_line = 60000;

json position(int line, int col) {
  json out = {{"line", std::max(line, 1)}};
  if (col > 0) out["column"] = col;
  return out;
}

json location(const Position& pos, int end_col) {
  json range = {{"start", position(pos.line, pos.col)}};
  if (end_col > pos.col && pos.col > 0) range["end"] = position(pos.line, end_col);
  return {{"path", valid_utf8(pos.file)}, {"range", std::move(range)}};
}

std::string_view severity(Level level) {
  switch (level) {
    case Level::error:
      return "ERROR";
    case Level::warning:
      return "WARNING";
    case Level::note:
      return "INFO";
  }
  return "WARNING";
}

json diagnostic(const RenderOptions& options, const Finding& f) {
  json out = {{"message", valid_utf8(finding_details(options, f))},
              {"location", location(f.pos, end_byte_column(f))},
              {"severity", severity(finding_level(f))},
              {"source", {{"name", "goescape"}}},
              {"code", {{"value", valid_utf8(rule_id(f))}}}};
  if (f.message) out["original_output"] = valid_utf8(*f.message);
  json related = json::array();
  for (const FlowStep& step : f.flow) {
    if (step.pos.line <= 0) continue;
    Position pos = step.pos;
    if (pos.file.empty()) pos.file = f.pos.file;
    related.push_back({{"message", valid_utf8(fmt::format("{}: {}", step.reason, step.text))},
                       {"location", location(pos, 0)}});
  }
  if (!related.empty()) out["related_locations"] = std::move(related);
  if (const Fix* fix = applicable_fix(f)) {
    // A suggestion applies to the diagnostic's file only: a fix that also
    // edits another file is not offered in part.
    const bool one_file = std::all_of(fix->edits.begin(), fix->edits.end(),
                                      [&](const TextEdit& e) { return e.file == f.pos.file; });
    if (one_file) {
      json suggestions = json::array();
      for (const TextEdit& e : fix->edits) {
        json range = {{"start", position(e.line, e.col)}, {"end", position(e.end_line, e.end_col)}};
        suggestions.push_back({{"range", std::move(range)}, {"text", e.text}});
      }
      out["suggestions"] = std::move(suggestions);
    }
  }
  return out;
}

class RdjsonlRenderer final : public BufferedRenderer {
 public:
  explicit RdjsonlRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    for (const Finding* f : annotated_findings(report, options_)) {
      json d = diagnostic(options_, *f);
      std::string line = dump_json(d);
      if (line.size() > max_line) {
        // Keep the diagnostic readable rather than breaking reviewdog's reader.
        d.erase("related_locations");
        d.erase("original_output");
        d["message"] = truncate_utf8(d["message"].get<std::string>(), 4000);
        line = dump_json(d);
      }
      out << line << "\n";
    }
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> make_rdjsonl_renderer(const RenderOptions& options) {
  return std::make_unique<RdjsonlRenderer>(options);
}

}  // namespace goescape
