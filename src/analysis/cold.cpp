// classify_cold: the PLAYBOOK §16 "where the code runs" rules. With facts, a
// finding's kind of cold code comes from its site's context (error branch,
// panic argument, recovery, sync.Once) and from the function that evaluates
// it; functions are classified once per package: init and main, option
// builders and configuration/registration functions (the table below), test
// helpers, and, to a fixed point, unexported functions whose every call sits
// in cold code. Without facts the source line and the function's name stand
// in, as well as they can.
#include "analysis/cold.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "analysis/match_engine.hpp"
#include "support/regex.hpp"

namespace goescape {

namespace {

// Functions that run once, at start-up or configuration, by their name (the
// declaration's own name, without receiver): registration, configuration and
// flag or config loading. Their literals run once too.
// Functions that deal with a failure, by their name: an Error method,
// basicAuthFailed, handleError, HTTPErrorHandler, onPanic.
bool error_handler_name(std::string_view name) {
  static const Regex names(R"((?:Error|Err|Fail|Failed|Failure|Panic)(?:Handler|Func)?$)");
  return names.search(name);
}

bool run_once_name(std::string_view name) {
  static const Regex names(
      R"(^(?:Must)?Register(?:[A-Z_]\w*)?$|^[Cc]onfigure(?:[A-Z_]\w*)?$|^[Ss]et[Uu]p(?:[A-Z_]\w*)?$|)"
      R"(^(?:[Ll]oad|[Pp]arse|[Rr]ead)\w*(?:Config|Flags)$)");
  return names.full_match(name);
}

// A functional-option builder: it returns `func(*options)` (maybe with an
// error result) or a type named ...Option(s). What it builds runs once, when
// the object is configured.
bool option_builder(const PackageFacts& facts, const FactFunction& fn) {
  if (fn.results.size() != 1) return false;
  std::string_view result = facts.text(fn.results[0]);
  static const Regex option_func(R"(^func\(\*[^,()]+\)(?: error)?$)");
  static const Regex option_type(R"((?:^|[./])\*?[A-Z]?\w*Options?$)");
  return option_func.full_match(result) || option_type.search(result);
}

// The declared name of a function: "Register" of "example.com/m.(*T).Register".
std::string_view declared_name(std::string_view pprof) {
  if (auto slash = pprof.rfind('/'); slash != std::string_view::npos)
    pprof.remove_prefix(slash + 1);
  if (auto dot = pprof.rfind('.'); dot != std::string_view::npos) pprof.remove_prefix(dot + 1);
  if (auto bracket = pprof.find('['); bracket != std::string_view::npos)
    pprof = pprof.substr(0, bracket);
  return pprof;
}

bool is_main(std::string_view pprof) { return pprof == "main.main"; }

// An error value being built (errors.New inlined, fmt.Errorf's wrappers):
// made only when something has failed.
bool builds_error(const Finding& f) {
  return f.expr.starts_with("&errors.errorString{") || f.expr.starts_with("&fmt.wrapError{") ||
         f.expr.starts_with("&fmt.wrapErrors{");
}

// The cold kind of each function of a package's facts, or empty.
class ColdFunctions {
 public:
  explicit ColdFunctions(const PackageFacts& facts) : facts_(facts) {
    kinds_.resize(facts.functions.size());
    for (std::size_t i = 0; i < facts.functions.size(); ++i) kinds_[i] = own_kind(i);
    inherit_from_parents();
    propagate_through_calls();
  }

  std::string_view kind(std::int32_t id) const {
    return id >= 0 && static_cast<std::size_t>(id) < kinds_.size()
               ? kinds_[static_cast<std::size_t>(id)]
               : std::string_view();
  }

