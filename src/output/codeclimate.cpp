// GitLab Code Quality report, the CodeClimate subset GitLab reads
// (ANNOTATIONS.md §4): a JSON array of issues, each valid on its own (GitLab
// stops at the first invalid entry), with unique fingerprints (GitLab keys
// the report by fingerprint, so equal ones would collapse).
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/sarif_rules.hpp"

namespace goescape {

namespace {

using nlohmann::json;

std::string_view severity(Level level) {
  switch (level) {
    case Level::error:
      return "major";
    case Level::warning:
      return "minor";
    case Level::note:
      return "info";
  }
  return "minor";
}

// `base`, or `base` + "/N" for the N-th repeat, never one already taken.
// Findings arrive sorted, so the suffixes are as stable as the order.
std::string unique_fingerprint(std::string base, std::set<std::string>& taken) {
  if (taken.insert(base).second) return base;
  for (int n = 2;; ++n) {
    std::string candidate = fmt::format("{}/{}", base, n);
    if (taken.insert(candidate).second) return candidate;
  }
}

json issue(const RenderOptions& options, const Finding& f, std::string fingerprint) {
  json begin = {{"line", std::max(f.pos.line, 1)}};
  json positions;
  if (f.pos.col > 0) {
    begin["column"] = f.pos.col;
    int end = end_byte_column(f);
    positions = {{"begin", begin},
                 {"end", {{"line", begin["line"]}, {"column", end > 0 ? end : f.pos.col}}}};
  } else {
    positions = {{"begin", begin}, {"end", begin}};
  }
  json out = {
      {"type", "issue"},
      {"check_name", valid_utf8(rule_id(f))},
      // CodeClimate wants a one-line description; details go in the body.
      {"description", one_line(finding_headline(options, f))},
      {"categories", json::array({"Performance"})},
      {"severity", severity(finding_level(f))},
      {"fingerprint", valid_utf8(fingerprint)},
      {"location", {{"path", valid_utf8(f.pos.file)}, {"positions", std::move(positions)}}}};
  std::string body = valid_utf8(finding_details(options, f));
  if (body.find('\n') != std::string::npos) out["content"] = {{"body", body}};
  return out;
}

class CodeclimateRenderer final : public BufferedRenderer {
 public:
  explicit CodeclimateRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    std::set<std::string> taken;
    out << "[";
    bool first = true;
    for (const Finding* f : annotated_findings(report, options_)) {
      // A finding without a fingerprint still needs a stable identity.
      std::string base = f->fingerprint.empty()
                             ? fmt::format("{}:{}:{}:{}", rule_id(*f), f->pos.file,
                                           f->function.value_or(""), f->expr)
                             : f->fingerprint;
      json entry = issue(options_, *f, unique_fingerprint(valid_utf8(base), taken));
      out << (first ? "\n  " : ",\n  ") << dump_json(entry);
      first = false;
    }
    out << (first ? "]\n" : "\n]\n");
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> make_codeclimate_renderer(const RenderOptions& options) {
  return std::make_unique<CodeclimateRenderer>(options);
}

}  // namespace goescape
