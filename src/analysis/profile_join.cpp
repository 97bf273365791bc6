// apply_profile: joins a heap profile's samples to findings (PLAYBOOK §1:
// profile first), charges the growth of slices, maps and builders to the
// line that grows them (§2, §3), marks the findings the profile never saw as
// cold (§16), and gives the advice only a profile can justify: §4 sync.Pool
// for frequent short-lived allocations, §14 size-class pools for
// variable-sized byte slices.
//
// Join rules:
// - A sample belongs to the innermost frame of its stack (inlined frames
//   included) that is in the module's own code, if that frame is in this
//   package's files: its line. Walking further out would credit a caller's
//   unrelated finding on the call line with bytes its callee allocated. The
//   frames inside it (standard library or dependency code the line called)
//   are the sample's callee chain.
// - A frame's file matches a file of the package when it is root/file
//   exactly, or ends in "/file" (profiles from another checkout, or built
//   with -trimpath) and its function is in the package, so that a
//   standard-library file of the same name never matches.
// - The samples of a line are shared among its allocating findings by what
//   the profile tells apart (analysis/profile_split.hpp), never repeated: a
//   report's figures add up to what its findings explain.
// - Growth: Go heap profiles leave the runtime's frames out, so
//   runtime.growslice and mapassign show as the appending or storing line's
//   own allocations, bytes.growSlice and strings.(*Builder).Write* as its
//   callees. They go to the finding about that growth: the compiler's
//   `append escapes to heap`, or a preallocation finding of the loop
//   (analysis/loop_patterns.hpp) wherever its appends are; where there is
//   none, the line gets a finding of its own (slice-growth-in-profile,
//   map-growth-in-profile) that quotes the measured growth.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "analysis/loop_patterns.hpp"
#include "analysis/match_engine.hpp"
#include "analysis/naming.hpp"
#include "analysis/profile_split.hpp"
#include "analysis/stages.hpp"
#include "profile/heap_blocks.hpp"
#include "profile/heap_profile.hpp"

namespace goescape {

namespace {

namespace fs = std::filesystem;

// §4: at least this many allocations, and this share of all allocated
// objects, with at most max_live_percent of them still in use.
constexpr std::int64_t pool_min_objects = 100;
constexpr double pool_min_object_percent = 1.0;
constexpr double max_live_percent = 5.0;
// §14: a byte-slice site "dominates" from this share of alloc_space on.
constexpr double size_class_min_space_percent = 5.0;

constexpr std::string_view cold_rule = "cold-in-profile";
constexpr std::string_view slice_growth_pattern = "slice-growth-in-profile";
constexpr std::string_view map_growth_pattern = "map-growth-in-profile";

// An escape the runtime allocates nothing for takes no share of a line's
// samples.
bool joinable(const Finding& f) { return f.allocates() || f.kind == Kind::source_pattern; }

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

Site site_of(const Finding& f) { return {std::string(without_dot_slash(f.pos.file)), f.pos.line}; }

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

// The package's files (those with findings, and its Go files on disk), looked
// up by base name so that each profile frame costs one map probe plus a few
// comparisons.
class FileMatcher {
 public:
  FileMatcher(const PackageResult& result, const AnalysisContext& ctx)
      : root_(ctx.root), package_(result.package) {
    for (const Finding& f : result.findings)
      if (joinable(f)) add(std::string(without_dot_slash(f.pos.file)));
    const GoPackage* pkg = ctx.package(result.package);
    if (!pkg || pkg->dir.empty() || root_.empty()) return;
    const fs::path root = fs::path(root_).lexically_normal();
    for (const std::string& base : pkg->files) {
      std::string rel = (fs::path(pkg->dir) / base).lexically_normal().lexically_relative(root);
      if (!rel.empty() && !rel.starts_with("..")) add(std::move(rel));
    }
  }

  bool empty() const { return by_base_.empty(); }

  // The package file `frame` is in, or nullptr.
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
  void add(std::string file) {
    auto& files = by_base_[std::string(base_name(file))];
    if (std::find(files.begin(), files.end(), file) == files.end())
      files.push_back(std::move(file));
  }

