// -m=2 explanation blocks: attachment by position and name, several blocks
// per verdict, interleaving, orphans, closure captures; and hostile input.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "model/kind.hpp"
#include "test_parse_support.hpp"

using goescape::Kind;
using goescape::test::parse_text;
using goescape::test::Parsed;
using goescape::test::stats_sum;

namespace {

const goescape::Finding& only(const Parsed& p, const std::string& message) {
  const goescape::Finding* f = p.by_message(message);
  INFO("message: " << message);
  REQUIRE(f != nullptr);
  return *f;
}

std::vector<std::string> reasons(const goescape::Finding& f) {
  std::vector<std::string> out;
  for (const auto& s : f.flow) out.push_back(s.reason);
  return out;
}

using V = std::vector<std::string>;

// go-logs/m2/go1.26.txt, lines 407-428: blocks of p, s and append(s, p)
// interleave; s has two blocks with different sinks.
const char* const appendEsc126 =
    "# example.com/x\n"
    "./main.go:83:26: parameter p leaks to {heap} for appendEsc with derefs=0:\n"
    "./main.go:83:26:   flow: {heap} \xe2\x86\x90 p:\n"
    "./main.go:83:26:     from append(s, p) (call parameter) at ./main.go:83:56\n"
    "./main.go:83:16: parameter s leaks to {heap} for appendEsc with derefs=1:\n"
    "./main.go:83:16:   flow: {temp} \xe2\x86\x90 s:\n"
    "./main.go:83:16:     from append(s, p) (call parameter) at ./main.go:83:56\n"
    "./main.go:83:16:   flow: {heap} \xe2\x86\x90 *{temp}:\n"
    "./main.go:83:16:     from append(s, p) (appendee slice) at ./main.go:83:56\n"
    "./main.go:83:56: append(s, p) escapes to heap in appendEsc:\n"
    "./main.go:83:56:   flow: ~r0 \xe2\x86\x90 &{storage for append(s, p)}:\n"
    "./main.go:83:56:     from append(s, p) (spill) at ./main.go:83:56\n"
    "./main.go:83:56:     from return append(s, p) (return) at ./main.go:83:43\n"
    "./main.go:83:16: parameter s leaks to ~r0 for appendEsc with derefs=0:\n"
    "./main.go:83:16:   flow: {temp} \xe2\x86\x90 s:\n"
    "./main.go:83:16:     from append(s, p) (call parameter) at ./main.go:83:56\n"
    "./main.go:83:16:   flow: {temp} \xe2\x86\x90 {temp}:\n"
    "./main.go:83:16:   flow: ~r0 \xe2\x86\x90 {temp}:\n"
    "./main.go:83:16:     from return append(s, p) (return) at ./main.go:83:43\n"
    "./main.go:83:16: leaking param content: s\n"
    "./main.go:83:16: leaking param: s to result ~r0 level=0\n"
    "./main.go:83:26: leaking param: p\n"
    "./main.go:83:56: append escapes to heap\n";

}  // namespace

TEST_CASE("interleaved 1.25+ blocks attach by position and name", "[parse]") {
  Parsed p = parse_text(appendEsc126);
  CHECK(p.go_minor >= 25);
  CHECK(p.stats.unclassified == 0);
  CHECK(p.stats.orphan_explanations == 0);
  CHECK(p.stats.explanation_lines == 18);
  CHECK(p.stats.verdict_lines == 4);
  CHECK(stats_sum(p.stats) == p.stats.lines);
  REQUIRE(p.findings().size() == 4);  // the headers are not findings

  const auto& app = only(p, "append escapes to heap");
  CHECK(app.kind == Kind::escapes_to_heap);
  CHECK(app.expr == "append(s, p)");  // the header names the call
  CHECK(reasons(app) == V{"flow", "spill", "return"});
  CHECK(app.flow[0].text == "~r0 \xe2\x86\x90 &{storage for append(s, p)}");
  CHECK(app.flow[0].pos == app.pos);
  CHECK(app.flow[2].text == "return append(s, p)");
  CHECK(app.flow[2].pos == goescape::Position{"./main.go", 83, 43});

  const auto& content = only(p, "leaking param content: s");
  CHECK(content.expr == "s");
  CHECK(content.derefs == 1);  // from the block: the verdict does not print it
  CHECK(reasons(content) == V{"flow", "call parameter", "flow", "appendee slice"});

  const auto& to_result = only(p, "leaking param: s to result ~r0 level=0");
  CHECK(to_result.kind == Kind::leaking_param_to_result);
  CHECK(to_result.detail == "~r0");
  CHECK(to_result.derefs == 0);
  CHECK(reasons(to_result) == V{"flow", "call parameter", "flow", "flow", "return"});

  const auto& leak = only(p, "leaking param: p");
  CHECK(reasons(leak) == V{"flow", "call parameter"});
}

