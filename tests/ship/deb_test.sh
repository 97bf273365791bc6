#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` from the build directory (once), its
# control fields and contents, then the binary extracted with `dpkg-deb -x`
# into a temporary root checks samples/ and must write the same JSON report,
# byte for byte, as build/goescape (both use the same go; the catalog is the
# same files, found by each binary in its own place).
#
#   deb_test.sh BUILD_DIR SOURCE_DIR GOESCAPE
# Exit 77 (a ctest skip) without dpkg-deb or go.
set -euo pipefail

build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
goescape=$3

source "$(dirname "$0")/common.sh"
require_tools dpkg-deb cpack go

make_work deb

(cd "$build" && cpack -G DEB -B "$work/package") >"$work/cpack.log" 2>&1 ||
  fail "cpack: $(cat "$work/cpack.log")"
debs=("$work"/package/*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "expected one .deb: ${debs[*]}"
deb=${debs[0]}

field() {
  dpkg-deb -f "$deb" "$1"
}
[[ $(field Package) == goescape ]] || fail "Package: $(field Package)"
depends=$(field Depends)
for library in libre2 libfmt; do
  grep -q "\\b$library" <<<"$depends" ||
    fail "Depends lacks $library: $depends (dpkg-shlibdeps missing when build/ was configured?)"
done
grep -q 'golang-go' <<<"$(field Recommends)" || fail "Recommends: $(field Recommends)"

dpkg-deb -c "$deb" | awk '{print $NF}' >"$work/contents"
for path in ./usr/bin/goescape ./usr/share/man/man1/goescape.1.gz \
  ./usr/share/goescape/gofacts/FACTS.md; do
  grep -qx "$path" "$work/contents" || fail "the package lacks $path"
done
for pattern in "$source_dir"/patterns/*.json; do
  grep -qx "./usr/share/goescape/patterns/${pattern##*/}" "$work/contents" ||
    fail "the package lacks the pattern ${pattern##*/}"
done

dpkg-deb -x "$deb" "$work/root"
packaged=$work/root/usr/bin/goescape
"$packaged" version >"$work/version" || fail "the packaged goescape does not run"
grep -qx "catalog: $work/root/usr/share/goescape/patterns (next to the binary)" "$work/version" ||
  fail "version: $(cat "$work/version")"

"$goescape" check -C "$source_dir/samples" --format json -o "$work/built.json" ./... ||
  fail "build/goescape check failed"
"$packaged" check -C "$source_dir/samples" --format json -o "$work/packaged.json" ./... ||
  fail "the packaged goescape check failed"
cmp "$work/built.json" "$work/packaged.json" ||
  fail "the reports differ: $(diff "$work/built.json" "$work/packaged.json" | head -20)"
echo "ok"
