#!/bin/sh
# Usage: run_profile_sample.sh CASE GOESCAPE SOURCE_DIR OUT_DIR
#   join           benchmark samples/profile with -memprofile, then
#                  `goescape check --profile`: the hot finding is measured and
#                  ranks first, the cold one is marked cold without a suggestion.
#   growth         benchmark samples/profile/growth, then `goescape check --profile`:
#                  slices, maps and builders growing are charged to the lines that
#                  grow them and rank by those bytes; the findings of a line share
#                  its samples; the summary is the sum over findings.
#   not-a-profile  --profile on garbage and on a missing file: exit 2, one line.
# Exit 77 (ctest SKIP) when go is missing.
set -eu
case_name=$1 goescape=$2 src=$3 out=$4
rm -rf "$out"
mkdir -p "$out"
if ! command -v go >/dev/null 2>&1; then
  echo "SKIP: go is not on PATH"
  exit 77
fi
fail() { echo "FAIL: $*" >&2; exit 1; }

case $case_name in
join)
  # -o keeps the test binary out of the source tree.
  (cd "$src/samples/profile" &&
    go test -run '^$' -bench . -benchtime=2000x -memprofile "$out/mem.out" -o "$out/render.test") \
    >"$out/bench.log" 2>&1 || { cat "$out/bench.log"; fail "go test -bench failed"; }
  "$goescape" check --profile "$out/mem.out" --format json -C "$src/samples/profile" ./... \
    >"$out/report.json" || fail "goescape check --format json failed"
  "$goescape" check --profile "$out/mem.out" --format text --color never \
    -C "$src/samples/profile" ./... >"$out/report.txt" || fail "goescape check --format text failed"
  "$goescape" check --profile "$out/mem.out" --format html -o "$out/report.html" \
    -C "$src/samples/profile" ./... || fail "goescape check --format html failed"
  python3 - "$out/report.json" "$out/report.txt" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
heap = [f for f in report["findings"] if f["kind"] in ("escapes_to_heap", "moved_to_heap")]
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
hot = [f for f in heap if f.get("function") == "example.com/profile.Render"]
cold = [f for f in heap if f.get("function") == "example.com/profile.buildDefaults"]
if not hot or not cold:
    fail("expected heap findings in Render and buildDefaults, got %r"
         % [(f.get("function"), f["expr"]) for f in heap])
h = hot[0]
if not h["profile"] or h["profile"]["alloc_space"] <= 0 or h["profile"]["cold"]:
    fail("hot finding has no profile bytes: %r" % h["profile"])
top = max(heap, key=lambda f: (f["profile"] or {}).get("alloc_space", 0))
if top is not h:
    fail("hot finding does not rank first by profile bytes: %r" % top)
for c in cold:
    if not c["profile"] or not c["profile"]["cold"]:
        fail("cold finding not marked cold: %r" % c)
    if c["suggestion"] is not None:
        fail("cold finding kept its suggestion: %r" % c["suggestion"])
    if c["pattern"] and c.get("held_back") != "cold-in-profile":
        fail("cold finding lacks held_back cold-in-profile: %r" % c.get("held_back"))
# The text report ranks by profile bytes: its first finding line is the hot one.
first = next((l for l in open(sys.argv[2]) if re.match(r"^\S+\.go:\d+(:\d+)?: ", l)), "")
if not first.startswith("%s:%d:" % (h["file"], h["line"])):
    fail("text report does not list the hot finding first: %r" % first)
print("ok: hot %s:%d %d bytes; %d cold" % (h["file"], h["line"], h["profile"]["alloc_space"], len(cold)))
PY
  ;;
growth)
  (cd "$src/samples/profile/growth" &&
    go test -run '^$' -bench . -benchtime=200x -memprofile "$out/mem.out" -o "$out/growth.test") \
    >"$out/bench.log" 2>&1 || { cat "$out/bench.log"; fail "go test -bench failed"; }
  "$goescape" check --profile "$out/mem.out" --format json -C "$src/samples/profile" ./growth \
    >"$out/report.json" || fail "goescape check --format json failed"
  "$goescape" check --profile "$out/mem.out" --format text --color never \
    -C "$src/samples/profile" ./growth >"$out/report.txt" || fail "goescape check --format text failed"
  python3 - "$out/report.json" "$out/report.txt" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
