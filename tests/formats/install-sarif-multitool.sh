#!/bin/sh
# Installs Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool, a
# self-contained .NET executable) into DIR, for the optional ctest
# "formats: sarif multitool". Run at set-up time: it downloads from npm.
# Prints the native executable; configure with -DGOESCAPE_SARIF_MULTITOOL=<it>.
# (The npm wrapper in .bin passes arguments through a shell unquoted, which
# breaks `--rule-kind "Sarif;Gh"`; the tests call the executable directly.)
set -eu
dir=${1:?usage: install-sarif-multitool.sh DIR}
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund @microsoft/sarif-multitool@5.7.0
# npm may skip the platform package's postinstall (chmod); do it here.
for exe in "$dir"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
  [ -f "$exe" ] && chmod u+x "$exe"
done
for exe in "$dir"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
  [ -x "$exe" ] && echo "$exe" && exit 0
done
echo "install-sarif-multitool.sh: no Sarif.Multitool executable for this platform" >&2
exit 1
