#!/bin/bash
# Hand-made wire-protocol frames (clients/xsraw) against a daemon: every message type of
# xs_wire.h, error replies, malformed frames; after each case a new connection must work and
# a committed node must still be there.  Against ours also the newer types 23..26 (-x).
#   tests/integration/raw_protocol.sh BUILD_DIR
set -u
source "$(dirname "$0")/lib.sh"
lib_init "$@"

bin=$(client_bin xsraw) || { fail "xsraw binary available" "not built, compile failed"; finish; }
if ! start_daemon; then fail "start $XSD_KIND daemon"; finish; fi
ok "start $XSD_KIND daemon"

print_known_faults raw:
skips=$(known_faults_with_prefix raw:)
ext=()
[ "$XSD_KIND" = ours ] && ext=(-x)
timeout 120 "$bin" "${ext[@]}" ${skips:+-s "$skips"} > "$_LIB_TMP/xsraw.out" 2>&1
rc=$?
absorb "raw/" "raw:" < "$_LIB_TMP/xsraw.out"
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$_LIB_TMP/xsraw.out" \
  && ok "xsraw ran to completion" || fail "xsraw ran to completion" "no summary line (crash or timeout, rc=$rc)"
if grep -q '^FAIL' "$_LIB_TMP/xsraw.out"; then check_rc "xsraw exit status" nonzero $rc
else check_rc "xsraw exit status" 0 $rc; fi
if daemon_alive; then ok "daemon still running"; else fail "daemon still running"; daemon_log_tail; fi
check_cmd "daemon answers xenstore-read afterwards" 0 "alive" xenstore-read /test/raw/sentinel
finish
