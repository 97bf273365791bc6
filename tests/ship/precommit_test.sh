#!/usr/bin/env bash
# The pre-commit hook script (scripts/pre-commit-hook), called as pre-commit
# calls it: the hook's args, then the staged .go files, from the repository's
# top. The module sits in mod/ with packages a/ and b/.
#
#   precommit_test.sh CASE GOESCAPE HOOK      CASE: new | moved | no-head
# Exit 77 (a ctest skip) when go or git is missing.
set -euo pipefail

case_name=$1
goescape=$2
hook=$3

source "$(dirname "$0")/common.sh"
require_tools go git
make_work precommit
# goescape on PATH, as the hook expects it.
mkdir -p "$work/bin"
ln -s "$goescape" "$work/bin/goescape"
export PATH=$work/bin:$PATH

repo=$work/repo
new_repo "$repo"
mkdir -p "$repo/mod/a" "$repo/mod/b" "$repo/mod/a/testdata"
printf 'module example.com/mod\n\ngo 1.21\n' >"$repo/mod/go.mod"
cat >"$repo/mod/a/a.go" <<'EOF'
package a

type T struct{ n int }

func Sum(a, b int) int { return a + b }
EOF
cat >"$repo/mod/b/b.go" <<'EOF'
package b

var sink *int

func Keep(n int) { sink = &n }

func Twice(n int) int { return 2 * n }
EOF
# Not a package: go never builds testdata.
printf 'package broken\n\nthis does not compile\n' >"$repo/mod/a/testdata/x.go"

# Runs the hook in the repository with ARGS; sets $status and $out.
run_hook() {
  status=0
  out=$(cd "$repo" && "$hook" "$@" 2>&1) || status=$?
}

if [[ $case_name == no-head ]]; then
  git -C "$repo" add -A
  run_hook mod/a/a.go
  [[ $status == 0 ]] || fail "exit $status before the first commit: $out"
  grep -q 'no HEAD commit' <<<"$out" || fail "no explanation: $out"
  echo "ok"
  exit 0
fi
git -C "$repo" add -A
git -C "$repo" commit -q -m base

case $case_name in
  new)
    printf '\nfunc New() *T { return &T{} }\n' >>"$repo/mod/a/a.go"
    git -C "$repo" add -A
    run_hook mod/a/a.go mod/a/testdata/x.go mod/b/b.go
    [[ $status == 1 ]] || fail "exit $status, expected 1: $out"
    grep -q 'gate failed: 1 new heap allocation' <<<"$out" || fail "no verdict: $out"
    grep -q 'a.go:7:.*escapes to heap' <<<"$out" || fail "the new allocation is not named: $out"
    # The hook's args reach goescape.
    run_hook --max-new 1 mod/a/a.go
    [[ $status == 0 ]] || fail "exit $status with --max-new 1: $out"
    ;;
  moved)
    cat >"$repo/mod/b/b.go" <<'EOF'
package b

// Twice doubles.
func Twice(n int) int { return 2 * n }

var sink *int

// Keep keeps n.
func Keep(n int) { sink = &n }
EOF
    git -C "$repo" add -A
    run_hook mod/b/b.go
    [[ $status == 0 ]] || fail "exit $status for moved code: $out"
    grep -q '0 new heap allocations' <<<"$out" || fail "unexpected output: $out"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
[[ $(git -C "$repo" worktree list | wc -l) == 1 ]] || fail "a worktree was left behind"
echo "ok"
