# Shared helpers for the integration suites (sourced, not run: keep it non-executable,
# scripts/run-tests.sh runs every *executable* tests/integration/*.sh as a suite).
#
#   source "$(dirname "$0")/lib.sh"
#   lib_init "$@"            # BUILD dir from $1, traps, counters
#   start_daemon ours|cx|ox  # private rundir; sets DAEMON_KIND DAEMON_RUNDIR DAEMON_SOCK,
#                            # exports XENSTORED_PATH
#   ok/fail/skip/check_eq/check_rc ...
#   finish                   # prints "N passed, N failed, N skipped", exits 0 iff no failure
#
# The daemon kind a suite runs against is $XSD_KIND (default: ours); against_references.sh
# sets it to cx / ox.  Every daemon started here is stopped by the EXIT trap, whatever happens.
set -u

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LIB_DIR/../.." && pwd)
SHARED_DIR=$(cd "$REPO_ROOT/.." && pwd)/shared
XEN_REFS=$SHARED_DIR/xen-refs
XENBIN=${XENBIN:-/usr/lib/xen-4.17/bin}
T=${T_TIMEOUT:-10}            # seconds allowed to every client call

PASS=0 FAIL=0 SKIP=0
_LIB_RUNDIRS=()
_LIB_TMP=""
XSD_KIND=${XSD_KIND:-ours}

have_refs() { [ -x "$XEN_REFS/bin/xsd-start.sh" ] && [ -x "$XENBIN/xenstored" ]; }

# ---------------------------------------------------------------- results
ok()   { PASS=$((PASS + 1)); echo "ok - $1"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL - $1${2:+: $2}"; }
skip() { SKIP=$((SKIP + 1)); echo "skip - $1${2:+: $2}"; }

# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [ "$2" == "$3" ]; then ok "$1"
  else fail "$1" "expected $(printf '%q' "$2") got $(printf '%q' "$3")"; fi
}
# check_rc NAME EXPECTED_RC ACTUAL_RC  (EXPECTED_RC may be "nonzero")
check_rc() {
  if [ "$2" = nonzero ]; then
    if [ "$3" -ne 0 ]; then ok "$1"; else fail "$1" "expected a non-zero exit status got 0"; fi
  elif [ "$2" -eq "$3" ]; then ok "$1"
  else fail "$1" "expected exit status $2 got $3"; fi
}
# check_cmd NAME EXPECTED_RC EXPECTED_STDOUT cmd...   (stdout compared in full)
check_cmd() {
  local name=$1 erc=$2 eout=$3; shift 3
  local out rc
  out=$(timeout "$T" "$@" 2>/dev/null); rc=$?
  if [ "$erc" = nonzero ]; then
    if [ $rc -ne 0 ] && [ "$out" == "$eout" ]; then ok "$name"; return; fi
  elif [ $rc -eq "$erc" ] && [ "$out" == "$eout" ]; then ok "$name"; return; fi
  fail "$name" "expected rc=$erc out=$(printf '%q' "$eout") got rc=$rc out=$(printf '%q' "$out")"
}

# Fold the ok/FAIL/skip lines of a child test program (stdin) into our counters,
# echoing them with PREFIX before the name.  Returns the number of lines seen.
# PREFIX2 (optional, e.g. "raw:") names the KNOWN_FAULT_* keys of the child's sub-tests: a
# "skipped by request" line then gets the known fault's reason.
absorb() {
  local prefix=${1:-} kp=${2:-} line n=0 name reason
  while IFS= read -r line; do
    case "$line" in
      "#"*) echo "$line";;
      "ok - "*)   ok "$prefix${line#ok - }"; n=$((n + 1));;
      "FAIL - "*) FAIL=$((FAIL + 1)); echo "FAIL - $prefix${line#FAIL - }"; n=$((n + 1));;
      "skip - "*)
        line=${line#skip - }; name=${line%%: *}; reason=${line#*: }
        if [ -n "$kp" ] && [ "$reason" = "skipped by request" ]; then
          reason="known $XSD_KIND fault: $(known_fault "$kp$name" || echo "$reason")"
        fi
        skip "$prefix$name" "$reason"; n=$((n + 1));;
      *" passed, "*" failed"*) echo "# client summary = $line";;
      *) echo "  | $line";;
    esac
  done
  return 0
}

finish() {
  echo "$PASS passed, $FAIL failed, $SKIP skipped"
  [ "$FAIL" -eq 0 ] && exit 0 || exit 1
}

