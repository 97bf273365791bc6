// Type facts for suggestions, from source/type_sizes.hpp: the size of a type
// on a 64-bit target and whether it holds a slice or map, looked up in the
// declarations of the finding's package (every file of it the scanner can
// read). On top, whether the type holds a sync or sync/atomic value, which
// makes it right as a pointer whatever its size (copying a lock is a bug).
#include <fmt/format.h>

#include <filesystem>

#include "analysis/match_engine.hpp"
#include "source/type_sizes.hpp"

namespace goescape {

namespace {

bool is_sync_name(std::string_view t) {
  while (!t.empty() && t[0] == '*') return false;  // a pointer to a lock copies fine
  return t.rfind("sync.", 0) == 0 || t.rfind("atomic.", 0) == 0;
}

// Whether `type` holds (not through a pointer) a sync type, following the
// package's struct declarations a few levels deep.
bool holds_sync(const TypeSizes& sizes, std::string_view type, int depth) {
  type = trim(type);
  if (depth > 8 || type.empty() || type[0] == '*') return false;
  if (is_sync_name(type)) return true;
  if (type[0] == '[') {  // [N]T
    if (type.rfind("[]", 0) == 0) return false;
    std::size_t close = type.find(']');
    return close != std::string_view::npos && holds_sync(sizes, type.substr(close + 1), depth + 1);
  }
  if (const std::vector<GoField>* fields = sizes.struct_fields(type)) {
    for (const GoField& f : *fields)
      if (holds_sync(sizes, f.type, depth + 1)) return true;
  }
  return false;
}

std::vector<const GoSourceFile*> package_files(const MatchInput& in) {
  std::vector<const GoSourceFile*> files;
  if (in.file) files.push_back(in.file);
  if (const GoPackage* pkg = in.ctx.package(in.finding.package)) {
    for (const std::string& base : pkg->files) {
      std::string path = (std::filesystem::path(pkg->dir) / base).lexically_normal().string();
      const GoSourceFile* f = in.ctx.sources.get(path);
      if (f && f != in.file) files.push_back(f);
    }
  }
  return files;
}

}  // namespace

TypeInfo type_facts(std::string_view type, const MatchInput& in) {
  TypeInfo info;
  info.name = std::string(trim(type));
  if (info.name.empty()) return info;
  TypeSizes sizes(package_files(in));
  TypeFacts facts = sizes.facts(info.name);
  info.size = facts.size;
  info.has_slice_or_map = facts.contains_slice_or_map;
  info.sync = holds_sync(sizes, info.name, 0);
  return info;
}

std::string size_text(const TypeInfo& facts) {
  return facts.size ? fmt::format("{} bytes", *facts.size) : std::string("size unknown");
}

bool right_as_pointer(const TypeInfo& facts) {
  if (facts.sync) return true;
  TypeFacts f;
  f.size = facts.size;
  f.contains_slice_or_map = facts.has_slice_or_map;
  return prefers_pointer(f).value_or(false);
}

}  // namespace goescape
