#include "app/verify_fixes.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analysis/fix_verify.hpp"
#include "analysis/stages.hpp"
#include "app/verify_cache.hpp"
#include "model/text_edit.hpp"
#include "parse/log_parser.hpp"
#include "runner/overlay.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// Overlay builds one verification may take: one for the usual case, a few
// more to find the candidates a failed build cannot pin on a position.
constexpr int max_builds = 12;

enum class Verdict { unknown, verified, failed, unchecked };

struct Outcome {
  Verdict verdict = Verdict::unknown;
  std::string reason;
};

class Verifier {
 public:
  Verifier(std::vector<PackageResult>& packages, const GoCommand& go, const AnalysisContext& ctx)
      : packages_(packages), go_(go), ctx_(ctx) {}

  Result<VerifyStats> run() {
    candidates_ = fix_candidates(packages_);
    outcomes_.assign(candidates_.size(), {});
    stats_.candidates = static_cast<int>(candidates_.size());
    // What an earlier run judged of the same code needs no build.
    VerdictCache cache(go_, ctx_);
    std::vector<std::string> keys;
    std::vector<bool> from_cache(candidates_.size(), false);
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      keys.push_back(cache.key(candidates_[i], packages_[candidates_[i].package].package));
      if (auto known = cache.find(keys.back())) {
        ++stats_.cached;
        from_cache[i] = true;
        settle(i, known->verified ? Verdict::verified : Verdict::failed, known->reason);
      } else {
        pending.push_back(i);
      }
    }
    // Candidates whose edits overlap an earlier one's wait for a later batch.
    while (!pending.empty()) {
      std::vector<std::size_t> batch, later;
      for (std::size_t i : pending) {
        const bool clash = std::any_of(batch.begin(), batch.end(), [&](std::size_t j) {
          for (const TextEdit& a : candidates_[i].fix->edits)
            for (const TextEdit& b : candidates_[j].fix->edits)
              if (edits_overlap(a, b)) return true;
          return false;
        });
        (clash ? later : batch).push_back(i);
      }
      if (Status done = check(batch); !done) return done.error();
      pending = std::move(later);
    }
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      const Outcome& o = outcomes_[i];
      if (!from_cache[i] && (o.verdict == Verdict::verified || o.verdict == Verdict::failed))
        cache.store(keys[i], {o.verdict == Verdict::verified, o.reason});
    }
    cache.sweep();
    record();
    return stats_;
  }

 private:
  void settle(std::size_t i, Verdict verdict, std::string reason = {}) {
    if (outcomes_[i].verdict == Verdict::unknown) outcomes_[i] = {verdict, std::move(reason)};
  }

  // Builds `batch` in one overlay and settles what it can; splits the rest.
  Status check(const std::vector<std::size_t>& batch) {
    if (batch.empty()) return ok_status();
    if (stats_.builds >= max_builds) {
      for (std::size_t i : batch) settle(i, Verdict::unchecked);
      return ok_status();
    }
    std::vector<const FixCandidate*> chosen;
    std::set<std::string> import_paths;
    for (std::size_t i : batch) {
      chosen.push_back(&candidates_[i]);
      import_paths.insert(packages_[candidates_[i].package].package);
    }
    const auto file_edits = edits_by_file(chosen);
    auto files = edited_files(ctx_.root, file_edits);
    if (!files) {
      if (batch.size() == 1) {
        settle(batch[0], Verdict::failed, files.error().message);
        return ok_status();
      }
      return split(batch, import_paths);
    }
    ++stats_.builds;
    bool commands = false;
    for (const std::string& path : import_paths)
      if (const GoPackage* package = ctx_.package(path); !package || package->name == "main")
        commands = true;
    auto built = go_build_overlay(
        go_, *files, std::vector<std::string>(import_paths.begin(), import_paths.end()), commands);
    if (!built) return built.error();
    std::vector<Finding> after;
    std::vector<std::string> errors;
    LogParser parser([&](PackageResult&& result) {
      resolve_positions(result, ctx_);
      for (Finding& f : result.findings)
        if (f.is_heap()) after.push_back(std::move(f));
      for (const Diagnostic& d : result.diagnostics) errors.push_back(d.text);
    });
    for (const std::string& line : built->lines) parser.feed(line);
    parser.finish();
    if (built->exit_status == 0) {
      for (std::size_t k = 0; k < batch.size(); ++k) {
        if (escape_gone(*chosen[k], after, file_edits))
          settle(batch[k], Verdict::verified);
        else
          settle(batch[k], Verdict::failed, "the allocation remains after the rewrite");
      }
      return ok_status();
    }
    std::vector<std::string> unexplained;
    std::set<std::size_t> blamed = blamed_candidates(chosen, file_edits, errors, unexplained);
    // Only `# package` chatter left unexplained: the positions tell it all.
    std::erase_if(unexplained, [](const std::string& l) { return trim(l).empty(); });
    if (!blamed.empty() && unexplained.empty()) {
      std::vector<std::size_t> rest;
      for (std::size_t k = 0; k < batch.size(); ++k) {
        if (blamed.count(k))
          settle(batch[k], Verdict::failed, "the rewrite does not build: " + first_error(errors));
        else
          rest.push_back(batch[k]);
      }
      return check(rest);
    }
    if (batch.size() == 1) {
      settle(batch[0], Verdict::failed, "the rewrite does not build: " + first_error(errors));
      return ok_status();
    }
    return split(batch, import_paths);
  }

  // By package when the batch spans several, else in halves.
  Status split(const std::vector<std::size_t>& batch, const std::set<std::string>& import_paths) {
    std::vector<std::vector<std::size_t>> parts;
    if (import_paths.size() > 1) {
      for (const std::string& path : import_paths) {
        parts.emplace_back();
        for (std::size_t i : batch)
          if (packages_[candidates_[i].package].package == path) parts.back().push_back(i);
      }
    } else {
      const auto half = static_cast<long>(batch.size() / 2);
      parts.emplace_back(batch.begin(), batch.begin() + half);
      parts.emplace_back(batch.begin() + half, batch.end());
    }
    for (const auto& part : parts)
      if (Status done = check(part); !done) return done;
    return ok_status();
  }

  static std::string first_error(const std::vector<std::string>& errors) {
    for (const std::string& e : errors)
      if (e.find(".go:") != std::string::npos) return std::string(trim(e));
    return errors.empty() ? std::string("go build failed") : std::string(trim(errors.front()));
  }

  // Writes the outcomes into the findings.
  void record() {
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      const FixCandidate& c = candidates_[i];
      Finding& f = packages_[c.package].findings[c.finding];
      const Outcome& o = outcomes_[i];
      switch (o.verdict) {
        case Verdict::verified:
          ++stats_.verified;
          f.fix->verified.builds = true;
          f.fix->verified.escape_gone = true;
          // A loop pattern's growth is invisible to escape analysis: what
          // the compiler can confirm is that the rewrite builds and adds no
          // heap allocation (growth shows only in a heap profile).
          *f.suggestion += c.heap_target
                               ? "\nChecked by the compiler (go build -overlay): the rewrite "
                                 "builds and the allocation is gone; `goescape fix` applies it."
                               : "\nChecked by the compiler (go build -overlay): the rewrite "
                                 "builds and adds no heap allocation but the sized make; `goescape "
                                 "fix` applies it.";
          break;
        case Verdict::failed:
          ++stats_.failed;
          f.fix.reset();
          f.suggestion.reset();
          f.held_back = "unverified: " + o.reason;
          break;
        case Verdict::unknown:
        case Verdict::unchecked:
          ++stats_.unchecked;
          f.fix.reset();
          break;
      }
    }
  }

  std::vector<PackageResult>& packages_;
  const GoCommand& go_;
  const AnalysisContext& ctx_;
  std::vector<FixCandidate> candidates_;
  std::vector<Outcome> outcomes_;
  VerifyStats stats_;
};

}  // namespace

Result<std::map<std::string, std::string>> edited_files(
    const std::string& root, const std::map<std::string, std::vector<TextEdit>>& edits) {
  std::map<std::string, std::string> out;
  for (const auto& [file, list] : edits) {
    const std::string path = (std::filesystem::path(root) / file).lexically_normal().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{fmt::format("{}: cannot read the file", file), ExitCode::usage};
    std::stringstream text;
    text << in.rdbuf();
    auto edited = apply_edits(text.str(), list);
    if (!edited) return edited.error();
    out.emplace(path, std::move(edited).value());
  }
  return out;
}

Result<VerifyStats> verify_fixes(std::vector<PackageResult>& packages, const GoCommand& go,
                                 const AnalysisContext& ctx) {
  return Verifier(packages, go, ctx).run();
}

void drop_unverified_fixes(PackageResult& package) {
  for (Finding& f : package.findings)
    if (f.fix && !f.fix->verified_ok()) f.fix.reset();
}

void drop_unverified_fixes(std::vector<PackageResult>& packages) {
  for (PackageResult& p : packages) drop_unverified_fixes(p);
}

}  // namespace goescape
