#include "analysis/overview.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "support/text.hpp"

namespace goescape {

namespace {

// Loops deeper than this count as this deep: past it the estimate says no
// more than "in nested loops".
constexpr int max_counted_loops = 3;
constexpr double assumed_trip_count = 10;
// An error or panic path runs far less often than the code around it.
constexpr double rare_path_share = 0.01;

// Where a finding sits, from the typed facts: the loop depth (the deepest
// site the compiler could be reporting there, else whether the line is in a
// loop; -1 without facts for the file), and whether it is on a path that
// runs rarely (an error branch, a returned error, a panic's argument, a
// recover, a sync.Once).
struct Place {
  int loop_depth = -1;
  bool rare = false;
};

Place place_of(const Finding& f, const std::string& block, const AnalysisContext& ctx) {
  Place place;
  if (f.pos.line <= 0 || f.pos.file.empty() || f.pos.file.front() == '<') return place;
  const std::string path = f.pos.file.front() == '/' ? f.pos.file : ctx.root + "/" + f.pos.file;
  const FileFacts facts = ctx.facts_for_file(path, block);
  if (!facts) return place;
  constexpr auto rare = context_error_branch | context_panic_arg | context_recover |
                        context_return_err | context_once;
  for (const FactSite* site : facts.index->sites_at(facts.file, f.pos.line, f.pos.col)) {
    place.loop_depth = std::max(place.loop_depth, static_cast<int>(site->loop_depth));
    place.rare = place.rare || (site->context & rare) != 0;
  }
  if (place.loop_depth < 0)
    place.loop_depth = facts.index->in_loop(facts.file, f.pos.line, f.pos.col) ? 1 : 0;
  return place;
}

}  // namespace

OverviewBuilder::Text OverviewBuilder::intern(std::string_view value) {
  if (value.empty()) return 0;
  auto [it, inserted] = ids_.try_emplace(std::string(value), static_cast<Text>(texts_.size()));
  if (inserted) texts_.emplace_back(value);
  return it->second;
}

void OverviewBuilder::add(std::size_t block, const PackageResult& result,
                          const AnalysisContext& ctx) {
  catalog_ = ctx.catalog;
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    if (!f.allocates() && f.kind != Kind::source_pattern) continue;
    Record r;
    r.counted = f.allocates();
    r.block = static_cast<std::uint32_t>(block);
    r.index = static_cast<std::uint32_t>(i);
    r.file = intern(f.pos.file);
    r.line = f.pos.line;
    r.col = f.pos.col;
    r.package = intern(f.package.empty() ? result.package : f.package);
    r.function = intern(f.function.value_or(""));
    r.allocates = intern(allocated_expression(f));
    r.pattern = intern(f.suggestion ? f.pattern.value_or("") : "");
    r.cold = intern(f.cold.value_or(""));
    r.group = intern(inlined_group(f));
    if (r.group != 0) {
      r.inlined_file = intern(f.inlined_from->file);
      r.inlined_line = f.inlined_from->line;
      r.inlined_function = intern(collapse_type_arguments(f.inlined_from->function));
    }
    const Place place = place_of(f, result.package, ctx);
    have_loops_ = have_loops_ || place.loop_depth >= 0;
    r.loop_depth = std::max(place.loop_depth, 0);
    r.rare = place.rare;
    r.sometimes = f.allocation == Allocation::sometimes;
    r.fix = has_verified_fix(f);
    if (f.profile && !f.profile->cold) {
      r.bytes = f.profile->alloc_space;
      r.objects = f.profile->alloc_objects;
    }
    records_.push_back(r);
  }
}

void OverviewBuilder::update(std::size_t block, std::size_t index, const Finding& finding) {
  // Records are added block by block, each in finding order.
  const auto key = std::make_pair(block, index);
  auto it = std::lower_bound(records_.begin(), records_.end(), key, [](const Record& r, auto k) {
    return std::make_pair(std::size_t{r.block}, std::size_t{r.index}) < k;
  });
  if (it == records_.end() || it->block != block || it->index != index) return;
  it->pattern = intern(finding.suggestion ? finding.pattern.value_or("") : "");
  it->fix = has_verified_fix(finding);
}

