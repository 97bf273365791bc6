// Unit tests of output/escape.hpp: each escaper against the text that would
// break its target syntax.
#include <catch2/catch.hpp>

#include "output/escape.hpp"

using namespace goescape;

TEST_CASE("valid_utf8 replaces invalid sequences and keeps valid text", "[output][escape]") {
  CHECK(valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(valid_utf8("a\xFF"
                   "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  CHECK(valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(valid_utf8("cut \xE2\x82") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(valid_utf8(std::string_view("n\0l", 3)) == std::string("n\0l", 3));
}

TEST_CASE("truncate_utf8 never splits a code point", "[output][escape]") {
  CHECK(truncate_utf8("short", 10) == "short");
  std::string cut = truncate_utf8("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6);
  CHECK(cut == "\xC3\xA9\xE2\x80\xA6");
  CHECK(valid_utf8(cut) == cut);
}

TEST_CASE("utf16_column converts byte columns", "[output][escape]") {
  // "\t😀é := 1; y": y is at byte 13; the emoji is 2 UTF-16 units, é one.
  std::string line = "\t\xF0\x9F\x98\x80\xC3\xA9 := 1; y";
  CHECK(utf16_column(line, 1) == 1);
  CHECK(utf16_column(line, 2) == 2);
  CHECK(utf16_column(line, 6) == 4);  // after the emoji
  CHECK(utf16_column(line, 13) == 10);
  CHECK(utf16_column(line, 14) == 11);  // one past the end
  CHECK(utf16_column(line, 20) == 17);  // past the end keeps its distance
  CHECK(utf16_column("", 7) == 7);      // no source: byte column
  CHECK(utf16_column("a\xFF"
                     "b",
                     3) == 3);  // an invalid byte is one unit
}

TEST_CASE("github escaping follows the runner and round-trips", "[output][escape]") {
  CHECK(github_data("100%\r\nx:y,z") == "100%25%0D%0Ax:y,z");
  CHECK(github_property("100%\r\nx:y,z") == "100%25%0D%0Ax%3Ay%2Cz");
  CHECK(github_property("%0A") == "%250A");
  for (std::string text :
       {"a,line=1,title=x::injected", "%250A%3A%", "::error::x\n::warning::y", "tab\there"}) {
    CHECK(github_unescape(github_property(text), true) == text);
    CHECK(github_unescape(github_data(text), false) == text);
    CHECK(github_property(text).find_first_of("\r\n:,") == std::string::npos);
    CHECK(github_data(text).find_first_of("\r\n") == std::string::npos);
  }
  // Controls that are not line breaks for the runner are still made inert.
  CHECK(github_data(std::string("a\0b\x1b[31m\xC2\x85", 9)) ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD[31m\xEF\xBF\xBD");
  CHECK(github_data("\xE2\x80\xA8") == "\xEF\xBF\xBD");
}

TEST_CASE("xml_escape yields legal XML 1.0 text", "[output][escape]") {
  CHECK(xml_escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  CHECK(xml_escape("]]>") == "]]&gt;");
  CHECK(xml_escape("a\nb\r\tc") == "a&#10;b&#13;&#9;c");
  CHECK(xml_escape(std::string("\0\x01\x1f", 3)) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(xml_escape("\xEF\xBF\xBF") == "\xEF\xBF\xBD");  // U+FFFF is not a Char
  CHECK(xml_escape("bad\xFF") == "bad\xEF\xBF\xBD");
}

TEST_CASE("html_escape leaves no markup", "[output][escape]") {
  CHECK(html_escape("<script>alert('x')</script>&") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
}

TEST_CASE("markdown_text and markdown_code stay inert in a table cell", "[output][escape]") {
  std::string text = markdown_text("a|b <script> `c` *d* [e](f) @user #12\nnext");
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.find("\\|") != std::string::npos);
  CHECK(text.find("&lt;script&gt;") != std::string::npos);
  CHECK(text.find("@user") == std::string::npos);  // a word joiner follows @
  CHECK(text.find("#12") == std::string::npos);

  CHECK(markdown_code("pkg.(*T).M") == "`pkg.(*T).M`");
  CHECK(markdown_code("a`b") == "``a`b``");
  CHECK(markdown_code("`x`") == "`` `x` ``");
  CHECK(markdown_code("a|b") == "`a\\|b`");
  CHECK(markdown_code("x <- ch").find('<') == std::string::npos);
  CHECK(markdown_code("").empty());
}

TEST_CASE("markdown_code_block fences past any backtick run", "[output][escape]") {
  std::string block = markdown_code_block("a ```` b", "go");
  CHECK(block.starts_with("`````go\n"));
  CHECK(block.ends_with("\n`````\n"));
}

TEST_CASE("uri_from_path percent-encodes a relative reference", "[output][escape]") {
  CHECK(uri_from_path("internal/buf/buf.go") == "internal/buf/buf.go");
  CHECK(uri_from_path("a b/c%d#e?f.go") == "a%20b/c%25d%23e%3Ff.go");
  CHECK(uri_from_path("c:x.go") == "c%3Ax.go");
  CHECK(uri_from_path("\xC3\xBC.go") == "%C3%BC.go");
  CHECK(uri_from_path("a\nb") == "a%0Ab");
  CHECK(uri_from_path("/usr/lib/go/src/x.go") == "file:///usr/lib/go/src/x.go");
}
