#include "app/verify_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "runner/gofacts.hpp"
#include "support/hash.hpp"

namespace goescape {

namespace fs = std::filesystem;

namespace {

constexpr auto unused_for = std::chrono::hours(24 * 30);

// Two FNV-1a-64 hashes with different offsets: a 128-bit key, enough that
// two different inputs never meet in practice (a meeting would only cost a
// wrong "verified", which goescape fix's own build would still catch).
class KeyHash {
 public:
  void add(std::string_view data) {
    // A separator after each part, so that ("ab", "c") and ("a", "bc") differ.
    a_ = fnv1a(std::string_view("\xff", 1), fnv1a(data, a_));
    b_ = fnv1a(std::string_view("\xfe", 1), fnv1a(data, b_));
  }
  std::string hex() const { return fmt::format("{:016x}{:016x}", a_, b_); }

 private:
  std::uint64_t a_ = fnv_offset;
  std::uint64_t b_ = 0x84222325cbf29ce4ull;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

VerdictCache::VerdictCache(const GoCommand& go, const AnalysisContext& ctx)
    : VerdictCache(goescape_cache_dir().empty() ? std::string() : goescape_cache_dir() + "/verify",
                   go, ctx) {}

VerdictCache::VerdictCache(std::string dir, const GoCommand& go, const AnalysisContext& ctx)
    : dir_(std::move(dir)), ctx_(ctx) {
  KeyHash h;
  for (std::string_view part :
       {std::string_view("goescape-verify/v1"), std::string_view(GOESCAPE_VERSION),
        std::string_view(go.binary), std::string_view(go.tags), std::string_view(go.gcflags)})
    h.add(part);
  h.add(std::to_string(ctx.go_minor));
  settings_ = h.hex();
}

const std::string& VerdictCache::package_hash(const std::string& import_path) {
  auto [it, fresh] = package_hashes_.try_emplace(import_path);
  if (!fresh) return it->second;
  KeyHash h;
  h.add(import_path);
  if (const GoPackage* package = ctx_.package(import_path)) {
    for (const std::string& name : package->files) {
      h.add(name);
      h.add(read_file(fs::path(package->dir) / name));
    }
  }
  it->second = h.hex();
  return it->second;
}

std::string VerdictCache::key(const FixCandidate& candidate, const std::string& import_path) {
  KeyHash h;
  h.add(settings_);
  h.add(package_hash(import_path));
  for (const TextEdit& e : candidate.fix->edits)
    h.add(fmt::format("{}:{}:{}:{}:{}\n{}", e.file, e.line, e.col, e.end_line, e.end_col, e.text));
  h.add(fmt::format("{}:{}:{} {} {} {}", candidate.target.file, candidate.target.line,
                    candidate.target.col, candidate.target_expr, candidate.heap_before,
                    candidate.heap_target));
  return h.hex();
}

std::optional<CachedVerdict> VerdictCache::find(const std::string& key) const {
  if (dir_.empty()) return std::nullopt;
  const fs::path path = fs::path(dir_) / key;
  const std::string text = read_file(path);
  CachedVerdict verdict;
  if (text == "verified\n") {
    verdict.verified = true;
  } else if (text.starts_with("failed\n") && text.size() > 7) {
    verdict.reason = text.substr(7);
  } else {
    return std::nullopt;  // missing or damaged
  }
  // Used now: the sweep keeps it.
  std::error_code ignored;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ignored);
  return verdict;
}

void VerdictCache::store(const std::string& key, const CachedVerdict& verdict) {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return;
  const fs::path path = fs::path(dir_) / key;
  const fs::path temporary = fs::path(dir_) / fmt::format(".{}.{}", key, ::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << (verdict.verified ? std::string("verified\n") : "failed\n" + verdict.reason);
    if (!out.flush()) {
      fs::remove(temporary, ec);
      return;
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) fs::remove(temporary, ec);
  stored_ = true;
}

void VerdictCache::sweep() {
  if (dir_.empty() || !stored_) return;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ignored;
    const auto written = it->last_write_time(ignored);
    if (!ignored && now - written > unused_for) fs::remove(it->path(), ignored);
  }
}

}  // namespace goescape
