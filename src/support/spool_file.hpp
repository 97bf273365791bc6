// A temporary file for setting records aside and reading them back later in
// any order, so that a run holds on disk, not in memory, what it cannot print
// yet (check and parse print every package only once all are analysed).
//
// The file has no name from the start (O_TMPFILE, else created and unlinked
// at once under $TMPDIR), so nothing is left behind however the run ends:
// normally, by an error, by SIGINT/SIGTERM or by SIGKILL. The descriptor is
// closed when the object dies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
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

  // The record at `span` read back a chunk at a time, as a range of chars
  // for parsers that take iterators: memory is one chunk, not the record.
  // A read error ends the range early and sets failed(); nothing throws.
  class Stream {
   public:
    Stream(const SpoolFile& file, Span span) : file_(file), span_(span) {}
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    // An input iterator; every copy reads the one stream.
    class Iterator {
     public:
      using iterator_category = std::input_iterator_tag;
      using value_type = char;
      using difference_type = std::ptrdiff_t;
      using pointer = const char*;
      using reference = const char&;

      explicit Iterator(Stream* stream = nullptr) : stream_(stream) {}
      const char& operator*() const { return stream_->chunk_[stream_->at_]; }
      Iterator& operator++() {
        stream_->advance();
        return *this;
      }
      bool operator==(const Iterator& other) const { return ended() == other.ended(); }
      bool operator!=(const Iterator& other) const { return !(*this == other); }

     private:
      bool ended() const { return !stream_ || stream_->ended(); }
      Stream* stream_;
    };
    Iterator begin() {
      if (chunk_.empty() && !ended()) fill();
      return Iterator(this);
    }
    Iterator end() { return Iterator(); }
    bool failed() const { return failed_; }

   private:
    bool ended() const { return at_ >= chunk_.size() && (failed_ || read_ >= span_.size); }
    void advance() {
      if (++at_ >= chunk_.size() && read_ < span_.size && !failed_) fill();
    }
    void fill();

    const SpoolFile& file_;
    Span span_;
    std::string chunk_;
    std::size_t at_ = 0;      // in chunk_
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
