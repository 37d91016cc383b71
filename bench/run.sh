#!/bin/bash
# Benchmark our xenstored against the reference daemons (C xenstored and oxenstored 4.17).
# See bench/README.md. Builds nothing: run `make` (or `make bench`) first.
#
#   bench/run.sh [--quick] [--only ours|cx|ox[,...]] [--workloads a,b,c] [--runs N] [--secs S]
#                [--out DIR] [--keep] [--watchers raw|lib]
#
# Every run of every workload gets a freshly started daemon in a private run directory; the
# median of --runs runs is reported. Daemons this script started are stopped on any exit.
# The `cfg` workload is no daemon's: build/bench/cfgbench times our xl.cfg parser against
# Xen's libxlutil, printed below the table.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XSBENCH=${XSBENCH:-$ROOT/build/bench/xsbench}
CFGBENCH=${CFGBENCH:-$(dirname "$XSBENCH")/cfgbench}
OURS_BIN=${OURS_BIN:-$ROOT/build/bin/xenstored}
if [ -z "${XEN_REFS:-}" ]; then
    for d in "$ROOT/../shared/xen-refs" /work/shared/xen-refs; do
        if [ -x "$d/bin/xsd-start.sh" ]; then XEN_REFS=$(cd "$d" && pwd); break; fi
    done
fi
XEN_REFS=${XEN_REFS:-}
XENBIN=${XENBIN:-/usr/lib/xen-4.17/bin}

ALL_WORKLOADS="read,write,mixed16,mixed64,txcounter,bigdir,watches,memory,cfg"
RUNS=3 SECS=3 QUICK=0 ONLY="ours,cx,ox" WORKLOADS=$ALL_WORKLOADS OUT="" KEEP=0
MEM_NODES=100000 BIGDIR_CHILDREN=10000 WATCHES=1000 WATCH_CLIENTS=10 WATCHERS=raw

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case $1 in
    --quick) QUICK=1; RUNS=1; SECS=1;;
    --only) ONLY=${2:?--only needs ours,cx,ox}; shift;;
    --workloads) WORKLOADS=${2:?--workloads needs a list}; shift;;
    --runs) RUNS=${2:?}; shift;;
    --secs) SECS=${2:?}; shift;;
    --out) OUT=${2:?}; shift;;
    --keep) KEEP=1;;
    --watchers) WATCHERS=${2:?--watchers needs raw or lib}; shift;;
    -h|--help) usage; exit 0;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2;;
    esac
    shift
done
IFS=, read -r -a WLS0 <<<"$WORKLOADS"
WLS=()
for w in "${WLS0[@]}"; do
    if [ "$w" = mixed ]; then WLS+=(mixed16 mixed64); else WLS+=("$w"); fi
done
WORKLOADS=$(IFS=,; echo "${WLS[*]}")
IFS=, read -r -a KINDS_REQ <<<"$ONLY"
for w in "${WLS[@]}"; do
    case ",$ALL_WORKLOADS,pingpong," in *",$w,"*) ;; *) echo "run.sh: unknown workload $w" >&2; exit 2;; esac
done

if [ ! -x "$XSBENCH" ]; then
    echo "run.sh: $XSBENCH is missing: run 'make' first (it builds bench/*.cpp into build/bench/)" >&2
    exit 1
fi
for t in taskset timeout xenstore-exists; do
    command -v $t >/dev/null || { echo "run.sh: needs $t" >&2; exit 1; }
done
NCPU=$(nproc)

# Which daemons can run here.
declare -A AVAIL NAME
NAME[ours]="ours" NAME[cx]="C xenstored" NAME[ox]="oxenstored"
[ -x "$OURS_BIN" ] && AVAIL[ours]=1 || AVAIL[ours]=0
for k in cx ox; do AVAIL[$k]=0; done
if [ -n "$XEN_REFS" ]; then
    [ -x "$XENBIN/xenstored" ] && AVAIL[cx]=1
    [ -x "$XENBIN/oxenstored" ] && AVAIL[ox]=1
