// Renders a hand-written report in one output format, so the format tests
// can feed crafted (hostile) findings to the real renderers and check the
// result with outside validators, without a Go toolchain or a parsed log.
//
//   render_report FORMAT REPORT.json [--all] [--max-annotations N]
//
// REPORT.json is the JSON report of SPEC.md, plus two fields the report model
// does not carry: a finding's "source_line" (the text of its line, used for
// UTF-16 columns and end columns) and a top-level "catalog" (patterns with
// id, title, playbook, description, suggestion, before, after, when_not).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "catalog/pattern.hpp"
#include "model/report_json.hpp"
#include "output/renderer.hpp"

int main(int argc, char** argv) {
  using nlohmann::json;
  if (argc < 3) {
    std::cerr << "usage: render_report FORMAT REPORT.json [--all] [--max-annotations N]\n";
    return 2;
  }
  goescape::RenderOptions options;
  options.format = argv[1];
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--all") {
      options.all = true;
    } else if (arg == "--max-annotations" && i + 1 < argc) {
      options.max_annotations = std::stoi(argv[++i]);
    } else {
      std::cerr << "render_report: unknown argument " << arg << "\n";
      return 2;
    }
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "render_report: cannot read " << argv[2] << "\n";
    return 2;
  }
  json input = json::parse(in);
  // With "latin1": true every string stands for the bytes of its code points
  // (all <= U+00FF), so a test can write invalid UTF-8, which JSON cannot hold.
  if (input.value("latin1", false)) {
    auto to_bytes = [](auto& self, json& node) -> void {
      if (node.is_string()) {
        const std::string& utf8 = node.get_ref<const std::string&>();
        std::string bytes;
        for (std::size_t i = 0; i < utf8.size(); ++i) {
          auto c = static_cast<unsigned char>(utf8[i]);
          if (c >= 0xC0 && i + 1 < utf8.size()) {
            bytes += static_cast<char>(((c & 0x1F) << 6) | (utf8[++i] & 0x3F));
          } else {
            bytes += static_cast<char>(c);
          }
        }
        node = bytes;
      } else if (node.is_structured()) {
        for (json& child : node) self(self, child);
      }
    };
    to_bytes(to_bytes, input);
  }
  auto report = goescape::report_from_json(input);
  if (!report) {
    std::cerr << "render_report: " << report.error().message << "\n";
    return 2;
  }
  const json& findings = input["findings"];
  for (std::size_t i = 0; i < report->findings.size(); ++i) {
    report->findings[i].source_line = findings[i].value("source_line", std::string());
  }
  std::vector<goescape::Pattern> catalog;
  for (const json& p : input.value("catalog", json::array())) {
    goescape::Pattern pattern;
    pattern.id = p.value("id", "");
    pattern.title = p.value("title", "");
    pattern.playbook = p.value("playbook", "");
    pattern.description = p.value("description", "");
    pattern.suggestion = p.value("suggestion", "");
    pattern.before = p.value("before", "");
    pattern.after = p.value("after", "");
    pattern.when_not = p.value("when_not", "");
    catalog.push_back(std::move(pattern));
  }
  options.catalog = &catalog;

  auto renderer = goescape::make_renderer(options);
  if (!renderer) {
    std::cerr << "render_report: unknown format " << options.format << "\n";
    return 2;
  }
  // The pipeline's calls: header, one package, tail.
  goescape::Report header = *report;
  header.findings.clear();
  goescape::PackageResult package;
  package.findings = report->findings;
  goescape::Report tail = header;
  renderer->begin(header, std::cout);
  renderer->package(package, std::cout);
  renderer->end(tail, std::cout);
  return 0;
}
