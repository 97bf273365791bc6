// Fuzz target: the heap-profile text reader (profile/heap_profile.hpp,
// parse_pprof_raw, the text `go tool pprof -raw` prints). Checks that every
// sample's frame indexes point into the frame table.
#include <cassert>
#include <string_view>

#include "fuzz_target.hpp"
#include "profile/heap_profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto profile = goescape::parse_pprof_raw(text);
  if (!profile) {
    assert(!profile.error().message.empty());
    return 0;
  }
  assert(profile->skipped_lines >= 0);
  for (const goescape::ProfileSample& s : profile->samples)
    for (std::uint32_t frame : s.frames) assert(frame < profile->frames.size());
  return 0;
}