  std::string root_;
  std::string package_;
  std::map<std::string, std::vector<std::string>> by_base_;
};

// The samples of every line of the package the profile saw, grouped by what
// tells them apart: the callee chain and the block size.
std::map<Site, std::vector<SampleGroup>> measure(const PackageResult& result,
                                                 const AnalysisContext& ctx,
                                                 const HeapProfile& profile) {
  std::map<Site, std::vector<SampleGroup>> lines;
  FileMatcher files(result, ctx);
  if (files.empty()) return lines;
  ModuleScope scope(ctx);
  // Per frame, computed on first use: -1 not module code, 0 module code of no
  // file here, 1 a file of this package.
  std::vector<signed char> kind(profile.frames.size(), 2);
  std::vector<const std::string*> file_of(profile.frames.size(), nullptr);
  for (const ProfileSample& sample : profile.samples) {
    // Buckets the runtime keeps from before the profile started measure
    // nothing: they must not make a line look hot.
    if (sample.values == ProfileValues{}) continue;
    for (std::size_t depth = 0; depth < sample.frames.size(); ++depth) {
      const std::uint32_t index = sample.frames[depth];
      const ProfileFrame& frame = profile.frames[index];
      if (kind[index] == 2) {
        file_of[index] = files.match(frame);
        kind[index] = file_of[index] ? 1 : scope.contains(frame.file) ? 0 : -1;
      }
      if (kind[index] < 0) continue;
      if (kind[index] == 1) {
        std::vector<std::string_view> inner;
        for (std::size_t i = 0; i < depth; ++i)
          inner.push_back(profile.frames[sample.frames[i]].function);
        SampleGroup group = sample_group(inner);
        group.block = sample.block_size;
        if (group.block == 0 && sample.values.alloc_objects > 0)
          group.block = sample.values.alloc_space / sample.values.alloc_objects;
        std::vector<SampleGroup>& groups = lines[{*file_of[index], frame.line}];
        auto same = std::find_if(groups.begin(), groups.end(), [&](const SampleGroup& g) {
          return g.block == group.block && g.chain == group.chain && g.growth == group.growth;
        });
        if (same == groups.end()) same = groups.insert(groups.end(), std::move(group));
        same->values += sample.values;
      }
      break;  // the innermost frame of the module's code decides
    }
  }
  return lines;
}

// What grows at a line: an append, a map store or a builder write (facts:
// the loops' statements, then any append site), else an append read from
// the text.
struct GrowthAt {
  GrowthKind kind = GrowthKind::slice;
  int col = 0;
  std::string var;
  bool sized = false;  // made with a capacity or hint already (facts: a loop's statement)
};

std::optional<GrowthAt> growth_at(const FileFacts& facts, const GoSourceFile* file, int line) {
  if (facts) {
    const PackageFacts& pf = facts.index->facts();
    for (const FactLoop& loop : pf.loops) {
      if (static_cast<int>(loop.span.file) != facts.file || !loop.span.contains(line, 0)) continue;
      for (const auto& [stores, kind] :
           {std::pair{&loop.appends, GrowthKind::slice}, {&loop.map_stores, GrowthKind::map}})
        for (const FactLoopStore& s : *stores)
          if (s.line == line)
            return GrowthAt{kind, s.col, std::string(pf.text(s.var)), pf.text(s.decl) == "make"};
      for (const FactLoopWrite& w : loop.writes)
        if (w.line == line)
          return GrowthAt{GrowthKind::builder, w.col, std::string(pf.text(w.var)), false};
    }
    for (const FactSite* site : facts.index->sites_on_line(facts.file, line))
      if (site->node == SiteNode::append)
        return GrowthAt{GrowthKind::slice, site->col, std::string(pf.text(site->var)), false};
    return std::nullopt;
  }
  if (!file) return std::nullopt;
  const std::string_view text = strip_comment(file->line_text(line));
  const std::size_t at = text.find("append(");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view var = trim(text.substr(0, at));
  if (var.ends_with("=")) var = trim(var.substr(0, var.size() - 1));
  var = var.substr(std::min(var.find_last_of(" \t") + 1, var.size()));
  return GrowthAt{GrowthKind::slice, static_cast<int>(at + 7), std::string(var), false};
}

bool loop_pattern(const Finding& f, const Catalog* catalog) {
  if (!f.pattern || !catalog) return false;
  const Pattern* p = catalog->find(*f.pattern);
  return p && loop_advice_of(p->match.matcher).has_value();
}

bool growth_pattern(const Finding& f) {
  return f.pattern && (*f.pattern == slice_growth_pattern || *f.pattern == map_growth_pattern);
}

// Per file of the package: its facts, source and loop sites, read once.
class PackageFiles {
 public:
  PackageFiles(const PackageResult& result, const AnalysisContext& ctx)
      : result_(result), ctx_(ctx) {}

  struct File {
    FileFacts facts;
    const GoSourceFile* source = nullptr;
    std::vector<LoopSite> loops;
  };

