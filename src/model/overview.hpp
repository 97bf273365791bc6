// What a report shows before its details (issue "A report a person reads
// first"): the heaviest allocating sites, a table of packages, and how much
// cold code there is of each kind. Computed once every package has been
// analysed (analysis/overview.hpp) and printed by the text, markdown and html
// renderers; not part of the JSON report.
//
// A site is what a person fixes in one place: the allocating findings of one
// line of one function (the arguments of a fmt call, the pieces of a
// composite literal), or the copies of one allocation of the module's own
// code that the compiler inlined into several call sites. A source pattern
// (an allocation the compiler does not report, such as a map growing in a
// loop) is a site too, with no allocating finding counted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.hpp"

namespace goescape {

struct OverviewSite {
  Position pos;          // the site's line (an inlined body: its function's line, col 0)
  std::string package;   // of the first finding
  std::string function;  // the function the site is in (an inlined body: the callee)
  std::vector<std::string> allocates;  // each allocating expression once, by column
  std::string title;                   // the suggestion's one-line title (its pattern's), or empty
  std::string playbook;                // its playbook section, or empty
  int allocations = 0;                 // allocating findings at the site
  int call_sites = 0;  // an inlined body: the call sites it was inlined into; else 0
  // The weight: measured with a profile, else estimated.
  std::int64_t bytes = 0;
  std::int64_t objects = 0;
  double per_call = 0;  // estimated allocations per call of its function
  int loop_depth = 0;   // deepest loop nesting at the site (from the typed facts)
};

struct OverviewPackage {
  std::string package;
  int sites = 0;  // allocating sites, cold ones included
  int allocations = 0;
  int with_fix = 0;  // sites with a verified fix
  int cold = 0;      // sites in cold code
};

// One kind of cold code (Finding::cold) and how much of the report is there.
struct OverviewCold {
  std::string kind;
  int sites = 0;
  int allocations = 0;
  int functions = 0;
};

// The call sites an allocation of the module's own code was inlined into,
// for rendering its copies once at their source.
struct InlinedSites {
  std::vector<Position> call_sites;  // in report order, each once
  int allocations = 0;
};

struct Overview {
  bool measured = false;                  // weights come from a heap profile
  bool have_loops = true;                 // typed facts told the loop depth of the sites
  std::vector<OverviewSite> top;          // the heaviest sites outside cold code, heaviest first
  std::vector<OverviewPackage> packages;  // by import path
  std::vector<OverviewCold> cold;         // in cold_kind_rank order
  int allocations = 0;                    // allocating findings
  int sites = 0;                          // allocating sites
  int hot_sites = 0;                      // of them, outside cold code
  int functions = 0;                      // functions with an allocating finding
  int merged_copies = 0;                  // findings merged into another copy of their site
  // By inlined_group(): the call sites each allocation of the module's own
  // code was inlined into.
  std::map<std::string, InlinedSites, std::less<>> inlined;
};

// The key that groups the inlined copies of one allocation of the module's
// own code (a callee whose file is in the module): the callee, the message
// without generic shapes, and the kind of cold code. Empty for a finding that
// is no such copy.
std::string inlined_group(const Finding& finding);

// The order cold kinds are listed in: start-up and one-time code first, then
// failure paths, then code that is not the module's own; unknown kinds last.
int cold_kind_rank(std::string_view kind);

// What a heap finding says allocates, once: `x` of "moved to heap: x", `&T{...}`
// of "&T{...} escapes to heap" (also "... escapes to heap in F"); the
// expression when there is no message.
std::string allocated_expression(const Finding& finding);

// Whether the finding carries a fix goescape has verified (SPEC.md, `fix`).
bool has_verified_fix(const Finding& finding);

}  // namespace goescape
