// The HTML report: one self-contained page (inline CSS and script, a Content
// Security Policy that forbids any network access) in the spirit of
// `go tool cover -html`, laid out like the terminal report: a summary, the
// heaviest sites and the packages (the overview), the per-function table
// (sortable by clicking its headers, heaviest first), cold code folded in a
// `<details>` element per kind, and the annotated source of every file with
// a heap allocation, a marker on each line with a finding whose short reason
// chain (every step with --why full) and suggestion open on click (the
// message shows on hover).
//
// Every piece of finding text goes through html_escape; the script reads
// nothing but the DOM, so no data is ever embedded in script text.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "model/overview.hpp"
#include "model/summary.hpp"
#include "output/chain.hpp"
#include "output/escape.hpp"
#include "output/formats.hpp"
#include "output/layout.hpp"
#include "output/sarif_rules.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// "file:12:5-12:30 becomes" (an insertion: "file:12:1 gets").
std::string fix_edit_range(const TextEdit& e) {
  if (e.line == e.end_line && e.col == e.end_col)
    return fmt::format("{}:{}:{} gets", e.file, e.line, e.col);
  return fmt::format("{}:{}:{}-{}:{} becomes", e.file, e.line, e.col, e.end_line, e.end_col);
}

// Sources larger than this are not inlined (generated tables would make the
// page unusable); their findings are listed without the file's text.

