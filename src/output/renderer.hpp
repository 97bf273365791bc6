// Renderers print a Report in one format. They decide nothing (no filtering,
// no matching): everything they print is already in the Report. Only output/
// and cli/ write to the terminal.
//
// Formats that can stream (text, json) receive packages as the pipeline
// finishes them, so memory stays flat on huge logs; the others buffer the
// whole report (BufferedRenderer) and print it at the end.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/pattern.hpp"
#include "model/finding.hpp"

namespace goescape {

struct RenderOptions {
  std::string format = "text";
  bool color = false;
  bool all = false;         // text: also does_not_escape, inlining and other lines
  bool explain = false;     // text: say which rule held a suggestion back
  bool cold = false;        // text, markdown, html: list cold code, not fold it
  bool why_full = false;    // text, markdown, html: every step of reason chains
  int max_annotations = 0;  // github: cap on annotations (0 = the format's default)
  const std::vector<Pattern>* catalog = nullptr;  // for rule metadata (SARIF help...)
  // The whole text of a report file (html: the annotated source), or nullopt
  // when it is not available. Renderers never read files themselves; unset
  // means no source beyond each finding's own line.
  std::function<std::optional<std::string>(const std::string& file)> source_text = nullptr;
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  // Called once, before any package: the header fields of `report` are set,
  // its findings are empty.
  virtual void begin(const Report& header, std::ostream& out) = 0;
  // One finished package, findings already filtered, matched and ranked.
  virtual void package(const PackageResult& result, std::ostream& out) = 0;
  // The end: functions, summary, diagnostics and stats are set in `tail`;
  // its findings are empty.
  virtual void end(const Report& tail, std::ostream& out) = 0;
};

// Collects every package and prints the whole report at end(), for formats
// that need it all at once (SARIF, HTML, ...).
class BufferedRenderer : public Renderer {
 public:
  void begin(const Report& header, std::ostream& out) override;
  void package(const PackageResult& result, std::ostream& out) override;
  void end(const Report& tail, std::ostream& out) override;

 protected:
  virtual void render(const Report& report, std::ostream& out) = 0;

 private:
  Report report_;
};

// The formats of SPEC.md ("text", "json", "sarif", "github", "rdjsonl",
// "checkstyle", "codeclimate", "markdown", "html").
const std::vector<std::string_view>& report_formats();

// A renderer for `options.format`, or nullptr for an unknown format.
std::unique_ptr<Renderer> make_renderer(const RenderOptions& options);

// Serialises JSON for output: invalid UTF-8 in compiler text is replaced
// (U+FFFD), never an exception.
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace goescape