measured = [f for f in report["findings"] if f.get("profile") and not f["profile"]["cold"]]
total = sum(f["profile"]["alloc_space"] for f in measured)
explained = report["profile"]["explained_alloc_space"]
if total != explained:
    fail("the findings add up to %d bytes, the summary says %d" % (total, explained))
by_line = {}
for f in measured:
    by_line.setdefault((f["file"], f["line"]), []).append(f)
for key, fs in by_line.items():
    spaces = [f["profile"]["alloc_space"] for f in fs if f["profile"]["alloc_space"] > 0]
    if len(spaces) != len(set(spaces)):
        fail("%s:%d: findings repeat the same figures %r" % (key[0], key[1], spaces))
def one(line, pattern):
    got = [f for f in measured if f["line"] == line and f.get("pattern") == pattern]
    if not got or not got[0].get("suggestion") or got[0]["profile"]["alloc_space"] <= 0:
        fail("growth.go:%d: want %s with measured bytes and a suggestion, got %r" %
             (line, pattern, [(f.get("pattern"), f["profile"]) for f in measured if f["line"] == line]))
    return got[0]
for line in (19, 20):
    f = one(line, "preallocate-slice")
    if "The heap profile measured" not in f["suggestion"]:
        fail("growth.go:%d: the suggestion does not quote the measured growth" % line)
one(31, "slice-growth-in-profile")
kept = one(42, "slice-growth-in-profile")
if kept["kind"] != "source_pattern" or kept["message"] is not None:
    fail("growth.go:42: the growth the compiler says nothing of is not a finding of its own")
one(57, "map-growth-in-profile")
one(67, "slice-growth-in-profile")
# Line 20 holds the Point allocation and the growth of `points`: told apart
# by block size (24 bytes for a Point).
point = [f for f in measured if f["line"] == 20 and f["expr"].startswith("&Point")]
if not point or point[0]["profile"]["alloc_space"] != 24 * point[0]["profile"]["alloc_objects"]:
    fail("growth.go:20: the Point allocations are not told apart: %r" % point)
# The text report lists the heaviest finding first.
heaviest = max(measured, key=lambda f: f["profile"]["alloc_space"])
first = next((l for l in open(sys.argv[2]) if re.match(r"^\S+\.go:\d+(:\d+)?: ", l)), "")
if not first.startswith("%s:%d:" % (heaviest["file"], heaviest["line"])):
    fail("text report does not list the heaviest finding first: %r" % first)
print("ok: %d measured findings add up to %d of %d bytes (%.1f%%); heaviest %s:%d %s" % (
    len(measured), total, report["profile"]["profile_alloc_space"], report["profile"]["percent"],
    heaviest["file"], heaviest["line"], heaviest.get("pattern")))
PY
  ;;
not-a-profile)
  printf 'not a profile\n' >"$out/garbage.out"
  for bad in "$out/garbage.out" "$out/missing.out" "$out"; do
    status=0
    "$goescape" check --profile "$bad" -C "$src/samples/profile" ./... >"$out/stdout" 2>"$out/stderr" || status=$?
    [ "$status" -eq 2 ] || fail "--profile $bad: exit $status, want 2"
    [ "$(wc -l <"$out/stderr")" -eq 1 ] || { cat "$out/stderr"; fail "--profile $bad: want one line"; }
    grep -q -- "$bad" "$out/stderr" || fail "--profile $bad: the message does not name the file"
    [ ! -s "$out/stdout" ] || fail "--profile $bad: printed a report"
  done
  echo "ok: garbage, missing file and directory each rejected with one line, exit 2"
  ;;
*) fail "unknown case $case_name" ;;
esac
