// How much of a heap profile the reported findings explain: the share of the
// profile's alloc_space (and alloc_objects) measured at the lines of the
// findings a report lists. Accumulated package by package as the pipeline
// streams, each (file, line) counted once even when several findings share
// it or a package is compiled twice (its test variant).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "model/finding.hpp"
#include "profile/heap_profile.hpp"

namespace goescape {

class ProfileShare {
 public:
  // Starts from the profile's totals; nothing explained yet.
  explicit ProfileShare(const HeapProfile& profile);

  // Adds the figures of `result`'s findings (those not cold), each line once.
  void add(const PackageResult& result);

  std::int64_t profile_alloc_space() const { return total_.alloc_space; }
  std::int64_t profile_alloc_objects() const { return total_.alloc_objects; }
  std::int64_t explained_alloc_space() const { return explained_.alloc_space; }
  std::int64_t explained_alloc_objects() const { return explained_.alloc_objects; }

  // explained_alloc_space / profile_alloc_space in [0, 100]; 0 for an empty
  // profile.
  double percent() const;

 private:
  ProfileValues total_;
  ProfileValues explained_;
  std::set<std::pair<std::string, int>> lines_;
};

}  // namespace goescape