  const File& operator[](const std::string& rel) {
    auto it = files_.find(rel);
    if (it != files_.end()) return it->second;
    File f;
    if (!ctx_.root.empty() && rel.ends_with(".go") && !rel.starts_with("/")) {
      const std::string abs = (fs::path(ctx_.root) / rel).lexically_normal().string();
      f.facts = ctx_.facts_for_file(abs, result_.package);
      f.source = ctx_.sources.get(abs);
      if (f.facts && f.source) f.loops = find_loop_sites(*f.facts.index, f.facts.file, *f.source);
    }
    return files_.emplace(rel, std::move(f)).first->second;
  }

 private:
  const PackageResult& result_;
  const AnalysisContext& ctx_;
  std::map<std::string, File> files_;
};

// The block size `f` allocates when it is one object of a known type made by
// the line's own code (a moved variable, `&T{}`, `new(T)`, a boxed value);
// 0 otherwise.
std::int64_t fixed_block(const Finding& f, const AnalysisContext& ctx, const PackageResult& result,
                         const PackageFiles::File& file) {
  if (!file.facts || f.inlined_from) return 0;
  MatchInput in{f, ctx, result, file.source, f.source_line, file.facts};
  const FactSite* site = finding_site(in);
  if (!site || (site->node != SiteNode::var && site->node != SiteNode::addr &&
                site->node != SiteNode::new_ && site->node != SiteNode::conv_iface))
    return 0;
  auto type = finding_type(in);
  if (!type || type->size < 0 || !type->fact) return 0;
  return heap_block_size(type->size, type->fact->has_pointers);
}

// The placeholders of a growth finding's suggestion: what grew and how to
// size it, with the variable's type when the facts know it.
Placeholders growth_placeholders(const Finding& f, const GrowthAt& g, const MatchInput& in) {
  const ProfileFigures& p = *f.profile;
  const auto type = variable_type(in, f.pos.line, f.pos.col, g.var);
  std::string kind = "appends";
  std::string sized = fmt::format("{} := make({}, 0, n)", g.var, type ? type->name : "[]T");
  if (g.kind == GrowthKind::map) {
    kind = "map assignments";
    sized = fmt::format("{} := make({}, n)", g.var, type ? type->name : "map[K]V");
  } else if (g.kind == GrowthKind::builder) {
    kind = "writes to a strings.Builder or bytes.Buffer";
    sized = fmt::format("{}.Grow(n) before the writes", g.var);
  }
  return {{"expr", f.expr},
          {"var", g.var},
          {"kind", kind},
          {"type", sized},
          {"alloc_objects", std::to_string(p.alloc_objects)},
          {"alloc_space", human_bytes(p.alloc_space)}};
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

// Gives a growth finding (new, or the compiler's append verdict without a
// pattern) the measured-growth pattern; the advice stays held back where a
// PLAYBOOK §16 rule says so, except that a builder's append inlined from the
// standard library is still the caller's growth.
void advise_growth(Finding& f, const GrowthAt& g, const AnalysisContext& ctx,
                   const PackageResult& result, const PackageFiles::File& file) {
  if (!ctx.catalog || f.pattern) return;
  const Pattern* p =
      ctx.catalog->find(g.kind == GrowthKind::map ? map_growth_pattern : slice_growth_pattern);
  if (!p) return;
  f.pattern = p->id;
  f.playbook = p->playbook;
  MatchInput in{f, ctx, result, file.source, f.source_line, file.facts};
  std::string rule = negative_rule(in);
  // Made with a capacity or hint already: what allocates here is growth past
  // it, or a small map's storage, which Go 1.24+ allocates at the first store
  // whatever the hint. Sizing it again is no advice.
  if (g.sized) rule = "already-sized";
  if (!rule.empty() && !rule.starts_with("inlined-from-dependency:")) {
    f.held_back = rule;
    return;
  }
  f.held_back.reset();
  f.suggestion = expand_template(p->suggestion, growth_placeholders(f, g, in));
}

ProfileFigures figures_of(const ProfileValues& v) {
  return {v.alloc_space, v.alloc_objects, v.inuse_space, v.inuse_objects, false};
}

}  // namespace

void apply_profile(PackageResult& result, const AnalysisContext& ctx) {
  if (!ctx.profile) return;
  const HeapProfile& profile = *ctx.profile;
  const std::map<Site, std::vector<SampleGroup>> lines = measure(result, ctx, profile);
  PackageFiles files(result, ctx);

  // The findings of each line, and the preallocation findings measured at
  // their other growth lines (where no append verdict of its own stands).
  std::map<Site, std::vector<std::size_t>> at_line;
  std::map<Site, std::vector<std::size_t>> grows_at;
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    if (!joinable(f)) continue;
    at_line[site_of(f)].push_back(i);
    if (!loop_pattern(f, ctx.catalog)) continue;
    for (const LoopSite& s : files[site_of(f).file].loops) {
      if (s.at() != LoopPos{f.pos.line, f.pos.col}) continue;
      for (const LoopPos& g : s.growth)
        if (g.line != f.pos.line) grows_at[{site_of(f).file, g.line}].push_back(i);
    }
  }
  for (auto& [site, indices] : grows_at) {
    const auto& here = at_line[site];
    const bool own_verdict = std::any_of(here.begin(), here.end(), [&](std::size_t i) {
      return is_append_verdict(result.findings[i]);
    });
    if (own_verdict) indices.clear();
  }

