// Facts written as the gofacts helper writes them (src/gofacts/FACTS.md), for
// the tests of the reader, the facts index, attribution and the matchers: one
// package, example.com/m/p in /src/m/p, whose p.go reads
//
//    1 package p
//    2
//    3 type Point struct{ X, Y int64 }
//    4
//    5 func F(n int) *Point {
//    6     p := Point{X: 1}
//    7     g := func() int { return n }
//    8     for i := 0; i < n; i++ {
//    9         _ = fmt.Sprintf("%d %d", uint8(i), int64(i))
//   10     }
//   11     return &Point{X: int64(g())}
//   12 }
//   13
//   14 var registry = map[string]int{"a": 1}
//   15
//   16 func (b *Big) Reset() { *b = Big{} }
#pragma once

#include <stdexcept>
#include <string>

#include "model/facts.hpp"
#include "model/facts_json.hpp"

namespace goescape::testing {

inline const char* const facts_line = R"json({"package": "example.com/m/p", "name": "p",
 "dir": "/src/m/p", "go": "go1.26.8", "goarch": "amd64",
 "files": [{"path": "/src/m/p/p.go", "test": false, "generated": false}],
 "scope": ["F", "Point", "registry"],
 "functions": [
  {"id": 0, "name": "example.com/m/p.F", "kind": "func", "file": 0, "line": 5, "col": 1,
   "end_line": 12, "end_col": 2, "parent": -1, "exported": true, "receiver": "",
   "params": [{"name": "n", "type": "int", "size": 8, "use": "none"}],
   "results": ["*example.com/m/p.Point"], "signature": "func(n int) *Point",
   "test_helper": false, "names": ["g", "i", "n", "p"]},
  {"id": 1, "name": "example.com/m/p.F.func1", "kind": "literal", "file": 0, "line": 7,
   "col": 7, "end_line": 7, "end_col": 31, "parent": 0, "params": [], "results": ["int"]},
  {"id": 2, "name": "example.com/m/p.init", "kind": "package_init", "file": -1, "line": 0,
   "col": 0, "end_line": 0, "end_col": 0, "parent": -1},
  {"id": 3, "name": "example.com/m/p.(*Big).Reset", "kind": "method", "file": 0, "line": 16,
   "col": 1, "end_line": 16, "end_col": 37, "parent": -1, "receiver": "*Big",
   "params": [{"name": "b", "type": "*example.com/m/p.Big", "size": 8, "use": "write"}]}
 ],
 "types": [
  {"name": "example.com/m/p.Point", "short": "p.Point", "kind": "struct", "bits": 0,
   "size": 16, "align": 8, "pointer_shaped": false, "has_pointers": false,
   "slice_or_map": false, "lock": false, "pointer_methods": [], "value_methods": [],
   "stringer": false, "error": false,
   "fields": [{"name": "X", "type": "int64", "size": 8, "offset": 0},
              {"name": "Y", "type": "int64", "size": 8, "offset": 8}]},
  {"name": "example.com/m/p.Big", "short": "p.Big", "kind": "struct", "size": 4096,
   "align": 8, "pointer_methods": ["Reset"]},
  {"name": "func() int", "short": "func() int", "kind": "func", "size": 8, "align": 8,
   "pointer_shaped": true, "has_pointers": true},
  {"name": "map[string]int", "short": "map[string]int", "kind": "map", "size": 8,
   "align": 8, "pointer_shaped": true, "has_pointers": true, "slice_or_map": true},
  {"name": "int", "short": "int", "kind": "int", "bits": 64, "size": 8, "align": 8},
  {"name": "uint8", "short": "uint8", "kind": "uint", "bits": 8, "size": 1, "align": 1},
  {"name": "int64", "short": "int64", "kind": "int", "bits": 64, "size": 8, "align": 8},
  {"name": "string", "short": "string", "kind": "string", "size": 16, "align": 8,
   "has_pointers": true}
 ],
 "sites": [
  {"node": "var", "file": 0, "line": 5, "col": 8, "end_line": 5, "end_col": 9,
   "function": 0, "type": "int", "loop_depth": 0, "context": [], "var": "n",
   "captured": true},
  {"node": "var", "file": 0, "line": 6, "col": 2, "end_line": 6, "end_col": 3,
   "function": 0, "type": "example.com/m/p.Point", "loop_depth": 0, "context": [],
   "var": "p", "addr_taken": false},
  {"node": "func_lit", "file": 0, "line": 7, "col": 7, "end_line": 7, "end_col": 31,
   "function": 0, "type": "func() int", "loop_depth": 0, "context": [],
   "captures": [{"name": "n", "type": "int", "size": 8}]},
  {"node": "call", "file": 0, "line": 9, "col": 17, "end_line": 9, "end_col": 51,
   "function": 0, "type": "string", "loop_depth": 1, "context": [],
   "callee": "fmt.Sprintf", "static": true, "in_module": false, "variadic": true,
   "args": [{"type": "string", "const": true, "value": "\"%d %d\"", "text": "\"%d %d\""},
            {"type": "uint8", "const": false, "text": "uint8(i)"},
            {"type": "int64", "const": false, "text": "int64(i)"}],
   "params": ["string", "[]any"]},
  {"node": "conv_iface", "file": 0, "line": 9, "col": 34, "end_line": 9, "end_col": 42,
   "function": 0, "type": "uint8", "loop_depth": 1, "context": [], "iface": "any",
   "implicit": true},
  {"node": "addr", "file": 0, "line": 11, "col": 9, "end_line": 11, "end_col": 30,
   "function": 0, "type": "example.com/m/p.Point", "loop_depth": 0, "context": [],
   "composite": true},
  {"node": "composite", "file": 0, "line": 11, "col": 10, "end_line": 11, "end_col": 30,
   "function": 0, "type": "example.com/m/p.Point", "loop_depth": 0, "context": [],
   "elements": 1},
  {"node": "var", "file": 0, "line": 14, "col": 5, "end_line": 14, "end_col": 13,
   "function": 2, "type": "map[string]int", "loop_depth": 0, "context": [],
   "var": "registry"},
  {"node": "composite", "file": 0, "line": 14, "col": 16, "end_line": 14, "end_col": 38,
   "function": 2, "type": "map[string]int", "loop_depth": 0, "context": [], "elements": 1},
  {"node": "composite", "file": 0, "line": 16, "col": 31, "end_line": 16, "end_col": 36,
   "function": 3, "type": "example.com/m/p.Big", "loop_depth": 0, "context": [],
   "elements": 0}
 ],
 "loops": [
  {"function": 0, "file": 0, "line": 8, "col": 2, "end_line": 10, "end_col": 3,
   "kind": "for", "range_over": "", "length": "n", "key": "i", "value": "",
   "exits": false, "continues": false, "appends": [], "map_stores": [], "writes": []}
 ],
 "errors": []})json";

// The fixture's facts, parsed (the test fails if they do not read).
inline PackageFacts fixture_facts(std::string line = facts_line) {
  // NDJSON: one line. The fixture is written across lines for reading.
  for (char& c : line)
    if (c == '\n') c = ' ';
  auto read = read_facts_line(line);
  if (!read || !read->package)
    throw std::runtime_error(read ? "not a package line" : read.error().message);
  return std::move(*read->package);
}

// A provider holding the one package of `line` (facts in the helper's form).
inline FactsMap facts_map(std::string line) {
  FactsMap map;
  map.add(fixture_facts(std::move(line)));
  return map;
}

}  // namespace goescape::testing
