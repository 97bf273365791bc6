#!/bin/sh
# The facts cache: a second check over unchanged code reads every package's
# facts from the cache and reports the same; damaged entries are ignored and
# rewritten; a changed file gets new facts. Exits 77 (skipped) without go.
#   facts_cache.sh GOESCAPE SAMPLES
set -u
goescape=$1 samples=$2
command -v go >/dev/null 2>&1 || { echo "go not found: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cp -r "$samples" "$tmp/m"
GOESCAPE_CACHE_DIR=$tmp/cache
export GOESCAPE_CACHE_DIR
fail() { echo "FAIL: $*"; exit 1; }
check() { "$goescape" check --format json -C "$tmp/m" -o "$tmp/$1.json" ./... 2>"$tmp/$1.err" || fail "check $1: $(cat "$tmp/$1.err")"; }

check cold
entries=$(ls "$tmp"/cache/gofacts/*/facts/*.json 2>/dev/null | wc -l)
[ "$entries" -gt 0 ] || fail "no facts cache entries after a check"
grep -q "no type facts" "$tmp/cold.err" && fail "no facts: $(cat "$tmp/cold.err")"
check warm
cmp -s "$tmp/cold.json" "$tmp/warm.json" || fail "the report from cached facts differs"
grep -q "no type facts" "$tmp/warm.err" && fail "no facts from the cache: $(cat "$tmp/warm.err")"

for entry in "$tmp"/cache/gofacts/*/facts/*.json; do echo garbage >"$entry"; done
check damaged
cmp -s "$tmp/cold.json" "$tmp/damaged.json" || fail "damaged entries changed the report"
grep -lq garbage "$tmp"/cache/gofacts/*/facts/*.json && fail "damaged entries were not rewritten"

first=$(find "$tmp/m/internal" -name "*.go" ! -name "*_test.go" | sort | head -n 1)
printf '\nfunc AddedForTheCacheTest() *int { v := 1; return &v }\n' >>"$first"
check changed
grep -q 'AddedForTheCacheTest' "$tmp/changed.json" || fail "a changed file's new function is not in the report"
after=$(ls "$tmp"/cache/gofacts/*/facts/*.json | wc -l)
[ "$after" -gt "$entries" ] || fail "a changed file made no new cache entry ($after, $entries before)"
echo "facts cache: $entries entries; warm, damaged and changed runs agree"
