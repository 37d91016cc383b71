#!/bin/bash
# Xen's own test-xenstore (xen-utils-4.17) through shared/xen-refs/bin/run-test-xenstore.sh,
# against ours (or $XSD_KIND).  Skipped when shared/ or test-xenstore is absent.
#   tests/integration/test_xenstore.sh BUILD_DIR
set -u
source "$(dirname "$0")/lib.sh"
lib_init "$@"

TX=$XENBIN/test-xenstore
[ -x "$XEN_REFS/bin/run-test-xenstore.sh" ] || skip_suite "test-xenstore" "no $XEN_REFS (shared/ absent)"
[ -x "$TX" ] || skip_suite "test-xenstore" "no $TX (install xen-utils-4.17)"

if ! start_daemon; then fail "start $XSD_KIND daemon"; finish; fi
ok "start $XSD_KIND daemon"

# ITER / random seconds kept small: the suite must end in < 3 minutes, also under ASan.
ITER=${TX_ITER:-5} RSECS=${TX_RANDOM_SECS:-10}
timeout 150 "$XEN_REFS/bin/run-test-xenstore.sh" "$DAEMON_SOCK" "$ITER" "$RSECS" >"$_LIB_TMP/tx.out" 2>&1
rc=$?
while IFS= read -r line; do
  case "$line" in
    "PASS ["*) n=${line#PASS \[}; ok "test-xenstore ${n%%\]*}";;
    "FAIL ["*) n=${line#FAIL \[}; fail "test-xenstore ${n%%\]*}" "${line#*\] }";;
    *" passed, "*" failed"*) echo "# run-test-xenstore summary: $line";;
    *) echo "  | $line";;
  esac
done <"$_LIB_TMP/tx.out"
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$_LIB_TMP/tx.out" \
  && ok "run-test-xenstore ran to completion" || fail "run-test-xenstore ran to completion" "rc=$rc (timeout?)"
if daemon_alive; then ok "daemon still running"; else fail "daemon still running"; daemon_log_tail; fi
check_cmd "daemon answers after the run" 0 "" xenstore-read /tool
finish
