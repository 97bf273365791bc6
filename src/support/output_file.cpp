#include "support/output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "support/signals.hpp"

namespace goescape {

struct OutputFile::Impl {
  std::string target;     // empty for standard output
  std::string temporary;  // empty unless writing a regular file atomically
  std::ofstream file;
  CleanupGuard removal;  // of `temporary`, until it is renamed into place
};

Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  std::unique_ptr<OutputFile> out(new OutputFile());
  out->impl_ = std::make_unique<Impl>();
  Impl& impl = *out->impl_;
  if (path.empty() || path == "-") return out;
  impl.target = path;

  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode))
    return Error{fmt::format("cannot write {}: it is a directory", path), ExitCode::usage};
  if (exists && !S_ISREG(st.st_mode)) {
    // /dev/null, a FIFO, a terminal: write in place, never replace it.
    impl.file.open(path, std::ios::out | std::ios::binary);
  } else {
    impl.temporary = path + ".goescape-XXXXXX";
    int fd = ::mkstemp(impl.temporary.data());
    if (fd < 0)
      return Error{fmt::format("cannot write {}: {}", path, std::strerror(errno)), ExitCode::usage};
    if (exists)
      ::fchmod(fd, st.st_mode & 07777);
    else
      ::fchmod(fd, 0644);
    ::close(fd);
    impl.removal = CleanupGuard([path = impl.temporary] { ::unlink(path.c_str()); });
    impl.file.open(impl.temporary, std::ios::out | std::ios::binary | std::ios::trunc);
  }
  if (!impl.file)
    return Error{fmt::format("cannot write {}: {}", path, std::strerror(errno)), ExitCode::usage};
  return out;
}

OutputFile::~OutputFile() {
  if (!impl_) return;
  impl_->file.close();
  impl_->removal.run();  // nothing after commit()
}

std::ostream& OutputFile::stream() {
  if (impl_->target.empty()) return std::cout;
  return impl_->file;
}

bool OutputFile::is_terminal() const { return impl_->target.empty() && ::isatty(STDOUT_FILENO); }

Status OutputFile::commit() {
  // A run stopped by the user leaves no report, not even a complete-looking one.
  if (interrupted_by() != 0) return interruption_error();
  std::ostream& out = stream();
  out.flush();
  if (!out) {
    return Error{
        fmt::format("cannot write {}", impl_->target.empty() ? "standard output" : impl_->target),
        ExitCode::usage};
  }
  if (impl_->temporary.empty()) return ok_status();
  impl_->file.close();
  if (!impl_->file || ::rename(impl_->temporary.c_str(), impl_->target.c_str()) != 0) {
    return Error{fmt::format("cannot write {}: {}", impl_->target, std::strerror(errno)),
                 ExitCode::usage};
  }
  impl_->removal.dismiss();
  return ok_status();
}

}  // namespace goescape
