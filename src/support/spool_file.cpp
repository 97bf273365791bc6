#include "support/spool_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace goescape {

namespace {

std::string temporary_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

// A file without a name in `dir`: O_TMPFILE where the file system has it,
// else a named file unlinked before anyone can see it.
int anonymous_file(const std::string& dir) {
#ifdef O_TMPFILE
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  std::string pattern = dir + "/goescape-spool-XXXXXX";
  int named = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (named >= 0) ::unlink(pattern.c_str());
  return named;
}

}  // namespace

Result<SpoolFile> SpoolFile::create() {
  const std::string dir = temporary_directory();
  SpoolFile spool;
  spool.fd_ = anonymous_file(dir);
  if (spool.fd_ < 0)
    return Error{fmt::format("cannot make a temporary file in {}: {}", dir, std::strerror(errno)),
                 ExitCode::usage};
  return spool;
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(std::exchange(other.size_, 0)) {}

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) ::close(fd_);
}

SpoolFile::Span SpoolFile::append(std::string_view bytes) {
  Span span{size_, bytes.size()};
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(size_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Failure{Error{fmt::format("cannot write a temporary file: {}",
                                      n < 0 ? std::strerror(errno) : "no space"),
                          ExitCode::usage}};
    size_ += static_cast<std::uint64_t>(n);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return span;
}

std::string SpoolFile::read_at(char* out, std::size_t size, std::uint64_t offset) const {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return fmt::format("cannot read a temporary file back: {}",
                         n < 0 ? std::strerror(errno) : "it is shorter than written");
    done += static_cast<std::size_t>(n);
  }
  return {};
}

void SpoolFile::read(Span span, std::string& out) const {
  out.resize(span.size);
  if (std::string problem = read_at(out.data(), span.size, span.offset); !problem.empty())
    throw Failure{Error{std::move(problem), ExitCode::usage}};
}

std::string_view SpoolFile::Stream::next() {
  constexpr std::uint64_t piece_size = 64 * 1024;
  if (failed_ || read_ >= span_.size) return {};
  piece_.resize(static_cast<std::size_t>(std::min(piece_size, span_.size - read_)));
  if (!file_.read_at(piece_.data(), piece_.size(), span_.offset + read_).empty()) {
    failed_ = true;
    return {};
  }
  read_ += piece_.size();
  return piece_;
}

}  // namespace goescape
