#include "model/facts.hpp"

namespace goescape {

bool FactSpan::contains(std::int32_t at_line, std::int32_t at_col) const {
  if (at_line < line || at_line > end_line) return false;
  if (at_col <= 0) return true;
  if (at_line == line && at_col < col) return false;
  if (at_line == end_line && at_col >= end_col) return false;
  return true;
}

std::string_view PackageFacts::text(FactText id) const {
  if (id == 0 || id + 1 >= offsets_.size()) return {};
  return std::string_view(pool_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
}

FactText PackageFacts::intern(std::string_view s) {
  if (s.empty()) return 0;
  if (auto it = interned_.find(s); it != interned_.end()) return it->second;
  const auto id = static_cast<FactText>(offsets_.size() - 1);
  pool_.append(s);
  offsets_.push_back(static_cast<std::uint32_t>(pool_.size()));
  interned_.emplace(std::string(s), id);
  return id;
}

void PackageFacts::seal() {
  interned_.clear();
  pool_.shrink_to_fit();
  offsets_.shrink_to_fit();
}

const FactFunction* PackageFacts::function(std::int32_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= functions.size()) return nullptr;
  return &functions[static_cast<std::size_t>(id)];
}

void FactsMap::add(PackageFacts facts) {
  std::string key = facts.import_path;
  packages_[key] = std::make_unique<PackageFacts>(std::move(facts));
}

const PackageFacts* FactsMap::package(std::string_view import_path) const {
  auto it = packages_.find(import_path);
  return it == packages_.end() ? nullptr : it->second.get();
}

}  // namespace goescape
