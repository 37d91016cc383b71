#!/bin/bash
# A guided tour of what works today, with nothing left behind: our xenstored
# on a private socket, driven by Xen's own xenstore-* clients. (The Xen host
# under QEMU, where guests are created, is tests/lab/, coming with the lab.)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/bin/xenstored
XC=/usr/lib/xen-4.17/bin/xenstore-control
[ -x "$XC" ] || XC=""
RUN=$(mktemp -d /tmp/xenstored-demo.XXXXXX)
export XENSTORED_PATH=$RUN/socket
cleanup() { [ -f "$RUN/pid" ] && kill "$(cat "$RUN/pid")" 2>/dev/null; sleep 0.2; rm -rf "$RUN"; }
trap cleanup EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

$BIN -N --socket "$XENSTORED_PATH" --pid-file "$RUN/pid" &
for _ in $(seq 50); do [ -S "$XENSTORED_PATH" ] && break; sleep 0.1; done
echo "xenstored (ours) is serving $XENSTORED_PATH (pid $(cat "$RUN/pid"))"

step xenstore-write /local/domain/0/name Domain-0 /vm/demo/name demo
step xenstore-ls -f /
step xenstore-chmod /vm/demo b0 r3
step xenstore-ls -p /vm
xenstore-watch -n 3 /vm/demo > "$RUN/watch.out" &
WATCHER=$!
sleep 0.2
step xenstore-write /vm/demo/memory 262144
step xenstore-rm /vm/demo
wait "$WATCHER"
echo; echo "events seen by 'xenstore-watch -n 3 /vm/demo' (the first fires on registration):"
cat "$RUN/watch.out"
if [ -n "$XC" ]; then
  step "$XC" quota
  step "$XC" memreport
fi
echo; echo "The demo's daemon stops now; nothing is left in $RUN."
