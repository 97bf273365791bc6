#!/usr/bin/env bash
# `goescape diff --base` in a real temporary git repository holding a tiny Go
# module:
#   commit 1  Keep (t moved to heap), Label (n escapes), Sum (nothing escapes)
#   commit 2  the same code moved: file renamed, functions reordered, blank
#             lines and comments inserted
#   commit 3  adds New, whose `return &T{}` escapes (case new: also inserts a
#             closure that allocates nothing before Register's escaping one,
#             which renumbers it from func1 to func2)
# After every run the repository must be exactly as before: `git status
# --porcelain`, `git worktree list`, HEAD, branches and stashes, and no
# temporary directory left behind.
#
#   git_gate.sh CASE GOESCAPE
#   CASE: moved | new | dirty | sigint | sigint-go-build | sigterm-stubborn
# Exit 77 (a ctest skip) when go or git is missing.
set -euo pipefail

case_name=$1
goescape=$2

for tool in go git python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not on PATH"
    exit 77
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/goescape-diff-test-XXXXXX")
trap 'rm -rf "$work"' EXIT
repo=$work/repo
# goescape's temporary worktrees go here, so the test sees any leftover.
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR" "$repo"
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME=${HOME:-$work}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

git -C "$repo" init -q -b main
git -C "$repo" config commit.gpgsign false
cat >"$repo/go.mod" <<'EOF'
module example.com/gate

go 1.21
EOF
cat >"$repo/a.go" <<'EOF'
package gate

import "fmt"

type T struct{ n int }

var sink *T

func Keep(n int) {
	t := T{n}
	sink = &t
}

func Label(n int) string {
	return fmt.Sprint(n)
}

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

var hooks []func() int

func Register(n int) {
	hooks = append(hooks, func() int { return n })
}
EOF
git -C "$repo" add -A
git -C "$repo" commit -q -m "commit 1"

git -C "$repo" mv a.go gate_impl.go
cat >"$repo/gate_impl.go" <<'EOF'
// Package gate is a tiny module for the diff tests.
package gate

import "fmt"

// Sum adds.
func Sum(xs []int) int {

	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// Label boxes n for fmt.

func Label(n int) string {
	// The argument escapes.
	return fmt.Sprint(n)
}

type T struct{ n int }

var sink *T

// Keep stores a pointer in a global.
func Keep(n int) {

	t := T{n}

	sink = &t
}

var hooks []func() int

func Register(n int) {
	hooks = append(hooks, func() int { return n })
}
EOF
git -C "$repo" add -A
git -C "$repo" commit -q -m "commit 2: move code"

new_function='
// New returns a fresh T.
func New() *T {
	return &T{}
}'

state() {
  git -C "$repo" status --porcelain
  git -C "$repo" worktree list --porcelain
  git -C "$repo" rev-parse HEAD
  git -C "$repo" branch -a
  git -C "$repo" stash list
  ls -A "$TMPDIR"
}

# Runs goescape diff in the repository; sets $status, $out, $err.
run_diff() {
  local before after
  before=$(state)
  status=0
  out=$("$goescape" diff -C "$repo" "$@" 2>"$work/err") || status=$?
  err=$(cat "$work/err")
  after=$(state)
  [[ $before == "$after" ]] || fail "repository changed by goescape diff $*:
before:
$before
after:
$after"
}

# Checks a JSON diff with a Python expression over `d`.
json_check() {
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$out" "$1" || fail "JSON check failed: $1
$out"
}

# interrupt_base_build SIGNAL STATUS COMMAND [PRE]: runs `goescape diff
# --base HEAD~1` with a go whose build in the base worktree runs COMMAND (after
# PRE, e.g. `shift` to drop go's `build` argument), sends SIGNAL once that
# build has run for a second, and checks the exit status, that nothing was
# printed, and that the repository and TMPDIR are exactly as before.
interrupt_base_build() {
  local sig=$1 want=$2 command=$3 pre=${4:-:}
  mkdir -p "$work/bin"
  cat >"$work/bin/slowgo" <<EOF
#!/bin/sh
case "\$PWD \$*" in
  *goescape-base-*build*) $pre; touch "$work/building"; $command ;;
esac
exec $(command -v go) "\$@"
EOF
  chmod +x "$work/bin/slowgo"
  rm -f "$work/building"
  local before after status=0 pid
  before=$(state)
  "$goescape" diff -C "$repo" --base HEAD~1 --go "$work/bin/slowgo" \
    >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 600); do
    [[ -e $work/building ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -e $work/building ]] || fail "the base build did not start: $(cat "$work/err")"
  [[ $(git -C "$repo" worktree list | wc -l) -ge 2 ]] || fail "no worktree during the base build"
  sleep 1
  kill "-$sig" "$pid"
  wait "$pid" || status=$?
  [[ $status == "$want" ]] || fail "exit $status after SIG$sig, expected $want: $(cat "$work/err")"
  [[ ! -s $work/err ]] || fail "a message after SIG$sig: $(cat "$work/err")"
  after=$(state)
  [[ $before == "$after" ]] || fail "repository or TMPDIR changed by SIG$sig:
