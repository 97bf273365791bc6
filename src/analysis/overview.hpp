// The overview of a report (model/overview.hpp): which allocating sites weigh
// most, per package how many sites there are, how many have a verified fix
// and how many are cold, and how much cold code of each kind there is.
//
// Packages are analysed one at a time and then set aside; the builder keeps
// a small record per allocating finding, enough to rank its site and count
// it, and builds the overview once every package is in and the copies of
// each site are merged (analysis/sites.hpp).
//
// The weight of a site is measured with a heap profile (bytes, then objects
// allocated at its line). Without one it is estimated, in allocations per
// call of its function: each allocating finding counts 1 (½ when it
// allocates only sometimes), times 10 for each loop around it (the typed
// facts' loop depth; an assumed trip count, so only an order of magnitude),
// divided by 100 on an error or panic path (the facts' site context);
// ties go to the site whose function allocates more per call. Cold code
// (Finding::cold) is never among the heaviest sites.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/context.hpp"
#include "analysis/sites.hpp"
#include "model/overview.hpp"

namespace goescape {

class OverviewBuilder {
 public:
  // Notes the allocating findings (Finding::allocates) and the source
  // patterns (allocations the compiler does not report) of a processed
  // package, the `block`-th set aside, with the loop depth the typed facts
  // give their positions.
  void add(std::size_t block, const PackageResult& result, const AnalysisContext& ctx);

  // Takes the suggestion and fix of `finding`, the `index`-th of the
  // `block`-th package set aside, as they are after the fixes were checked
  // (app/verify_fixes.hpp); nothing when that finding has no record.
  void update(std::size_t block, std::size_t index, const Finding& finding);
  // The overview of the findings `merger` keeps, blocks in report `order`:
  // the `top` heaviest sites outside cold code (measured when `measured`).
  Overview build(const std::vector<std::size_t>& order, const SiteMerger& merger, int top,
                 bool measured) const;

 private:
  using Text = std::uint32_t;  // an index into texts_

  struct Record {
    std::uint32_t block = 0;
    std::uint32_t index = 0;
    Text file = 0;
    int line = 0;
    int col = 0;
    Text package = 0;
    Text function = 0;
    Text allocates = 0;
    Text pattern = 0;  // the pattern id, for its title
    Text cold = 0;
    Text group = 0;  // inlined_group(), or 0
    Text inlined_file = 0;
    int inlined_line = 0;
    Text inlined_function = 0;
    int loop_depth = 0;
    bool sometimes = false;
    bool rare = false;     // on an error or panic path (typed facts)
    bool counted = false;  // an allocating finding (else a source pattern)
    bool fix = false;
    std::int64_t bytes = 0;
    std::int64_t objects = 0;
  };

  Text intern(std::string_view text);
  const std::string& text(Text id) const { return texts_[id]; }

  std::vector<Record> records_;
  std::vector<std::string> texts_{""};
  std::unordered_map<std::string, Text> ids_;
  const Catalog* catalog_ = nullptr;
  bool have_loops_ = false;  // some position had typed facts
};

}  // namespace goescape