TEST_CASE("1.19 wording: `=` flows, headers without FUNC", "[parse]") {
  // go-logs/m2/go1.19.txt
  Parsed p = parse_text(
      "# example.com/x/sub\n"
      "sub/sub.go:5:10: parameter b leaks to ~r0 with derefs=1:\n"
      "sub/sub.go:5:10:   flow: ~r0 = *b:\n"
      "sub/sub.go:5:10:     from b.P (dot of pointer) at sub/sub.go:5:33\n"
      "sub/sub.go:5:10:     from return b.P (return) at sub/sub.go:5:25\n"
      "sub/sub.go:5:10: leaking param: b to result ~r0 level=1\n"
      "sub/sub.go:7:31: &Box{...} escapes to heap:\n"
      "sub/sub.go:7:31:   flow: ~r0 = &{storage for &Box{...}}:\n"
      "sub/sub.go:7:31:     from &Box{...} (spill) at sub/sub.go:7:31\n"
      "sub/sub.go:7:31:     from return &Box{...} (return) at sub/sub.go:7:24\n"
      "sub/sub.go:7:10: v escapes to heap:\n"
      "sub/sub.go:7:10:   flow: {storage for &Box{...}} = &v:\n"
      "sub/sub.go:7:10:     from &v (address-of) at sub/sub.go:7:39\n"
      "sub/sub.go:7:10:     from Box{...} (struct literal element) at sub/sub.go:7:35\n"
      "sub/sub.go:7:10: parameter v leaks to {storage for &Box{...}} with derefs=0:\n"
      "sub/sub.go:7:10:   flow: {storage for &Box{...}} = &v:\n"
      "sub/sub.go:7:10:     from &v (address-of) at sub/sub.go:7:39\n"
      "sub/sub.go:7:10:     from Box{...} (struct literal element) at sub/sub.go:7:35\n"
      "sub/sub.go:7:10: moved to heap: v\n"
      "sub/sub.go:7:31: &Box{...} escapes to heap\n");
  CHECK(p.go_minor < 25);
  CHECK(p.stats.orphan_explanations == 0);
  CHECK(p.stats.unclassified == 0);
  REQUIRE(p.findings().size() == 3);
  const auto& moved = only(p, "moved to heap: v");
  CHECK(moved.kind == Kind::moved_to_heap);
  CHECK(moved.expr == "v");
  CHECK(reasons(moved) == V{"flow", "address-of", "struct literal element"});
  CHECK(moved.flow[0].text == "{storage for &Box{...}} \xe2\x86\x90 &v");  // one arrow for all
  const auto& lit = only(p, "&Box{...} escapes to heap");
  CHECK(reasons(lit) == V{"flow", "spill", "return"});
  CHECK(only(p, "leaking param: b to result ~r0 level=1").derefs == 1);
}

