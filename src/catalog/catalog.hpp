// Loading and validating the pattern catalog: every patterns/*.json file of
// each directory, later directories overriding earlier ids. Every problem is
// reported at once, each with its file and field.
#pragma once

#include <string>
#include <vector>

#include "catalog/pattern.hpp"
#include "support/result.hpp"

namespace goescape {

struct Catalog {
  std::vector<Pattern> patterns;  // sorted by id

  const Pattern* find(std::string_view id) const;
};

// Loads `dirs` in order (later ids replace earlier ones); catalog_dirs()
// (catalog/catalog_dirs.hpp) says which. The Error lists every problem, one
// per line, as `FILE: FIELD: what is wrong`.
Result<Catalog> load_catalog(const std::vector<std::string>& dirs);

}  // namespace goescape