fi
KINDS=()
for k in "${KINDS_REQ[@]}"; do
    case $k in ours|cx|ox) ;; *) echo "run.sh: --only takes ours, cx, ox" >&2; exit 2;; esac
    if [ "${AVAIL[$k]}" = 1 ]; then KINDS+=("$k")
    else
        case $k in
        ours) echo "run.sh: our daemon $OURS_BIN is not built; its column will say n/a" >&2;;
        *) echo "run.sh: reference $k unavailable (xen-refs: ${XEN_REFS:-absent}); its column will say n/a" >&2;;
        esac
    fi
done
[ ${#KINDS[@]} -gt 0 ] || echo "run.sh: no daemon to measure; only the pingpong floor" >&2

WORK=$(mktemp -d /tmp/xsbench-run.XXXXXX)   # daemons' run directories
[ -n "$OUT" ] || OUT=$(dirname "$XSBENCH")/results
mkdir -p "$OUT"
LOG=$OUT/xsbench.log
TSV=$OUT/results.tsv
printf 'daemon\tworkload\trun\tresult\n' >"$TSV"

# ------------------------------------------------------------------ daemons
DPID="" DSOCK="" DRUNDIR="" DKIND=""

pid_alive() { # a zombie counts as dead
    local st
    [ -r "/proc/$1/stat" ] || return 1
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

stop_daemon() {
    # Interrupted while xsd-start.sh ran: it recorded the PID before we could read it.
    if [ -z "$DPID" ] && [ -n "$DRUNDIR" ] && [ -f "$DRUNDIR/launcher.pid" ]; then
        DPID=$(cat "$DRUNDIR/launcher.pid")
    fi
    [ -n "$DPID" ] || return 0
    kill "$DPID" 2>/dev/null
    local i
    for i in $(seq 1 50); do pid_alive "$DPID" || break; sleep 0.1; done
    pid_alive "$DPID" && kill -9 "$DPID" 2>/dev/null
    [ "$DKIND" = ours ] && wait "$DPID" 2>/dev/null
    rm -f "$DRUNDIR/launcher.pid"
    DPID="" DSOCK=""
}

cleanup() {
    if [ -n "$CPID" ]; then kill "$CPID" 2>/dev/null; wait "$CPID" 2>/dev/null; fi
    stop_daemon
    if [ "$KEEP" = 0 ]; then rm -rf "$WORK"; else echo "run.sh: daemon run directories kept in $WORK" >&2; fi
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM HUP

# start_daemon KIND RUNDIR: sets DPID DSOCK; returns non-zero if it did not come up.
start_daemon() {
    DKIND=$1 DRUNDIR=$2
    rm -rf "$DRUNDIR"; mkdir -p "$DRUNDIR"
    case $DKIND in
    ours)
        DSOCK=$DRUNDIR/socket
        "$OURS_BIN" -N --socket "$DSOCK" --pid-file "$DRUNDIR/daemon.pid" \
            >"$DRUNDIR/daemon.log" 2>&1 </dev/null &
        DPID=$!
        echo "$DPID" >"$DRUNDIR/launcher.pid"
        local i
        for i in $(seq 1 100); do
            if [ -S "$DSOCK" ] && XENSTORED_PATH=$DSOCK timeout 2 xenstore-exists / >/dev/null 2>&1; then
                return 0
            fi
            pid_alive "$DPID" || break
            sleep 0.1
        done
        echo "run.sh: our daemon did not come up; log:" >&2; tail -20 "$DRUNDIR/daemon.log" >&2
        stop_daemon; return 1
        ;;
    cx|ox)
        local out
        out=$(timeout --foreground 30 "$XEN_REFS/bin/xsd-start.sh" "$DKIND" "$DRUNDIR" 2>>"$LOG") || {
            echo "run.sh: $DKIND did not come up (see $LOG)" >&2
            [ -f "$DRUNDIR/launcher.pid" ] && DPID=$(cat "$DRUNDIR/launcher.pid") && stop_daemon
            return 1
        }
        read -r DPID DSOCK <<<"$out"
        ;;
    esac
}

# ------------------------------------------------------------------ workloads
# spec WORKLOAD: sets PIN (1 = daemon and client on CPU 0) and ARGS.
spec() {
    case $1 in
    pingpong)  PIN=1; ARGS=(pingpong --secs "$SECS");;
    pingpong-proc) PIN=1; ARGS=(pingpong-proc --secs "$SECS");;
    ceiling)   PIN=1; ARGS=(ceiling --secs "$SECS");;
    mixed16-null) PIN=0; ARGS=(mixed --clients 16 --secs "$SECS" --null-server);;
    mixed64-null) PIN=0; ARGS=(mixed --clients 64 --secs "$SECS" --null-server);;
    read)      PIN=1; ARGS=(read --secs "$SECS");;
    write)     PIN=1; ARGS=(write --secs "$SECS");;
    mixed16)   PIN=0; ARGS=(mixed --clients 16 --secs "$SECS");;
    mixed64)   PIN=0; ARGS=(mixed --clients 64 --secs "$SECS");;
    txcounter) PIN=0; ARGS=(txcounter --clients 16 --secs "$SECS");;
    bigdir)    PIN=1; ARGS=(bigdir --count "$BIGDIR_CHILDREN" --secs "$SECS");;
    watches)   PIN=0; ARGS=(watches --count "$WATCHES" --clients "$WATCH_CLIENTS" --watchers "$WATCHERS" --secs "$SECS");;
    memory)    PIN=0; ARGS=(memory --count "$MEM_NODES");;
    esac
}