TEST_CASE("several blocks: the shortest becomes the flow", "[parse]") {
  Parsed p = parse_text(
      "./a.go:5:2: x escapes to heap in f:\n"
      "./a.go:5:2:   flow: {heap} \xe2\x86\x90 &x:\n"
      "./a.go:5:2:     from &x (address-of) at ./a.go:6:7\n"
      "./a.go:5:2:     from g(&x) (call parameter) at ./a.go:6:3\n"
      "./a.go:5:2:     from h(g(&x)) (call parameter) at ./a.go:6:2\n"
      "./a.go:9:1: y escapes to heap in f:\n"
      "./a.go:9:1:   flow: {heap} \xe2\x86\x90 &y:\n"
      "./a.go:9:1:     from &y (address-of) at ./a.go:9:9\n"
      "./a.go:5:2: x escapes to heap in f:\n"
      "./a.go:5:2:   flow: sink \xe2\x86\x90 &x:\n"
      "./a.go:5:2:     from sink = &x (assign) at ./a.go:7:2\n"
      "./a.go:5:2: moved to heap: x\n"
      "./a.go:9:1: moved to heap: y\n");
  CHECK(p.stats.orphan_explanations == 0);
  CHECK(p.stats.explanation_lines == 11);
  const auto& x = only(p, "moved to heap: x");
  CHECK(reasons(x) == V{"flow", "assign"});
  CHECK(x.flow[1].text == "sink = &x");
  CHECK(reasons(only(p, "moved to heap: y")) == V{"flow", "address-of"});
}

TEST_CASE("an explained escape without a verdict is a finding, stray lines stay orphans",
          "[parse]") {
  Parsed p = parse_text(
      "# runtime\n"
      "/usr/local/go/src/runtime/mgc.go:214:2: func literal escapes to heap in gcenable:\n"
      "/usr/local/go/src/runtime/mgc.go:214:2:   flow: {heap} \xe2\x86\x90 &{storage for func "
      "literal}:\n"
      "/usr/local/go/src/runtime/mgc.go:214:2:     from func literal (spill) at "
      "/usr/local/go/src/runtime/mgc.go:214:2\n"
      "/usr/local/go/src/runtime/mgc.go:214:2: gcenable capturing by value: .autotmp_1 "
      "(addr=false assign=false width=8)\n"
      "./x.go:3:3:     from stray (assign) at ./x.go:3:9\n"
      "./x.go:5:7: parameter p leaks to {storage for func literal} for F with derefs=0:\n"
      "./x.go:5:7:   flow: {storage for func literal} \xe2\x86\x90 p:\n"
      "# next\n"
      "./t.go:1:1: truncated escapes to heap:\n"
      "./t.go:1:1:   flow: a = b:");  // cut off at EOF, no newline
  // The stray line and the leak block without a leak verdict.
  CHECK(p.stats.orphan_explanations == 3);
  CHECK(p.stats.explanation_lines == 5);
  CHECK(p.stats.verdict_lines == 1);  // the capture, kept as an `other` finding
  CHECK(stats_sum(p.stats) == p.stats.lines);
  REQUIRE(p.packages.size() == 2);

  const auto& wrapper = only(p, "func literal escapes to heap in gcenable");
  CHECK(wrapper.synthesized);
  CHECK(wrapper.kind == Kind::escapes_to_heap);
  CHECK(wrapper.expr == "func literal");
  CHECK(wrapper.pos.file == "/usr/local/go/src/runtime/mgc.go");
  CHECK(wrapper.pos.line == 214);
  CHECK(wrapper.pos.col == 2);
  CHECK(wrapper.log_function == "gcenable");
  CHECK(reasons(wrapper) == V{"flow", "spill"});
  const auto& d = p.packages[0].diagnostics;
  REQUIRE(d.size() == 3);
  CHECK(d[0].text == "./x.go:3:3:     from stray (assign) at ./x.go:3:9");
  CHECK(d[1].text ==
        "./x.go:5:7: parameter p leaks to {storage for func literal} for F with "
        "derefs=0:");

  const auto& cut = only(p, "truncated escapes to heap");
  CHECK(cut.synthesized);
  CHECK(cut.pos.file == "./t.go");
  CHECK(reasons(cut) == V{"flow"});
  CHECK(p.packages[1].diagnostics.empty());
}

