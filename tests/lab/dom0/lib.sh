# Shared by dom0's init and the scenarios (busybox sh).
#
# Result lines go to dom0's second serial port (the host's results.log) as
#   RESULT<TAB>scenario<TAB>step<TAB>OK|FAIL|SKIP<TAB>seconds<TAB>detail
# and are echoed on the console (the host's serial.log) for context.

LAB_RESULTS=/dev/ttyS1
XEN_BIN=/usr/lib/xen-4.17/bin
OURS_BIN=/opt/ours/bin

lab_now() { cut -d' ' -f1 /proc/uptime; }
lab_say() { echo "lab: $*" >/dev/console; }
lab_emit() {
  printf '%s\n' "$*" >"$LAB_RESULTS" 2>/dev/null
  echo "$*" >/dev/console
}

# Which implementation runs component $1 (xenstored, xl, console, hotplug)
# under $LAB_PROFILE: prints "ours" or "ref".
lab_impl() {
  case $LAB_PROFILE in
    reference) echo ref; return ;;
    ours) echo ours; return ;;
  esac
  local pair
  for pair in $(echo "$LAB_PROFILE" | tr ',' ' '); do
    case $pair in
      "$1=ours") echo ours; return ;;
      "$1=ref"|"$1=reference") echo ref; return ;;
    esac
  done
  echo ref
}

# True when capability $1 (see /opt/ours/ready) is available under the
# profile: always with the reference component, with ours only once ready.
lab_have() {
  # "ours:X": X of ours is ready, whatever the profile (a step that runs
  # ours beside Xen's under every profile).
  case $1 in
    ours:*)
      local cap=${1#ours:}
      grep -qx "$cap" /opt/ours/ready 2>/dev/null || grep -q "^$cap[[:space:]]" /opt/ours/ready
      return ;;
  esac
  local comp=${1%%-*}
  [ "$(lab_impl "$comp")" = ref ] && return 0
  grep -qx "$1" /opt/ours/ready 2>/dev/null || grep -q "^$1[[:space:]]" /opt/ours/ready
}

# Sets XL to the xl the profile asks for.
if [ "$(lab_impl xl)" = ours ]; then XL=$OURS_BIN/xl; else XL=$XEN_BIN/xl; fi
export XL

lab_wait_xenstored() {
  local i=0
  while [ $i -lt 100 ]; do
    timeout 5 xenstore-ls / >/dev/null 2>&1 && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}

