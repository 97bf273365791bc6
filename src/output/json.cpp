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
    const nlohmann::json head = header;
    out << "{\n";
    for (const char* key : {"schema", "tool", "go", "root"}) {
      out << "  \"" << key << "\": " << dump_json(head[key]) << ",\n";
    }
    out << "  \"findings\": [";
  }

  void package(const PackageResult& result, std::ostream& out) override {
    buffer_.clear();
    for (const Finding& finding : result.findings) {
      buffer_ += first_ ? "\n    " : ",\n    ";
      write_finding_json(finding, buffer_);
      first_ = false;
      // A package of a million lines is written as it goes, not held whole.
      if (buffer_.size() > max_buffer) {
        out << buffer_;
        buffer_.clear();
      }
    }
    out << buffer_;
  }

  void end(const Report& tail, std::ostream& out) override {
    out << (first_ ? "],\n" : "\n  ],\n");
    out << "  \"functions\": ";
    list(tail.functions, write_function_json, out);
    out << ",\n";
    out << "  \"summary\": " << dump_json(nlohmann::json(tail.summary)) << ",\n";
    out << "  \"diagnostics\": ";
    list(tail.diagnostics, write_diagnostic_json, out);
    out << ",\n";
    out << "  \"stats\": " << dump_json(stats_to_json(tail.stats));
    if (tail.profile) {
      const ProfileCoverage& p = *tail.profile;
      nlohmann::json coverage = {{"profile_alloc_space", p.profile_alloc_space},
                                 {"profile_alloc_objects", p.profile_alloc_objects},
                                 {"explained_alloc_space", p.explained_alloc_space},
                                 {"explained_alloc_objects", p.explained_alloc_objects},
                                 {"percent", p.percent}};
      out << ",\n  \"profile\": " << dump_json(coverage);
    }
    out << "\n}\n";
  }

 private:
  // One element per line: readable, and diffs of reports stay small.
  // Written in pieces: the standard library's report lists 20,000 functions.
  template <typename T>
  void list(const std::vector<T>& items, void (*write)(const T&, std::string&), std::ostream& out) {
    if (items.empty()) {
      out << "[]";
      return;
    }
    buffer_.assign("[");
    for (const T& item : items) {
      buffer_ += &item == &items.front() ? "\n    " : ",\n    ";
      write(item, buffer_);
      if (buffer_.size() > max_buffer) {
        out << buffer_;
        buffer_.clear();
      }
    }
    out << buffer_ << "\n  ]";
    buffer_.clear();
  }

  static constexpr std::size_t max_buffer = 1 << 20;
  bool first_ = true;
  std::string buffer_;  // reused: findings of one package, up to max_buffer bytes
};

}  // namespace

std::unique_ptr<Renderer> make_json_renderer(const RenderOptions&) {
  return std::make_unique<JsonRenderer>();
}

}  // namespace goescape
