#include "profile/heap_blocks.hpp"

#include <algorithm>
#include <array>

namespace goescape {

namespace {

// runtime size classes (bytes/obj column of sizeclasses.go), unchanged from
// Go 1.19 to 1.26.
constexpr std::array<std::int64_t, 67> size_classes = {
    8,     16,    24,    32,    48,    64,    80,    96,    112,   128,   144,  160,   176,   192,
    208,   224,   240,   256,   288,   320,   352,   384,   416,   448,   480,  512,   576,   640,
    704,   768,   896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304, 2688,  3072,  3200,
    3456,  4096,  4864,  5376,  6144,  6528,  6784,  6912,  8192,  9472,  9728, 10240, 10880, 12288,
    13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768};

constexpr std::int64_t max_tiny_size = 16;                // malloc.go maxTinySize
constexpr std::int64_t min_size_for_malloc_header = 512;  // goarch.PtrSize * ptrBits
constexpr std::int64_t malloc_header_size = 8;
constexpr std::int64_t page_size = 8192;

}  // namespace

std::int64_t heap_block_size(std::int64_t size, bool has_pointers) {
  if (size <= 0) return 0;
  if (!has_pointers && size < max_tiny_size) return max_tiny_size;
  if (has_pointers && size > min_size_for_malloc_header) size += malloc_header_size;
  if (size > size_classes.back()) return (size + page_size - 1) / page_size * page_size;
  return *std::lower_bound(size_classes.begin(), size_classes.end(), size);
}

}  // namespace goescape