TEST_CASE("blocks of one explained escape make one synthesized finding, the shortest flow",
          "[parse]") {
  Parsed p = parse_text(
      "# example.com/x\n"
      "./main.go:208:3: func literal escapes to heap:\n"
      "./main.go:208:3:   flow: {heap} = &{storage for func literal}:\n"
      "./main.go:208:3:     from func literal (spill) at ./main.go:208:3\n"
      "./main.go:208:3:     from go func literal() (call parameter) at ./main.go:208:3\n"
      "./main.go:208:3: func literal escapes to heap:\n"
      "./main.go:208:3:   flow: {heap} = &{storage for func literal}:\n"
      "./main.go:208:3:     from func literal (spill) at ./main.go:208:3\n"
      "./main.go:208:6: func literal escapes to heap:\n"
      "./main.go:208:6:   flow: .autotmp_4 = &{storage for func literal}:\n"
      "./main.go:208:6: func literal escapes to heap\n");
  // The verdict at 208:6 keeps its own block; the wrapper's two blocks at
  // 208:3 are one finding with the same message.
  REQUIRE(p.findings().size() == 2);
  const auto& literal = *p.findings()[0];
  CHECK_FALSE(literal.synthesized);
  CHECK(literal.pos.col == 6);
  CHECK(literal.flow.size() == 1);
  const auto& wrapper = *p.findings()[1];
  CHECK(wrapper.synthesized);
  CHECK(*wrapper.message == "func literal escapes to heap");
  CHECK(wrapper.pos.col == 3);
  CHECK(wrapper.flow.size() == 2);
  CHECK(p.stats.orphan_explanations == 0);
  CHECK(p.stats.explanation_lines == 9);
  CHECK(stats_sum(p.stats) == p.stats.lines);
}

TEST_CASE("a variable's explanation explains the constant Go 1.25+ prints for it", "[parse]") {
  // Go 1.26: `s := "abc"; sink = s` (escape.go rewriteWithLiterals).
  Parsed p = parse_text(
      "# example.com/x\n"
      "./p.go:24:39: s escapes to heap in VarString:\n"
      "./p.go:24:39:   flow: {heap} \xe2\x86\x90 &{storage for s}:\n"
      "./p.go:24:39:     from s (spill) at ./p.go:24:39\n"
      "./p.go:24:39:     from sink = s (assign) at ./p.go:24:37\n"
      "./p.go:24:39: \"abc\" escapes to heap\n"
      "./p.go:30:9: y escapes to heap in G:\n"
      "./p.go:30:9:   flow: {heap} \xe2\x86\x90 &{storage for y}:\n"
      "./p.go:30:9: z escapes to heap\n");
  REQUIRE(p.findings().size() == 3);
  const auto& constant = only(p, "\"abc\" escapes to heap");
  CHECK_FALSE(constant.synthesized);
  CHECK(reasons(constant) == V{"flow", "spill", "assign"});
  CHECK(constant.log_function == "VarString");
  // A variable's verdict is no rewrite: the block stays a finding of its own.
  CHECK(only(p, "y escapes to heap in G").synthesized);
  CHECK(only(p, "z escapes to heap").flow.empty());
  CHECK(stats_sum(p.stats) == p.stats.lines);
}

