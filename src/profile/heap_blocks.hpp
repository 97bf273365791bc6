// The size of the block the Go runtime allocates, and a heap profile
// records, for an object of a given size: what lets a profile sample be
// matched to the allocation of a known type on a line shared with others.
#pragma once

#include <cstdint>

namespace goescape {

// The block size a heap profile reports (its `bytes` label) for one object of
// `size` bytes, with or without pointers: 0 for size 0 (the runtime's
// zerobase, no allocation); 16 for a pointer-free object under 16 bytes (the
// tiny allocator's block); else the size class it rounds up to, with the
// 8-byte malloc header of Go 1.22+ for an object with pointers over 512
// bytes; above 32 KiB whole 8 KiB pages. Sources (Go 1.22-1.26):
// internal/runtime/gc/sizeclasses.go (runtime/sizeclasses.go before 1.25),
// runtime/malloc.go (maxTinySize, minSizeForMallocHeader, profilealloc's
// size argument).
std::int64_t heap_block_size(std::int64_t size, bool has_pointers);

}  // namespace goescape
