// A temporary file for setting records aside and reading them back later in
// any order, so that a run holds on disk, not in memory, what it cannot print
// yet (check and parse print every package only once all are analysed).
//
// The file has no name from the start (O_TMPFILE, else created and unlinked
// at once under $TMPDIR), so nothing is left behind however the run ends:
// normally, by an error, by SIGINT/SIGTERM or by SIGKILL. The descriptor is
// closed when the object dies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "support/result.hpp"

namespace goescape {

class SpoolFile {
 public:
  // Where a record was put.
  struct Span {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };

  // An Error (usage) naming the directory when no temporary file can be made.
  static Result<SpoolFile> create();

  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&& other) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  // Appends `bytes`; throws Failure (a full disk) when they cannot be written.
  Span append(std::string_view bytes);

  // Replaces `out` with the record at `span`; throws Failure on a read error.
  void read(Span span, std::string& out) const;

  // Bytes appended so far.
  std::uint64_t size() const { return size_; }

  // The record at `span` read back a piece at a time, for readers that take
  // their input in pieces (support/json_scan): memory is one piece, not the
  // record. A read error ends the record early and sets failed(); nothing
  // throws.
  class Stream {
   public:
    Stream(const SpoolFile& file, Span span) : file_(file), span_(span) {}
    // The next piece; empty at the end of the record (or after an error).
    std::string_view next();
    bool failed() const { return failed_; }

   private:
    const SpoolFile& file_;
    Span span_;
    std::string piece_;
    std::uint64_t read_ = 0;  // bytes of the record read so far
    bool failed_ = false;
  };

 private:
  SpoolFile() = default;
  // Reads `size` bytes at `offset` into `out`; an error message on failure.
  std::string read_at(char* out, std::size_t size, std::uint64_t offset) const;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace goescape
