// JsonTape (support/json_tape.hpp): values built from SAX-like events, read
// back through JsonValue views.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/json_tape.hpp"

using namespace goescape;

TEST_CASE("json tape: objects, arrays and scalars read back", "[json_tape]") {
  // {"a": 1, "list": [true, null, "x", 2.50], "nested": {"b": 18446744073709551615}, "c": "z"}
  JsonTape t;
  t.start_object();
  t.key("a");
  t.integer(1);
  t.key("list");
  t.start_array();
  t.boolean(true);
  t.null();
  t.string("x");
  t.floating(2.5, "2.50");
  t.end_array();
  t.key("nested");
  t.start_object();
  t.key("b");
  t.unsigned_integer(18446744073709551615ull);
  t.end_object();
  t.key("c");
  t.string("z");
  CHECK_FALSE(t.complete());
  t.end_object();
  REQUIRE(t.complete());

  JsonValue root = t.root();
  REQUIRE(root.is_object());
  CHECK(root.find("a").integer() == 1);
  CHECK(root.find("c").string() == "z");
  CHECK_FALSE(root.find("missing"));
  CHECK_FALSE(root.find("a").find("a"));  // not an object
  JsonValue nested = root.find("nested");
  CHECK(nested.find("b").type() == JsonType::unsigned_integer);
  CHECK(nested.find("b").scalar_text() == "18446744073709551615");

  std::vector<std::string> seen;
  for (JsonValue e : root.find("list")) seen.push_back(e.is_null() ? "null" : e.scalar_text());
  CHECK(seen == std::vector<std::string>{"true", "null", "", "2.50"});
  int members = 0;
  for (JsonValue v : root) members += v ? 1 : 0;  // an object iterates its values
  CHECK(members == 4);
  int none = 0;
  for (JsonValue v : root.find("a")) none += v ? 1 : 0;  // a scalar has no elements
  CHECK(none == 0);
}

TEST_CASE("json tape: clear keeps nothing of the last value", "[json_tape]") {
  JsonTape t;
  t.start_array();
  t.string("first");
  t.end_array();
  t.clear();
  CHECK(t.empty());
  t.string("second");
  REQUIRE(t.complete());
  CHECK(t.root().string() == "second");
}