# Skip a whole suite (e.g. no references available).
skip_suite() {
  skip "${1:-suite}" "${2:-}"
  finish
}

# --------------------------------------------------------- known reference faults
# Name of a check/sub-test -> reason, per reference kind.  Ours never gets a skip.
declare -A KNOWN_FAULT_cx=(
  [raw:read_no_nul]="C xenstored aborts/stale errno on a single-path request without NUL (xen-refs README)"
  [raw:read_empty]="C xenstored aborts/stale errno on an empty single-path request (xen-refs README)"
  [raw:rm_no_nul]="C xenstored aborts/stale errno on a single-path request without NUL (xen-refs README)"
  [raw:getperms_empty]="C xenstored aborts/stale errno on an empty single-path request (xen-refs README)"
)
declare -A KNOWN_FAULT_ox=(
  [xsclient:big_directory]="oxenstored sends listings > 4096 bytes as one oversize reply, no DIRECTORY_PART (xen-refs README)"
  [xsclient:tx_stale_end]="difference, not in the README: oxenstored answers EIO, not ENOENT, for an unknown transaction id"
  [raw:directory_part]="oxenstored has no XS_DIRECTORY_PART, answers ENOSYS (xen-refs README)"
  [raw:len_over_4096]="oxenstored hangs the connection on a header announcing > 4096 bytes (xen-refs README)"
  [raw:empty_payload]="oxenstored sends no reply to a zero-length request until more bytes arrive (xen-refs README)"
  [raw:read_empty]="oxenstored sends no reply to a zero-length request until more bytes arrive (xen-refs README)"
  [raw:getperms_empty]="oxenstored sends no reply to a zero-length request until more bytes arrive (xen-refs README)"
  [raw:write_4096]="oxenstored refuses values over 2048 bytes even for dom0 with E2BIG (xen-refs README)"
  [raw:control_unknown]="difference, not in the README: oxenstored answers OK to an unknown XS_CONTROL command (C: EINVAL)"
  [raw:unknown_tx]="difference, not in the README: oxenstored answers EIO, not ENOENT, for an unknown transaction id"
  [raw:release]="difference, not in the README: oxenstored answers EINVAL, not ENOENT, to RELEASE of an unknown domain"
  [raw:resume]="difference, not in the README: oxenstored answers EINVAL, not ENOENT, to RESUME of an unknown domain"
)
# known_fault NAME -> prints reason and returns 0 if NAME is a known fault of $XSD_KIND
known_fault() {
  local reason=""
  case "$XSD_KIND" in
    cx) reason=${KNOWN_FAULT_cx[$1]:-};;
    ox) reason=${KNOWN_FAULT_ox[$1]:-};;
  esac
  [ -n "$reason" ] && { echo "$reason"; return 0; }
  return 1
}
# Comma-separated list of the known faults of $XSD_KIND with the given prefix, prefix stripped.
known_faults_with_prefix() {
  local p=$1 k out=""
  local -n tbl=KNOWN_FAULT_${XSD_KIND}
  [ "$XSD_KIND" = ours ] && return 0
  for k in "${!tbl[@]}"; do
    case "$k" in "$p"*) out+="${out:+,}${k#"$p"}";; esac
  done
  echo "$out"
}
# Prints the reasons of the faults with PREFIX (one line each, as skip lines are printed by the client).
print_known_faults() {
  local p=$1 k
  [ "$XSD_KIND" = ours ] && return 0
  local -n tbl2=KNOWN_FAULT_${XSD_KIND}
  for k in "${!tbl2[@]}"; do
    case "$k" in "$p"*) echo "# known $XSD_KIND fault skipped: $k: ${tbl2[$k]}";; esac
  done
}

# ------------------------------------------------------------------ setup
lib_cleanup() {
  local d
  for d in "${_LIB_RUNDIRS[@]}"; do stop_daemon_dir "$d"; done
  _LIB_RUNDIRS=()
  [ -n "$_LIB_TMP" ] && rm -rf "$_LIB_TMP"
  _LIB_TMP=""
}

