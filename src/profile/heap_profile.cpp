// The text form read here is `go tool pprof -raw`:
//
//   PeriodType: space bytes
//   Samples:
//   alloc_objects/count alloc_space/bytes[dflt] inuse_objects/count inuse_space/bytes
//         2000     160000          1         80: 74 75 42 76
//                   bytes:[80]
//   Locations
//      74: 0x52e484 M=1 example.com/profile.Render /abs/render.go:29:0 s=28
//       8: 0x4ee5ba M=1 sync.(*Once).Do /usr/local/go/src/sync/once.go:69:0 s=52
//               testing.(*M).after /usr/local/go/src/testing/testing.go:2684:0 s=2683
//   Mappings
//   ...
//
// A location's first line is its innermost (inlined) function, continuation
// lines its inlining callers. Sample values come in the order of the sample
// type line; older releases print `FILE:LINE` without the column.
#include "profile/heap_profile.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <optional>
#include <unordered_map>

#include "support/text.hpp"

namespace goescape {

namespace {

// Pathological inputs must not grow memory without bound: a sample deeper than
// this keeps its innermost frames only (pprof itself caps Go stacks at 128 per
// location set; this is far above any real stack).
constexpr std::size_t max_sample_depth = 4096;

std::int64_t add_saturating(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum))
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  return sum;
}

// Splits on runs of spaces and tabs.
std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