TEST_CASE("closure captures attach to the moved variable, else stay findings", "[parse]") {
  // go-logs/m2/go1.26.txt (closure, closureByVal) and edge/go1.26.m2.txt (closureBig).
  Parsed p = parse_text(
      "# example.com/x\n"
      "./main.go:48:42: closure capturing by ref: x (addr=false assign=true width=8)\n"
      "./main.go:48:57: func literal escapes to heap in closure:\n"
      "./main.go:48:57:   flow: ~r0 \xe2\x86\x90 &{storage for func literal}:\n"
      "./main.go:48:57:     from func literal (spill) at ./main.go:48:57\n"
      "./main.go:48:57:     from return func literal (return) at ./main.go:48:50\n"
      "./main.go:48:42: x escapes to heap in closure:\n"
      "./main.go:48:42:   flow: {storage for func literal} \xe2\x86\x90 &x:\n"
      "./main.go:48:42:     from x (captured by a closure) at ./main.go:48:70\n"
      "./main.go:48:42:     from x (reference) at ./main.go:48:70\n"
      "./main.go:48:42: moved to heap: x\n"
      "./main.go:48:57: func literal escapes to heap\n"
      "./main.go:50:42: closureByVal capturing by value: x (addr=false assign=false width=8)\n"
      "edge/edge.go:67:2: nestedClosure capturing by value: x (addr=false assign=false "
      "width=8)\n"
      "edge/edge.go:67:2: nestedClosure capturing by value: x (addr=false assign=false "
      "width=8)\n"
      "edge/edge.go:32:6: closureBig capturing by value: arr (addr=false assign=false "
      "width=280)\n");
  CHECK(p.stats.unclassified == 0);
  CHECK(p.stats.orphan_explanations == 0);
  CHECK(stats_sum(p.stats) == p.stats.lines);
  const auto& moved = only(p, "moved to heap: x");
  REQUIRE(moved.captures.size() == 1);
  CHECK(moved.captures[0] == goescape::Capture{"closure", "x", true, false, true, 8});
  CHECK(reasons(moved) == V{"flow", "captured by a closure", "reference"});
  CHECK(p.by_message("closure capturing by ref: x (addr=false assign=true width=8)") == nullptr);

  const auto& byval =
      only(p, "closureByVal capturing by value: x (addr=false assign=false width=8)");
  CHECK(byval.kind == Kind::other);
  CHECK(byval.expr == "x");
  CHECK(byval.detail == "capturing by value");
  REQUIRE(byval.captures.size() == 1);
  CHECK_FALSE(byval.captures[0].by_ref);

  const auto& nested =
      only(p, "nestedClosure capturing by value: x (addr=false assign=false width=8)");
  CHECK(nested.occurrences == 2);
  const auto& big =
      only(p, "closureBig capturing by value: arr (addr=false assign=false width=280)");
  REQUIRE(big.captures.size() == 1);
  CHECK(big.captures[0].width == 280);
  CHECK(big.captures[0].closure == "closureBig");
  CHECK(p.findings().size() == 5);
}

TEST_CASE("1.25+ make text differs between header and verdict", "[parse]") {
  Parsed p = parse_text(
      "# compress/flate\n"
      "/usr/local/go/src/compress/flate/inflate.go:795:13: make([]byte, size) escapes to heap "
      "in (*decompressor).Reset:\n"
      "/usr/local/go/src/compress/flate/inflate.go:795:13:   flow: {heap} \xe2\x86\x90 "
      "&{storage for make([]byte, size)}:\n"
      "/usr/local/go/src/compress/flate/inflate.go:795:13:     from make([]byte, size) (spill) "
      "at /usr/local/go/src/compress/flate/inflate.go:795:13\n"
      "/usr/local/go/src/compress/flate/inflate.go:795:13: (*decompressor).Reset ignoring "
      "self-assignment in dd.hist = dd.hist[:size]\n"
      "/usr/local/go/src/compress/flate/inflate.go:795:13: make([]byte, 32768) escapes to heap\n");
  CHECK(p.stats.orphan_explanations == 0);
  const auto& f = only(p, "make([]byte, 32768) escapes to heap");
  CHECK(f.expr == "make([]byte, 32768)");
  CHECK(reasons(f) == V{"flow", "spill"});
  CHECK(
      only(p, "(*decompressor).Reset ignoring self-assignment in dd.hist = dd.hist[:size]").kind ==
      Kind::other);
}

TEST_CASE("truncated explanation warning is part of the flow", "[parse]") {
  Parsed p = parse_text(
      "issue35518.go:22:6: x escapes to heap:\n"
      "issue35518.go:22:6:   flow: {heap} = &x:\n"
      "issue35518.go:22:6:     from &x (address-of) at issue35518.go:23:9\n"
      "issue35518.go:22:6:   warning: truncated explanation due to assignment cycle; see "
      "golang.org/issue/35518\n"
      "issue35518.go:22:6: moved to heap: x\n");
  const auto& f = only(p, "moved to heap: x");
  CHECK(reasons(f) == V{"flow", "address-of", "warning"});
  CHECK(f.flow[2].text ==
        "truncated explanation due to assignment cycle; see golang.org/issue/35518");
}