field() { # field NAME "RESULT ..." -> value
    local f
    for f in $2; do
        case $f in "$1="*) echo "${f#*=}"; return;; esac
    done
}

# run_client PIN ARGS...: sets LINE to one RESULT line (synthesized on crash/timeout).
# The client runs in the background and we `wait` for it, so that a signal to this script
# is acted on at once (the trap also stops the client).
CPID=""
run_client() {
    local pin=$1; shift
    local pre=() tmo rc
    [ "$pin" = 1 ] && pre=(taskset -c 0)
    tmo=$(awk -v s="$SECS" 'BEGIN{printf "%d", s*5+120}')
    XENSTORED_PATH=$DSOCK timeout -k 5 $((tmo + 30)) "${pre[@]}" "$XSBENCH" "$@" --timeout "$tmo" \
        >"$WORK/client.out" 2>>"$LOG" </dev/null &
    CPID=$!
    wait "$CPID"; rc=$?
    CPID=""
    LINE=$(grep '^RESULT ' "$WORK/client.out" | tail -1)
    [ -n "$LINE" ] || LINE="RESULT workload=$1 status=fail error=client_exit_$rc"
}

declare -A VALS STAT EXTRA

record() { # kind wl run line
    local k=$1 w=$2 r=$3 line=$4 st v
    printf '%s\t%s\t%s\t%s\n' "$k" "$w" "$r" "$line" >>"$TSV"
    st=$(field status "$line")
    v=$(field value "$line")
    if [ "$st" = ok ]; then
        VALS[$k,$w]="${VALS[$k,$w]:-} $v"
    else
        STAT[$k,$w]="FAIL:$(field error "$line")"
    fi
    case $w in
    bigdir) EXTRA[$k,$w]=$(field method "$line");;
    txcounter) local l; l=$(field lost "$line"); [ -n "$l" ] && [ "$l" != 0 ] && EXTRA[$k,$w]="lost=$l";;
    esac
    printf '  %-5s %-10s run %d: %s\n' "$k" "$w" "$r" "${line#RESULT }" >&2
}

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END{if(NR) print a[int((NR+1)/2)]}'; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "xsbench: runs=$RUNS secs=$SECS daemons=${KINDS[*]:-none} workloads=$WORKLOADS; log in $OUT" >&2

# Floors (no daemon), pinned like the one-client workloads: the ping-pong
# between two threads (the target's reference), the same between two
# processes, and libxenstore's xs_read against a server that does nothing but
# answer, which no daemon can beat.
FLOOR_WLS=(pingpong pingpong-proc ceiling)
[[ ",$WORKLOADS," == *,mixed16,* ]] && FLOOR_WLS+=(mixed16-null)
[[ ",$WORKLOADS," == *,mixed64,* ]] && FLOOR_WLS+=(mixed64-null)
for fw in "${FLOOR_WLS[@]}"; do
    for r in $(seq 1 "$RUNS"); do
        spec "$fw"
        DSOCK=/nonexistent run_client 1 "${ARGS[@]}"
        record floor "$fw" "$r" "$LINE"
    done
