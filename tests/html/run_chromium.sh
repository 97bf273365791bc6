#!/bin/sh
# Usage: run_chromium.sh GOESCAPE SOURCE_DIR OUT_DIR
# Renders an HTML report (from the captured Go 1.26 log of samples/, plus a
# log of hostile lines), loads it in headless Chromium from file:// and checks
# the DOM after the page's script ran: the function table, the line markers,
# and no element made from finding text. Leaves OUT_DIR/report.png.
# Installs Debian's chromium when missing (as root, with apt-get); exits 77
# (ctest SKIP) when it cannot.
set -eu
goescape=$1 src=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium (Debian package) ..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$out/apt.log" 2>&1 ||
    { apt-get update -q >>"$out/apt.log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >>"$out/apt.log" 2>&1; } || true
  browser=$(command -v chromium || true)
fi
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed and could not be installed (apt-get install chromium)"
  exit 77
fi

# A package block whose messages, expressions and file name are markup.
cat >"$out/hostile.log" <<'LOG'
# example.com/evil
./evil<script>.go:3:6: can inline F
./evil<script>.go:4:9: "</textarea><script>document.title='pwned'</script>" escapes to heap
./evil<script>.go:5:2: moved to heap: x'"&amp;
LOG
cat "$src/samples/logs/go1.26/m2.txt" "$out/hostile.log" >"$out/input.log"
"$goescape" parse --format html -o "$out/report.html" -C "$src/samples" "$out/input.log" ||
  fail "goescape parse --format html failed"

profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
run_browser() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile_dir" "$@" 2>>"$out/chromium.log"
}
run_browser --dump-dom "file://$out/report.html" >"$out/dom.html" || fail "chromium --dump-dom failed"
run_browser --screenshot="$out/report.png" --window-size=1280,900 "file://$out/report.html" \
  >/dev/null || fail "chromium --screenshot failed"

python3 - "$out/dom.html" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8", errors="replace").read()
def need(cond, msg):
    if not cond:
        print("FAIL:", msg); sys.exit(1)
need('data-ready="1"' in dom, "the page's script did not run")
need('id="function-table"' in dom, "no function table")
rows = re.findall(r'<tr class="fn">', dom)
need(len(rows) >= 3, "function table has %d rows" % len(rows))
marks = re.findall(r'<tr id="f\d+-L\d+" class="mark', dom)
need(len(marks) >= 3, "only %d marked source lines" % len(marks))
need(len(re.findall(r"<script", dom)) == 1, "a script element came from finding text")
need("<textarea" not in dom and "pwned" not in dom.split("<title>")[1].split("</title>")[0],
     "hostile text became markup")
need("evil&lt;script&gt;.go" in dom, "hostile file name not shown escaped")
print("ok: %d function rows, %d marked lines" % (len(rows), len(marks)))
PY
[ -s "$out/report.png" ] || fail "no screenshot"
echo "screenshot: $out/report.png"
