// Where a report goes (SPEC.md, `-o`): standard output; a regular file written
// to a temporary name in the same folder and renamed over the target only when
// complete; or a non-regular file (/dev/null, a FIFO) written directly and
// never replaced. An interrupted or failed run leaves no partial file.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "support/result.hpp"

namespace goescape {

class OutputFile {
 public:
  // `path` empty or "-" means standard output.
  static Result<std::unique_ptr<OutputFile>> open(const std::string& path);
  ~OutputFile();  // removes the temporary file unless commit() succeeded

  std::ostream& stream();
  bool is_terminal() const;  // standard output on a terminal

  // Flushes, checks for write errors, renames the temporary file into place.
  // After SIGINT/SIGTERM it commits nothing: interruption_error().
  Status commit();

 private:
  OutputFile() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace goescape
