#!/bin/bash
# Usage: run-tests.sh [--lab] [BUILD...]
# Runs every test suite against each build tree given (default: build) and
# ends with one `N passed, N failed, N skipped` line summing them all.
# A suite is a command whose last `N passed, N failed[, N skipped]` line is
# taken as its result (doctest's own summary line is understood too).
set -uo pipefail
cd "$(dirname "$0")/.."
lab=0
if [ "${1:-}" = --lab ]; then lab=1; shift; fi
[ $# -gt 0 ] || set -- build

total_pass=0 total_fail=0 total_skip=0
log_dir=$(mktemp -d /tmp/xtk-tests.XXXXXX)

run_suite() {  # name, command...
  local name=$1; shift
  local log="$log_dir/${name//\//_}.log"
  local start=$SECONDS
  "$@" >"$log" 2>&1
  local rc=$?
  local p=0 f=0 s=0 line
  line=$(grep -E '^\[doctest\] test cases:' "$log" | tail -1)
  if [ -z "$line" ]; then
    line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  fi
  count() { grep -oE "[0-9]+ *(\| *)?$1" <<<"$line" | grep -oE '^[0-9]+' | tail -1; }
  if [ -n "$line" ]; then
    p=$(count passed); f=$(count failed); s=$(count skipped)
    p=${p:-0}; f=${f:-0}; s=${s:-0}
  fi
  # A suite that crashed or exited non-zero without counting a failure still fails.
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ -z "$line" ] && [ $rc -eq 0 ]; then p=1; fi
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
  printf '%-42s %4d passed %4d failed %4d skipped  (%ds)\n' "$name" "$p" "$f" "$s" $((SECONDS - start))
  if [ "$f" -ne 0 ]; then
    echo "---- $name: last 60 lines of $log ----"; tail -60 "$log"; echo "----"
  fi
}

for b in "$@"; do
  run_suite "$b/unit" "$b/tests/unit-tests"
  for t in tests/integration/*.sh; do
    [ -x "$t" ] || continue
    run_suite "$b/integration/$(basename "$t" .sh)" "$t" "$b"
  done
done

# The lab boots Xen under QEMU with the first build's binaries; its table
# (each step's time under each profile) is worth seeing even when all pass.
if [ $lab -eq 1 ]; then
  run_suite "lab" tests/lab/run --build "$1"
  [ -f "$1/lab/table.txt" ] && cat "$1/lab/table.txt"
fi

echo "logs: $log_dir"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
