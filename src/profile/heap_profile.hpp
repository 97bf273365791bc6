// A pprof heap profile reduced to what goescape joins with findings: bytes and
// objects allocated (and in use) per sample, with every frame of the sample's
// stack as function, file and line, inlined frames included.
//
// The profile is read through the Go toolchain (`go tool pprof -raw`, started
// by runner/go.hpp's go_pprof_raw), whose text form is the one that keeps all
// four sample values of every sample and every inlined frame;
// parse_pprof_raw() turns that text into a HeapProfile and is a pure function,
// so the parser is tested (and fuzzed) on strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.hpp"

namespace goescape {

// The four values of a Go heap profile sample (scaled estimates, as pprof
// reports them). inuse_* are zero when the profile has no in-use samples.
struct ProfileValues {
  std::int64_t alloc_objects = 0;
  std::int64_t alloc_space = 0;
  std::int64_t inuse_objects = 0;
  std::int64_t inuse_space = 0;

  ProfileValues& operator+=(const ProfileValues& other);
  friend bool operator==(const ProfileValues&, const ProfileValues&) = default;
};

struct ProfileFrame {
  std::string function;  // pprof name: "example.com/m/pkg.(*T).M"
  std::string file;      // as recorded: absolute, or module-relative with -trimpath
  int line = 0;

  friend bool operator==(const ProfileFrame&, const ProfileFrame&) = default;
};

struct ProfileSample {
  ProfileValues values;
  std::vector<std::uint32_t> frames;  // indexes into HeapProfile::frames, innermost first
  std::int64_t block_size = 0;        // its `bytes:[N]` label: the size of each block
                                      // allocated (0 when the profile does not say)
};

struct HeapProfile {
  std::vector<ProfileFrame> frames;  // distinct frames
  std::vector<ProfileSample> samples;
  bool has_inuse = false;          // the profile carries inuse_objects/inuse_space
  ProfileValues total;             // sum over all samples
  std::int64_t skipped_lines = 0;  // lines of the text form that matched no form
};

// Parses the text `go tool pprof -raw` prints. An Error (ExitCode::usage) when
// the text is not a heap profile (no sample section, or sample types without
// alloc_space); malformed lines inside a heap profile are counted in
// skipped_lines, never fatal. Any bytes are accepted without crashing.
Result<HeapProfile> parse_pprof_raw(std::string_view text);

}  // namespace goescape
