// Fuzz target: the pattern-catalog loader (catalog/catalog.hpp). The loader
// reads directories only, so the bytes are written as the one pattern file of
// a private temporary directory (made once per process) and the directory is
// loaded. Either a catalog with one pattern or an Error naming the file comes
// back; never a crash, whatever the JSON, RE2 expressions or templates hold.
#include <unistd.h>

#include <cassert>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "catalog/catalog.hpp"
#include "fuzz_target.hpp"

namespace {

namespace fs = std::filesystem;

// The directory holding the one pattern file; removed at exit.
class PatternDir {
 public:
  PatternDir() {
    std::string tmpl = (fs::temp_directory_path() / "goescape-fuzz-catalog-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    dir_ = tmpl;
    file_ = (fs::path(dir_) / "pattern.json").string();
  }
  ~PatternDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }
  const std::string& file() const { return file_; }

 private:
  std::string dir_, file_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const PatternDir where;
  {
    std::ofstream out(where.file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
  }
  const auto catalog = goescape::load_catalog({where.dir()});
  if (catalog) {
    assert(catalog->patterns.size() == 1);
    assert(catalog->find(catalog->patterns[0].id) != nullptr);
  } else {
    // Every problem names the file it is in.
    assert(catalog.error().message.find(where.file()) != std::string::npos);
  }
  return 0;
}
