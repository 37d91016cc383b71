#!/bin/sh
# Xen's own disk- and vif-spec parse cases (72), run through our
# `xl -N block-attach|network-attach` and compared with what Xen 4.17's xl
# printed (stdout exactly, exit status zero or not), by the shared corpus's
# compare.py. Two cases differ on purpose: the installed xl rejects the
# `trusted'/`untrusted' disk keywords (its lexer is stale) while its manual
# documents them; ours accepts them, and here they must print the setting.
# Usage: xl_attach_cases.sh [BUILD_DIR]   (default: build)
# Last line: "N passed, N failed, N skipped".
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-${BUILD:-build}}"
case "$build" in /*) ;; *) build="$here/$build" ;; esac
shared="$here/../shared"
compare="$shared/xl-corpus/cfg/compare.py"
if [ ! -f "$compare" ]; then
    echo "skip: $shared not found"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
xl="$build/bin/xl"
out="$(python3 "$compare" --cases-xl-cmd "$xl -N")"
summary="$(printf '%s\n' "$out" | tail -n 1)"
passed="${summary%% passed*}"
case "$passed" in ''|*[!0-9]*) echo "compare.py did not finish: $summary"; passed=0; failed_run=1 ;; esac
failed=0
deliberate=0
# Any failure other than the two trusted/untrusted cases counts.
printf '%s\n' "$out" | grep '^FAIL' > /tmp/xl_attach_cases.$$ || true
while IFS= read -r line; do
    case "$line" in
        "FAIL case:disk-026 "*|"FAIL case:disk-027 "*) deliberate=$((deliberate + 1)) ;;
        *) echo "$line"; failed=$((failed + 1)) ;;
    esac
done < /tmp/xl_attach_cases.$$
rm -f /tmp/xl_attach_cases.$$
# The deliberate ones: ours must accept them and set "trusted".
check_trusted() {
    got="$("$xl" -N block-attach 0 "$1" vdev=hda target=/some/disk/image.raw 2>&1)"
    if printf '%s\n' "$got" | grep -q "\"trusted\": \"$2\""; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: expected \"trusted\": \"$2\", got: $got"
        failed=$((failed + 1))
    fi
}
if [ "$deliberate" -gt 0 ]; then
    check_trusted trusted True
    check_trusted untrusted False
fi
[ -n "$failed_run" ] && failed=$((failed + 1))
echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
