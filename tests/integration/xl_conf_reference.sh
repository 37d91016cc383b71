#!/bin/bash
# xl.conf and help texts, against Xen 4.17's real xl (shared/xen-refs/bin/xl-fake): each case
# runs both xls with the same xl.conf and arguments and compares stdout, stderr and the exit
# status byte for byte. Both xls read /etc/xen/xl.conf only, so each run gets the case's
# xl.conf bind-mounted there in a private mount namespace (unshare -m; needs root). The cases
# cover vm.cpumask / vm.hvm.cpumask / vm.pv.cpumask (xl create), the vif.default.* defaults
# (network-attach, create), block-attach, and the help and usage texts.
# Skipped when the reference or unshare/mount is unavailable.
# Usage: xl_conf_reference.sh [BUILD_DIR]   Last line: "N passed, N failed, N skipped".
set -u
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${1:-build}"
case "$BUILD" in /*) ;; *) BUILD="$REPO_ROOT/$BUILD" ;; esac
CASES="$REPO_ROOT/tests/golden/xl-create-xlconf"
REF="$REPO_ROOT/../shared/xen-refs/bin/xl-fake"
OURS="$BUILD/bin/xl"
PASS=0 FAIL=0 SKIP=0

finish() {
  echo "$PASS passed, $FAIL failed, $SKIP skipped"
  [ "$FAIL" -eq 0 ]
  exit
}
if [ ! -x "$REF" ] || [ ! -x /usr/lib/xen-4.17/bin/xl ]; then
  echo "skip - all: the reference xl ($REF) is not available"; SKIP=1; finish
fi
if [ ! -x "$OURS" ]; then
  echo "FAIL - all: $OURS not built"; FAIL=1; finish
fi
TMP=$(mktemp -d /tmp/xl-conf-ref.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# with_conf CONF CMD...: CMD with CONF as /etc/xen/xl.conf, in a private mount namespace.
with_conf() {
  local conf=$1; shift
  timeout 60 unshare -m --propagation private \
    bash -c 'mount --bind "$0" /etc/xen/xl.conf && exec "$@"' "$conf" "$@"
}
: > "$TMP/empty.conf"
if ! with_conf "$TMP/empty.conf" true 2>/dev/null; then
  echo "skip - all: cannot bind-mount over /etc/xen/xl.conf (needs root, unshare and the file)"
  SKIP=1; finish
fi
# The reference starts its private xenstored on first use; do that outside any namespace.
"$REF" help >/dev/null 2>&1

N=0
# case NAME XLCONF_TEXT ARGS...: run in $CASES so "Parsing config from X.cfg" is the same.
case_() {
  local name=$1 conf_text=$2; shift 2
  N=$((N + 1))
  local conf="$TMP/c$N.conf"
  printf '%s' "$conf_text" > "$conf"
  (cd "$CASES" && with_conf "$conf" "$REF" "$@" > "$TMP/r.out" 2> "$TMP/r.err"; echo $? > "$TMP/r.rc")
  (cd "$CASES" && with_conf "$conf" "$OURS" "$@" > "$TMP/o.out" 2> "$TMP/o.err"; echo $? > "$TMP/o.rc")
  local rr or
  rr=$(cat "$TMP/r.rc") or=$(cat "$TMP/o.rc")
  if [ "$rr" -ge 124 ] && [ "$rr" -ne 139 ]; then
    SKIP=$((SKIP + 1)); echo "skip - $name: the reference did not run (status $rr)"; return
  fi
  if [ "$rr" = "$or" ] && cmp -s "$TMP/r.out" "$TMP/o.out" && cmp -s "$TMP/r.err" "$TMP/o.err"; then
    PASS=$((PASS + 1)); echo "ok - $name"
  else
    FAIL=$((FAIL + 1)); echo "FAIL - $name: status $or (xl 4.17: $rr)"
    diff "$TMP/r.out" "$TMP/o.out" | head -8 | sed 's/^/  | out: /'
    diff "$TMP/r.err" "$TMP/o.err" | head -8 | sed 's/^/  | err: /'
  fi
}

# ---- vm.cpumask, vm.hvm.cpumask, vm.pv.cpumask
M1=$'vm.cpumask = "0-7,16"\nvm.pv.cpumask = "4-20"\n'
M2=$'vm.cpumask = "0-7,16"\nvm.hvm.cpumask = "8-31"\n'
M3=$'vm.hvm.cpumask = "1-4"\nvm.pv.cpumask = "50-60"\n'
case_ "mask: none"                        ""  -N create pv.cfg
case_ "mask: pv, no cpus="                "$M1" -N create pv.cfg
case_ "mask: hvm, empty intersection"     "$M2" -N create hvm.cfg
case_ "mask: --ignore-global-affinity-masks" "$M2" -N create --ignore-global-affinity-masks hvm.cfg
case_ "mask: -i"                          "$M2" -N create -i hvm.cfg
case_ "mask: hvm mask narrows cpus="      $'vm.hvm.cpumask = "10-31"\n' -N create hvm.cfg
case_ "mask: pvh takes the hvm mask"      "$M3" -N create pvh.cfg
case_ "mask: pv takes the pv mask"        "$M3" -N create pv.cfg
case_ "mask: hvm ignores the pv mask"     $'vm.pv.cpumask = "50-60"\n' -N create hvm.cfg
case_ "mask: full masks"                  $'vm.cpumask = "0-63"\nvm.pv.cpumask = "all"\n' -N create pv.cfg
case_ "mask: all,^3"                      $'vm.cpumask = "all,^3"\n' -N create pv.cfg
case_ "mask: past the host"               $'vm.cpumask = "60-100"\n' -N create pv.cfg
case_ "mask: a number"                    $'vm.cpumask = 3\n' -N create pv.cfg
case_ "mask: bad item keeps earlier cpus" $'vm.cpumask = "3,foo,5"\n' -N create pv.cfg
case_ "mask: bad"                         $'vm.cpumask = "foo"\n' -N create pv.cfg
case_ "mask: ^all"                        $'vm.hvm.cpumask = "^all"\n' -N create pvh.cfg
case_ "mask: reversed range"              $'vm.pv.cpumask = "5-2"\n' -N create pv.cfg
case_ "mask: nodes:x"                     $'vm.cpumask = "nodes:x"\n' -N create pv.cfg
case_ "mask: empty string"                $'vm.cpumask = ""\n' -N create pv.cfg
case_ "mask: ^3 alone"                    $'vm.cpumask = "^3"\n' -N create pv.cfg
case_ "mask: a list"                      $'\nvm.cpumask = [ "1", "2" ]\n' -N create pv.cfg
case_ "mask: shorter cpus= list"          $'vm.cpumask = "2-40"\n' -N create pvh.cfg
case_ "mask: create -n"                   "$M1" create -n pv.cfg
case_ "mask: create -d -n"                "$M1" create -d -n pv.cfg
case_ "mask: create -q"                   "$M1" -N create -q pv.cfg
case_ "mask: a bad mask, another command" $'vm.cpumask = "foo"\n' help create

# ---- vif.default.* and the deprecated names
V=$'vif.default.script = "my-script"\nvif.default.bridge = "br9"\nvif.default.backend = "drv"\nvif.default.gatewaydev = "eth7"\nblkdev_start = "xvdz"\nrun_hotplug_scripts = 0\n'
OLD=$'vifscript = "old"\ndefaultbridge = "oldbr"\n'
case_ "vif: network-attach defaults"      "$V" -N network-attach 0 mac=00:16:3e:00:00:01
case_ "vif: network-attach overrides"     "$V" -N network-attach 0 bridge=xx script=/s backend=3 gatewaydev=g2
case_ "vif: network-attach, no spec"      "$V" -N network-attach 0
case_ "vif: network-attach, deprecated"   "$OLD" -N network-attach 0 type=ioemu
case_ "vif: new name wins"                $'vifscript = "old"\nvif.default.script = "new"\n' -N network-attach 0
case_ "vif: create"                       "$V" -N create pv.cfg
case_ "vif: create, deprecated"           "$OLD" -N create pv.cfg
case_ "disk: block-attach takes nothing"  "$V" -N block-attach 0 /d,raw,xvdb,rw

# ---- help and usage
case_ "help create"                 "" help create
case_ "create -h"                   "" create -h
case_ "create --help"               "" create --help
case_ "-N help create"              "" -N help create
case_ "help block-attach"           "" help block-attach
case_ "block-attach -h"             "" block-attach -h
case_ "help network-attach"         "" help network-attach
case_ "network-attach --help"       "" network-attach --help
case_ "help nosuch"                 "" help nosuch
case_ "help -v"                     "" help -v
case_ "block-attach, no arguments"  "" block-attach
case_ "network-attach, no arguments" "" network-attach
case_ "create a b"                  "" create a b
case_ "create -f"                   "" create -f
case_ "create --defconfig"          "" create --defconfig
case_ "create --bogus"              "" create --bogus
case_ "create -z"                   "" create -z
case_ "unknown command"             "" nosuch
case_ "command prefix"              "" creat

# `xl help` (and no command at all): ours lists only the commands it implements, but the
# header and each line must be 4.17's, in 4.17's order.
for args in "help" "help help" ""; do
  N=$((N + 1))
  # shellcheck disable=SC2086
  with_conf "$TMP/empty.conf" "$REF" $args > "$TMP/r.out" 2>/dev/null; rr=$?
  # shellcheck disable=SC2086
  with_conf "$TMP/empty.conf" "$OURS" $args > "$TMP/o.out" 2>/dev/null; or=$?
  why=$(python3 - "$TMP/r.out" "$TMP/o.out" <<'EOF'
import sys
ref = open(sys.argv[1]).read().rstrip("\n").split("\n")
ours = open(sys.argv[2]).read().rstrip("\n").split("\n")
# 4.17's entries: a name line, plus any continuation lines until the next " name" line.
head = 4
if ours[:head] != ref[:head]:
    print("header differs"); sys.exit()
def entries(lines):
    out = []
    for l in lines:
        if l.startswith(" ") and not l.startswith("  ") or not out:
            out.append(l)
        else:
            out[-1] += "\n" + l
    return out
r, o = entries(ref[head:]), entries(ours[head:])
if len(o) < 2:
    print("no commands listed"); sys.exit()
pos = 0
for e in o:
    try:
        pos = r.index(e, pos) + 1
    except ValueError:
        print("not a 4.17 line (or out of order): %r" % e); sys.exit()
EOF
)
  if [ "$rr" = "$or" ] && [ -z "$why" ]; then
    PASS=$((PASS + 1)); echo "ok - list: xl $args"
  else
    FAIL=$((FAIL + 1)); echo "FAIL - list: xl $args: status $or (xl 4.17: $rr) $why"
  fi
done
finish
