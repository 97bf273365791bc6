# Shared by the tests/ship scripts; sourced, not executed.

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# require_tools TOOL...: exit 77 (a ctest skip) when one is not on PATH.
require_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "SKIP: $tool is not on PATH"
      exit 77
    fi
  done
}

# make_work NAME: $work, a temporary directory removed on exit, with its own
# TMPDIR (so goescape's leftovers would show), and an environment where go and
# git neither download, nor read the machine's settings, nor ask for a name.
make_work() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/goescape-$1-test-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  export TMPDIR=$work/tmp
  mkdir -p "$TMPDIR"
  export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=
  export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
  export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
  export GIT_CONFIG_NOSYSTEM=1 HOME=${HOME:-$work}
}

# new_repo DIR: an empty git repository on branch main.
new_repo() {
  mkdir -p "$1"
  git -C "$1" init -q -b main
  git -C "$1" config commit.gpgsign false
}
