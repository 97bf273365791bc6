// The JSON report (SPEC.md), streamed: the header, one finding per line as
// packages arrive, then functions, summary, diagnostics and stats.
#include <nlohmann/json.hpp>

#include "model/report_json.hpp"
#include "output/formats.hpp"

namespace goescape {

namespace {

class JsonRenderer final : public Renderer {
 public:
  void begin(const Report& header, std::ostream& out) override {
    nlohmann::json head = report_to_json(header);
    out << "{\n";
    for (const char* key : {"schema", "tool", "go", "root"}) {
      out << "  \"" << key << "\": " << dump_json(head[key]) << ",\n";
    }
    out << "  \"findings\": [";
  }

  void package(const PackageResult& result, std::ostream& out) override {
    for (const Finding& finding : result.findings) {
      out << (first_ ? "\n    " : ",\n    ") << dump_json(finding_to_json(finding));
      first_ = false;
    }
  }

  void end(const Report& tail, std::ostream& out) override {
    out << (first_ ? "],\n" : "\n  ],\n");
    nlohmann::json rest = report_to_json(tail);
    out << "  \"functions\": " << list(rest["functions"]) << ",\n";
    out << "  \"summary\": " << dump_json(rest["summary"]) << ",\n";
    out << "  \"diagnostics\": " << list(rest["diagnostics"]) << ",\n";
    out << "  \"stats\": " << dump_json(rest["stats"]) << "\n}\n";
  }

 private:
  // One element per line: readable, and diffs of reports stay small.
  static std::string list(const nlohmann::json& array) {
    if (array.empty()) return "[]";
    std::string out = "[";
    bool first = true;
    for (const auto& item : array) {
      out += first ? "\n    " : ",\n    ";
      out += dump_json(item);
      first = false;
    }
    return out + "\n  ]";
  }

  bool first_ = true;
};

}  // namespace

std::unique_ptr<Renderer> make_json_renderer(const RenderOptions&) {
  return std::make_unique<JsonRenderer>();
}

}  // namespace goescape
