// A compact binary form of a PackageResult, for setting packages aside in a
// spool file (support/spool_file.hpp) and reading them back in the same run:
// every field of every finding, those the JSON leaves out too (source line,
// printed file, the log's function name), so what comes back is exactly what
// went in. Not a file format: nothing else ever reads these bytes, and they
// carry no version.
#pragma once

#include <string>
#include <string_view>

#include "model/finding.hpp"

namespace goescape {

// Appends `result` to `out`.
void encode_package(const PackageResult& result, std::string& out);

// The package encode_package wrote into `bytes`. Throws Failure when the
// bytes end early (a spool file that was cut short: not ours any more).
PackageResult decode_package(std::string_view bytes);

}  // namespace goescape
