#include "profile/profile_share.hpp"

#include <algorithm>

namespace goescape {

ProfileShare::ProfileShare(const HeapProfile& profile) : total_(profile.total) {}

void ProfileShare::add(const PackageResult& result) {
  for (const Finding& f : result.findings) {
    if (!f.profile || f.profile->cold) continue;
    if (!seen_.emplace(f.pos.file, f.pos.line, f.pos.col, std::string(kind_name(f.kind)), f.expr)
             .second)
      continue;
    explained_ += ProfileValues{f.profile->alloc_objects, f.profile->alloc_space,
                                f.profile->inuse_objects, f.profile->inuse_space};
  }
}

double ProfileShare::percent() const {
  if (total_.alloc_space <= 0) return 0;
  double share =
      100.0 * static_cast<double>(explained_.alloc_space) / static_cast<double>(total_.alloc_space);
  return std::clamp(share, 0.0, 100.0);
}

}  // namespace goescape
