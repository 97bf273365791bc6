#!/bin/sh
# Runs the gofacts helper's Go tests, or builds the helper with another Go
# release (the helper must build with every release goescape supports).
#   run.sh test  SRC_DIR             go test ./... in SRC_DIR
#   run.sh build SRC_DIR TOOLCHAIN   GOTOOLCHAIN=TOOLCHAIN go build, run the
#                                    helper on a testdata module, go test
# Exits 77 (reported as skipped by ctest) when go is missing or the
# toolchain cannot be had (no network and not in the module cache).
set -u
mode=$1 src=$2
command -v go >/dev/null 2>&1 || { echo "go not found: skipped"; exit 77; }
cd "$src" || exit 1
# The user's GOFLAGS (-mod=mod, -mod=vendor, ...) and go.work must not change
# how the helper's own module builds.
GOFLAGS=-buildvcs=false GOWORK=off
export GOFLAGS GOWORK
case $mode in
test)
  exec go test -count=1 ./...
  ;;
build)
  toolchain=$3
  tmp=$(mktemp -d) || exit 1
  trap 'rm -rf "$tmp"' EXIT
  if ! GOTOOLCHAIN=$toolchain go build -o "$tmp/gofacts" . >"$tmp/log" 2>&1; then
    cat "$tmp/log"
    if grep -Eq 'toolchain not available|cannot download|downloading go1|dial tcp|no such host|connection refused|i/o timeout|TLS handshake|network is unreachable' "$tmp/log"; then
      echo "$toolchain cannot be fetched: skipped"
      exit 77
    fi
    exit 1
  fi
  GOTOOLCHAIN=$toolchain "$tmp/gofacts" -C testdata/conversions ./... >"$tmp/out" 2>"$tmp/log" || { cat "$tmp/log"; exit 1; }
  version=$(GOTOOLCHAIN=$toolchain go env GOVERSION)
  if ! tail -n 1 "$tmp/out" | grep -q '"done":true' || ! grep -q "\"go\":\"$version\"" "$tmp/out"; then
    echo "the helper built with $toolchain wrote no facts of $version:"
    tail -c 600 "$tmp/out"
    exit 1
  fi
  echo "built with $toolchain; it read testdata/conversions"
  # Names and positions follow the release: its tests hold them against its
  # own compiler (those needing a newer release skip).
  GOTOOLCHAIN=$toolchain go test -count=1 ./...
  ;;
*)
  echo "usage: run.sh test|build SRC_DIR [TOOLCHAIN]" >&2
  exit 2
  ;;
esac