done
FLOOR=$(median "${VALS[floor,pingpong]:-}")
FLOOR_PROC=$(median "${VALS[floor,pingpong-proc]:-}")
CEILING=$(median "${VALS[floor,ceiling]:-}")

for k in "${KINDS[@]}"; do
    for w in "${WLS[@]}"; do
        case $w in pingpong|cfg) continue;; esac
        spec "$w"
        for r in $(seq 1 "$RUNS"); do
            if ! start_daemon "$k" "$WORK/$k-$w-$r"; then
                record "$k" "$w" "$r" "RESULT workload=$w status=fail error=daemon_did_not_start"
                continue
            fi
            if [ "$PIN" = 1 ]; then taskset -a -p -c 0 "$DPID" >/dev/null
            else taskset -a -p -c "0-$((NCPU - 1))" "$DPID" >/dev/null; fi
            extra=()
            [ "$w" = memory ] && extra=(--pid "$DPID")
            run_client "$PIN" "${ARGS[@]}" "${extra[@]}"
            line=$LINE
            if ! pid_alive "$DPID"; then
                line="RESULT workload=$w status=fail error=daemon_died ${line#RESULT }"
                line=${line/ status=ok/}
            fi
            record "$k" "$w" "$r" "$line"
            stop_daemon
        done
    done
done

# ------------------------------------------------------------------ table
cell() { # kind wl: sets CELLS (display string) and CELLV (numeric median, or empty)
    local k=$1 w=$2 m
    CELLV="" CELLS="n/a"
    if [ "${AVAIL[$k]}" != 1 ] || [[ " ${KINDS[*]} " != *" $k "* ]]; then return; fi
    if [ -n "${STAT[$k,$w]:-}" ]; then CELLS=${STAT[$k,$w]}; return; fi
    m=$(median "${VALS[$k,$w]:-}")
    [ -n "$m" ] || return
    CELLV=$m
    if [ "$w" = memory ]; then CELLS=$(awk -v v="$m" 'BEGIN{printf "%.1f B/node", v}')
    else CELLS=$(awk -v v="$m" 'BEGIN{printf "%.0f/s", v}'); fi
    if [ -n "${EXTRA[$k,$w]:-}" ]; then CELLS="$CELLS (${EXTRA[$k,$w]})"; fi
}

declare -A TGT_TXT
TGT_TXT[read]=">=0.8x pingpong" TGT_TXT[write]=">=0.7x pingpong" TGT_TXT[mixed16]=">=3x best ref"
TGT_TXT[mixed64]=">=3x best ref" TGT_TXT[txcounter]=">=5x best ref, 0 lost" TGT_TXT[bigdir]=">=3x best ref"
TGT_TXT[watches]=">=3x best ref" TGT_TXT[memory]="<=64 B/node"

