// One site, one finding (SPEC.md, "Meaning, not only text"). The compiler
// reports one allocation several times when it compiles the code several
// times: a file compiled into several packages (a package and its test
// variant `p [p.test]`, a shared file), a generic body instantiated for
// several packages or type arguments, a dependency's generic body compiled
// into the module's package. Two steps make each such site one finding:
//
//   merge_dependency_sites  (a stage, per package, before the catalog) moves
//       an allocation inside a dependency's code to the module's call site
//       that makes it happen, found from the `inlining call to F` lines at
//       the module's positions and the typed facts' call sites, with
//       `inlined_from` naming the dependency function; when the call site
//       already has that allocation (the call was inlined), the copy is
//       merged into it. Without any module call site the finding stays at
//       the dependency's position, cold ("outside-module").
//   SiteMerger  (once every package is in) merges the findings of one
//       position, kind and message (generic shapes aside) across packages:
//       the first in report order that is not inlined elsewhere stays,
//       with `occurrences` summed and the
//       packages the other copies came from in `copies`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/context.hpp"
#include "model/finding.hpp"

namespace goescape {

// See the header comment. Findings it moves get the call site's position,
// function and source line; their fingerprints are assigned afterwards.
void merge_dependency_sites(PackageResult& result, const AnalysisContext& ctx);

class SiteMerger {
 public:
  // Notes the findings of a processed package, the `block`-th set aside
  // (blocks are numbered from 0 in the order they are added).
  void add(std::size_t block, const PackageResult& result);

  // Decides which copy of each site stays: one not inlined into another
  // function where there is one, then the first in `order` (every block
  // number once, in the order the report lists them).
  void resolve(const std::vector<std::size_t>& order);

  // Whether resolve() merged finding `index` of `block` into another copy.
  bool dropped(std::size_t block, std::size_t index) const;

  // Drops the merged copies from `result` (block `block`, as added) and
  // counts them on the copy that stays: `occurrences`, and in `copies` the
  // packages they came from.
  void apply(std::size_t block, PackageResult& result) const;

  // Findings merged into another copy of their site.
  int merged() const { return static_cast<int>(dropped_.size()); }

 private:
  struct Entry {
    std::uint64_t key;
    std::uint32_t block;
    std::uint32_t index;
    int occurrences;
    bool inlined;  // a copy inlined into another function
  };
  struct Kept {
    int more_occurrences = 0;
    std::vector<std::string> copies;
  };
  static std::uint64_t id(std::size_t block, std::size_t index) {
    return (static_cast<std::uint64_t>(block) << 32) | index;
  }

  std::vector<Entry> entries_;
  std::vector<std::string> labels_;  // by block: "pkg" or "pkg [variant]"
  std::unordered_set<std::uint64_t> dropped_;
  std::unordered_map<std::uint64_t, Kept> kept_;
};

}  // namespace goescape