template <typename Int>
std::optional<Int> parse_int(std::string_view s) {
  Int value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Removes a trailing ":DIGITS" and returns the number.
std::optional<int> take_number_suffix(std::string_view& s) {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto number = parse_int<int>(s.substr(colon + 1));
  if (!number) return std::nullopt;
  s = s.substr(0, colon);
  return number;
}

// "FUNC FILE:LINE[:COL] [s=START]" -> frame. Function names may contain spaces
// inside brackets (generic shapes: `F[go.shape.struct { X int }]`), file names
// anywhere, so the name ends at the first space outside brackets.
std::optional<ProfileFrame> parse_frame(std::string_view text) {
  text = trim(text);
  if (auto s = text.rfind(" s="); s != std::string_view::npos && all_digits(text.substr(s + 3)))
    text = trim(text.substr(0, s));
  std::optional<int> last = take_number_suffix(text);
  if (!last) return std::nullopt;
  int line = *last;
  std::string_view before = text;
  if (auto first = take_number_suffix(before)) {  // FILE:LINE:COL
    line = *first;
    text = before;
  }
  int depth = 0;
  std::size_t split = std::string_view::npos;
  for (std::size_t i = 0; i < text.size() && split == std::string_view::npos; ++i) {
    if (text[i] == '[') ++depth;
    if (text[i] == ']' && depth > 0) --depth;
    if (text[i] == ' ' && depth == 0) split = i;
  }
  if (split == std::string_view::npos) return std::nullopt;
  ProfileFrame frame{std::string(text.substr(0, split)), std::string(trim(text.substr(split))),
                     line};
  if (frame.file.empty() || line < 0) return std::nullopt;
  return frame;
}

// `key:[value]` sample labels printed under a sample line.
bool is_label_line(std::string_view trimmed) {
  auto open = trimmed.find(":[");
  return open != std::string_view::npos && open > 0 && trimmed.back() == ']' &&
         trimmed.substr(0, open).find_first_of(" \t") == std::string_view::npos;
}

class RawParser {
 public:
  Result<HeapProfile> parse(std::string_view text) {
    for (std::string_view line : split_lines(text))
      if (auto error = on_line(line)) return *error;
    if (section_ == Section::header) return Error{"no sample section (not a pprof profile)"};
    if (section_ == Section::types) return Error{"no sample types (not a pprof profile)"};
    return finish();
  }

 private:
  enum class Section { header, types, samples, locations, done };

  struct PendingSample {
    ProfileValues values;
    std::vector<std::uint64_t> locations;
    std::int64_t block_size = 0;
  };

  std::optional<Error> on_line(std::string_view line) {
    std::string_view t = trim(line);
    switch (section_) {
      case Section::header:
        if (t == "Samples:") section_ = Section::types;
        return std::nullopt;
      case Section::types:
        if (t.empty()) return std::nullopt;
        return read_types(t);
      case Section::samples:
        if (t == "Locations") {
          section_ = Section::locations;
        } else if (is_label_line(t)) {
          read_label(t);
        } else if (!t.empty()) {
          labels_go_to_last_ = read_sample(t);
          if (!labels_go_to_last_) ++profile_.skipped_lines;
        }
        return std::nullopt;
      case Section::locations:
        if (t == "Mappings") {
          section_ = Section::done;
        } else if (!t.empty() && !read_location_line(line, t)) {
          ++profile_.skipped_lines;
        }
        return std::nullopt;
      case Section::done:
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::optional<Error> read_types(std::string_view t) {
    std::vector<std::string_view> names = fields(t);
    types_ = names.size();
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::string_view name = names[i].substr(0, names[i].find('/'));
      if (name == "alloc_objects") column_[0] = i;
      if (name == "alloc_space") column_[1] = i;
      if (name == "inuse_objects") column_[2] = i;
      if (name == "inuse_space") column_[3] = i;
    }
    if (!column_[1]) {
      const std::string list = fmt::format("{}", fmt::join(names, ", "));
      return Error{
          fmt::format("not a heap profile (its sample types are {})", list.substr(0, 200))};
    }
    profile_.has_inuse = column_[2].has_value() && column_[3].has_value();
    section_ = Section::samples;
    return std::nullopt;
  }

  bool read_sample(std::string_view t) {
    auto colon = t.find(':');
    if (colon == std::string_view::npos) return false;
    std::vector<std::string_view> values = fields(t.substr(0, colon));
    if (values.size() != types_) return false;
    std::int64_t v[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; ++k) {
      if (!column_[k]) continue;
      auto n = parse_int<std::int64_t>(values[*column_[k]]);
      if (!n) return false;
      v[k] = *n;
    }
    PendingSample sample;
    sample.values = {v[0], v[1], v[2], v[3]};
    for (std::string_view id : fields(t.substr(colon + 1))) {
      auto n = parse_int<std::uint64_t>(id);
      if (!n) return false;
      if (sample.locations.size() < max_sample_depth) sample.locations.push_back(*n);
    }
    pending_.push_back(std::move(sample));
    return true;
  }

  // `bytes:[80]` under a sample: the block size of its allocations. Other
  // labels say nothing goescape uses.
  void read_label(std::string_view t) {
    if (!labels_go_to_last_ || pending_.empty() || !t.starts_with("bytes:[")) return;
    if (auto n = parse_int<std::int64_t>(t.substr(7, t.size() - 8)); n && *n > 0)
      pending_.back().block_size = *n;
  }

  // "ID: 0xADDR [M=N] [FRAME]" starts a location; an indented line without
  // "ID:" is one more (outer, inlining) frame of the current one.
  bool read_location_line(std::string_view line, std::string_view t) {
    auto colon = t.find(": ");
    if (colon != std::string_view::npos && all_digits(t.substr(0, colon))) {
      auto id = parse_int<std::uint64_t>(t.substr(0, colon));
      if (!id) return false;
      current_ = &locations_[*id];
      std::string_view rest = trim(t.substr(colon + 2));
      if (rest.starts_with("0x")) rest = trim(rest.substr(std::min(rest.find(' '), rest.size())));
      if (rest.starts_with("M=")) rest = trim(rest.substr(std::min(rest.find(' '), rest.size())));
      return rest.empty() || add_frame(rest);
    }
    if (current_ == nullptr || (line.front() != ' ' && line.front() != '\t')) return false;
    return add_frame(t);
  }

  bool add_frame(std::string_view text) {
    std::optional<ProfileFrame> frame = parse_frame(text);
    if (!frame) return false;
    std::string key = fmt::format("{}\n{}\n{}", frame->function, frame->file, frame->line);
    auto [it, inserted] = frame_index_.try_emplace(
        std::move(key), static_cast<std::uint32_t>(profile_.frames.size()));
    if (inserted) profile_.frames.push_back(std::move(*frame));
    if (current_->size() < max_sample_depth) current_->push_back(it->second);
    return true;
  }

  HeapProfile finish() {
    for (PendingSample& p : pending_) {
      ProfileSample sample;
      sample.values = p.values;
      sample.block_size = p.block_size;
      for (std::uint64_t id : p.locations) {
        auto it = locations_.find(id);
        if (it == locations_.end()) continue;
        for (std::uint32_t frame : it->second) {
          if (sample.frames.size() >= max_sample_depth) break;
          sample.frames.push_back(frame);
        }
      }
      profile_.total += sample.values;
      profile_.samples.push_back(std::move(sample));
    }
    return std::move(profile_);
  }

  Section section_ = Section::header;
  std::size_t types_ = 0;
  std::optional<std::size_t> column_[4];  // alloc_objects, alloc_space, inuse_objects, inuse_space
  std::vector<PendingSample> pending_;
  bool labels_go_to_last_ = false;  // the last sample line was read: labels are its
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> locations_;
  std::vector<std::uint32_t>* current_ = nullptr;
  std::unordered_map<std::string, std::uint32_t> frame_index_;
  HeapProfile profile_;
};

}  // namespace

ProfileValues& ProfileValues::operator+=(const ProfileValues& other) {
  alloc_objects = add_saturating(alloc_objects, other.alloc_objects);
  alloc_space = add_saturating(alloc_space, other.alloc_space);
  inuse_objects = add_saturating(inuse_objects, other.inuse_objects);
  inuse_space = add_saturating(inuse_space, other.inuse_space);
  return *this;
}

Result<HeapProfile> parse_pprof_raw(std::string_view text) { return RawParser().parse(text); }

}  // namespace goescape
