// Size facts about Go types for the value-vs-pointer advice (PLAYBOOK.md §6:
// "> 512 bytes or contains a slice/map -> pointer"): the size and alignment of a
// type as gc lays it out on amd64 (and every 64-bit target), whether a slice or
// map is stored in the value itself, and whether it holds pointers. Works from
// the scanned files of one package (go_source.hpp) plus, optionally, other
// packages of the module; a few well-known standard-library types are built in.
// Anything it cannot know (types of other modules, type parameters, array
// lengths given by constants) is reported as unknown, never guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/go_source.hpp"

namespace goescape {

struct TypeFacts {
  std::optional<std::int64_t> size;  // bytes; nullopt when unknown
  std::int64_t align = 1;            // meaningful when size is known
  // A slice or map stored in the value itself (fields, array elements), not
  // behind a pointer. True as soon as one known part has one.
  bool contains_slice_or_map = false;
  // Whether the value holds pointers (strings, slices, maps, chans, funcs,
  // interfaces, pointers); nullopt when unknown parts could hold them.
  std::optional<bool> has_pointers;
};

// PLAYBOOK §6 threshold: values above this size are usually passed by pointer.
inline constexpr std::int64_t kPointerThresholdBytes = 512;

// Whether PLAYBOOK §6 says "pointer" for a type with these facts: larger than
// 512 bytes or containing a slice/map. nullopt when the size is unknown and no
// slice/map was seen.
std::optional<bool> prefers_pointer(const TypeFacts& facts);

class TypeSizes {
 public:
  // `package_files`: the scanned files of the package whose types are asked
  // about. `other_packages`: further packages of the module, keyed by the name
  // they are qualified with in the source (`model` for `model.User`); types
  // there are resolved within their own package. The pointers must outlive this.
  explicit TypeSizes(std::vector<const GoSourceFile*> package_files,
                     std::map<std::string, std::vector<const GoSourceFile*>> other_packages = {});

  // Facts for a type expression as written in the package: "T", "*T",
  // "[]byte", "[4]int64", "map[string]int", "struct { a int; b bool }",
  // "time.Time", "pkg.T". Never throws; unknown parts give nullopt fields.
  TypeFacts facts(std::string_view type_expr) const;

  // facts(type_expr).size.
  std::optional<std::int64_t> size_of(std::string_view type_expr) const;

  // The declaration of a named type of the package ("T") or of another
  // package ("pkg.T"); a leading '*' and type arguments are ignored. nullptr
  // when not found.
  const GoTypeDecl* find_type(std::string_view name) const;

  // The fields of the struct type `name` (as for find_type), following defined
  // types (`type A B`) within the same package; nullptr when not a known struct.
  const std::vector<GoField>* struct_fields(std::string_view name) const;

 private:
  struct Scope {
    std::map<std::string, const GoTypeDecl*, std::less<>> types;
  };
  const Scope* scope_for(std::string_view qualifier) const;
  friend class TypeEvaluator;

  Scope own_;
  std::map<std::string, Scope, std::less<>> others_;
};

}  // namespace goescape