lab_start_components() {
  if [ "$(lab_impl xenstored)" = ours ]; then
    lab_say "starting our xenstored"
    # In the foreground (in the background of this shell) so that what it
    # logs lands in the file: dom0 has no syslog.
    $OURS_BIN/xenstored -N -V --pid-file /run/xenstored.pid -T /var/log/xen/xenstored-trace.log \
      >/var/log/xen/xenstored.log 2>&1 &
  else
    lab_say "starting Xen's xenstored"
    $XEN_BIN/xenstored --pid-file /run/xenstored.pid >/var/log/xen/xenstored.log 2>&1
  fi
  lab_wait_xenstored || lab_say "warning: xenstored does not answer"
  # dom0's own nodes (name Domain-0 and the rest) and its stored
  # configuration: the toolstack's job, so the profile's xl side does it.
  local init=$XEN_BIN/xen-init-dom0
  [ "$(lab_impl xl)" = ours ] && lab_have xl && init=$OURS_BIN/xen-init-dom0
  $init >/var/log/xen/xen-init-dom0.log 2>&1 \
    || lab_say "warning: $init failed: $(tail -1 /var/log/xen/xen-init-dom0.log)"
  # Hotplug scripts: Xen's (from xen-utils-common) stay in /etc/xen/scripts
  # unless the profile asks for ours, which then replace them.
  if [ "$(lab_impl hotplug)" = ours ] && lab_have hotplug; then
    lab_say "installing our hotplug scripts"
    cp /opt/ours/scripts/* /etc/xen/scripts/
  fi
  # The guests' network: the bridge xl.conf names by default, with dom0's
  # address on it.
  ip link add xenbr0 type bridge 2>/dev/null && ip addr add 10.0.0.1/24 dev xenbr0 \
    && ip link set xenbr0 up || lab_say "warning: cannot set up bridge xenbr0"
  if [ "$(lab_impl console)" = ref ]; then
    $XEN_BIN/xenconsoled --pid-file=/run/xenconsoled.pid --log=guest \
      --log-dir=/var/log/xen/console || lab_say "warning: xenconsoled failed"
  elif lab_have console; then
    lab_say "starting our xenconsoled"
    $OURS_BIN/xenconsoled -i -v --pid-file=/run/xenconsoled.pid --log=guest \
      --log-dir=/var/log/xen/console >/var/log/xen/xenconsoled.log 2>&1 &
  fi
}

# step NAME TIMEOUT "CAPABILITIES" FUNCTION
# Runs FUNCTION (defined in the current scenario file) in a fresh shell with a
# time limit and reports it. Capabilities the profile lacks make it SKIP. In
# a scenario that sets CHAINED=yes (each step needs the one before), the
# steps after a failed one are reported failed, not run.
step() {
  local name=$1 limit=$2 needs=$3 fn=$4 cap
  for cap in $needs; do
    if ! lab_have "$cap"; then
      lab_emit "$(printf 'RESULT\t%s\t%s\tSKIP\t0\t%s' "$LAB_SCENARIO" "$name" "$cap of ours not built yet")"
      return 0
    fi
  done
  if [ -n "$LAB_FAILED" ] && [ "${CHAINED:-no}" = yes ]; then
    lab_emit "$(printf 'RESULT\t%s\t%s\tFAIL\t0\t%s' "$LAB_SCENARIO" "$name" "not run: $LAB_FAILED failed")"
    return 0
  fi
  local log=/tmp/lab-step.log t0 t1 rc secs detail
  t0=$(lab_now)
  timeout -s KILL "$limit" sh -c ". /lab/lib.sh; . /lab/scenarios/$LAB_SCENARIO.sh; $fn" >$log 2>&1
  rc=$?
  t1=$(lab_now)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  if [ $rc -eq 0 ]; then
    detail=$(grep '^note: ' $log | tail -1 | cut -c7-)
    lab_emit "$(printf 'RESULT\t%s\t%s\tOK\t%s\t%s' "$LAB_SCENARIO" "$name" "$secs" "$detail")"
  else
    [ $rc -eq 137 ] && echo "timed out after ${limit}s" >>$log
    detail=$(grep -v '^note: ' $log | tail -1 | tr '\t' ' ')
    {
      echo "---- $LAB_SCENARIO/$name failed (exit $rc); its output:"
      tail -30 $log
      echo "---- the busiest processes:"
      top -b -n 1 | head -12
      echo "---- xenstored's log and last requests:"
      tail -5 /var/log/xen/xenstored.log 2>/dev/null
      tail -15 /var/log/xen/xenstored-trace.log 2>/dev/null
      echo "---- xenconsoled's log:"
      tail -5 /var/log/xen/xenconsoled.log 2>/dev/null
      echo "----"
    } >/dev/console 2>&1
    lab_emit "$(printf 'RESULT\t%s\t%s\tFAIL\t%s\t%s' "$LAB_SCENARIO" "$name" "$secs" "$detail")"
    LAB_FAILED=$name
  fi
}

lab_run_scenario() {
  LAB_SCENARIO=$1 LAB_FAILED= CHAINED=no
  if [ ! -f "/lab/scenarios/$1.sh" ]; then
    lab_emit "$(printf 'RESULT\t%s\t%s\tFAIL\t0\t%s' "$1" load "no scenario $1")"
    return
  fi
  lab_say "scenario $1"
  . "/lab/scenarios/$1.sh"
  scenario
  # Leave nothing behind for the next scenario.
  if command -v cleanup >/dev/null 2>&1; then cleanup >/dev/null 2>&1; fi
  unset -f cleanup 2>/dev/null
}

# --- helpers for scenario steps ----------------------------------------------

fail() { echo "$*"; exit 1; }
note() { echo "note: $*"; }

# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds.
wait_for() {
  local limit=$1; shift
  local end; end=$(awk -v n="$(lab_now)" -v l="$limit" 'BEGIN { print n + l }')
  while :; do
    "$@" >/dev/null 2>&1 && return 0
    awk -v n="$(lab_now)" -v e="$end" 'BEGIN { exit !(n > e) }' && return 1
    sleep 0.2
  done
}

domid_of() { $XL domid "$1" 2>/dev/null; }
console_log() { echo "/var/log/xen/console/guest-$1.log"; }
# The last tick number guest $1 printed on its console (0 if none).
last_tick() {
  local n
  n=$(grep -o 'lab-guest: tick [0-9]*' "$(console_log "$1")" 2>/dev/null | tail -1 | awk '{print $3}')
  echo "${n:-0}"
}
tick_above() { [ "$(last_tick "$1")" -gt "$2" ]; }
gone() { ! $XL domid "$1" >/dev/null 2>&1; }
# True while a device model serves domain $1 (busybox has no pgrep).
dm_running() {
  local f
  for f in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' <"$f" 2>/dev/null | grep -q "qemu-system-i386 .*-xen-domid $1 " && return 0
  done
  return 1
}

# Runs Xen's xl and ours with the same arguments; their exit statuses,
# stdout and stderr must agree once MASK (a sed script) has blanked what
# must differ between two runs.
xl_same() {
  mask=$1; shift
  $XEN_BIN/xl "$@" >/tmp/xm-ref.out 2>/tmp/xm-ref.err; ref_rc=$?
  $OURS_BIN/xl "$@" >/tmp/xm-ours.out 2>/tmp/xm-ours.err; ours_rc=$?
  for f in out err; do
    sed -E "$mask" /tmp/xm-ref.$f >/tmp/xm-ref.$f.m
    sed -E "$mask" /tmp/xm-ours.$f >/tmp/xm-ours.$f.m
    if ! cmp -s /tmp/xm-ref.$f.m /tmp/xm-ours.$f.m; then
      echo "xl $* ($f) differs; reference, then ours:"
      cat /tmp/xm-ref.$f; echo "----"; cat /tmp/xm-ours.$f
      diff /tmp/xm-ref.$f.m /tmp/xm-ours.$f.m
      fail "xl $*: std$f differs from Xen's (see the log)"
    fi
  done
  [ "$ref_rc" = "$ours_rc" ] || fail "xl $*: exit status $ours_rc, Xen's xl $ref_rc"
}
