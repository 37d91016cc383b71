#!/bin/bash
# Golden test of `xl -N create`: every tests/golden/xl-create/NAME.cfg must print the JSON
# stored beside it as NAME.json (what Xen 4.17's xl printed for it), and configs/X.cfg the
# JSON in tests/golden/xl-create/configs-X.json. JSON is compared as data; a random uuid
# (config without uuid=) is not compared. Last line: "N passed, N failed, N skipped".
#   tests/integration/xl_create_golden.sh [BUILD_DIR]
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$REPO_ROOT/$BUILD" ;; esac
GOLDEN="$REPO_ROOT/tests/golden/xl-create"
PASS=0 FAIL=0

check() {  # check NAME CFG EXPECTED_JSON
  local out
  out=$("$BUILD/bin/xl" -N create "$2" 2>/dev/null)
  local rc=$?
  if [ $rc -ne 0 ]; then
    FAIL=$((FAIL + 1)); echo "FAIL - $1: exit status $rc"; return
  fi
  local why
  why=$(printf '%s' "$out" | python3 -c '
import json, sys
got = json.load(sys.stdin)
exp = json.load(open(sys.argv[1]))
if "uuid=" not in open(sys.argv[2]).read().replace(" ", ""):
    for j in (got, exp):
        j.get("c_info", {}).pop("uuid", None)
def diff(a, b, p=""):
    if type(a) != type(b) or not isinstance(a, (dict, list)):
        return None if a == b else "%s: expected %r, got %r" % (p or "/", a, b)
    if isinstance(a, list) and len(a) != len(b):
        return "%s: %d items, got %d" % (p, len(a), len(b))
    keys = sorted(set(a) | set(b)) if isinstance(a, dict) else range(len(a))
    for k in keys:
        d = diff(a.get(k) if isinstance(a, dict) else a[k],
                 b.get(k) if isinstance(b, dict) else b[k], "%s/%s" % (p, k))
        if d: return d
    return None
d = diff(exp, got)
print(d or "")
' "$3" "$2" 2>&1)
  if [ -z "$why" ]; then PASS=$((PASS + 1)); echo "ok - $1"
  else FAIL=$((FAIL + 1)); echo "FAIL - $1: $why"; fi
}

if [ ! -x "$BUILD/bin/xl" ]; then
  echo "FAIL - $BUILD/bin/xl not built"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
for cfg in "$GOLDEN"/*.cfg; do
  check "golden/$(basename "$cfg" .cfg)" "$cfg" "${cfg%.cfg}.json"
done
for name in pv pvh hvm; do
  check "configs/$name.cfg" "$REPO_ROOT/configs/$name.cfg" "$GOLDEN/configs-$name.json"
done
echo "$PASS passed, $FAIL failed, 0 skipped"
[ $FAIL -eq 0 ]
