#!/usr/bin/env bash
# Drives the GitHub Action's script (scripts/action-run run) the way action.yml
# does, with GITHUB_* variables and fake $GITHUB_STEP_SUMMARY / $GITHUB_OUTPUT
# files, in a pull request's shallow clone: a bare "origin" holds main (the
# base commit) and a feature branch; the clone has the feature tip only, so
# the script must fetch origin/main itself. The Go module lives in svc/
# (working-directory), so annotation and SARIF paths must gain that prefix.
#
#   action_test.sh CASE GOESCAPE ACTION_RUN
#   CASE: new | moved | budget | sarif | bad-input
# Exit 77 (a ctest skip) when go or git is missing.
set -euo pipefail

case_name=$1
goescape=$2
action_run=$3

source "$(dirname "$0")/common.sh"
require_tools go git python3
make_work action
export RUNNER_TEMP=$work/runner-temp
mkdir -p "$RUNNER_TEMP"

# The base commit: a module in svc/ with one heap allocation (Keep).
src=$work/src
new_repo "$src"
mkdir -p "$src/svc"
printf 'module example.com/svc\n\ngo 1.21\n' >"$src/svc/go.mod"
cat >"$src/svc/svc.go" <<'EOF'
package svc

type T struct{ n int }

var sink *T

func Keep(n int) {
	t := T{n}
	sink = &t
}

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
EOF
git -C "$src" add -A
git -C "$src" commit -q -m base

git -C "$src" checkout -q -b feature
case $case_name in
  moved)
    # The same functions, reordered, in a renamed file.
    git -C "$src" mv svc/svc.go svc/impl.go
    cat >"$src/svc/impl.go" <<'EOF'
package svc

// Sum adds.
func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

type T struct{ n int }

var sink *T

// Keep stores a pointer in a global.
func Keep(n int) {
	t := T{n}
	sink = &t
}
EOF
    ;;
  *)
    # One new heap allocation.
    printf '\nfunc New() *T {\n\treturn &T{}\n}\n' >>"$src/svc/svc.go"
    ;;
esac
git -C "$src" commit -q -am head

git clone -q --bare "$src" "$work/origin.git"
git clone -q --depth=1 --branch feature "file://$work/origin.git" "$work/clone"
! git -C "$work/clone" rev-parse --verify --quiet origin/main >/dev/null ||
  fail "the shallow clone already has origin/main"

# What action.yml's run step sets, for a pull_request event.
export GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request GITHUB_BASE_REF=main
export GITHUB_HEAD_REF=feature GITHUB_WORKSPACE=$work/clone
export GITHUB_STEP_SUMMARY=$work/summary.md GITHUB_OUTPUT=$work/output
: >"$GITHUB_STEP_SUMMARY"
: >"$GITHUB_OUTPUT"
export GOESCAPE=$goescape GOESCAPE_DIR=svc GOESCAPE_PACKAGES=./... GOESCAPE_MAX_NEW=0
export GOESCAPE_BASE= GOESCAPE_EVENT_BEFORE= GOESCAPE_GO_FLAGS= GOESCAPE_ARGS=
export GOESCAPE_SARIF_FILE=goescape.sarif GOESCAPE_MODE=gate

# Runs the action's step in the clone; sets $status, $out (stdout), $err.
run_action() {
  status=0
  (cd "$work/clone" && "$action_run" run) >"$work/out" 2>"$work/err" || status=$?
  out=$(cat "$work/out")
  err=$(cat "$work/err")
  # Whatever happened, the clone is as it was: no worktree, no stray file.
  [[ -z $(git -C "$work/clone" status --porcelain) ]] ||
    fail "the clone changed: $(git -C "$work/clone" status --porcelain)"
  [[ $(git -C "$work/clone" worktree list | wc -l) == 1 ]] || fail "a worktree was left behind"
}

# output NAME: the value the step wrote for NAME in $GITHUB_OUTPUT.
output() {
  sed -n "s/^$1=//p" "$GITHUB_OUTPUT"
}

annotations() {
  grep -c '^::\(warning\|notice\|error\) file=' "$work/out" || true
}

case $case_name in
  new)
    run_action
    [[ $status == 1 ]] || fail "exit $status, expected 1: $err"
    [[ $(annotations) == 1 ]] || fail "expected exactly one annotation:
$out"
    grep -q '^::warning file=svc/svc\.go,line=2[0-9],col=[0-9]*,.*title=goescape%3A return-pointer-to-local' \
      "$work/out" || fail "annotation not at svc/svc.go's New: $out"
    grep -q '^::error title=goescape diff::gate failed: 1 new heap allocation' "$work/out" ||
      fail "no verdict in the log: $out"
    [[ $(grep -c '^### goescape: ' "$GITHUB_STEP_SUMMARY") == 1 ]] ||
      fail "expected one summary: $(cat "$GITHUB_STEP_SUMMARY")"
    grep -q '^### goescape: 1 new, 0 fixed heap allocations' "$GITHUB_STEP_SUMMARY" ||
      fail "summary: $(cat "$GITHUB_STEP_SUMMARY")"
    grep -q 'gate failed' "$GITHUB_STEP_SUMMARY" || fail "summary lacks the verdict"
    [[ $(output new) == 1 && $(output fixed) == 0 && $(output failed) == true ]] ||
      fail "outputs: $(cat "$GITHUB_OUTPUT")"
    grep -q 'fetching it' <<<"$err" || fail "the base was not fetched: $err"
    ;;
  moved)
    run_action
    [[ $status == 0 ]] || fail "exit $status for moved code: $err"
    [[ -z $out ]] || fail "moved code printed annotations or commands:
$out"
    grep -q '^### goescape: 0 new, 0 fixed heap allocations' "$GITHUB_STEP_SUMMARY" ||
      fail "summary: $(cat "$GITHUB_STEP_SUMMARY")"
    [[ $(output new) == 0 && $(output failed) == false ]] || fail "outputs: $(cat "$GITHUB_OUTPUT")"
    ;;
  budget)
    GOESCAPE_MAX_NEW=1 run_action
    [[ $status == 0 ]] || fail "exit $status with max-new 1: $err"
    [[ $(annotations) == 1 ]] || fail "expected the annotation within budget too: $out"
    [[ $(output new) == 1 && $(output failed) == false ]] || fail "outputs: $(cat "$GITHUB_OUTPUT")"
    : >"$GITHUB_OUTPUT"
    GOESCAPE_MAX_NEW=none run_action
    [[ $status == 0 ]] || fail "exit $status with max-new none: $err"
    [[ $(output new) == 1 ]] || fail "outputs: $(cat "$GITHUB_OUTPUT")"
    ;;
  sarif)
    GOESCAPE_MODE=sarif GOESCAPE_SARIF_FILE=reports/goescape.sarif run_action
    [[ $status == 2 ]] || fail "exit $status, expected 2 for a missing reports/ folder"
    mkdir "$work/clone/reports"
    echo reports/ >>"$work/clone/.git/info/exclude"  # the report is no change to the clone
    GOESCAPE_MODE=sarif GOESCAPE_SARIF_FILE=reports/goescape.sarif run_action
    [[ $status == 0 ]] || fail "exit $status: $err"
    [[ $(output sarif-file) == reports/goescape.sarif ]] || fail "outputs: $(cat "$GITHUB_OUTPUT")"
    python3 - "$work/clone/reports/goescape.sarif" <<'PY' || fail "SARIF locations"
import json, sys
log = json.load(open(sys.argv[1]))
uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"] for loc in result["locations"]}
# Both heap allocations of head, repository-relative.
assert uris == {"svc/svc.go"}, uris
assert len(log["runs"][0]["results"]) >= 2, log["runs"][0]["results"]
PY
    grep -q 'heap allocation' "$GITHUB_STEP_SUMMARY" || fail "no summary: $(cat "$GITHUB_STEP_SUMMARY")"
    ;;
  bad-input)
    GOESCAPE_MAX_NEW=many run_action
    [[ $status == 2 ]] || fail "exit $status for max-new many"
    grep -q 'max-new must be a number or none' <<<"$err" || fail "message: $err"
    GOESCAPE_MODE=lint run_action
    [[ $status == 2 ]] || fail "exit $status for mode lint"
    grep -q 'mode must be gate or sarif' <<<"$err" || fail "message: $err"
    GOESCAPE_DIR=nowhere run_action
    [[ $status == 2 ]] || fail "exit $status for a missing working-directory"
    GOESCAPE_BASE=no-such-branch run_action
    [[ $status == 2 ]] || fail "exit $status for an unknown base"
    grep -q 'unknown base revision no-such-branch' <<<"$err" || fail "message: $err"
    [[ ! -s $GITHUB_OUTPUT && ! -s $GITHUB_STEP_SUMMARY ]] || fail "outputs written on a usage error"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok"