TEST_CASE("hostile input never crashes or hangs", "[parse]") {
  SECTION("empty log") {
    Parsed p = parse_text("");
    CHECK(p.stats.lines == 0);
    CHECK(p.packages.empty());
  }
  SECTION("binary, NUL, invalid UTF-8, CRLF") {
    using namespace std::string_literals;
    std::string text = "# p\r\n./a.go:1:2: moved to heap: x\r\n";
    text += "\0\x01\xff\xfe:1:2: \xc3\x28 escapes to heap\r\n"s;
    text += "./a.go:1:2: \0 does not escape\n"s;
    text += "\xff\xff\xff\n{\"Action\":\"build-output\",\"Output\":\"\xff\"}\n{{{{\n::::1:::\n";
    text += "\x1b[31m./a.go:3:4: moved to heap: y\x1b[0m\n";
    Parsed p = parse_text(text);
    CHECK(stats_sum(p.stats) == p.stats.lines);
    CHECK(p.stats.lines == 9);
    const auto& f = only(p, "moved to heap: x");  // CR removed
    CHECK(f.expr == "x");
    CHECK(p.stats.header_lines == 1);
    CHECK(p.packages[0].package == "p");
  }
  SECTION("a 3 MB line through parse_stream is cut, not buffered") {
    std::string big = "./a.go:1:2: can inline f with cost 3 as: " + std::string(3 << 20, 'x');
    Parsed p = parse_text("# p\n" + big + "\n./a.go:2:2: moved to heap: z\n");
    CHECK(p.stats.lines == 3);
    CHECK(p.stats.unclassified == 1);
    REQUIRE(p.diagnostics().size() == 1);
    CHECK(p.diagnostics()[0]->text.size() <= 1024);
    CHECK(p.diagnostics()[0]->text.starts_with("./a.go:1:2: can inline f"));
    CHECK(p.by_message("moved to heap: z") != nullptr);
  }
  SECTION("a 3 MB line fed directly is classified in linear time") {
    goescape::LogParser parser(nullptr);
    std::string colons;
    for (int i = 0; i < 300000; ++i) colons += "a:1: ";
    parser.feed(colons);
    parser.feed("./a.go:1:2: can inline f with cost 3 as: " + std::string(3 << 20, 'y'));
    parser.feed(std::string(3 << 20, '{'));
    parser.feed("{" + std::string(1 << 20, '['));
    parser.finish();
    CHECK(parser.stats().lines == 4);
    CHECK(stats_sum(parser.stats()) == 4);
    CHECK(parser.stats().verdict_lines == 1);
  }
  SECTION("small max_line still accounts for every line") {
    Parsed p = parse_text("# p\n./a.go:1:2: moved to heap: x\nshort\n", 8);
    CHECK(p.stats.lines == 3);
    CHECK(p.stats.unclassified == 2);
    CHECK(stats_sum(p.stats) == 3);
  }
}

TEST_CASE("Go 1.19's heading with a call's arguments explains the verdict with ... argument",
          "[parse]") {
  // samples/logs/go1.19/m2.txt, internal/kv/kv.go:147.
  Parsed p = parse_text(
      "# example.com/x\n"
      "./kv.go:147:20: fmt.Sprintf(\"kv(%q): %v\", line, err) escapes to heap:\n"
      "./kv.go:147:20:   flow: {heap} = &{storage for fmt.Sprintf(\"kv(%q): %v\", line, err)}:\n"
      "./kv.go:147:20:     from fmt.Sprintf(\"kv(%q): %v\", line, err) (spill) at ./kv.go:147:20\n"
      "./kv.go:147:20: fmt.Sprintf(\"kv(%q): %v\", ... argument...) escapes to heap\n"
      "./kv.go:147:20: ... argument does not escape\n");
  REQUIRE(p.findings().size() == 2);
  const auto& verdict = only(p, "fmt.Sprintf(\"kv(%q): %v\", ... argument...) escapes to heap");
  CHECK_FALSE(verdict.synthesized);
  CHECK(reasons(verdict) == V{"flow", "spill"});
  CHECK(p.stats.orphan_explanations == 0);
  CHECK(p.stats.explanation_lines == 3);
  CHECK(stats_sum(p.stats) == p.stats.lines);
}