 private:
  std::string_view own_kind(std::size_t id) const {
    const FactFunction& fn = facts_.functions[id];
    const std::string_view name = facts_.text(fn.name);
    if (fn.has_span && fn.span.file < facts_.files.size()) {
      const FactFile& file = facts_.files[fn.span.file];
      if (file.test) return cold_kind::test;
      if (file.generated) return cold_kind::generated;
    }
    if (fn.test_helper) return cold_kind::test;
    switch (fn.kind) {
      case FunctionKind::init:
        return cold_kind::init;
      case FunctionKind::package_init:
      case FunctionKind::map_init:
        return cold_kind::package_init;
      default:
        break;
    }
    // An error handler (it is given an error to deal with) runs when
    // something failed.
    if (std::any_of(fn.params.begin(), fn.params.end(),
                    [&](const FactParam& p) { return facts_.text(p.type) == "error"; }))
      return cold_kind::error_path;
    if (fn.kind == FunctionKind::func || fn.kind == FunctionKind::method) {
      if (is_main(name)) return cold_kind::main_startup;
      if (error_handler_name(declared_name(name))) return cold_kind::error_path;
      if (run_once_name(declared_name(name)) || option_builder(facts_, fn))
        return cold_kind::run_once;
    }
    return {};
  }

  // Literals and wrappers share their parent's kind when it is about the
  // code itself (a test, a generated file, an option builder); the body of a
  // literal in init or main runs whenever it is called, later.
  void inherit_from_parents() {
    for (std::size_t i = 0; i < facts_.functions.size(); ++i) {
      const FactFunction& fn = facts_.functions[i];
      if (!kinds_[i].empty() || fn.parent < 0) continue;
      const std::string_view parent = kind(fn.parent);
      const bool wrapper =
          fn.kind == FunctionKind::go_wrapper || fn.kind == FunctionKind::defer_wrapper;
      if (parent == cold_kind::test || parent == cold_kind::generated ||
          parent == cold_kind::run_once || (wrapper && !parent.empty()))
        kinds_[i] = parent;
    }
  }

  // An unexported plain function whose every call in the package sits in
  // cold code, and that no function uses as a value, is cold too (the kind of
  // its first caller's code). Repeated until nothing changes.
  void propagate_through_calls() {
    std::unordered_map<std::string_view, std::size_t> by_name;
    for (std::size_t i = 0; i < facts_.functions.size(); ++i) {
      const FactFunction& fn = facts_.functions[i];
      if (fn.kind == FunctionKind::func && !fn.exported && kinds_[i].empty())
        by_name.emplace(facts_.text(fn.name), i);
    }
    if (by_name.empty()) return;
    // Calls by callee: (calling function, site) pairs.
    std::map<std::size_t, std::vector<const FactSite*>> calls;
    for (const FactSite& site : facts_.sites) {
      if (site.node != SiteNode::call || !site.has(site_static)) continue;
      auto it = by_name.find(facts_.text(site.detail));
      if (it != by_name.end()) calls[it->second].push_back(&site);
    }
    // Functions whose name some body mentions without calling it from there.
    std::unordered_map<std::string_view, std::vector<std::int32_t>> mentioned_by;
    for (std::size_t f = 0; f < facts_.functions.size(); ++f)
      for (FactText n : facts_.functions[f].names)
        mentioned_by[facts_.text(n)].push_back(static_cast<std::int32_t>(f));
    std::set<std::size_t> used_as_value;
    for (const auto& [name, id] : by_name) {
      auto mentions = mentioned_by.find(declared_name(name));
      if (mentions == mentioned_by.end()) continue;
      std::set<std::int32_t> callers;
      for (const FactSite* site : calls[id]) callers.insert(site->function);
      if (std::any_of(mentions->second.begin(), mentions->second.end(),
                      [&](std::int32_t f) { return !callers.count(f); }))
        used_as_value.insert(id);
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [id, sites] : calls) {
        if (!kinds_[id].empty() || sites.empty() || used_as_value.count(id)) continue;
        std::string_view first;
        bool all_cold = true;
        for (const FactSite* site : sites) {
          std::string_view k = site_kind(*site);
          if (k.empty()) k = kind(site->function);
          if (k.empty()) {
            all_cold = false;
            break;
          }
          if (first.empty()) first = k;
        }
        if (all_cold) {
          kinds_[id] = first;
          changed = true;
        }
      }
    }
  }