print_table() {
FMT='%-10s | %-22s | %-22s | %-22s | %-11s | %-9s | %-27s | %s\n'
printf 'load average before: %s, after: %s (on %s CPUs; other load skews the figures)\n' \
    "$LOAD0" "$(cut -d' ' -f1-3 /proc/loadavg)" "$NCPU"
printf 'pingpong floor (16-byte Unix-socket round trips, taskset -c 0): %s/s (median of %s)\n' \
    "$(awk -v v="${FLOOR:-0}" 'BEGIN{printf "%.0f", v}')" "$RUNS"
printf 'the same between two processes: %s/s; xs_read against the null server: %s/s\n' \
    "$(awk -v v="${FLOOR_PROC:-0}" 'BEGIN{printf "%.0f", v}')" "$(awk -v v="${CEILING:-0}" 'BEGIN{printf "%.0f", v}')"
printf "$FMT" workload ours "C xenstored" oxenstored "null server" "ours/ref" target verdict
printf "$FMT" ---------- ---------------------- ---------------------- ---------------------- ----------- --------- --------------------------- -------
for w in "${WLS[@]}"; do
    case $w in pingpong|cfg) continue;; esac
    cell ours "$w"; co=$CELLS vo=$CELLV
    cell cx "$w"; cc=$CELLS vc=$CELLV
    cell ox "$w"; cox=$CELLS vox=$CELLV
    best=""
    if [ "$w" = memory ]; then
        best=$(printf '%s\n' $vc $vox | sort -g | head -1)
    else
        best=$(printf '%s\n' $vc $vox | sort -g | tail -1)
    fi
    ratio=n/a
    [ -n "$vo" ] && [ -n "$best" ] && ratio=$(awk -v a="$vo" -v b="$best" 'BEGIN{ if (b > 0) printf "%.2fx", a/b; else print "n/a"}')
    verdict=n/a
    if [ -n "$vo" ]; then
        case $w in
        read)  [ -n "$FLOOR" ] && verdict=$(awk -v a="$vo" -v f="$FLOOR" 'BEGIN{print (a >= 0.8*f) ? "pass" : "FAIL"}');;
        write) [ -n "$FLOOR" ] && verdict=$(awk -v a="$vo" -v f="$FLOOR" 'BEGIN{print (a >= 0.7*f) ? "pass" : "FAIL"}');;
        memory) verdict=$(awk -v a="$vo" 'BEGIN{print (a <= 64) ? "pass" : "FAIL"}');;
        mixed16|mixed64|bigdir|watches|txcounter)
            f=3; [ "$w" = txcounter ] && f=5
            [ -n "$best" ] && verdict=$(awk -v a="$vo" -v b="$best" -v f=$f 'BEGIN{print (a >= f*b) ? "pass" : "FAIL"}');;
        esac
    elif [[ " ${KINDS[*]} " == *" ours "* ]]; then
        verdict=FAIL
    fi
    tgt=${TGT_TXT[$w]}
    case $w in
    read)  [ -n "$FLOOR" ] && tgt="$tgt ($(awk -v f="$FLOOR" 'BEGIN{printf "%.0f", 0.8*f}'))";;
    write) [ -n "$FLOOR" ] && tgt="$tgt ($(awk -v f="$FLOOR" 'BEGIN{printf "%.0f", 0.7*f}'))";;
    esac
    nullv=""
    case $w in
    read) nullv=$CEILING;;
    mixed16|mixed64) nullv=$(median "${VALS[floor,$w-null]:-}");;
    esac
    nulls=-
    [ -n "$nullv" ] && nulls=$(awk -v v="$nullv" 'BEGIN{printf "%.0f/s", v}')
    printf "$FMT" "$w" "$co" "$cc" "$cox" "$nulls" "$ratio" "$tgt" "$verdict"
done
echo
if [ -n "${VALS[ours,read]:-}" ] && [ -n "$CEILING" ]; then
    awk -v a="$(median "${VALS[ours,read]}")" -v c="$CEILING" \
        'BEGIN{printf "ours read: %.0f%% of what the null server gives the same client\n", 100*a/c}'
fi
echo "null server: the same clients against a naive server that does no XenStore work (blocking"
echo "I/O, a thread per connection, canned replies): what is left is the clients' and the kernel's cost."
echo "one-client rows (read, write, bigdir) and pingpong: daemon and client pinned to CPU 0; others unpinned."
echo "per-run results: $TSV; client stderr: $LOG; this table: $OUT/table.txt"
}
echo >&2
print_table | tee "$OUT/table.txt"

# xl.cfg parsing, no daemon: ours against libxlutil on the same generated files
# (RESULT lines go to the TSV, the readable lines to the table).
if [[ ",$WORKLOADS," == *,cfg,* ]]; then
    echo
    if [ -x "$CFGBENCH" ]; then
        CFG_RUNS=7; [ "$QUICK" = 1 ] && CFG_RUNS=3
        timeout 600 "$CFGBENCH" --runs "$CFG_RUNS" >"$WORK/cfgbench.out" 2>>"$LOG" ||
            echo "cfgbench failed (exit $?); see $LOG" >>"$WORK/cfgbench.out"
        grep '^RESULT ' "$WORK/cfgbench.out" | sed 's/^/parser\tcfg\t1\t/' >>"$TSV"
        grep -v '^RESULT ' "$WORK/cfgbench.out" | tee -a "$OUT/table.txt"
    else
        echo "xl.cfg parse: $CFGBENCH is missing (run 'make')" | tee -a "$OUT/table.txt"
    fi
fi
