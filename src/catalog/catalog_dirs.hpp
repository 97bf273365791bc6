// Where the built-in pattern catalog is. It is found at run time relative to
// the running binary, so an installed tree still finds its data after it is
// moved (a .deb under /usr, `cmake --install --prefix` anywhere, a copied
// prefix), with the configure-time install prefix as the fallback; a binary
// in the build tree uses the source tree. Every command that loads the
// catalog asks here, so they agree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/result.hpp"

namespace goescape {

// One place the built-in catalog may be.
struct CatalogCandidate {
  std::string dir;     // a directory, lexically normalised
  std::string origin;  // "next to the binary", "install prefix" or "source tree"
};

struct BuiltinCatalog {
  std::vector<CatalogCandidate> searched;  // every candidate, in the order tried
  std::optional<CatalogCandidate> found;   // the first that holds a catalog
};

// Looks for the built-in catalog: a directory holding at least one *.json
// file. A binary under its build directory uses the source tree's patterns/,
// so edits apply without installing and a stale installed copy never stands
// in for them. Any other binary is an installed one: it tries
// <exe dir>/../share/goescape/patterns (the exe from /proc/self/exe), then the
// configure-time install prefix, and never a source checkout, so an install
// that lacks its catalog fails alike on every machine. Without /proc: the
// install prefix, then the source tree. Never fails.
BuiltinCatalog find_builtin_catalog();

// The error for an install without a catalog (exit 2): one line naming every
// place looked, and what to do.
Error missing_catalog_error(const BuiltinCatalog& builtin);

// The directories a command loads, in order: the built-in catalog, then
// `user_dirs` (--patterns; later ids replace earlier ones). Without a built-in
// catalog, `user_dirs` alone when there are any (a team's own catalog is a
// complete one); with neither, an Error (exit 2) naming every place looked.
Result<std::vector<std::string>> catalog_dirs(const std::vector<std::string>& user_dirs);

}  // namespace goescape