 public:
  // The kind of cold code a site's own context makes it.
  static std::string_view site_kind(const FactSite& site) {
    if (site.in(context_panic_arg) || site.in(context_recover)) return cold_kind::panic_path;
    if (site.in(context_error_branch) || site.in(context_return_err)) return cold_kind::error_path;
    if (site.in(context_once)) return cold_kind::run_once;
    return {};
  }

 private:
  const PackageFacts& facts_;
  std::vector<std::string_view> kinds_;
};

// Whether the finding is in a package-level variable's initialiser (code
// that runs once, in `pkg.init`), not in a function's body.
bool at_package_level(const MatchInput& in) {
  const Finding& f = in.finding;
  if (f.pos.line <= 0) return false;
  if (in.facts) {
    const FactsIndex& index = *in.facts.index;
    for (const FactSite* site : index.sites_at(in.facts.file, f.pos.line, f.pos.col)) {
      if (const FactFunction* fn = index.facts().function(site->function))
        return fn->kind == FunctionKind::package_init || fn->kind == FunctionKind::map_init;
    }
    const FactFunction* fn = index.function_at(in.facts.file, f.pos.line, f.pos.col);
    return !fn || fn->kind == FunctionKind::map_init;
  }
  return in.file && !in.file->innermost_at(f.pos.line, f.pos.col);
}

bool within_call(std::string_view line, std::string_view callee, int col) {
  return line.find(callee) != std::string_view::npos && call_span(line, callee, col).has_value();
}

bool generated_file(const GoSourceFile& file) {
  static const Regex marker(R"(^// Code generated .* DO NOT EDIT\.$)");
  for (int n = 1; n <= file.line_count(); ++n) {
    const std::string_view text = trim(file.line_text(n));
    if (text.starts_with("package ")) return false;
    if (marker.full_match(text)) return true;
  }
  return false;
}

// The kind of cold code of one finding, from its file, its site and the
// function that evaluates it; without facts from its line and names.
std::string_view finding_kind(const MatchInput& in, const ColdFunctions* functions) {
  const Finding& f = in.finding;
  if (!in_module_file(f, in.ctx)) return cold_kind::outside_module;
  if (f.pos.file.ends_with("_test.go")) return cold_kind::test;
  if (in.facts) {
    const FactsIndex& index = *in.facts.index;
    const PackageFacts& facts = index.facts();
    const auto file = static_cast<std::size_t>(in.facts.file);
    if (file < facts.files.size() && facts.files[file].test) return cold_kind::test;
    if (file < facts.files.size() && facts.files[file].generated) return cold_kind::generated;
    if (at_package_level(in)) return cold_kind::package_init;
    std::int32_t function = -1;
    std::string_view context;
    if (const FactSite* site = finding_site(in)) {
      function = site->function;
      context = ColdFunctions::site_kind(*site);
    } else if (const FactFunction* fn = index.function_at(in.facts.file, f.pos.line, f.pos.col)) {
      function = static_cast<std::int32_t>(fn - facts.functions.data());
    }
    const std::string_view own = functions ? functions->kind(function) : std::string_view();
    // Where the function runs outranks where in it the site sits.
    if (!own.empty() && own != cold_kind::run_once) return own;
    if (!context.empty()) return context;
    if (own.empty() && builds_error(f)) return cold_kind::error_path;
    return own;
  }
  if (in.file && generated_file(*in.file)) return cold_kind::generated;
  if (at_package_level(in)) return cold_kind::package_init;
  const std::string_view line = strip_comment(in.line);
  if (within_call(line, "panic", f.pos.col)) return cold_kind::panic_path;
  for (std::string_view ctor : {"fmt.Errorf", "errors.New", "errors.Join"})
    if (within_call(line, ctor, f.pos.col)) return cold_kind::error_path;
  if (builds_error(f)) return cold_kind::error_path;
  if (f.function) {
    const std::string_view fn = *f.function;
    // An Error method formats a failure: it runs on the error path.
    if (fn.ends_with(".Error")) return cold_kind::error_path;
    static const Regex init_fn(R"((?:^|[./])init\.[0-9]+$)");
    if (init_fn.search(fn)) return cold_kind::init;
    if (is_main(fn)) return cold_kind::main_startup;
  }
  return {};
}

}  // namespace

