// Fuzz target: the Go source scanner (source/go_source.hpp). The bytes are one
// Go file; after scanning, positions derived from the input are looked up with
// innermost_at and line_text, and the scan's own structure is checked: every
// literal's parent is a scanned function, and innermost_at returns one of the
// scanned functions.
#include <cassert>
#include <string>

#include "fuzz_target.hpp"
#include "source/go_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first byte picks the naming release (Go 1.19..1.27), so every naming
  // branch is reached; the rest is the file.
  goescape::GoNaming naming;
  if (size > 0) naming.minor = 19 + data[0] % 9;
  std::string text(reinterpret_cast<const char*>(data), size);
  const goescape::GoSourceFile file = goescape::scan_go_source(text, naming);

  const int lines = file.line_count();
  assert(lines >= 0);
  // Names may be empty on broken input (`func\x19F`): best effort, not checked.
  for (const goescape::GoFunc& f : file.funcs)
    assert(f.parent < static_cast<int>(file.funcs.size()));
  // Probe positions: every line edge plus positions spread from the input's
  // bytes (a cheap deterministic stand-in for random positions).
  auto probe = [&](int line, int col) {
    const goescape::GoFunc* f = file.innermost_at(line, col);
    if (f != nullptr) assert(f >= file.funcs.data() && f < file.funcs.data() + file.funcs.size());
    const std::string_view t = file.line_text(line);
    if (line < 1 || line > lines) assert(t.empty());
    (void)t.size();
  };
  for (int line = -1; line <= lines + 1; ++line) probe(line, 0);
  for (std::size_t i = 0; i + 1 < size && i < 64; i += 2) {
    probe(static_cast<int>(data[i]) % (lines + 2), static_cast<int>(data[i + 1]) - 8);
  }
  probe(lines, 1 << 30);
  probe(1 << 30, 1);

  // Package-wide renumbering over two copies of the file, as for a package.
  goescape::GoSourceFile a = file, b = goescape::scan_go_source(std::move(text), naming);
  goescape::renumber_package({&a, &b}, naming);
  return 0;
}