constexpr std::string_view style = R"css(
:root{--fg:#1d1d1f;--dim:#6b6b70;--line:#e4e4e8;--heap:#fde2e1;--heap-mark:#d33;
--hot:#f9b4ae;--cold:#eceff3;--pattern:#fff1c2;--fix:#1a7f37}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);margin:0;
padding:16px 24px 48px;background:#fafafb}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
h3{font-size:14px;margin:20px 0 6px;font-family:ui-monospace,monospace}
.meta{color:var(--dim);margin:0}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px}
.card b{display:block;font-size:20px}.card span{color:var(--dim)}
table{border-collapse:collapse}
table.overview{background:#fff;border:1px solid var(--line)}
table.overview th,table.overview td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left}
table.overview td.num,table.overview th.num{text-align:right}
details.cold{margin:6px 0}details.cold summary{cursor:pointer}
#function-table{background:#fff;border:1px solid var(--line);width:100%}
#function-table th,#function-table td{padding:4px 10px;border-bottom:1px solid var(--line);
text-align:right;white-space:nowrap}
#function-table th:first-child,#function-table td:first-child{text-align:left;white-space:normal}
#function-table th{cursor:pointer;user-select:none;background:#f3f3f6;position:sticky;top:0}
#function-table th[aria-sort=descending]::after{content:" \25BC"}
#function-table th[aria-sort=ascending]::after{content:" \25B2"}
code,.src{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
nav.files a{margin-right:14px}
.file{overflow-x:auto}
.src{background:#fff;border:1px solid var(--line);width:100%;tab-size:4}
.src td{padding:0 8px;vertical-align:top}
.src td.ln{color:var(--dim);text-align:right;width:1%;user-select:none;border-right:1px solid var(--line)}
.src td.code{white-space:pre}
.src tr.mark{background:var(--heap);cursor:pointer}
.src tr.mark.hot{background:var(--hot)}
.src tr.mark.cold{background:var(--cold)}
.src tr.mark.pattern{background:var(--pattern)}
.src tr.mark td.ln::before{content:"\25CF ";color:var(--heap-mark)}
.src tr.mark.cold td.ln::before{color:var(--dim)}
.src tr.note td{white-space:normal;background:#fffdf6;border-top:1px solid var(--line);
border-bottom:1px solid var(--line);padding:6px 12px}
.finding{margin:4px 0}.finding .msg{font-weight:600}
.finding .why,.finding .prof,.finding .held{color:var(--dim)}
.finding .fix{color:var(--fix);white-space:pre-wrap;margin:2px 0}
.finding .edit{color:var(--dim);margin:2px 0 2px 1em}.finding .edit pre{margin:0;color:var(--fix)}
.tag{display:inline-block;font-size:11px;border-radius:3px;padding:0 5px;background:#eee;color:#333}
.tag.hot{background:#d33;color:#fff}.tag.cold{background:#ccd;color:#333}
)css";

// Sorting: numbers by data-v, text by content; a second click reverses.
// Markers: a click on a marked line shows or hides its notes. data-ready on
// <html> tells a headless browser test that the script ran.
constexpr std::string_view script = R"js(
(function(){
  var table=document.getElementById('function-table');
  if(table){
    var heads=table.tHead.rows[0].cells;
    for(var i=0;i<heads.length;i++)(function(col,th){
      th.addEventListener('click',function(){
        var desc=th.getAttribute('aria-sort')!=='descending';
        for(var k=0;k<heads.length;k++)heads[k].removeAttribute('aria-sort');
        th.setAttribute('aria-sort',desc?'descending':'ascending');
        var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        var num=th.hasAttribute('data-num');
        rows.sort(function(a,b){
          var x=a.cells[col],y=b.cells[col],r;
          if(num){r=Number(x.getAttribute('data-v'))-Number(y.getAttribute('data-v'));}
          else{r=x.textContent.localeCompare(y.textContent);}
          return desc?-r:r;
        });
        rows.forEach(function(r){body.appendChild(r);});
      });
    })(i,heads[i]);
  }
  var marks=document.querySelectorAll('tr.mark');
  for(var j=0;j<marks.length;j++)marks[j].addEventListener('click',function(){
    var note=document.getElementById(this.getAttribute('data-note'));
    if(note)note.hidden=!note.hidden;
  });
  if(location.hash){
    var target=document.getElementById(location.hash.slice(1));
    if(target&&target.classList.contains('mark'))target.click();
  }
  document.documentElement.setAttribute('data-ready','1');
})();
)js";

// "1 234 567": digits grouped with thin spaces, for reading large figures.
std::string grouped(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u2009";
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

struct Figures {
  std::int64_t alloc_space = 0, alloc_objects = 0, inuse_space = 0;
  int heap = 0;
  bool measured = false;
};

class HtmlRenderer final : public BufferedRenderer {
 public:
  explicit HtmlRenderer(const RenderOptions& options) : options_(options) {}

 protected:
  void render(const Report& report, std::ostream& out) override {
    bool profiled = std::any_of(report.findings.begin(), report.findings.end(),
                                [](const Finding& f) { return f.profile.has_value(); });
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>goescape: " << html_escape(report.root) << "</title>\n<style>" << style
        << "</style></head>\n<body>\n";
    header(report, out);
    summary(report, profiled, out);
    assign_file_ids(report);
    if (report.overview) {
      top_sites(*report.overview, out);
      packages(*report.overview, out);
    }
    functions(report, profiled, out);
    cold_code(report, out);
    sources(report, out);
    out << "<script>" << script << "</script>\n</body></html>\n";
  }

 private:
  static void header(const Report& report, std::ostream& out) {
    out << "<header><h1>goescape report</h1><p class=\"meta\">" << html_escape(report.root);
    for (const std::string& part :
         {report.go.version.value_or(""), report.go.flags,
          report.tool.name + (report.tool.version.empty() ? "" : " " + report.tool.version)})
      if (!part.empty()) out << " · " << html_escape(part);
    out << "</p></header>\n";
  }

  static void card(std::ostream& out, std::string_view id, const std::string& value,
                   std::string_view label) {
    out << "<div class=\"card\" id=\"" << id << "\"><b>" << html_escape(value) << "</b><span>"
        << label << "</span></div>";
  }

  static void summary(const Report& report, bool profiled, std::ostream& out) {
    const auto count = [&](const char* key) {
      auto it = report.summary.find(key);
      return it == report.summary.end() ? 0 : it->second;
    };
    int suggestions = 0, hot = 0, cold = 0;
    std::int64_t measured = 0;
    std::set<std::pair<std::string, int>> lines;
    for (const Finding& f : report.findings) {
      suggestions += f.suggestion ? 1 : 0;
      if (!f.profile) continue;
      (f.profile->cold ? cold : hot) += 1;
      if (!f.profile->cold && lines.emplace(f.pos.file, f.pos.line).second)
        measured += f.profile->alloc_space;
    }
    int functions = 0;
    for (const FunctionSummary& fn : report.functions) functions += fn.heap_allocations() > 0;
    out << "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">";
    card(out, "sum-heap", std::to_string(count("heap_allocations")), "heap allocations");
    card(out, "sum-moved", std::to_string(count("moved_to_heap")), "moved to heap");
    card(out, "sum-escapes", std::to_string(count("escapes_to_heap")), "escapes to heap");
    card(out, "sum-functions", std::to_string(functions), "functions allocating");
    card(out, "sum-suggestions", std::to_string(suggestions), "with a suggestion");
    if (profiled) {
      card(out, "sum-profile-bytes", grouped(measured), "bytes allocated at listed lines");
      card(out, "sum-hot", std::to_string(hot), "findings seen in the profile");
      card(out, "sum-cold", std::to_string(cold), "cold (not in the profile)");
    }
    out << "</div>";
    if (report.stats.unclassified > 0)
      out << "<p class=\"meta\">" << report.stats.unclassified
          << " compiler lines matched no known form (see the JSON report's diagnostics).</p>";
    out << "</section>\n";
  }

  // Anchor of a finding's line in the annotated source.
  std::string anchor(const Position& pos) const {
    auto it = file_ids_.find(pos.file);
    return it == file_ids_.end() ? std::string() : fmt::format("f{}-L{}", it->second, pos.line);
  }

  // Files shown below get their ids first, so the tables can link to them.
  void assign_file_ids(const Report& report) {
    for (const Finding& f : report.findings)
      if (shown_in_details(f, options_.all)) file_ids_.try_emplace(f.pos.file, file_ids_.size());
  }

  // `text` linked to the annotated line at `pos`, when that line is shown.
  std::string linked(const Position& pos, const std::string& text) const {
    std::string link = anchor(pos);
    return link.empty() ? text : fmt::format("<a href=\"#{}\">{}</a>", link, text);
  }

  void top_sites(const Overview& o, std::ostream& out) const {
    if (o.top.empty()) return;
    out << "<section id=\"top-sites\"><h2>Heaviest sites</h2><p class=\"meta\">"
        << (o.measured
                ? std::string("Weight: bytes and objects the heap profile measured at the site.")
                : fmt::format("Weight: {}.", estimate_legend))
        << (o.hot_sites < o.sites ? " Cold code is left out." : "")
        << "</p>\n<table class=\"overview\"><thead><tr>"
        << (o.measured ? "<th class=\"num\">Bytes</th><th class=\"num\">Objects</th>"
                       : "<th class=\"num\">Per call</th>")
        << "<th>Site</th><th>Function</th><th>Allocates</th><th>Suggestion</th></tr></thead>"
           "<tbody>\n";
    for (const OverviewSite& site : o.top) {
      out << "<tr>";
      if (o.measured)
        out << fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                           grouped(site.bytes), grouped(site.objects));
      else
        out << fmt::format("<td class=\"num\">{}</td>", site.per_call);
      std::string allocates = html_escape(list_some(site.allocates, 3));
      if (site.call_sites > 0)
        allocates += fmt::format(" (inlined into {} call site{})", site.call_sites,
                                 site.call_sites == 1 ? "" : "s");
      std::string title =
          site.playbook.empty() ? site.title : "§" + site.playbook + " " + site.title;
      out << "<td><code>" << linked(site.pos, html_escape(position_text(site.pos)))
          << "</code></td><td><code>" << html_escape(short_function(site.function))
          << "</code></td><td><code>" << allocates << "</code></td><td>" << html_escape(title)
          << "</td></tr>\n";
    }
    out << "</tbody></table></section>\n";
  }

  static void packages(const Overview& o, std::ostream& out) {
    if (o.packages.empty()) return;
    out << "<section id=\"packages\"><h2>Packages</h2>\n<table class=\"overview\"><thead><tr>"
        << "<th>Package</th><th class=\"num\">Sites</th><th class=\"num\">Allocations</th>"
        << "<th class=\"num\">Verified fix</th><th class=\"num\">Cold</th></tr></thead><tbody>\n";
    for (const OverviewPackage& p : o.packages)
      out << "<tr><td><code>" << html_escape(p.package) << "</code></td>"
          << fmt::format(
                 "<td class=\"num\">{}</td><td class=\"num\">{}</td>"
                 "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                 p.sites, p.allocations, p.with_fix, p.cold);
    out << "</tbody></table></section>\n";
  }

  // Cold code, one folded list of sites per kind, after everything else.
  void cold_code(const Report& report, std::ostream& out) const {
    std::map<std::string, std::map<std::pair<std::string, int>, std::vector<const Finding*>>> cold;
    for (const Finding& f : report.findings)
      if (f.cold && shown_in_details(f, options_.all))
        cold[*f.cold][{f.pos.file, f.pos.line}].push_back(&f);
    if (cold.empty()) return;
    std::vector<std::string> kinds;
    for (const auto& [kind, lines] : cold) kinds.push_back(kind);
    std::stable_sort(kinds.begin(), kinds.end(), [](const std::string& a, const std::string& b) {
      return cold_kind_rank(a) < cold_kind_rank(b);
    });
    out << "<section id=\"cold\"><h2>Cold code</h2>\n";
    for (const std::string& kind : kinds) {
      const auto& lines = cold[kind];
      out << "<details class=\"cold\"" << (options_.cold ? " open" : "") << "><summary>"
          << html_escape(kind) << " (" << lines.size() << " line" << (lines.size() == 1 ? "" : "s")
          << ")</summary><ul>\n";
      for (const auto& [where, findings] : lines) {
        SiteBlock block;
        block.findings = findings;
        const Finding& first = *findings.front();
        out << "<li><code>" << linked(first.pos, html_escape(position_text(first.pos)))
            << "</code> " << html_escape(block_headline(block));
        if (first.function)
          out << " in <code>" << html_escape(short_function(*first.function)) << "</code>";
        out << "</li>\n";
      }
      out << "</ul></details>\n";
    }
    out << "</section>\n";
  }

  void functions(const Report& report, bool profiled, std::ostream& out) {
    std::map<std::string, Figures> figures;
    std::map<std::string, const Finding*> first;
    for (const Finding& f : report.findings) {
      if (!f.function) continue;
      Figures& g = figures[*f.function];
      first.try_emplace(*f.function, &f);
      g.heap += f.allocates();
      if (f.profile && !f.profile->cold) {
        g.measured = true;
        g.alloc_space += f.profile->alloc_space;
        g.alloc_objects += f.profile->alloc_objects;
        g.inuse_space += f.profile->inuse_space;
      }
    }
    std::vector<const FunctionSummary*> rows;
    for (const FunctionSummary& fn : report.functions) rows.push_back(&fn);
    // Heaviest first: by allocated bytes when profiled, then the report's order.
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
      return figures[a->function].alloc_space > figures[b->function].alloc_space;
    });

    out << "<section id=\"functions\"><h2>Functions</h2>\n<table id=\"function-table\"><thead><tr>"
        << "<th>Function</th><th data-num>Heap allocations</th><th data-num>Moved to heap</th>"
        << "<th data-num>Escapes to heap</th><th data-num>Findings</th>";
    if (profiled)
      out << "<th data-num aria-sort=\"descending\">Allocated bytes</th>"
          << "<th data-num>Allocated objects</th><th data-num>In-use bytes</th>";
    out << "</tr></thead><tbody>\n";
    for (const FunctionSummary* fn : rows) {
      const auto count = [&](const char* key) {
        auto it = fn->counts.find(key);
        return it == fn->counts.end() ? 0 : it->second;
      };
      const int total = findings_counted(fn->counts);
      std::string name = html_escape(fn->function);
      auto f = first.find(fn->function);
      std::string link = f == first.end() ? std::string() : anchor(f->second->pos);
      out << "<tr class=\"fn\"><td><code>"
          << (link.empty() ? name : fmt::format("<a href=\"#{}\">{}</a>", link, name))
          << "</code></td>";
      for (int n :
           {fn->heap_allocations(), count("moved_to_heap"), count("escapes_to_heap"), total})
        out << fmt::format("<td data-v=\"{}\">{}</td>", n, n);
      if (profiled) {
        const Figures& g = figures[fn->function];
        for (std::int64_t n : {g.alloc_space, g.alloc_objects, g.inuse_space})
          out << fmt::format("<td data-v=\"{}\">{}</td>", n, g.measured ? grouped(n) : "—");
      }
      out << "</tr>\n";
    }
    out << "</tbody></table></section>\n";
  }

  void finding_notes(const Finding& f, std::ostream& out) const {
    out << "<div class=\"finding\"><div><span class=\"msg\">"
        << html_escape(f.message.value_or(f.pattern ? "source pattern " + *f.pattern : ""))
        << "</span> <span class=\"tag\">" << html_escape(kind_name(f.kind)) << "</span>";
    if (f.profile) {
      out << (f.profile->cold ? " <span class=\"tag cold\">cold</span>"
                              : " <span class=\"tag hot\">hot</span>");
    }
    if (f.cold) out << " <span class=\"tag cold\">" << html_escape(*f.cold) << "</span>";
    out << "</div>";
    out << "<div class=\"where\"><code>"
        << html_escape(fmt::format("{}:{}:{}", f.pos.file, f.pos.line, f.pos.col)) << "</code>";
    if (f.function) out << " in <code>" << html_escape(*f.function) << "</code>";
    if (f.inlined_from)
      out << " (inlined from <code>" << html_escape(f.inlined_from->function) << "</code>)";
    out << "</div>";
    if (f.profile) {
      out << "<div class=\"prof\">profile: "
          << (f.profile->cold
                  ? std::string("not seen in the profile (cold)")
                  : fmt::format("{} bytes in {} objects allocated, {} bytes in {} objects in use",
                                grouped(f.profile->alloc_space), grouped(f.profile->alloc_objects),
                                grouped(f.profile->inuse_space), grouped(f.profile->inuse_objects)))
          << "</div>";
    }
    if (std::string chain = options_.why_full ? reason_chain(f) : short_reason_chain(f);
        !chain.empty())
      out << "<div class=\"why\">why: " << html_escape(chain) << "</div>";
    if (f.suggestion) {
      out << "<div class=\"fix\">fix";
      if (f.playbook)
        out << " [§" << html_escape(*f.playbook) << ' ' << html_escape(f.pattern.value_or(""))
            << "]";
      out << ": " << html_escape(*f.suggestion) << "</div>";
      // The edits the compiler verified, as `goescape fix` applies them.
      if (const Fix* fix = applicable_fix(f)) {
        for (const TextEdit& e : fix->edits)
          out << "<div class=\"edit\">" << html_escape(fix_edit_range(e)) << "<pre>"
              << html_escape(e.text) << "</pre></div>";
      }
    } else if (f.held_back) {
      out << "<div class=\"held\">no suggestion: " << html_escape(*f.held_back) << "</div>";
    }
    out << "</div>";
  }

  static std::string line_class(const std::vector<const Finding*>& here) {
    bool heap = false, hot = false, cold = true;
    for (const Finding* f : here) {
      heap |= f->allocates();
      if (f->profile) (f->profile->cold ? cold : hot) = true;
      // Cold code (Finding::cold) when every finding of the line is.
      if (!f->cold && !(f->profile && f->profile->cold)) cold = false;
    }
    if (!heap) return "mark pattern";
    return hot ? "mark hot" : cold ? "mark cold" : "mark";
  }

  void sources(const Report& report, std::ostream& out) {
    std::map<std::string, std::map<int, std::vector<const Finding*>>> by_file;
    for (const Finding& f : report.findings)
      if (shown_in_details(f, options_.all)) by_file[f.pos.file][f.pos.line].push_back(&f);

    out << "<section id=\"sources\"><h2>Annotated source</h2>\n<nav class=\"files\">";
    for (const auto& [file, lines] : by_file)
      out << fmt::format("<a href=\"#f{}\">{}</a>", file_ids_[file], html_escape(file));
    out << "</nav>\n";
    for (const auto& [file, lines] : by_file) {
      std::size_t id = file_ids_[file];
      out << fmt::format("<div class=\"file\" id=\"f{}\"><h3>{}</h3>\n", id, html_escape(file));
      std::optional<std::string> text =
          options_.source_text ? options_.source_text(file) : std::nullopt;
      std::vector<std::string_view> source;
      if (text) source = split_lines(*text);
      out << "<table class=\"src\">";
      const auto row = [&, &lines = lines](int n, std::string_view code) {
        auto marked = lines.find(n);
        if (marked == lines.end()) {
          out << fmt::format("<tr id=\"f{}-L{}\"><td class=\"ln\">{}</td><td class=\"code\">", id,
                             n, n)
              << html_escape(code) << "</td></tr>\n";
          return;
        }
        std::string title;
        for (const Finding* f : marked->second)
          title += (title.empty() ? "" : "\n") + f->message.value_or(f->pattern.value_or(""));
        out << fmt::format("<tr id=\"f{0}-L{1}\" class=\"{2}\" data-note=\"f{0}-N{1}\" title=\"",
                           id, n, line_class(marked->second))
            << html_escape(title)
            << fmt::format("\"><td class=\"ln\">{}</td><td class=\"code\">", n) << html_escape(code)
            << "</td></tr>\n"
            << fmt::format("<tr class=\"note\" id=\"f{}-N{}\" hidden><td></td><td>", id, n);
        for (const Finding* f : marked->second) finding_notes(*f, out);
        out << "</td></tr>\n";
      };
      if (!source.empty()) {
        for (std::size_t i = 0; i < source.size(); ++i) row(static_cast<int>(i) + 1, source[i]);
        // Findings past the end of the file as read (it changed since the build).
        for (const auto& [n, here] : lines)
          if (n < 1 || n > static_cast<int>(source.size())) row(n, here.front()->source_line);
      } else {
        for (const auto& [n, here] : lines) row(n, here.front()->source_line);
      }
      out << "</table></div>\n";
    }
    out << "</section>\n";
  }

  RenderOptions options_;
  std::map<std::string, std::size_t> file_ids_;
};

}  // namespace

std::unique_ptr<Renderer> make_html_renderer(const RenderOptions& options) {
  return std::make_unique<HtmlRenderer>(options);
}

}  // namespace goescape
