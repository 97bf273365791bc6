#include "analysis/context.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace goescape {

namespace {

// Source files beyond this size are not scanned: no Go file of a real module
// is that large, and a hostile path must not make us read a disk image.
constexpr std::streamoff max_source_bytes = 16 << 20;
// Scanned text kept between packages, whatever trim() is asked to keep: a
// log of the standard library names GOROOT files from every package, and
// rescanning a file costs less than holding hundreds of them.
constexpr std::size_t max_kept_source_bytes = 2 << 20;

}  // namespace

const GoSourceFile* SourceCache::get(const std::string& absolute_path) {
  auto it = files_.find(absolute_path);
  if (it != files_.end()) return it->second.get();
  std::unique_ptr<GoSourceFile> scanned;
  std::ifstream in(absolute_path, std::ios::binary);
  if (in) {
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size >= 0 && size <= max_source_bytes) {
      std::string text(static_cast<std::size_t>(size), '\0');
      if (in.read(text.data(), size)) {
        scanned = std::make_unique<GoSourceFile>(scan_go_source(std::move(text), naming_));
      }
    }
  }
  order_.push_back(absolute_path);
  if (scanned) bytes_ += scanned->text.size();
  return files_.emplace(absolute_path, std::move(scanned)).first->second.get();
}

void SourceCache::trim(std::size_t keep) {
  if (order_.size() <= keep && bytes_ <= max_kept_source_bytes) return;
  std::size_t drop = 0;
  while (drop < order_.size() && (order_.size() - drop > keep || bytes_ > max_kept_source_bytes)) {
    auto it = files_.find(order_[drop++]);
    if (it == files_.end()) continue;
    if (it->second) bytes_ -= it->second->text.size();
    files_.erase(it);
  }
  loaded_packages_.clear();
  order_.erase(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(drop));
}

void SourceCache::load_package(const GoPackage& package, bool tests) {
  if (!loaded_packages_.insert(package.dir).second) return;
  // One numbering per package clause: `p` and its external tests `p_test`
  // are separate packages that share a directory. The compiler receives go
  // list's GoFiles (sorted by name), then TestGoFiles: test files never
  // shift the numbers of the others, and count only when compiled.
  std::vector<std::string> names;
  for (const std::string& name : package.files)
    if (!name.ends_with("_test.go")) names.push_back(name);
  std::sort(names.begin(), names.end());
  if (tests) {
    const std::size_t compiled = names.size();
    for (const std::string& name : package.files)
      if (name.ends_with("_test.go")) names.push_back(name);
    std::sort(names.begin() + static_cast<std::ptrdiff_t>(compiled), names.end());
  }
  std::map<std::string, std::vector<GoSourceFile*>> by_clause;
  for (const std::string& name : names) {
    std::string path = (std::filesystem::path(package.dir) / name).string();
    if (!get(path)) continue;
    GoSourceFile* file = files_[path].get();
    by_clause[file->package_name].push_back(file);
  }
  for (auto& [clause, files] : by_clause) renumber_package(files, naming_);
}

void AnalysisContext::add_package(GoPackage package) {
  package_by_dir[package.dir] = package.import_path;
  std::string key = package.import_path;
  packages[key] = std::move(package);
}

const GoPackage* AnalysisContext::package(const std::string& import_path) const {
  auto it = packages.find(import_path);
  return it == packages.end() ? nullptr : &it->second;
}

const GoPackage* AnalysisContext::package_in_dir(const std::string& dir) const {
  auto it = package_by_dir.find(dir);
  return it == package_by_dir.end() ? nullptr : package(it->second);
}

const FactsIndex* AnalysisContext::facts_for(std::string_view import_path) const {
  if (!facts || import_path.empty()) return nullptr;
  auto it = facts_indexes_.find(import_path);
  if (it == facts_indexes_.end())
    it = facts_indexes_.emplace(std::string(import_path), IndexedFacts{}).first;
  IndexedFacts& indexed = it->second;
  if (indexed.used == 0 || indexed.released) {
    const PackageFacts* package_facts = facts->package(import_path);
    if (package_facts) indexed.index = std::make_unique<FactsIndex>(*package_facts);
    indexed.released = false;
  }
  indexed.used = ++uses_;
  if (indexed.block != block_) {
    indexed.block = block_;
    ++indexed.blocks;
  }
  return indexed.index.get();
}

void AnalysisContext::trim_facts(std::size_t keep) const {
  ++block_;
  std::vector<std::uint64_t> uses;
  for (const auto& [path, indexed] : facts_indexes_)
    if (indexed.index && indexed.blocks < 2) uses.push_back(indexed.used);
  if (uses.size() <= keep) return;
  std::nth_element(uses.begin(), uses.end() - static_cast<std::ptrdiff_t>(keep), uses.end());
  const std::uint64_t oldest_kept =
      keep == 0 ? ~std::uint64_t{0} : *(uses.end() - static_cast<std::ptrdiff_t>(keep));
  for (auto& [path, indexed] : facts_indexes_) {
    if (indexed.index && indexed.blocks < 2 && indexed.used < oldest_kept) {
      indexed.index.reset();
      indexed.released = true;
      facts->release(path);
    }
  }
}

FileFacts AnalysisContext::facts_for_file(const std::string& path, const std::string& block) const {
  if (!facts || path.empty() || path.front() != '/') return {};
  if (const FactsIndex* own = facts_for(block)) {
    if (int file = own->file(path); file >= 0) return {own, file};
  }
  const GoPackage* in_dir =
      package_in_dir(std::filesystem::path(path).parent_path().lexically_normal().string());
  if (in_dir && in_dir->import_path != block) {
    // External tests (`p_test`) share the directory of `p`.
    for (const std::string& candidate : {in_dir->import_path, in_dir->import_path + "_test"}) {
      if (candidate.ends_with("_test") && !path.ends_with("_test.go")) continue;
      if (const FactsIndex* other = facts_for(candidate)) {
        if (int file = other->file(path); file >= 0) return {other, file};
      }
    }
  }
  return {};
}

}  // namespace goescape
