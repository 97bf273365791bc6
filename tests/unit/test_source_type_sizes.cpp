// Type sizes on amd64. Every number here was printed by unsafe.Sizeof /
// unsafe.Alignof for the same declarations with go1.22.12 and go1.26.8.
#include <catch2/catch.hpp>
#include <string>

#include "source/go_source.hpp"
#include "source/type_sizes.hpp"

using namespace goescape;

namespace {

constexpr const char* types_go = R"go(package main

import (
	"sync"
	"time"
)

type Small struct {
	a bool
	b int64
	c bool
}
type Packed struct {
	b int64
	a bool
	c bool
}
type TrailingZero struct {
	a int64
	z struct{}
}
type Mixed struct {
	name  string
	tags  []string
	m     map[string]int
	f     func()
	e     error
	ch    chan int
	p     *int
	arr   [3]int16
	c64   complex64
	c128  complex128
	r     rune
	by    byte
	u16   uint16
	f32   float32
}
type Nested struct {
	s   Small
	arr [2]Packed
}
type WithTime struct {
	t  time.Time
	mu sync.Mutex
	id int32
}
type Embedded struct {
	Small
	*Packed
	x uint8
}
type Big struct {
	buf [600]byte
}
type Empty struct{}
type Z struct {
	a [0]int64
	b byte
}
type Node struct {
	next *Node
	val  int
}
type Gen[T any] struct{ v T }
type Ext struct {
	x other.Thing
	n int
}
type Alias = Small
type Defined Packed
type Ints [4]int32
)go";

}  // namespace

TEST_CASE("type sizes match unsafe.Sizeof", "[source]") {
  GoSourceFile f = scan_go_source(types_go);
  TypeSizes sizes({&f});
  struct Row {
    const char* type;
    std::int64_t size, align;
  };
  const Row rows[] = {
      {"Small", 24, 8},
      {"Packed", 16, 8},
      {"TrailingZero", 16, 8},
      {"Mixed", 136, 8},
      {"Nested", 56, 8},
      {"WithTime", 40, 8},
      {"Embedded", 40, 8},
      {"Big", 600, 1},
      {"Empty", 0, 1},
      {"Z", 8, 8},
      {"time.Time", 24, 8},
      {"time.Duration", 8, 8},
      {"sync.Mutex", 8, 4},
      {"sync.RWMutex", 24, 4},
      {"sync.WaitGroup", 16, 8},
      {"sync.Once", 12, 4},
      {"atomic.Int64", 8, 8},
      {"atomic.Int32", 4, 4},
      {"atomic.Bool", 4, 4},
      {"atomic.Value", 16, 8},
      {"strings.Builder", 32, 8},
      {"bytes.Buffer", 40, 8},
      {"context.Context", 16, 8},
      {"struct { a byte; b [3]uint16 }", 8, 2},
      {"struct { a int32; b complex64 }", 12, 4},
      // Plain Go facts.
      {"int", 8, 8},
      {"string", 16, 8},
      {"[]byte", 24, 8},
      {"map[string]int", 8, 8},
      {"*Big", 8, 8},
      {"any", 16, 8},
      {"[10]Small", 240, 8},
      {"Node", 16, 8},
      {"Alias", 24, 8},
      {"Defined", 16, 8},
      {"Ints", 16, 4},
      {"func(int) error", 8, 8},
      {"chan<- int", 8, 8},
  };
  for (const Row& r : rows) {
    INFO(r.type);
    TypeFacts t = sizes.facts(r.type);
    REQUIRE(t.size);
    CHECK(*t.size == r.size);
    CHECK(t.align == r.align);
  }
}

TEST_CASE("unknown types are unknown, never guessed", "[source]") {
  GoSourceFile f = scan_go_source(types_go);
  TypeSizes sizes({&f});
  CHECK_FALSE(sizes.size_of("Gen[int]"));
  CHECK_FALSE(sizes.size_of("Gen"));
  CHECK_FALSE(sizes.size_of("Ext"));
  CHECK_FALSE(sizes.size_of("other.Thing"));
  CHECK_FALSE(sizes.size_of("[N]int"));
  CHECK_FALSE(sizes.size_of("Missing"));
  CHECK_FALSE(sizes.size_of("sync.Map"));
  CHECK_FALSE(sizes.size_of("}{ garbage"));
  CHECK_FALSE(sizes.size_of(""));
  // A type that contains itself (invalid Go) does not loop.
  GoSourceFile loop = scan_go_source("package p\ntype A struct{ b B }\ntype B struct{ a A }\n");
  CHECK_FALSE(TypeSizes({&loop}).size_of("A"));
}

TEST_CASE("slices, maps and pointers for PLAYBOOK section 6", "[source]") {
  GoSourceFile f = scan_go_source(types_go);
  TypeSizes sizes({&f});
  CHECK(sizes.facts("Mixed").contains_slice_or_map);
  CHECK(sizes.facts("Mixed").has_pointers == true);
  CHECK_FALSE(sizes.facts("Small").contains_slice_or_map);
  CHECK(sizes.facts("Small").has_pointers == false);
  CHECK(sizes.facts("WithTime").has_pointers == true);       // time.Time holds *Location
  CHECK_FALSE(sizes.facts("*Mixed").contains_slice_or_map);  // behind a pointer
  CHECK(sizes.facts("[2]map[int]int").contains_slice_or_map);
  CHECK(sizes.facts("Ext").contains_slice_or_map == false);
  CHECK_FALSE(sizes.facts("Ext").has_pointers.has_value());
  CHECK(sizes.facts("[0]*int").has_pointers == false);

  CHECK(prefers_pointer(sizes.facts("Big")) == true);    // 600 > 512
  CHECK(prefers_pointer(sizes.facts("Mixed")) == true);  // holds a slice
  CHECK(prefers_pointer(sizes.facts("Nested")) == false);
  CHECK_FALSE(prefers_pointer(sizes.facts("Ext")).has_value());
}

TEST_CASE("types of other packages and struct fields", "[source]") {
  GoSourceFile f = scan_go_source(types_go);
  GoSourceFile other =
      scan_go_source("package other\ntype Thing struct {\n\tid   int64\n\tname string\n}\n");
  TypeSizes sizes({&f}, {{"other", {&other}}});
  CHECK(sizes.size_of("Ext") == 32);
  CHECK(sizes.size_of("other.Thing") == 24);
  CHECK(sizes.size_of("[]other.Thing") == 24);

  const std::vector<GoField>* fields = sizes.struct_fields("*Small");
  REQUIRE(fields);
  REQUIRE(fields->size() == 3);
  CHECK((*fields)[1].name == "b");
  CHECK((*fields)[1].type == "int64");
  REQUIRE(sizes.struct_fields("Defined"));  // follows `type Defined Packed`
  CHECK(sizes.struct_fields("Defined")->front().name == "b");
  REQUIRE(sizes.struct_fields("other.Thing"));
  CHECK(sizes.struct_fields("other.Thing")->back().name == "name");
  CHECK(sizes.struct_fields("Ints") == nullptr);
  CHECK(sizes.find_type("Gen[int]") != nullptr);
}
