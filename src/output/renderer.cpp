#include "output/renderer.hpp"

#include <nlohmann/json.hpp>

#include "output/formats.hpp"

namespace goescape {

void BufferedRenderer::begin(const Report& header, std::ostream&) { report_ = header; }

void BufferedRenderer::package(const PackageResult& result, std::ostream&) {
  report_.findings.insert(report_.findings.end(), result.findings.begin(), result.findings.end());
}

void BufferedRenderer::end(const Report& tail, std::ostream& out) {
  report_.functions = tail.functions;
  report_.summary = tail.summary;
  report_.diagnostics = tail.diagnostics;
  report_.stats = tail.stats;
  report_.profile = tail.profile;
  render(report_, out);
}

const std::vector<std::string_view>& report_formats() {
  static const std::vector<std::string_view> formats = {"text",        "json",     "sarif",
                                                        "github",      "rdjsonl",  "checkstyle",
                                                        "codeclimate", "markdown", "html"};
  return formats;
}

std::unique_ptr<Renderer> make_renderer(const RenderOptions& options) {
  using Factory = std::unique_ptr<Renderer> (*)(const RenderOptions&);
  static const std::pair<std::string_view, Factory> factories[] = {
      {"text", make_text_renderer},
      {"json", make_json_renderer},
      {"sarif", make_sarif_renderer},
      {"github", make_github_renderer},
      {"rdjsonl", make_rdjsonl_renderer},
      {"checkstyle", make_checkstyle_renderer},
      {"codeclimate", make_codeclimate_renderer},
      {"markdown", make_markdown_renderer},
      {"html", make_html_renderer},
  };
  for (const auto& [name, factory] : factories) {
    if (name == options.format) return factory(options);
  }
  return nullptr;
}

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace goescape
