// git for `goescape diff --base` (runner/git.hpp).
#include "runner/git.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "runner/process.hpp"
#include "support/text.hpp"

namespace goescape {

namespace {

// The first line of git's complaint, for a one-line error.
std::string first_line(const std::string& text) {
  std::string_view line = trim(std::string_view(text).substr(0, text.find('\n')));
  return line.empty() ? "no message" : std::string(line);
}

// Runs `git -C dir ARGS...`. Hooks are switched off: a post-checkout hook of
// the user's must not run in (or change anything from) our worktree.
Result<Captured> git(const std::string& binary, const std::string& dir,
                     std::vector<std::string> args, bool cleanup = false) {
  std::vector<std::string> argv = {binary, "-c", "core.hooksPath=/dev/null"};
  if (!dir.empty()) {
    argv.push_back("-C");
    argv.push_back(dir);
  }
  argv.insert(argv.end(), std::make_move_iterator(args.begin()),
              std::make_move_iterator(args.end()));
  // Untranslated messages, and never a pager or a credential prompt.
  return run_capture(
      ProcessSpec{std::move(argv),
                  "",
                  {{"LC_ALL", "C"}, {"GIT_PAGER", "cat"}, {"GIT_TERMINAL_PROMPT", "0"}},
                  cleanup});
}

}  // namespace

Result<GitRepository> git_repository(const std::string& dir) {
  auto binary = find_executable("git");
  if (!binary) return Error{"--base needs git, and git is not on PATH", ExitCode::usage};
  auto top = git(*binary, dir, {"rev-parse", "--show-toplevel", "--show-prefix"});
  if (!top) return Error{top.error().message, ExitCode::usage};
  if (top->exit_status != 0)
    return Error{fmt::format("--base: {} is not in a git work tree ({})",
                             dir.empty() ? "the current directory" : dir, first_line(top->err)),
                 ExitCode::usage};
  const std::string& out = top->out;
  const std::size_t nl = out.find('\n');
  GitRepository repo;
  repo.git = *binary;
  repo.top = out.substr(0, nl);
  repo.prefix = nl == std::string::npos ? "" : std::string(trim(out.substr(nl + 1)));
  return repo;
}

Result<std::string> git_commit(const GitRepository& repo, const std::string& rev) {
  auto parsed = git(repo.git, repo.top,
                    {"rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"});
  if (!parsed) return Error{parsed.error().message, ExitCode::usage};
  if (parsed->exit_status != 0 || parsed->out.empty())
    return Error{fmt::format("--base: unknown revision \"{}\" in {} (a shallow clone may lack it: "
                             "fetch it, or check out with fetch-depth: 0)",
                             rev, repo.top),
                 ExitCode::usage};
  return std::string(trim(parsed->out));
}

Result<bool> git_has_changes(const GitRepository& repo) {
  auto status = git(repo.git, repo.top, {"status", "--porcelain"});
  if (!status) return Error{status.error().message, ExitCode::usage};
  if (status->exit_status != 0)
    return Error{fmt::format("git status failed in {}: {}", repo.top, first_line(status->err)),
                 ExitCode::usage};
  return !status->out.empty();
}

GitWorktree::GitWorktree(GitRepository repo, TemporaryDirectory dir)
    : repo_(std::move(repo)), dir_(std::move(dir)), path_(dir_.path() + "/tree") {}

Result<std::unique_ptr<GitWorktree>> GitWorktree::add(const GitRepository& repo,
                                                      const std::string& commit) {
  auto dir = TemporaryDirectory::create("goescape-base-");
  if (!dir) return dir.error();
  std::unique_ptr<GitWorktree> tree(new GitWorktree(repo, std::move(dir).value()));
  // Armed before the worktree exists: an interrupted `add` may leave half a
  // tree that git already lists. The temporary directory goes after it.
  tree->removal_ = CleanupGuard([t = tree.get()] { t->remove_now(); });
  auto added = git(repo.git, repo.top, {"worktree", "add", "--detach", tree->path_, commit});
  if (!added) return added.error();
  if (added->exit_status != 0)
    return Error{fmt::format("git worktree add {} failed: {}", commit, first_line(added->err)),
                 ExitCode::usage};
  return tree;
}

void GitWorktree::remove_now() {
  auto removed = git(repo_.git, repo_.top, {"worktree", "remove", "--force", path_}, true);
  bool ok = removed && removed->exit_status == 0;
  std::string why = !removed ? removed.error().message : first_line(removed->err);
  if (!ok) {
    // Without the directory, prune drops git's record of it.
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    auto pruned = git(repo_.git, repo_.top, {"worktree", "prune"}, true);
    ok = pruned && pruned->exit_status == 0;
  }
  if (!ok)
    removal_status_ =
        Error{fmt::format("could not remove the worktree {}: {}", path_, why), ExitCode::usage};
}

Status GitWorktree::remove() {
  removal_.run();
  return removal_status_;
}

GitWorktree::~GitWorktree() { removal_.run(); }

}  // namespace goescape
