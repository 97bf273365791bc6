// Checkstyle XML as Checkstyle's own XMLLogger writes it (ANNOTATIONS.md §5),
// for Jenkins warnings-ng, reviewdog -f=checkstyle and other CI plugins: one
// <file> per file, one <error> per finding, `source` dotted
// ("goescape.<rule>") so warnings-ng derives category and type from it.
// Every attribute goes through xml_escape(), so the document stays
// well-formed whatever the finding text holds.
#include <fmt/format.h>

#include <algorithm>

#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/sarif_rules.hpp"

namespace goescape {

namespace {

std::string_view severity(Level level) {
  switch (level) {
    case Level::error:
      return "error";
    case Level::warning:
      return "warning";
    case Level::note:
      return "info";
  }
  return "warning";
}

// "goescape/moved_to_heap" -> "goescape.moved_to_heap"; a pattern id gets
// the tool prefix.
std::string source_name(const Finding& f) {
  std::string id = rule_id(f);
  std::replace(id.begin(), id.end(), '/', '.');
  return id.starts_with("goescape.") ? id : "goescape." + id;
}

class CheckstyleRenderer final : public BufferedRenderer {
 public:
  explicit CheckstyleRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
    // annotated_findings() is sorted by file, so each file is one run.
    const std::string* open_file = nullptr;
    for (const Finding* f : annotated_findings(report, options_)) {
      if (!open_file || *open_file != f->pos.file) {
        if (open_file) out << "  </file>\n";
        out << "  <file name=\"" << xml_escape(f->pos.file) << "\">\n";
        open_file = &f->pos.file;
      }
      out << fmt::format("    <error line=\"{}\"", std::max(f->pos.line, 0));
      if (f->pos.col > 0) out << fmt::format(" column=\"{}\"", f->pos.col);
      out << " severity=\"" << severity(finding_level(*f)) << "\" message=\""
          << xml_escape(finding_details(options_, *f)) << "\" source=\""
          << xml_escape(source_name(*f)) << "\"/>\n";
    }
    if (open_file) out << "  </file>\n";
    out << "</checkstyle>\n";
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> make_checkstyle_renderer(const RenderOptions& options) {
  return std::make_unique<CheckstyleRenderer>(options);
}

}  // namespace goescape
