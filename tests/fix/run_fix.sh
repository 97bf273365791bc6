#!/bin/sh
# goescape fix on a copy of a sample module: the verified fixes are applied,
# go vet and go test pass on the result, every applied fix is listed, and a
# second `goescape fix --diff` finds nothing left to do.
#   run_fix.sh GOESCAPE SAMPLE_DIR
set -eu
goescape=$1
sample=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v go >/dev/null 2>&1 || { echo "SKIP: go is not installed"; exit 77; }
[ -f "$sample/go.mod" ] || fail "$sample has no go.mod"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cp -r "$sample" "$work/m"
"$goescape" fix --no-progress --diff -C "$work/m" ./... >"$work/diff" 2>"$work/diff.err" ||
  { cat "$work/diff.err"; fail "goescape fix --diff failed"; }
diff -r -q "$sample" "$work/m" >/dev/null || fail "--diff changed files"
status=0
"$goescape" fix --no-progress --tests -C "$work/m" ./... >"$work/out" 2>"$work/err" || status=$?
[ "$status" -eq 0 ] || { cat "$work/out" "$work/err"; fail "goescape fix exited $status"; }
applied=$(grep -c ': applied \[' "$work/out" || true)
hunks=$(grep -c '^@@' "$work/diff" || true)
[ "$hunks" -gt 0 ] && [ "$applied" -eq 0 ] && fail "--diff showed fixes, but none was applied"
if [ "$applied" -gt 0 ]; then
  [ "$hunks" -gt 0 ] || fail "fixes applied, but --diff showed none"
  diff -r -q "$sample" "$work/m" >/dev/null && fail "fixes listed, but no file changed"
fi
(cd "$work/m" && go vet ./... && go test -count=1 ./... >/dev/null) ||
  fail "the module does not pass go vet / go test once its fixes are applied"
"$goescape" fix --no-progress --diff -C "$work/m" ./... >"$work/diff2" 2>/dev/null ||
  fail "goescape fix --diff failed on the fixed copy"
[ ! -s "$work/diff2" ] || { cat "$work/diff2"; fail "fixes left after goescape fix"; }
echo "ok: $applied fix(es) applied ($hunks hunk(s) in --diff); go vet and go test pass"
