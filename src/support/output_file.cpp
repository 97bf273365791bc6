#include "support/output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace goescape {

namespace {

// A fixed table the signal handler can walk without allocating.
constexpr std::size_t max_pending = 8;
std::array<std::atomic<const char*>, max_pending> pending_paths{};

void register_pending(const char* path) {
  for (auto& slot : pending_paths) {
    const char* expected = nullptr;
    if (slot.compare_exchange_strong(expected, path)) return;
  }
}

void unregister_pending(const char* path) {
  for (auto& slot : pending_paths) {
    const char* expected = path;
    if (slot.compare_exchange_strong(expected, nullptr)) return;
  }
}

}  // namespace

void remove_pending_output_files_from_signal_handler() {
  for (auto& slot : pending_paths) {
    if (const char* path = slot.load()) ::unlink(path);
  }
}

struct OutputFile::Impl {
  std::string target;     // empty for standard output
  std::string temporary;  // empty unless writing a regular file atomically
  std::ofstream file;
  bool committed = false;
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
    register_pending(impl.temporary.c_str());
    impl.file.open(impl.temporary, std::ios::out | std::ios::binary | std::ios::trunc);
  }
  if (!impl.file)
    return Error{fmt::format("cannot write {}: {}", path, std::strerror(errno)), ExitCode::usage};
  return out;
}

OutputFile::~OutputFile() {
  if (!impl_) return;
  if (!impl_->temporary.empty() && !impl_->committed) {
    impl_->file.close();
    ::unlink(impl_->temporary.c_str());
    unregister_pending(impl_->temporary.c_str());
  }
}

std::ostream& OutputFile::stream() {
  if (impl_->target.empty()) return std::cout;
  return impl_->file;
}

bool OutputFile::is_terminal() const { return impl_->target.empty() && ::isatty(STDOUT_FILENO); }

Status OutputFile::commit() {
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
  impl_->committed = true;
  unregister_pending(impl_->temporary.c_str());
  return ok_status();
}

}  // namespace goescape
