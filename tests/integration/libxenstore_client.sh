#!/bin/bash
# Runs clients/xsclient (real libxenstore) against a daemon: ours by default, or $XSD_KIND.
#   tests/integration/libxenstore_client.sh BUILD_DIR
set -u
source "$(dirname "$0")/lib.sh"
lib_init "$@"

bin=$(client_bin xsclient) || { fail "xsclient binary available" "not built, compile failed"; finish; }
if ! start_daemon; then fail "start $XSD_KIND daemon"; finish; fi
ok "start $XSD_KIND daemon"

print_known_faults xsclient:
skips=$(known_faults_with_prefix xsclient:)
timeout 120 "$bin" ${skips:+-s "$skips"} > "$_LIB_TMP/xsclient.out" 2>&1
rc=$?
absorb "xsclient/" "xsclient:" < "$_LIB_TMP/xsclient.out"
if grep -q '^FAIL' "$_LIB_TMP/xsclient.out"; then
  check_rc "xsclient exit status" nonzero $rc
else
  check_rc "xsclient exit status" 0 $rc
fi
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$_LIB_TMP/xsclient.out" \
  && ok "xsclient ran to completion" || fail "xsclient ran to completion" "no summary line (crash or timeout, rc=$rc)"
if daemon_alive; then ok "daemon still running"; else fail "daemon still running"; daemon_log_tail; fi
check_cmd "daemon answers after the run" 0 "" xenstore-read /tool
finish
