#include "app/commands.hpp"

namespace goescape {

Result<ExitCode> run_patterns(const PatternsOptions&) {
  return Error{"goescape patterns is not implemented in this build", ExitCode::usage};
}

}  // namespace goescape
