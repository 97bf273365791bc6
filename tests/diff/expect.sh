#!/usr/bin/env bash
# Runs a command and checks its exit status and output, for the ctests of
# tests/diff/tests.cmake:
#   expect.sh STATUS [--has ERE]... [--lacks ERE]... [--stderr-lines N] -- COMMAND...
# --has/--lacks apply to standard output and error together (grep -E).
set -euo pipefail

want=$1
shift
has=()
lacks=()
stderr_lines=
while [[ $1 != -- ]]; do
  case $1 in
    --has) has+=("$2") ;;
    --lacks) lacks+=("$2") ;;
    --stderr-lines) stderr_lines=$2 ;;
    *) echo "expect.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
shift

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
status=0
"$@" >"$out" 2>"$err" || status=$?

fail() {
  echo "FAIL: $*" >&2
  echo "--- command: $*" >&2
  echo "--- stdout:" >&2
  cat "$out" >&2
  echo "--- stderr:" >&2
  cat "$err" >&2
  exit 1
}

[[ $status == "$want" ]] || fail "exit status $status, expected $want"
# grep reads the files itself: `cat | grep -q` under pipefail fails when grep
# stops at the first match and cat gets SIGPIPE.
for re in ${has[@]+"${has[@]}"}; do
  grep -Eqh -- "$re" "$out" "$err" || fail "output lacks /$re/"
done
for re in ${lacks[@]+"${lacks[@]}"}; do
  if grep -Eqh -- "$re" "$out" "$err"; then fail "output has /$re/"; fi
done
if [[ -n $stderr_lines ]]; then
  n=$(wc -l <"$err")
  [[ $n == "$stderr_lines" ]] || fail "$n lines on standard error, expected $stderr_lines"
fi
echo "ok"
