// `goescape version`: enough to tell which build runs and which data it uses,
// for a bug report or to check an install.
#include <fmt/format.h>

#include "app/commands.hpp"
#include "catalog/catalog_dirs.hpp"
#include "support/output_file.hpp"

namespace goescape {

Result<ExitCode> run_version() {
  auto output = OutputFile::open("");
  if (!output) return output.error();
  std::ostream& out = (*output)->stream();
  out << fmt::format("goescape {}\n", GOESCAPE_VERSION);
  const BuiltinCatalog builtin = find_builtin_catalog();
  if (builtin.found)
    out << fmt::format("catalog: {} ({})\n", builtin.found->dir, builtin.found->origin);
  // The helper is compiled into the binary; share/goescape/gofacts holds a copy
  // of its source for reference only.
  out << "facts helper: embedded\n";
  if (Status committed = (*output)->commit(); !committed) return committed.error();
  if (!builtin.found) return missing_catalog_error(builtin);
  return ExitCode::ok;
}

}  // namespace goescape
