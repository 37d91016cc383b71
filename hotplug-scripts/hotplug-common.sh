# hotplug-common.sh: sourced by every hotplug script in this directory (never run itself).
#
# POSIX sh only: it must work under dash, busybox ash and bash, with busybox's or
# util-linux/iproute2's tools.  What it gives the scripts:
#
#   hp_init "$@"        action from $1, key=value arguments, XENBUS_PATH checked and split
#                       into HP_KIND_DIR (backend/vbd), HP_DOMID and HP_DEVID
#   hp_log MSG...       one timestamped line in the log
#   hp_fatal MSG...     hotplug-error=MSG and hotplug-status=error under XENBUS_PATH,
#                       the message logged, exit 1
#   hp_success          hotplug-status=connected (and a stale hotplug-error removed)
#   hp_lock NAME        an exclusive lock held until the script exits (flock on
#                       $HP_LOCKDIR/NAME.lock)
#   xs_read / xs_read_default / xs_write / xs_exists / xs_list / xs_rm
#
# Environment read here (besides libxl's own, see README.md):
#   XEN_HOTPLUG_LOG      log file (default /var/log/xen/xen-hotplug.log)
#   XEN_HOTPLUG_LOCKDIR  lock directory (default /run/xen-hotplug)
#   XEN_HOTPLUG_LOCK_TIMEOUT  seconds to wait for a lock (default 30: libxl gives a
#                        script 40 s in all, and a clear error beats being killed)

# Tools are looked for where a dom0 keeps them, after whatever the caller put first
# (libxl passes its own environment; tests put stubs first).
PATH="${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LC_ALL=C
LANG=C
export PATH LC_ALL LANG

HP_NAME=${0##*/}
HP_LOG=${XEN_HOTPLUG_LOG:-/var/log/xen/xen-hotplug.log}
HP_LOCKDIR=${XEN_HOTPLUG_LOCKDIR:-/run/xen-hotplug}
HP_ACTION=${1:-}
HP_UNDO=""

mkdir -p "${HP_LOG%/*}" 2>/dev/null
# Everything a tool says on stderr goes to the log as well.  An unwritable log must not
# stop the script (a failed redirection of `exec` would end a POSIX shell).
if ( : >>"$HP_LOG" ) 2>/dev/null; then
  exec 2>>"$HP_LOG"
else
  HP_LOG=/dev/null
fi

hp_log() {
  printf '%s %s[%s] %s %s: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$HP_NAME" "$$" \
    "${HP_ACTION:-?}" "${XENBUS_PATH:-?}" "$*" >>"$HP_LOG" 2>/dev/null
  return 0
}

# hp_fatal MSG...: report the failure where libxl and the backend look for it, and stop.
# HP_UNDO, when set, is evaluated first (e.g. to release a loop device just attached).
hp_fatal() {
  hp_log "error: $*"
  if [ -n "$HP_UNDO" ]; then
    _u=$HP_UNDO; HP_UNDO=""
    eval "$_u"
  fi
  if [ -n "${XENBUS_PATH:-}" ]; then
    xenstore-write "$XENBUS_PATH/hotplug-error" "$*" \
                   "$XENBUS_PATH/hotplug-status" error 2>/dev/null ||
      hp_log "could not write hotplug-status=error under $XENBUS_PATH"
  fi
  exit 1
}

hp_success() {
  xenstore-rm "$XENBUS_PATH/hotplug-error" 2>/dev/null
  xenstore-write "$XENBUS_PATH/hotplug-status" connected ||
    hp_fatal "could not write $XENBUS_PATH/hotplug-status"
}

# ---------------------------------------------------------------- XenStore
# Relative paths (libxl's XENBUS_PATH is backend/<kind>/<domid>/<devid>) are resolved by
# xenstored under the caller's home, /local/domain/0 for dom0.
xs_read() { xenstore-read "$1" 2>/dev/null; }
xs_read_default() { xenstore-read "$1" 2>/dev/null || printf '%s\n' "$2"; }
xs_write() { xenstore-write "$@"; }
xs_exists() { xenstore-exists "$1" 2>/dev/null; }
xs_list() { xenstore-list "$1" 2>/dev/null; }
xs_rm() { xenstore-rm "$1" 2>/dev/null; }

# ---------------------------------------------------------------- locking
# hp_lock NAME: one lock per script kind, so that two invocations never interleave
# their checks and changes.  It is released when the script exits (fd 9 closes).
hp_lock() {
  mkdir -p "$HP_LOCKDIR" 2>/dev/null
  if command -v flock >/dev/null 2>&1; then
    # (a failing `exec` redirection would end the shell: try the file first)
    ( : >>"$HP_LOCKDIR/$1.lock" ) 2>/dev/null ||
      hp_fatal "cannot open lock file $HP_LOCKDIR/$1.lock"
    exec 9>>"$HP_LOCKDIR/$1.lock"
    flock -w "${XEN_HOTPLUG_LOCK_TIMEOUT:-30}" 9 ||
      hp_fatal "timed out waiting for lock $HP_LOCKDIR/$1.lock"
    return 0
  fi
  # No flock(1): a directory made atomically stands for the lock; a holder that died
  # leaves its pid behind, and the directory is taken over.
  _hp_lockd=$HP_LOCKDIR/$1.lockdir
  _hp_n=0
  while ! mkdir "$_hp_lockd" 2>/dev/null; do
    _hp_holder=$(cat "$_hp_lockd/pid" 2>/dev/null)
    if [ -n "$_hp_holder" ] && ! kill -0 "$_hp_holder" 2>/dev/null; then
      rm -rf "$_hp_lockd"
      continue
    fi
    _hp_n=$((_hp_n + 1))
    [ "$_hp_n" -le $((${XEN_HOTPLUG_LOCK_TIMEOUT:-30} * 10)) ] ||
      hp_fatal "timed out waiting for lock $_hp_lockd"
    sleep 0.1 2>/dev/null || sleep 1
  done
  echo $$ >"$_hp_lockd/pid"
  trap 'rm -rf "$_hp_lockd"' EXIT
  trap 'exit 1' INT TERM HUP
}

# ---------------------------------------------------------------- start
# hp_init "$@": the action, the key=value arguments (type_if=, bridge=, ip=, netdev=,
# as Xen's scripts accept them) and the backend path.
hp_init() {
  HP_ACTION=${1:-}
  [ $# -gt 0 ] && shift
  HP_ARG_type_if="" HP_ARG_bridge="" HP_ARG_ip="" HP_ARG_netdev=""
  for _a in "$@"; do
    case $_a in
      type_if=*) HP_ARG_type_if=${_a#type_if=};;
      bridge=*) HP_ARG_bridge=${_a#bridge=};;
      ip=*) HP_ARG_ip=${_a#ip=};;
      netdev=*) HP_ARG_netdev=${_a#netdev=};;
      *) hp_log "ignoring argument '$_a'";;
    esac
  done
  if [ -z "${XENBUS_PATH:-}" ]; then
    hp_log "error: XENBUS_PATH is not set (this script is run by libxl with its environment)"
    exit 1
  fi
  _p=${XENBUS_PATH%/}
  HP_DEVID=${_p##*/}
  _p=${_p%/*}
  HP_DOMID=${_p##*/}
  HP_KIND_DIR=${_p%/*}
  case $HP_DOMID in
    ''|*[!0-9]*) hp_fatal "XENBUS_PATH $XENBUS_PATH does not end in <domid>/<devid>";;
  esac
}

# in_list WORD LIST: WORD is one of the space-separated words of LIST
in_list() {
  case " $2 " in *" $1 "*) return 0;; esac
  return 1
}