Overview OverviewBuilder::build(const std::vector<std::size_t>& order, const SiteMerger& merger,
                                int top, bool measured) const {
  Overview out;
  out.measured = measured;
  out.have_loops = have_loops_;

  std::vector<std::size_t> rank;
  for (std::size_t r = 0; r < order.size(); ++r) {
    if (rank.size() <= order[r]) rank.resize(order[r] + 1, 0);
    rank[order[r]] = r;
  }
  const auto rank_of = [&](std::uint32_t block) { return block < rank.size() ? rank[block] : 0; };
  std::vector<const Record*> records;
  records.reserve(records_.size());
  for (const Record& r : records_)
    if (!merger.dropped(r.block, r.index)) records.push_back(&r);
  std::sort(records.begin(), records.end(), [&](const Record* a, const Record* b) {
    return std::tuple(rank_of(a->block), a->index) < std::tuple(rank_of(b->block), b->index);
  });

  struct Site {
    OverviewSite view;
    Text cold = 0;
    Text group = 0;
    Text function = 0;
    bool fix = false;
  };
  std::vector<Site> sites;
  std::unordered_map<std::string, std::size_t> by_key;
  std::map<Text, double> per_call_of_function;  // hot code only
  std::set<Text> functions;
  for (const Record* r : records) {
    if (r->counted) {
      ++out.allocations;
      functions.insert(r->function);
    }
    const std::string key =
        r->group != 0 ? "inlined\n" + text(r->group)
                      : fmt::format("{}\n{}\n{}\n{}", r->file, r->line, r->function, r->cold);
    auto [it, inserted] = by_key.try_emplace(key, sites.size());
    if (inserted) {
      Site site;
      site.cold = r->cold;
      site.group = r->group;
      site.function = r->group != 0 ? r->inlined_function : r->function;
      site.view.package = text(r->package);
      site.view.function = text(site.function);
      site.view.pos = r->group != 0 ? Position{text(r->inlined_file), r->inlined_line, 0}
                                    : Position{text(r->file), r->line, r->col};
      sites.push_back(std::move(site));
    }
    Site& site = sites[it->second];
    OverviewSite& view = site.view;
    // A line's site starts where its first allocation does, as its block.
    if (r->group == 0 && r->col > 0 && r->col < view.pos.col) view.pos.col = r->col;
    const double estimate =
        (r->sometimes ? 0.5 : 1.0) * (r->rare ? rare_path_share : 1.0) *
        std::pow(assumed_trip_count, std::min(r->loop_depth, max_counted_loops));
    view.allocations += r->counted ? 1 : 0;
    view.per_call += estimate;
    view.loop_depth = std::max(view.loop_depth, r->loop_depth);
    // The profile join splits a line's samples between its findings
    // (analysis/profile_split.hpp): a site weighs what its findings do.
    view.bytes += r->bytes;
    view.objects += r->objects;
    if (std::find(view.allocates.begin(), view.allocates.end(), text(r->allocates)) ==
        view.allocates.end())
      view.allocates.push_back(text(r->allocates));
    if (view.title.empty() && r->pattern != 0 && catalog_) {
      if (const Pattern* p = catalog_->find(text(r->pattern))) {
        view.title = p->title;
        view.playbook = p->playbook;
      }
    }
    site.fix = site.fix || r->fix;
    if (r->group != 0) {
      Position call{text(r->file), r->line, r->col};
      InlinedSites& copies = out.inlined[text(r->group)];
      ++copies.allocations;
      if (std::find(copies.call_sites.begin(), copies.call_sites.end(), call) ==
          copies.call_sites.end())
        copies.call_sites.push_back(call);
      view.call_sites = static_cast<int>(copies.call_sites.size());
    }
    if (r->cold == 0) per_call_of_function[site.function] += estimate;
  }
  out.functions = static_cast<int>(functions.size() - functions.count(0));

  std::map<std::string, OverviewPackage> packages;
  std::map<Text, OverviewCold> cold;
  std::map<Text, std::set<Text>> cold_functions;
  std::vector<const Site*> hot;
  for (const Site& site : sites) {
    ++out.sites;
    OverviewPackage& package = packages[site.view.package];
    package.package = site.view.package;
    ++package.sites;
    package.allocations += site.view.allocations;
    package.with_fix += site.fix ? 1 : 0;
    if (site.cold != 0) {
      ++package.cold;
      OverviewCold& kind = cold[site.cold];
      kind.kind = text(site.cold);
      ++kind.sites;
      kind.allocations += site.view.allocations;
      cold_functions[site.cold].insert(site.function);
      continue;
    }
    ++out.hot_sites;
    hot.push_back(&site);
  }
  for (auto& [package, row] : packages) out.packages.push_back(std::move(row));
  for (auto& [id, kind] : cold) {
    kind.functions = static_cast<int>(cold_functions[id].size());
    out.cold.push_back(std::move(kind));
  }
  std::stable_sort(out.cold.begin(), out.cold.end(), [](const auto& a, const auto& b) {
    return std::tuple(cold_kind_rank(a.kind), a.kind) < std::tuple(cold_kind_rank(b.kind), b.kind);
  });

  // Heaviest first; the sort is stable, so equal sites keep report order.
  std::stable_sort(hot.begin(), hot.end(), [&](const Site* a, const Site* b) {
    if (measured && a->view.bytes != b->view.bytes) return a->view.bytes > b->view.bytes;
    if (measured && a->view.objects != b->view.objects) return a->view.objects > b->view.objects;
    if (a->view.per_call != b->view.per_call) return a->view.per_call > b->view.per_call;
    return per_call_of_function[a->function] > per_call_of_function[b->function];
  });
  for (std::size_t i = 0; i < hot.size() && static_cast<int>(i) < top; ++i)
    out.top.push_back(hot[i]->view);
  return out;
}

}  // namespace goescape
