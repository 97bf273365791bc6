#include "analysis/facts_index.hpp"

#include <algorithm>
#include <tuple>

namespace goescape {

namespace {

// (line, col) ordering of positions; col 0 sorts before every column.
bool before(std::int32_t line_a, std::int32_t col_a, std::int32_t line_b, std::int32_t col_b) {
  return std::tie(line_a, col_a) < std::tie(line_b, col_b);
}

}  // namespace

FactsIndex::FactsIndex(const PackageFacts& facts) : facts_(facts) {
  for (std::size_t i = 0; i < facts.files.size(); ++i)
    files_.emplace(facts.files[i].path, static_cast<int>(i));

  sites_by_position_.resize(facts.sites.size());
  for (std::uint32_t i = 0; i < facts.sites.size(); ++i) {
    sites_by_position_[i] = i;
    const FactSite& s = facts.sites[i];
    if (s.node == SiteNode::var && s.var != 0) variables_[facts.text(s.var)].push_back(i);
  }
  std::stable_sort(sites_by_position_.begin(), sites_by_position_.end(),
                   [&](std::uint32_t a, std::uint32_t b) {
                     const FactSite& x = facts.sites[a];
                     const FactSite& y = facts.sites[b];
                     return std::tie(x.file, x.line, x.col) < std::tie(y.file, y.line, y.col);
                   });

  spans_.resize(facts.files.size());
  function_names_.reserve(facts.functions.size());
  for (std::uint32_t id = 0; id < facts.functions.size(); ++id) {
    const FactFunction& fn = facts.functions[id];
    std::string_view name = facts.text(fn.name);
    functions_.emplace(name, id);
    function_names_.push_back(name);
    if (fn.kind == FunctionKind::package_init && !package_init_) package_init_ = &fn;
    if (fn.has_span && fn.span.file < spans_.size()) spans_[fn.span.file].push_back(id);
  }
  std::sort(function_names_.begin(), function_names_.end());
  for (std::uint32_t i = 0; i < facts.types.size(); ++i) {
    types_.emplace(facts.text(facts.types[i].name), i);
    types_by_short_name_.emplace(facts.text(facts.types[i].short_name), i);
  }
}

int FactsIndex::file(std::string_view path) const {
  auto it = files_.find(path);
  return it == files_.end() ? -1 : it->second;
}

std::vector<const FactSite*> FactsIndex::sites_on_line(int file, int line) const {
  std::vector<const FactSite*> out;
  auto key = std::make_pair(file, line);
  auto it = std::lower_bound(sites_by_position_.begin(), sites_by_position_.end(), key,
                             [&](std::uint32_t i, const std::pair<int, int>& k) {
                               const FactSite& s = facts_.sites[i];
                               return std::make_pair(static_cast<int>(s.file), s.line) < k;
                             });
  for (; it != sites_by_position_.end(); ++it) {
    const FactSite& s = facts_.sites[*it];
    if (static_cast<int>(s.file) != file || s.line != line) break;
    out.push_back(&s);
  }
  return out;
}

std::vector<const FactSite*> FactsIndex::sites_at(int file, int line, int col) const {
  std::vector<const FactSite*> out = sites_on_line(file, line);
  std::erase_if(out, [col](const FactSite* s) { return s->col != col; });
  return out;
}

const FactFunction* FactsIndex::function_at(int file, int line, int col,
                                            bool literal_itself) const {
  if (file < 0 || static_cast<std::size_t>(file) >= spans_.size()) return nullptr;
  const FactFunction* best = nullptr;
  for (std::uint32_t id : spans_[static_cast<std::size_t>(file)]) {
    const FactFunction& fn = facts_.functions[id];
    const FactSpan& s = fn.span;
    switch (fn.kind) {
      case FunctionKind::go_wrapper:
      case FunctionKind::defer_wrapper:
        continue;
      case FunctionKind::range_body:
        if (line <= s.line) continue;
        break;
      case FunctionKind::literal:
        if (!literal_itself && line == s.line && col == s.col) continue;
        break;
      default:
        break;
    }
    if (!s.contains(line, col)) continue;
    // Spans nest: the one that starts last is the innermost.
    if (!best || before(best->span.line, best->span.col, s.line, s.col)) best = &fn;
  }
  return best;
}

const FactFunction* FactsIndex::function_named(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &facts_.functions[it->second];
}

bool FactsIndex::declares(std::string_view prefix) const {
  if (prefix.empty()) return false;
  auto it = std::lower_bound(function_names_.begin(), function_names_.end(), prefix);
  for (; it != function_names_.end() && it->starts_with(prefix); ++it) {
    if (it->size() == prefix.size()) return true;
    const char next = (*it)[prefix.size()];
    if (next == '.' || next == '[') return true;
  }
  return false;
}

const FactType* FactsIndex::type(std::string_view name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &facts_.types[it->second];
}

const FactType* FactsIndex::type_by_short_name(std::string_view name) const {
  auto it = types_by_short_name_.find(name);
  return it == types_by_short_name_.end() ? nullptr : &facts_.types[it->second];
}

const FactSite* FactsIndex::variable(int file, int line, int col, std::int32_t function,
                                     std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end()) return nullptr;
  // The nearest function first: a closure's own variable shadows the
  // captured one of the same name.
  for (std::int32_t fn = function; fn >= 0;) {
    const FactSite* found = nullptr;
    for (std::uint32_t i : it->second) {
      const FactSite& s = facts_.sites[i];
      if (s.function != fn) continue;
      // Declared after the position in the same file: not yet in scope. (A
      // package-level variable of another file is in scope everywhere.)
      if (static_cast<int>(s.file) == file && before(line, col == 0 ? 1 : col, s.line, s.col))
        continue;
      if (!found || before(found->line, found->col, s.line, s.col)) found = &s;
    }
    if (found) return found;
    const FactFunction* f = facts_.function(fn);
    fn = f ? f->parent : -1;
  }
  return nullptr;
}

bool FactsIndex::in_loop(int file, int line, int col) const {
  const FactFunction* fn = function_at(file, line, col);
  if (!fn) return false;
  const auto id = static_cast<std::int32_t>(fn - facts_.functions.data());
  for (const FactLoop& loop : facts_.loops) {
    if (loop.function == id && static_cast<int>(loop.span.file) == file &&
        loop.span.contains(line, col))
      return true;
  }
  return false;
}

}  // namespace goescape
