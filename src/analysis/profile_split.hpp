// How the heap-profile samples of one source line are shared among the
// findings on it (issue: profile figures per finding), so that no finding
// repeats the line's total and the figures of a report add up to what its
// findings explain.
//
// A profile has no columns. What it does tell apart on a line is the callee
// an allocation happened in (the frames inside the line's own: standard
// library or dependency code, inlined or not) and, for the allocations the
// line's code makes itself, the size of the block. Go heap profiles never
// show the runtime's frames (runtime/pprof hides them: newobject, makeslice,
// growslice, convT*, concatstrings and mapassign allocate "at the line"), so
// the size is what separates a boxed int64 (16 bytes) from a 48-byte struct
// and from a growing slice. split_line is a pure function of what was
// measured and what the findings are, so its rules are tested on values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "profile/heap_profile.hpp"

namespace goescape {

// The kind of growth an allocation in `function` is (a runtime or library
// function that grows a slice, map or buffer), or nullopt.
enum class GrowthKind { slice, map, builder };
std::optional<GrowthKind> growth_function(std::string_view function);

// The samples of a line that share a callee chain and a block size.
struct SampleGroup {
  std::vector<std::string> chain;  // functions inside the line's frame, innermost first,
                                   // without the runtime's (empty: the line's own code
                                   // allocated)
  std::int64_t block = 0;          // bytes per allocation; 0 when unknown
  // What grows, when the profile says: the function the line called grows
  // (bytes.(*Buffer).WriteString, an inlined strings.(*Builder).Write), or,
  // in a profile that shows the runtime's frames, runtime.growslice or
  // mapassign allocated for the line's own code.
  std::optional<GrowthKind> growth;
  ProfileValues values;
};

// The group of a sample whose frames inside the line's are `inner`
// (innermost first): runtime frames at the top are the line's own code.
SampleGroup sample_group(const std::vector<std::string_view>& inner);

// What the profile could charge to one allocating finding of the line.
struct LineClaimant {
  enum class Role {
    growth,    // a slice, map or builder growing: an append verdict, a preallocation
               // or a measured-growth finding
    inlined,   // allocates inside `inlined_from`, a callee inlined here
    fixed,     // the line's own code allocates one `block`-sized object
    variable,  // the line's own code allocates something of run-time size
  };
  Role role = Role::variable;
  std::string inlined_from;  // inlined: the callee's pprof name
  std::int64_t block = 0;    // fixed: the block size (profile/heap_blocks.hpp)
  int col = 0;               // its column on the line
};

// A call on the line, from the typed facts.
struct LineCall {
  std::string callee;  // pprof name of a static callee
  int col = 0;         // its `(`
  int end_col = 0;     // past its `)`; a large number when it ends on a later line
};

struct LineContext {
  std::vector<LineClaimant> claimants;  // the line's allocating findings
  bool growth_line = false;             // the line appends, stores into a map or writes a builder
  std::vector<LineCall> calls;
};

struct LineSplit {
  std::vector<ProfileValues> claimed;  // per claimant, in LineContext order
  ProfileValues new_growth;            // growth no finding claims: a finding of its own
  ProfileValues unexplained;           // left to no finding
};

// Shares the groups among the claimants. A growing group goes to the growth
// claimants, else (on a growth line) to new growth. Another group with a
// callee chain goes to: the finding
// inlined from a function of the chain; else the first finding inside the
// span of the line's call of the chain's outermost function; else the
// line's only claimant. A group of the
// line's own code goes to the fixed-size findings of its block size; else to
// the growth (or new growth on a growth line) and the variable-size findings;
// else to every finding of the line's own code; else the only claimant.
// Anything else stays unexplained. Where several findings qualify alike the
// values are split evenly (the first takes what does not divide).
LineSplit split_line(const std::vector<SampleGroup>& groups, const LineContext& line);

}  // namespace goescape
