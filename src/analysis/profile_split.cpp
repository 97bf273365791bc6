#include "analysis/profile_split.hpp"

#include <algorithm>
#include <limits>

namespace goescape {

namespace {

using Role = LineClaimant::Role;

// Where a group's values go: claimant indices, plus new growth.
struct Targets {
  std::vector<std::size_t> claimants;
  bool new_growth = false;

  bool empty() const { return claimants.empty() && !new_growth; }
};

// "pkg.F[go.shape.int]" and "pkg.F[...]" are one function.
std::string_view without_type_arguments(std::string_view fn) {
  const auto open = fn.find('[');
  return open == std::string_view::npos ? fn : fn.substr(0, open);
}

bool same_function(std::string_view a, std::string_view b) {
  return without_type_arguments(a) == without_type_arguments(b);
}

std::vector<std::size_t> with_role(const LineContext& line, Role role) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < line.claimants.size(); ++i)
    if (line.claimants[i].role == role) out.push_back(i);
  return out;
}

// The first claimant at the call's `(`, else the first inside its span.
std::optional<std::size_t> in_call(const LineContext& line, std::string_view callee) {
  for (const LineCall& call : line.calls) {
    if (!same_function(call.callee, callee)) continue;
    std::optional<std::size_t> inside;
    for (std::size_t i = 0; i < line.claimants.size(); ++i) {
      const int col = line.claimants[i].col;
      if (col == call.col) return i;
      if (col > call.col && col < call.end_col && (!inside || col < line.claimants[*inside].col))
        inside = i;
    }
    if (inside) return inside;
  }
  return std::nullopt;
}

Targets callee_targets(const SampleGroup& g, const LineContext& line) {
  for (const std::string& fn : g.chain)
    for (std::size_t i = 0; i < line.claimants.size(); ++i)
      if (line.claimants[i].role == Role::inlined &&
          same_function(line.claimants[i].inlined_from, fn))
        return {{i}, false};
  if (auto i = in_call(line, g.chain.back())) return {{*i}, false};
  if (line.claimants.size() == 1) return {{0}, false};
  return {};
}

Targets own_code_targets(const SampleGroup& g, const LineContext& line) {
  Targets out;
  for (std::size_t i = 0; i < line.claimants.size(); ++i)
    if (line.claimants[i].role == Role::fixed && g.block > 0 && line.claimants[i].block == g.block)
      out.claimants.push_back(i);
  if (!out.empty()) return out;
  out.claimants = with_role(line, Role::growth);
  out.new_growth = out.claimants.empty() && line.growth_line;
  for (std::size_t i : with_role(line, Role::variable)) out.claimants.push_back(i);
  if (!out.empty()) return out;
  for (std::size_t i = 0; i < line.claimants.size(); ++i)
    if (line.claimants[i].role == Role::fixed) out.claimants.push_back(i);
  if (!out.empty()) return out;
  if (line.claimants.size() == 1) out.claimants = {0};
  return out;
}

ProfileValues part(const ProfileValues& v, std::int64_t n, bool first) {
  auto share = [&](std::int64_t total) { return total / n + (first ? total % n : 0); };
  return {share(v.alloc_objects), share(v.alloc_space), share(v.inuse_objects),
          share(v.inuse_space)};
}

}  // namespace

std::optional<GrowthKind> growth_function(std::string_view fn) {
  static constexpr std::pair<std::string_view, GrowthKind> prefixes[] = {
      {"runtime.growslice", GrowthKind::slice},
      {"runtime.mapassign", GrowthKind::map},
      {"runtime.hashGrow", GrowthKind::map},
      {"runtime.makeBucketArray", GrowthKind::map},
      {"internal/runtime/maps.", GrowthKind::map},
      {"bytes.growSlice", GrowthKind::builder},
      {"bytes.(*Buffer).grow", GrowthKind::builder},
      {"bytes.(*Buffer).Write", GrowthKind::builder},  // Write, WriteString, WriteByte, ...
      {"bytes.(*Buffer).ReadFrom", GrowthKind::builder},
      {"strings.(*Builder).grow", GrowthKind::builder},
      {"strings.(*Builder).Write", GrowthKind::builder},
  };
  for (const auto& [prefix, kind] : prefixes)
    if (fn.starts_with(prefix)) return kind;
  return std::nullopt;
}

SampleGroup sample_group(const std::vector<std::string_view>& inner) {
  SampleGroup g;
  std::size_t own = 0;
  for (; own < inner.size(); ++own) {
    const std::string_view fn = inner[own];
    if (!fn.starts_with("runtime.") && !fn.starts_with("internal/runtime/")) break;
    if (!g.growth) g.growth = growth_function(fn);
  }
  for (std::size_t i = own; i < inner.size(); ++i) g.chain.emplace_back(inner[i]);
  if (!g.chain.empty()) g.growth = growth_function(g.chain.back());
  return g;
}

LineSplit split_line(const std::vector<SampleGroup>& groups, const LineContext& line) {
  LineSplit out;
  out.claimed.resize(line.claimants.size());
  for (const SampleGroup& g : groups) {
    Targets t;
    if (g.growth) {
      t.claimants = with_role(line, Role::growth);
      t.new_growth = t.claimants.empty() && line.growth_line;
    }
    if (t.empty()) t = g.chain.empty() ? own_code_targets(g, line) : callee_targets(g, line);
    if (t.empty()) {
      out.unexplained += g.values;
      continue;
    }
    const auto n = static_cast<std::int64_t>(t.claimants.size() + (t.new_growth ? 1 : 0));
    bool first = true;
    for (std::size_t i : t.claimants) {
      out.claimed[i] += part(g.values, n, first);
      first = false;
    }
    if (t.new_growth) out.new_growth += part(g.values, n, first);
  }
  return out;
}

}  // namespace goescape
