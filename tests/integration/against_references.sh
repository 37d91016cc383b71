#!/bin/bash
# Runs the suites xenstore_utils, libxenstore_client and raw_protocol against the reference
# daemons (C xenstored = cx, oxenstored = ox) to prove the tests themselves right.  Known
# reference faults are skipped by name with the reason printed (see KNOWN_FAULT_* in lib.sh).
# Skipped entirely without shared/xen-refs.
#   tests/integration/against_references.sh BUILD_DIR
set -u
source "$(dirname "$0")/lib.sh"
lib_init "$@"
have_refs || skip_suite "against_references" "no $XEN_REFS or $XENBIN/xenstored (shared/ absent)"

HERE=$(dirname "$0")
for kind in cx ox; do
  for suite in xenstore_utils libxenstore_client raw_protocol; do
    echo "# ---- $suite against $kind"
    XSD_KIND=$kind timeout 170 "$HERE/$suite.sh" "$BUILD" >"$_LIB_TMP/$kind-$suite.out" 2>&1
    rc=$?
    absorb "$kind/$suite/" < <(grep -v '^# observed' "$_LIB_TMP/$kind-$suite.out")
    if grep -qE '^[0-9]+ passed, [0-9]+ failed' "$_LIB_TMP/$kind-$suite.out"; then
      if grep -q '^FAIL' "$_LIB_TMP/$kind-$suite.out"; then check_rc "$kind/$suite exit status" nonzero $rc
      else check_rc "$kind/$suite exit status" 0 $rc; fi
    else
      fail "$kind/$suite ran to completion" "rc=$rc (timeout or crash)"
    fi
  done
done
finish
