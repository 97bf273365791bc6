// FNV-1a, 64-bit: the hash of goescape's stable keys (fingerprints, site
// keys, cached verdicts). Stable across runs, machines and releases, so that
// a key written today is found tomorrow; not for anything an attacker
// chooses.
#pragma once

#include <cstdint>
#include <string_view>

namespace goescape {

inline constexpr std::uint64_t fnv_offset = 14695981039346656037ull;

// The hash of `data` continued from `hash` (fnv_offset to start), so that
// several parts hash in turn.
inline std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = fnv_offset) {
  constexpr std::uint64_t prime = 1099511628211ull;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= prime;
  }
  return hash;
}

}  // namespace goescape
