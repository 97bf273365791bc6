// Unit tests of the HTML renderer (output/html.cpp) with hostile finding text:
// nothing a compiler message, file name or source line holds may become
// markup or script.
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <sstream>

#include "output/formats.hpp"

using namespace goescape;

namespace {

// `sources` stands for the files on disk: the renderer gets text only
// through RenderOptions::source_text.
std::string render(const Report& header, const PackageResult& result, const Report& tail,
                   const std::map<std::string, std::string>& sources = {}) {
  RenderOptions options;
  options.format = "html";
  options.source_text = [&sources](const std::string& file) -> std::optional<std::string> {
    auto it = sources.find(file);
    if (it == sources.end()) return std::nullopt;
    return it->second;
  };
  auto renderer = make_renderer(options);
  REQUIRE(renderer);
  std::ostringstream out;
  renderer->begin(header, out);
  renderer->package(result, out);
  renderer->end(tail, out);
  return out.str();
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("html: hostile text is escaped everywhere, the page is self-contained") {
  const std::string file = "a\"<script>.go";
  const std::map<std::string, std::string> sources = {
      {file,
       "package a\n\nfunc F() {\n\tx := \"</textarea><script>alert(1)</script>&amp;\xff\xfe\"\n"
       "\t_ = x\n}\n"}};
  Report header;
  header.root = "/repo";
  Finding f;
  f.kind = Kind::escapes_to_heap;
  f.pos = {file, 4, 2};
  f.message = "<img src=x onerror=alert(2)> escapes to heap '\"&";
  f.expr = "<b>";
  f.function = "a.F</td><script>";
  f.suggestion = "use <script>alert(3)</script>\nline two";
  f.pattern = "p\"q";
  f.playbook = "4";
  f.profile = ProfileFigures{1024, 8, 0, 0, false};
  f.flow = {{"address-of", "<x>", {file, 4, 2}}};
  PackageResult result;
  result.package = "a";
  result.findings = {f};
  Report tail = header;
  tail.functions = {{*f.function, "a", file, 4, {{"escapes_to_heap", 1}, {"heap_allocations", 1}}}};
  tail.summary = {{"heap_allocations", 1}, {"escapes_to_heap", 1}};

  std::string html = render(header, result, tail, sources);
  // Exactly the page's own script element, and no element from the data.
  CHECK(count(html, "<script") == 1);
  CHECK(count(html, "</script>") == 1);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("</textarea>") == std::string::npos);
  CHECK(html.find("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;") !=
        std::string::npos);
  CHECK(html.find("\xff") == std::string::npos);  // invalid UTF-8 replaced
  CHECK(html.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(html.find("a.F&lt;/td&gt;&lt;script&gt;") != std::string::npos);
  CHECK(html.find("a&quot;&lt;script&gt;.go") != std::string::npos);
  // No network: no external references, and a policy that forbids them.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  // The finding's line is marked and its notes follow it.
  CHECK(html.find("id=\"f0-L4\" class=\"mark hot\" data-note=\"f0-N4\"") != std::string::npos);
  CHECK(html.find("1\u2009024 bytes in 8 objects") != std::string::npos);
}

TEST_CASE("html: findings whose file is gone still show their line") {
  Report header;
  header.root = "/nonexistent-root";
  Finding f;
  f.kind = Kind::moved_to_heap;
  f.pos = {"gone.go", 12, 3};
  f.message = "moved to heap: x";
  f.source_line = "\tvar x T";
  PackageResult result;
  result.findings = {f};
  Report tail = header;
  std::string html = render(header, result, tail);
  CHECK(html.find("<td class=\"ln\">12</td><td class=\"code\">\tvar x T</td>") !=
        std::string::npos);
  CHECK(html.find("Allocated bytes") == std::string::npos);  // no profile columns
}