before:
$before
after:
$after"
}

heap_new='[f for f in d["new"] if f["kind"] in ("moved_to_heap", "escapes_to_heap")]'

case $case_name in
  moved)
    run_diff --base HEAD~1 --fail-on new
    [[ $status == 0 ]] || fail "exit $status, expected 0 for moved code: $out $err"
    grep -q "0 new heap allocations, 0 fixed" <<<"$out" || fail "unexpected text: $out"
    run_diff --base HEAD~1 --fail-on new --format json
    [[ $status == 0 ]] || fail "exit $status: $err"
    json_check 'd["new"] == [] and d["fixed"] == [] and d["functions"] == []'
    json_check 'd["summary"]["unchanged_findings"] > 0 and d["summary"]["head_heap_allocations"] == 4'
    json_check 'len(d["base"]["rev"]) == 40 and d["base"]["rev"] != d["head"]["rev"]'
    ;;
  new)
    printf '%s\n' "$new_function" >>"$repo/gate_impl.go"
    python3 - "$repo/gate_impl.go" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
old = "func Register(n int) {\n"
assert old in text
text = text.replace(old, old + "\tdouble := func(x int) int { return 2 * x }\n\t_ = double(1)\n")
open(path, "w").write(text)
PY
    git -C "$repo" commit -q -am "commit 3: a new escape"
    run_diff --base HEAD~1 --fail-on new
    [[ $status == 1 ]] || fail "exit $status, expected 1: $out $err"
    grep -q "gate failed: 1 new heap allocation" <<<"$out" || fail "no verdict: $out"
    run_diff --base HEAD~2 --fail-on new --format json
    [[ $status == 1 ]] || fail "exit $status, expected 1 (commit 1 to 3): $err"
    json_check "len($heap_new) == 1 and $heap_new[0]['expr'] == '&T{}'"
    json_check "$heap_new[0]['function'] == 'example.com/gate.New'"
    # Register's closure, renumbered, is neither new nor fixed.
    json_check '[f for f in d["fixed"] if f["kind"] in ("moved_to_heap", "escapes_to_heap")] == []'
    json_check 'd["summary"]["new_heap_allocations"] == 1 and d["summary"]["fixed_heap_allocations"] == 0'
    json_check 'd["gate"]["failed"] and d["gate"]["counted"] == 1'
    run_diff --base HEAD~1 --fail-on none
    [[ $status == 0 ]] || fail "exit $status with --fail-on none"
    run_diff --base HEAD~1 --max-new 1
    [[ $status == 0 ]] || fail "exit $status with --max-new 1"
    ;;
  dirty)
    # An uncommitted change is head; the diff must leave it exactly there.
    printf '%s\n' "$new_function" >>"$repo/gate_impl.go"
    echo scratch >"$repo/untracked.txt"
    run_diff --base HEAD --fail-on new --format json
    [[ $status == 1 ]] || fail "exit $status, expected 1: $err"
    json_check "len($heap_new) == 1 and d['head']['dirty']"
    ;;
  sigint)
    # A go that hangs in the base worktree's build, so SIGINT lands while
    # the worktree exists.
    interrupt_base_build INT 130 'sleep 60'
    ;;
  sigint-go-build)
    # The real go, rebuilding everything (-a) in the base worktree, so that
    # SIGINT lands while go and its compilers run: go must remove its $WORK
    # (under our TMPDIR) and goescape the worktree.
    interrupt_base_build INT 130 "exec $(command -v go) build -a \"\$@\"" shift
    ;;
  sigterm-stubborn)
    # A build that ignores SIGINT and SIGTERM: goescape escalates to SIGKILL
    # and still leaves nothing behind.
    interrupt_base_build TERM 143 "trap '' INT TERM; sleep 60"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok"
