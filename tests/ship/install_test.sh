#!/usr/bin/env bash
# A relocatable install: `cmake --install` into a temporary prefix, the tree
# copied elsewhere and the original removed, so the binary can find its
# catalog only next to itself (an installed binary never looks in the source
# tree). Then, with the catalog deleted, every command that needs it exits 2
# with one line naming each place it looked; --patterns DIR alone still works.
#
#   install_test.sh BUILD_DIR SOURCE_DIR CONFIGURE_PREFIX
set -euo pipefail

build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
configure_prefix=$3
source "$(dirname "$0")/common.sh"
require_tools python3

make_work install

cmake --install "$build" --prefix "$work/p" >"$work/install.log" ||
  fail "cmake --install: $(cat "$work/install.log")"
cp -a "$work/p" "$work/moved"
rm -rf "$work/p"
bin=$work/moved/bin/goescape
share=$work/moved/share/goescape

# What the install holds besides the binary.
for f in "$share/gofacts/FACTS.md" "$work/moved/share/man/man1/goescape.1.gz"; do
  [[ -f $f ]] || fail "not installed: ${f#"$work"/moved/}"
done
zcat "$work/moved/share/man/man1/goescape.1.gz" | grep -q '^\.TH GOESCAPE 1' ||
  fail "the man page is not a roff page"
for command in check parse diff patterns version; do
  zcat "$work/moved/share/man/man1/goescape.1.gz" | grep -q "^\\.SS \"goescape $command\"" ||
    fail "the man page lacks goescape $command"
done

# The whole catalog, found next to the binary.
cd "$work"
"$bin" version >"$work/version" || fail "goescape version failed"
grep -qx "catalog: $share/patterns (next to the binary)" "$work/version" ||
  fail "version: $(cat "$work/version")"
"$bin" patterns --format json >"$work/patterns.json" || fail "goescape patterns failed"
python3 - "$work/patterns.json" "$source_dir/patterns" <<'PY' || fail "the listed catalog differs"
import json, pathlib, sys
listed = sorted(p["id"] for p in json.load(open(sys.argv[1])))
source = sorted(json.load(open(f))["id"] for f in pathlib.Path(sys.argv[2]).glob("*.json"))
assert source and listed == source, (listed, source)
PY

# The catalog deleted: exit 2, one line naming where it looked.
rm -rf "$share/patterns"
if [[ -d $configure_prefix/share/goescape/patterns ]]; then
  # This machine has goescape installed at the configure-time prefix: the
  # fallback must find that one.
  "$bin" version | grep -qx "catalog: $configure_prefix/share/goescape/patterns (install prefix)" ||
    fail "the configure-time prefix was not used"
  echo "ok (the configure-time prefix holds a catalog: the missing-catalog error cannot be shown here)"
  exit 0
fi
for args in "patterns" "version" "check ./..." "parse /dev/null"; do
  status=0
  # shellcheck disable=SC2086
  "$bin" $args >"$work/out" 2>"$work/err" || status=$?
  [[ $status == 2 ]] || fail "goescape $args: exit $status, expected 2"
  [[ $(wc -l <"$work/err") == 1 ]] || fail "goescape $args: expected one line: $(cat "$work/err")"
  grep -qF "no pattern catalog found; looked in $share/patterns (next to the binary), $configure_prefix/share/goescape/patterns (install prefix)." \
    "$work/err" || fail "goescape $args: $(cat "$work/err")"
done
# A team's own catalog is a complete one.
"$bin" patterns --patterns "$source_dir/patterns" >"$work/out" ||
  fail "--patterns without a built-in catalog failed"
grep -q '^return-pointer-to-local ' "$work/out" || fail "--patterns: $(cat "$work/out")"
echo "ok"
