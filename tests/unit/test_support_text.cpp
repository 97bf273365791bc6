// support/text: the one trim, line splitter, UTF-8 decoder and Go literal
// skipper the stages share.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "support/text.hpp"

using namespace goescape;
using Lines = std::vector<std::string_view>;

TEST_CASE("trim removes ASCII white space at both ends only") {
  CHECK(trim("  a b\t\r\n") == "a b");
  CHECK(trim("\v\fx") == "x");
  CHECK(trim("") == "");
  CHECK(trim(" \t\r\n ") == "");
  CHECK(trim("\xc2\xa0x") == "\xc2\xa0x");  // no-break space is not ASCII white space
}

TEST_CASE("split_lines: a final newline ends the last line") {
  CHECK(split_lines("") == Lines{});
  CHECK(split_lines("a") == Lines{"a"});
  CHECK(split_lines("a\n") == Lines{"a"});
  CHECK(split_lines("a\n\nb") == Lines{"a", "", "b"});
  CHECK(split_lines("a\r\nb\r\n") == Lines{"a", "b"});
  CHECK(split_lines("\n") == Lines{""});
  CHECK(split_lines("a\rb") == Lines{"a\rb"});  // only a '\r' before '\n' goes
}

TEST_CASE("decode_utf8 accepts exactly the valid sequences") {
  CHECK(decode_utf8("A", 0).value == U'A');
  CHECK(decode_utf8("A", 0).length == 1);
  CHECK(decode_utf8("\xc3\xa9", 0).value == U'\u00e9');
  CHECK(decode_utf8("\xe2\x86\x90", 0).value == U'\u2190');
  CHECK(decode_utf8("\xf0\x9f\x98\x80", 0).value == U'\U0001F600');
  CHECK(decode_utf8("x\xf0\x9f\x98\x80", 1).length == 4);
  // Invalid: lone continuation, overlong, surrogate, past U+10FFFF, truncated.
  for (std::string_view bad : {"\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                               "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "\xe2\x86", "\xff"}) {
    INFO(std::string(bad));
    CHECK(decode_utf8(bad, 0).length == 0);
  }
}

TEST_CASE("skip_go_literal ends strings, raw strings and runes as Go does") {
  CHECK(skip_go_literal(R"("a\"b" + c)", 0) == 6);
  CHECK(skip_go_literal(R"('\'' x)", 0) == 4);
  CHECK(skip_go_literal("`a\\`b", 0) == 4);      // no escapes in a raw string
  CHECK(skip_go_literal("`a\nb` c", 0) == 5);    // a raw string spans lines
  CHECK(skip_go_literal("\"abc\nd\"", 0) == 4);  // an interpreted one ends at the line end
  CHECK(skip_go_literal("\"a\\\nb\"", 0) == 3);  // even after a backslash
  CHECK(skip_go_literal("\"abc", 0) == 4);       // unterminated: the end of the text
  CHECK(skip_go_literal("\"a\\", 0) == 3);
  CHECK(skip_go_literal("x = \"\"", 4) == 6);
}

TEST_CASE("is_printed_literal: constants as the compiler prints them, nothing else") {
  for (const char* yes : {"5", "-1", "1.5", "1e+06", "(1+2i)", "0x1f", "true", "\"abc\"",
                          "\"cut by the compil\"...", "`raw`", "'x'"})
    CHECK(is_printed_literal(yes));
  for (const char* no : {"", "x", "~r0", "pkg.name", "int64(5)", "([]byte)(s)", "\"a\" + s",
                         "\"%d\", ... argument...", "-x", "(x)"})
    CHECK_FALSE(is_printed_literal(no));
}

TEST_CASE("collapse_type_arguments writes each outermost bracket list as [...]") {
  CHECK(collapse_type_arguments("slices.Grow[go.shape.[]uint8,go.shape.uint8]") ==
        "slices.Grow[...]");
  CHECK(collapse_type_arguments("p.(*LRU[string,p.T]).Put") == "p.(*LRU[...]).Put");
  CHECK(collapse_type_arguments("p.F") == "p.F");
  CHECK(collapse_type_arguments("p.F[int") == "p.F[...]");  // unterminated: closed
}

TEST_CASE("without_shapes makes instantiations of one generic site read alike") {
  CHECK(without_shapes("&cache.LRU[go.shape.int,go.shape.string]{...} escapes to heap") ==
        "&cache.LRU[go.shape,go.shape]{...} escapes to heap");
  CHECK(without_shapes("make([]go.shape.[]uint8, n)") == "make([]go.shape, n)");
  CHECK(without_shapes("f[go.shape.struct { a int; b []int },go.shape.interface {}]") ==
        "f[go.shape,go.shape]");
  CHECK(without_shapes("x[i] escapes to heap") == "x[i] escapes to heap");
  CHECK(without_shapes("p.T[string]") == "p.T[string]");  // a real type argument stays
}

TEST_CASE("human_bytes: binary units, one decimal") {
  CHECK(human_bytes(0) == "0 B");
  CHECK(human_bytes(1023) == "1023 B");
  CHECK(human_bytes(1536) == "1.5 KiB");
  CHECK(human_bytes(3 << 20) == "3.0 MiB");
}
