// apply_profile: joins a heap profile's samples to findings by file and line
// (PLAYBOOK §1: profile first), marks the findings the profile never saw as
// cold (§16), and gives the advice only a profile can justify: §4 sync.Pool
// for frequent short-lived allocations, §14 size-class pools for
// variable-sized byte slices.
//
// Join rules:
// - A sample belongs to the innermost frame of its stack (inlined frames
//   included) that is in the module's own code; if that frame's line carries a
//   finding, the sample's four values go to that line, else the sample is left
//   unexplained. Walking further out would credit a caller's unrelated finding
//   on the call line with bytes its callee allocated.
// - A frame's file matches a finding's file when it is root/file exactly, or
//   ends in "/file" (profiles from another checkout, or built with -trimpath)
//   and its function is in the finding's package, so that a standard-library
//   file of the same name never matches.
// - Profiles carry no columns: findings sharing a line share its figures.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "analysis/match_engine.hpp"
#include "analysis/stages.hpp"
#include "profile/heap_profile.hpp"

namespace goescape {

namespace {

// §4: at least this many allocations, and this share of all allocated
// objects, with at most max_live_percent of them still in use.
constexpr std::int64_t pool_min_objects = 100;
constexpr double pool_min_object_percent = 1.0;
constexpr double max_live_percent = 5.0;
// §14: a byte-slice site "dominates" from this share of alloc_space on.
constexpr double size_class_min_space_percent = 5.0;

constexpr std::string_view cold_rule = "cold-in-profile";

bool joinable(const Finding& f) { return f.is_heap() || f.kind == Kind::source_pattern; }

std::string_view without_dot_slash(std::string_view file) {
  while (file.starts_with("./")) file.remove_prefix(2);
  return file;
}

std::string_view base_name(std::string_view file) {
  auto slash = file.rfind('/');
  return slash == std::string_view::npos ? file : file.substr(slash + 1);
}

// "example.com/m/pkg.(*T).M" -> "example.com/m/pkg"; "main.main" -> "main".
std::string_view function_package(std::string_view function) {
  function = function.substr(0, function.find('['));
  auto slash = function.rfind('/');
  auto dot = function.find('.', slash == std::string_view::npos ? 0 : slash + 1);
  return function.substr(0, dot);
}

bool in_package(std::string_view function, const std::string& package) {
  std::string_view pkg = function_package(function);
  if (package.empty() || pkg == "main") return true;
  return pkg == package ||
         (pkg.size() == package.size() + 5 && pkg.starts_with(package) && pkg.ends_with("_test"));
}

double percent_of(std::int64_t part, std::int64_t whole) {
  return whole <= 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

struct Site {
  std::string file;  // the finding's file, without "./"
  int line = 0;
  auto operator<=>(const Site&) const = default;
};

// Where the module's own code lives: the root, every non-standard package's
// module directory, and module paths (for -trimpath profiles).
class ModuleScope {
 public:
  explicit ModuleScope(const AnalysisContext& ctx) {
    add_dir(ctx.root);
    for (const auto& [path, package] : ctx.packages) {
      if (package.standard) continue;
      add_dir(package.module_dir.empty() ? package.dir : package.module_dir);
      if (!package.module_path.empty()) add(prefixes_, package.module_path + "/");
    }
  }

  bool contains(std::string_view file) const {
    for (const std::string& prefix : prefixes_)
      if (file.starts_with(prefix)) return true;
    return false;
  }

 private:
  void add_dir(const std::string& dir) {
    if (!dir.empty()) add(prefixes_, dir.back() == '/' ? dir : dir + "/");
  }
  static void add(std::vector<std::string>& list, std::string item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
  }

  std::vector<std::string> prefixes_;
};

// The package's finding files, looked up by base name so that each profile
// frame costs one map probe plus a few comparisons.
class FileMatcher {
 public:
  FileMatcher(const PackageResult& result, const AnalysisContext& ctx) : root_(ctx.root) {
    for (const Finding& f : result.findings) {
      if (!joinable(f)) continue;
      std::string file(without_dot_slash(f.pos.file));
      auto& files = by_base_[std::string(base_name(file))];
      if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
    }
    package_ = result.package;
  }

  bool empty() const { return by_base_.empty(); }

  // The finding file `frame` is in, or nullptr.
  const std::string* match(const ProfileFrame& frame) const {
    auto it = by_base_.find(std::string(base_name(frame.file)));
    if (it == by_base_.end()) return nullptr;
    for (const std::string& file : it->second) {
      if (file.starts_with("/")) {
        if (frame.file == file) return &file;
        continue;
      }
      if (!root_.empty() && frame.file.size() == root_.size() + 1 + file.size() &&
          frame.file.starts_with(root_) && frame.file[root_.size()] == '/' &&
          frame.file.ends_with(file))
        return &file;
      bool suffix =
          frame.file == file || (frame.file.size() > file.size() && frame.file.ends_with(file) &&
                                 frame.file[frame.file.size() - file.size() - 1] == '/');
      if (suffix && in_package(frame.function, package_)) return &file;
    }
    return nullptr;
  }

 private:
  std::string root_;
  std::string package_;
  std::map<std::string, std::vector<std::string>> by_base_;
};

// The figures of every line of the package the profile saw.
std::map<Site, ProfileValues> measure(const PackageResult& result, const AnalysisContext& ctx,
                                      const HeapProfile& profile) {
  std::map<Site, ProfileValues> sites;
  FileMatcher files(result, ctx);
  if (files.empty()) return sites;
  std::map<Site, bool> finding_lines;
  for (const Finding& f : result.findings)
    if (joinable(f)) finding_lines[{std::string(without_dot_slash(f.pos.file)), f.pos.line}] = true;

  ModuleScope scope(ctx);
  // Per frame, computed on first use: -1 not module code, 0 module code of no
  // file here, 1 a file of this package.
  std::vector<signed char> kind(profile.frames.size(), 2);
  std::vector<const std::string*> file_of(profile.frames.size(), nullptr);
  for (const ProfileSample& sample : profile.samples) {
    // Buckets the runtime keeps from before the profile started measure
    // nothing: they must not make a line look hot.
    if (sample.values == ProfileValues{}) continue;
    for (std::uint32_t index : sample.frames) {
      const ProfileFrame& frame = profile.frames[index];
      if (kind[index] == 2) {
        file_of[index] = files.match(frame);
        kind[index] = file_of[index] ? 1 : scope.contains(frame.file) ? 0 : -1;
      }
      if (kind[index] < 0) continue;
      if (kind[index] == 1) {
        Site site{*file_of[index], frame.line};
        if (finding_lines.count(site)) sites[site] += sample.values;
      }
      break;  // the innermost frame of the module's code decides
    }
  }
  return sites;
}

// The size argument(s) of `make([]byte, ...)` are not all constants.
bool variable_sized_bytes(const Finding& f) {
  for (std::string_view prefix : {"make([]byte, ", "make([]uint8, "}) {
    if (!f.expr.starts_with(prefix)) continue;
    std::string_view args = std::string_view(f.expr).substr(prefix.size());
    for (char c : args)
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  }
  return false;
}

// The placeholders a profile pattern's suggestion may use besides {expr}:
// the figures measured at the line.
Placeholders profile_placeholders(const Finding& f) {
  const ProfileFigures& p = *f.profile;
  return {{"expr", f.expr},
          {"function", f.function.value_or("")},
          {"alloc_objects", std::to_string(p.alloc_objects)},
          {"alloc_space", std::to_string(p.alloc_space)},
          {"inuse_objects", std::to_string(p.inuse_objects)},
          {"inuse_space", std::to_string(p.inuse_space)}};
}

// §4 and §14, which need the profile's evidence: frequent, short-lived
// allocations at this line.
void advise(Finding& f, const HeapProfile& profile, const AnalysisContext& ctx) {
  if (!ctx.catalog || !profile.has_inuse || !f.is_heap() || f.held_back) return;
  // A value that leaves through a return is kept by callers: a Put would hand
  // it out again while they still use it (§4's "reset before Put" cannot hold).
  if (std::any_of(f.flow.begin(), f.flow.end(),
                  [](const FlowStep& step) { return step.reason == "return"; }))
    return;
  const ProfileFigures& p = *f.profile;
  if (p.alloc_objects < pool_min_objects ||
      percent_of(p.alloc_objects, profile.total.alloc_objects) < pool_min_object_percent ||
      percent_of(p.inuse_objects, p.alloc_objects) > max_live_percent)
    return;
  bool size_class =
      variable_sized_bytes(f) &&
      percent_of(p.alloc_space, profile.total.alloc_space) >= size_class_min_space_percent;
  const Pattern* pattern = ctx.catalog->find(size_class ? "size-class-pool" : "sync-pool-scratch");
  if (!pattern) return;
  f.pattern = pattern->id;
  f.playbook = pattern->playbook;
  f.suggestion = expand_template(pattern->suggestion, profile_placeholders(f));
}

}  // namespace

void apply_profile(PackageResult& result, const AnalysisContext& ctx) {
  if (!ctx.profile) return;
  const HeapProfile& profile = *ctx.profile;
  std::map<Site, ProfileValues> sites = measure(result, ctx, profile);
  for (Finding& f : result.findings) {
    if (!joinable(f)) continue;
    auto it = sites.find({std::string(without_dot_slash(f.pos.file)), f.pos.line});
    ProfileFigures figures;
    if (it == sites.end()) {
      figures.cold = true;
    } else {
      const ProfileValues& v = it->second;
      figures = {v.alloc_space, v.alloc_objects, v.inuse_space, v.inuse_objects, false};
    }
    f.profile = figures;
    if (figures.cold) {
      if (f.suggestion && !ctx.all) {
        f.suggestion.reset();
        f.held_back = std::string(cold_rule);
      }
    } else {
      advise(f, profile, ctx);
    }
  }
}

}  // namespace goescape