lib_init() {
  BUILD=${1:-build}
  case "$BUILD" in /*) ;; *) BUILD=$REPO_ROOT/$BUILD;; esac
  _LIB_TMP=$(mktemp -d /tmp/xtk-it.XXXXXX)
  trap lib_cleanup EXIT
  trap 'exit 130' INT TERM HUP
  case "$XSD_KIND" in ours|cx|ox) ;; *) echo "bad XSD_KIND=$XSD_KIND" >&2; exit 2;; esac
  echo "# suite $(basename "$0") against $XSD_KIND (build $BUILD)"
}

# client_bin NAME -> path of tests/integration/clients/NAME built by the Makefile; when the
# build tree does not have it (e.g. developing against references), compile it privately.
client_bin() {
  local name=$1 b="$BUILD/tests/$1"
  if [ -x "$b" ]; then echo "$b"; return 0; fi
  b="$_LIB_TMP/$name"
  if [ ! -x "$b" ]; then
    echo "# $BUILD/tests/$name missing: compiling it into $b" >&2
    g++ -std=c++2b -Wall -Wextra -Werror -O2 -o "$b" "$LIB_DIR/clients/$name.cpp" -lxenstore -lpthread >&2 || return 1
  fi
  echo "$b"
}

# ---------------------------------------------------------------- daemons
# start_daemon [KIND]: KIND defaults to $XSD_KIND.  On success sets DAEMON_KIND,
# DAEMON_RUNDIR, DAEMON_SOCK and exports XENSTORED_PATH; returns non-zero on failure.
start_daemon() {
  local kind=${1:-$XSD_KIND} rundir out
  rundir=$(mktemp -d /tmp/xtk-xsd.XXXXXX) || return 1
  _LIB_RUNDIRS+=("$rundir")
  DAEMON_KIND=$kind DAEMON_RUNDIR=$rundir DAEMON_SOCK=$rundir/socket
  case "$kind" in
    ours)
      local bin=$BUILD/bin/xenstored
      if [ ! -x "$bin" ]; then echo "# daemon $bin not built" >&2; return 1; fi
      if have_refs; then
        out=$(XSD_CMD="$bin -N --socket {SOCK} --pid-file {RUNDIR}/daemon.pid" \
              timeout 60 "$XEN_REFS/bin/xsd-start.sh" custom "$rundir") || return 1
      else
        _start_own "$bin" "$rundir" || return 1
      fi;;
    cx|ox)
      have_refs || { echo "# reference daemons unavailable" >&2; return 1; }
      out=$(timeout 60 "$XEN_REFS/bin/xsd-start.sh" "$kind" "$rundir") || return 1;;
    *) echo "unknown daemon kind $kind" >&2; return 1;;
  esac
  export XENSTORED_PATH=$DAEMON_SOCK
  echo "# started $kind daemon: socket $DAEMON_SOCK"
}

# Used when shared/ is absent: background + wait for the socket and a successful read.
_start_own() {
  local bin=$1 rundir=$2 sock=$2/socket pid i
  XENSTORED_PATH=$sock XENSTORED_RUNDIR=$rundir \
    "$bin" -N --socket "$sock" --pid-file "$rundir/daemon.pid" >"$rundir/daemon.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$rundir/launcher.pid"
  for i in $(seq 1 100); do
    if [ -S "$sock" ] && XENSTORED_PATH=$sock timeout 2 xenstore-read /tool >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "daemon did not come up; log:" >&2; cat "$rundir/daemon.log" >&2
  return 1
}

# daemon_alive: the daemon we started is still running
daemon_alive() {
  [ -f "$DAEMON_RUNDIR/launcher.pid" ] && kill -0 "$(cat "$DAEMON_RUNDIR/launcher.pid")" 2>/dev/null
}

stop_daemon_dir() {
  local d=$1 pid i
  [ -d "$d" ] || return 0
  if [ -f "$d/launcher.pid" ]; then
    pid=$(cat "$d/launcher.pid")
    kill "$pid" 2>/dev/null
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$d/launcher.pid"
  fi
  if [ "${KEEP_RUNDIR:-0}" = 1 ]; then echo "# kept $d" >&2; else rm -rf "$d"; fi
}

# stop_daemon: stop the current daemon (DAEMON_RUNDIR) now.
stop_daemon() {
  local d=$DAEMON_RUNDIR i
  stop_daemon_dir "$d"
  local keep=()
  for i in "${_LIB_RUNDIRS[@]}"; do [ "$i" = "$d" ] || keep+=("$i"); done
  _LIB_RUNDIRS=("${keep[@]}")
}

# Dump the daemon log (for diagnosis when something failed).
daemon_log_tail() {
  [ -f "$DAEMON_RUNDIR/daemon.log" ] && tail -${1:-20} "$DAEMON_RUNDIR/daemon.log" | sed 's/^/  | log: /'
  return 0
}

# xs TOOL ARGS...: run xenstore-TOOL with the timeout
xs() { local t=$1; shift; timeout "$T" "xenstore-$t" "$@"; }
