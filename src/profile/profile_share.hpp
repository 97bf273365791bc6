// How much of a heap profile the reported findings explain: the sum of the
// figures of the findings a report lists (analysis/ shares a line's samples
// among its findings, never repeating them), as a share of the profile's
// alloc_space (and alloc_objects). Accumulated package by package as the
// pipeline streams, each finding counted once even when its package is
// compiled twice (its test variant).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "model/finding.hpp"
#include "profile/heap_profile.hpp"

namespace goescape {

class ProfileShare {
 public:
  // Starts from the profile's totals; nothing explained yet.
  explicit ProfileShare(const HeapProfile& profile);

  // Adds the figures of `result`'s findings (those not cold), each finding
  // (file, position, kind, expression) once.
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
  std::set<std::tuple<std::string, int, int, std::string, std::string>> seen_;
};

}  // namespace goescape