std::string_view cold_reason(std::string_view kind) {
  static const std::map<std::string_view, std::string_view> reasons = {
      {cold_kind::outside_module, "code outside the module, which it cannot change"},
      {cold_kind::generated, "a generated file: edit its generator instead"},
      {cold_kind::test, "test code"},
      {cold_kind::package_init, "a package-level initialiser: runs once, at start-up"},
      {cold_kind::init, "an init function: runs once, at start-up"},
      {cold_kind::main_startup, "main's own start-up code: runs once"},
      {cold_kind::panic_path, "runs only on a panic (its argument, or recovery code)"},
      {cold_kind::error_path,
       "runs only when an operation fails (an error branch, or an error built to be returned)"},
      {cold_kind::run_once,
       "runs once per configuration (an option builder, registration or set-up, sync.Once, or "
       "only called from such code)"},
  };
  auto it = reasons.find(kind);
  return it == reasons.end() ? std::string_view("cold code") : it->second;
}

bool in_module_file(const Finding& f, const AnalysisContext& ctx) {
  const std::string& file = f.pos.file;
  if (file.empty() || file[0] == '/' || file[0] == '<' || file.rfind("../", 0) == 0) return false;
  if (file.find("/pkg/mod/") != std::string::npos || file.rfind("vendor/", 0) == 0 ||
      file.find("/vendor/") != std::string::npos)
    return false;
  if (file.size() > 1 && file[1] == ':') return false;  // C:\...
  // go test's generated main, printed relative to its work directory.
  if (file == "_testmain.go" || file.ends_with("/_testmain.go")) return false;
  if (const GoPackage* pkg = ctx.package(f.package); pkg && pkg->standard) return false;
  return true;
}

void classify_cold(PackageResult& result, const AnalysisContext& ctx) {
  std::map<const FactsIndex*, ColdFunctions> functions;  // per facts package
  // Per file of the findings (a package's findings share a few): its path,
  // source and facts, valid while the package is analysed.
  struct SeenFile {
    std::string path;
    const GoSourceFile* file = nullptr;
    FileFacts facts;
  };
  std::unordered_map<std::string_view, SeenFile> files;
  for (Finding& f : result.findings) {
    if (!in_module_file(f, ctx)) {
      f.cold = std::string(cold_kind::outside_module);
      continue;
    }
    auto [known, added] = files.try_emplace(f.pos.file);
    SeenFile& at = known->second;
    if (added) {
      if (!ctx.root.empty())
        at.path = (std::filesystem::path(ctx.root) / f.pos.file).lexically_normal().string();
      at.file = at.path.ends_with(".go") ? ctx.sources.get(at.path) : nullptr;
      at.facts = ctx.facts_for_file(at.path, result.package);
    }
    const GoSourceFile* file = at.file;
    std::string_view line = f.source_line;
    if (line.empty() && file && f.pos.line > 0) line = file->line_text(f.pos.line);
    MatchInput in{f, ctx, result, file, line, at.facts};
    const ColdFunctions* cold = nullptr;
    if (in.facts) {
      auto it = functions.find(in.facts.index);
      if (it == functions.end())
        it = functions.emplace(in.facts.index, ColdFunctions(in.facts.index->facts())).first;
      cold = &it->second;
    }
    if (std::string_view kind = finding_kind(in, cold); !kind.empty())
      f.cold = std::string(kind);
    else
      f.cold.reset();
  }
}

}  // namespace goescape
