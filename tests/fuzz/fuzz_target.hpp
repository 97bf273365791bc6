// The libFuzzer entry point every fuzz target defines. The same target source
// links either with libFuzzer (-DGOESCAPE_FUZZ=ON, clang) or with
// replay_main.cpp, a plain main() that runs the target over its committed
// corpus so ctest checks every corpus input on every test run, with any
// compiler.
#pragma once

#include <cstddef>
#include <cstdint>

// Contract: accepts any bytes; returns 0. A crash, sanitizer report, failed
// assertion or hang is a bug in the code under test.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
