// The git commands `goescape diff --base REV` needs: where the repository is,
// which commit a revision names, and a temporary detached worktree of that
// commit that is always removed again (normally, on error, and on
// SIGINT/SIGTERM through support/signals.hpp), leaving `git status` and
// `git worktree list` of the repository as they were. Nothing goes through a
// shell; hooks are disabled for the commands that could run them.
#pragma once

#include <memory>
#include <string>

#include "support/result.hpp"
#include "support/signals.hpp"

namespace goescape {

struct GitRepository {
  std::string git;     // absolute path of the git binary
  std::string top;     // absolute top directory of the working tree
  std::string prefix;  // the directory asked about, relative to top ("" or "sub/dir/")
};

// The repository containing `dir` (empty = current directory). Errors
// (ExitCode::usage): git not on PATH, `dir` not in a git work tree.
Result<GitRepository> git_repository(const std::string& dir);

// The full hash of the commit `rev` names. An Error (usage) naming `rev` when
// it is unknown, with a hint about shallow clones.
Result<std::string> git_commit(const GitRepository& repo, const std::string& rev);

// Whether the working tree has changes `git status` shows (tracked or
// untracked files), so a report can say head is not exactly a commit.
Result<bool> git_has_changes(const GitRepository& repo);

// A `git worktree add --detach` of one commit in a fresh temporary directory.
// The destructor removes it (`git worktree remove --force`, then
// `git worktree prune` only if that failed, so unrelated stale worktrees of
// the user stay listed), also after SIGINT/SIGTERM; the removal is a
// CleanupGuard for the lifetime of the object, so that the last-resort exit
// of support/signals.hpp runs it too.
class GitWorktree {
 public:
  static Result<std::unique_ptr<GitWorktree>> add(const GitRepository& repo,
                                                  const std::string& commit);
  ~GitWorktree();
  GitWorktree(const GitWorktree&) = delete;
  GitWorktree& operator=(const GitWorktree&) = delete;

  // The absolute top of the worktree.
  const std::string& path() const { return path_; }

  // Removes the worktree now; later calls (and the destructor) do nothing.
  Status remove();

 private:
  GitWorktree(GitRepository repo, TemporaryDirectory dir);

  // The removal itself; its outcome goes to removal_status_.
  void remove_now();

  GitRepository repo_;
  TemporaryDirectory dir_;
  std::string path_;
  CleanupGuard removal_;
  Status removal_status_ = ok_status();
};

}  // namespace goescape