  std::vector<ProfileValues> got(result.findings.size());
  std::vector<bool> seen(result.findings.size(), false);
  std::vector<Finding> grown;
  FunctionNamer namer(ctx, result.package);
  for (const auto& [site, groups] : lines) {
    const PackageFiles::File& file = files[site.file];
    std::optional<GrowthAt> growth = growth_at(file.facts, file.source, site.line);
    std::vector<std::size_t> who;
    LineContext context;
    context.growth_line = growth.has_value();
    auto add = [&](std::size_t i, LineClaimant c) {
      who.push_back(i);
      context.claimants.push_back(std::move(c));
    };
    for (std::size_t i : at_line.count(site) ? at_line.at(site) : std::vector<std::size_t>{}) {
      Finding& f = result.findings[i];
      seen[i] = true;
      if (f.is_heap() && !f.allocates()) continue;  // nothing to charge
      LineClaimant c;
      c.col = f.pos.col;
      if (is_append_verdict(f) || loop_pattern(f, ctx.catalog) || growth_pattern(f)) {
        c.role = LineClaimant::Role::growth;
      } else if (f.inlined_from) {
        c.role = LineClaimant::Role::inlined;
        c.inlined_from = f.inlined_from->function;
      } else if ((c.block = fixed_block(f, ctx, result, file)) > 0) {
        c.role = LineClaimant::Role::fixed;
      }
      add(i, std::move(c));
    }
    if (grows_at.count(site))
      for (std::size_t i : grows_at.at(site)) {
        seen[i] = true;
        add(i, {LineClaimant::Role::growth, {}, 0, 0});
      }
    if (file.facts) {
      const PackageFacts& pf = file.facts.index->facts();
      for (const FactSite* s : file.facts.index->sites_on_line(file.facts.file, site.line))
        if (s->node == SiteNode::call && s->has(site_static))
          context.calls.push_back({std::string(pf.text(s->detail)), s->col,
                                   s->end_line == site.line ? s->end_col : 1 << 30});
    }
    LineSplit split = split_line(groups, context);
    for (std::size_t k = 0; k < who.size(); ++k) got[who[k]] += split.claimed[k];
    if (split.new_growth == ProfileValues{} || !growth) continue;
    // Growth the compiler printed nothing about: a finding of its own.
    Finding f;
    f.kind = Kind::source_pattern;
    f.pos = {site.file, site.line, growth->col};
    f.printed_file = site.file;
    f.expr = growth->var;
    f.package = result.package;
    f.variant = result.variant;
    if (file.source) f.source_line = std::string(file.source->line_text(site.line));
    f.function = namer.name(f);
    f.profile = figures_of(split.new_growth);
    advise_growth(f, *growth, ctx, result, file);
    grown.push_back(std::move(f));
  }

  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    Finding& f = result.findings[i];
    if (!joinable(f)) continue;
    if (!seen[i]) {
      f.profile = ProfileFigures{};
      f.profile->cold = true;
      if (f.suggestion && !ctx.all) {
        f.suggestion.reset();
        f.held_back = std::string(cold_rule);
      }
      continue;
    }
    f.profile = figures_of(got[i]);
    if (is_append_verdict(f) && !f.pattern && got[i].alloc_space > 0) {
      const PackageFiles::File& file = files[site_of(f).file];
      if (auto g = growth_at(file.facts, file.source, f.pos.line))
        advise_growth(f, *g, ctx, result, file);
    } else if (loop_pattern(f, ctx.catalog)) {
      if (f.suggestion && got[i].alloc_space > 0)
        *f.suggestion +=
            fmt::format("\nThe heap profile measured {} allocations, {} while it grew.",
                        got[i].alloc_objects, human_bytes(got[i].alloc_space));
    } else if (!growth_pattern(f)) {
      advise(f, profile, ctx);
    }
  }
  for (Finding& f : grown) result.findings.push_back(std::move(f));
}

}  // namespace goescape
