#!/bin/bash
# Our hotplug scripts (hotplug-scripts/) on this host, without Xen.
#
# Each script runs as libxl 4.17 runs it (its environment: script, XENBUS_TYPE,
# XENBUS_PATH relative to dom0's home, XENBUS_BASE_PATH, vif, netdev; its arguments),
# against a fake backend tree in our xenstored on a private socket, inside a network
# namespace of its own where veth interfaces stand in for netback's vifs.  Every check
# runs twice when busybox is installed: with this host's tools (dash, iproute2,
# util-linux) and with busybox's (busybox sh, ip, brctl, losetup, stat, ...; only flock
# and the xenstore-* clients from the host), as on a minimal dom0.
#
# Needs root, `ip netns` and, for block, loop devices: otherwise the checks are reported
# skipped with the reason.  Every namespace, loop device and file made here is removed on
# exit, whatever happens.
#
# Usage: hotplug_scripts.sh BUILD_DIR
source "$(dirname "$0")/lib.sh"
lib_init "$@"

SCRIPTS=$REPO_ROOT/hotplug-scripts
W=$_LIB_TMP                          # removed by lib_cleanup
TAG=xtkhp$$
NSS=()                               # network namespaces made here
IMGS=()                              # image files made here (their loop devices go too)

cleanup() {
  local ns bf back f
  for ns in "${NSS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  NSS=()
  # Any loop device backed by one of our files, whoever attached it.
  for bf in /sys/block/loop*/loop/backing_file; do
    [ -r "$bf" ] || continue
    back=$(cat "$bf" 2>/dev/null); back=${back% (deleted)}
    for f in "${IMGS[@]}"; do
      if [ "$back" = "$f" ]; then
        bf=${bf%/loop/backing_file}
        losetup -d "/dev/${bf##*/}" 2>/dev/null
      fi
    done
  done
  rm -f "${IMGS[@]}"
  IMGS=()
}
trap 'cleanup; lib_cleanup' EXIT

# ---------------------------------------------------------------- preconditions
if [ "$(id -u)" -ne 0 ]; then skip_suite hotplug_scripts "not root: network namespaces and loop devices need root"; fi
for t in xenstore-read xenstore-write xenstore-ls flock ip; do
  command -v "$t" >/dev/null || skip_suite hotplug_scripts "$t is not installed"
done
if ! ip netns add "$TAG-probe" 2>/dev/null; then
  skip_suite hotplug_scripts "ip netns is unavailable here (no network namespaces)"
fi
ip netns del "$TAG-probe"
start_daemon || { fail "xenstored starts" "$(daemon_log_tail)"; finish; }

export XEN_HOTPLUG_LOG=$W/xen-hotplug.log
export XEN_HOTPLUG_LOCKDIR=$W/locks

# Tool variants: "host" always; "busybox" when busybox is installed.
VARIANTS=(host)
BBDIR=$W/busybox-bin
BUSYBOX=$(command -v busybox || true)
if [ -n "$BUSYBOX" ]; then
  mkdir -p "$BBDIR"
  for a in $("$BUSYBOX" --list); do ln -sf "$BUSYBOX" "$BBDIR/$a"; done
  # what a minimal dom0 has besides busybox: util-linux's flock, the xenstore clients
  for t in flock xenstore-read xenstore-write xenstore-exists xenstore-ls xenstore-rm xenstore-list; do
    ln -sf "$(command -v "$t")" "$BBDIR/$t"
  done
  VARIANTS+=(busybox)
else
  skip "busybox: every check with busybox's tools" "busybox is not installed"
fi

# The stand-in for Open vSwitch's ovs-vsctl (no Open vSwitch here): records each call's
# arguments as one line in $W/ovs-calls and answers `list-br` with ovsbr0.
STUBDIR=$W/stub-bin
mkdir -p "$STUBDIR"
cat >"$STUBDIR/ovs-vsctl" <<EOF
#!/bin/sh
# test stub, not Open vSwitch: records its arguments, one call per line
printf '%s\n' "\$*" >>"$W/ovs-calls"
case " \$* " in *" list-br "*) echo ovsbr0;; esac
exit 0
EOF
chmod 0755 "$STUBDIR/ovs-vsctl"

# ---------------------------------------------------------------- helpers
V=host           # current variant
P=""             # prefix of check names: "host: " or "busybox: "
NOOVS=0          # 1: run without the ovs-vsctl stub on PATH

# hp NS SCRIPT XENBUS_PATH [VAR=VALUE...] -- ARGS...: run SCRIPT as libxl does, in NS.
# Prints nothing; returns the script's exit status.
hp() {
  local ns=$1 name=$2 xp=$3; shift 3
  local vars=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  local type=${xp#backend/}; type=${type%%/*}
  local path sh=()
  if [ "$V" = busybox ]; then path=$BBDIR; sh=("$BUSYBOX" sh); else path=/usr/sbin:/usr/bin:/sbin:/bin; fi
  [ "$NOOVS" = 1 ] || path=$STUBDIR:$path
  local rest=${xp#backend/*/}
  local extra=()
  if [ "$type" = vif ]; then extra=(vif="vif${rest%%/*}.${rest#*/}" netdev=); fi
  timeout 60 ip netns exec "$ns" env -i PATH="$path" XENSTORED_PATH="$XENSTORED_PATH" \
    XEN_HOTPLUG_LOG="$XEN_HOTPLUG_LOG" XEN_HOTPLUG_LOCKDIR="$XEN_HOTPLUG_LOCKDIR" \
    script="$SCRIPTS/$name" XENBUS_TYPE="$type" XENBUS_PATH="$xp" XENBUS_BASE_PATH=backend \
    "${extra[@]}" "${vars[@]}" "${sh[@]}" "$SCRIPTS/$name" "$@" </dev/null >>"$W/script-stdout" 2>&1
}

rd() { xenstore-read "$1" 2>/dev/null; }
wr() { xenstore-write "$@" || fail "${P}fake tree written" "xenstore-write $*"; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# new_ns NAME: a fresh network namespace in $NS (recorded for the cleanup)
new_ns() {
  NS=$TAG-$1
  ip netns add "$NS" || { fail "${P}namespace $NS made"; return 1; }
  NSS+=("$NS")
  nsx "$NS" ip link set lo up
}
del_ns() { ip netns del "$1" 2>/dev/null; }

# log_has TEXT: the hotplug log has a line with TEXT written since mark_log
mark_log() {
  LOGMARK=0
  [ -f "$XEN_HOTPLUG_LOG" ] && LOGMARK=$(wc -l <"$XEN_HOTPLUG_LOG")
}
log_has() { tail -n +"$((LOGMARK + 1))" "$XEN_HOTPLUG_LOG" 2>/dev/null | grep -qF -- "$1"; }
check_log() {
  if log_has "$2"; then ok "$1"
  else fail "$1" "no log line with '$2'; log tail: $(tail -n 3 "$XEN_HOTPLUG_LOG" 2>/dev/null | tr '\n' '|')"; fi
}
check_has() {  # NAME HAYSTACK NEEDLE
  if grep -qF -- "$3" <<<"$2"; then ok "$1"; else fail "$1" "'$3' not in: $(tr '\n' '|' <<<"$2")"; fi
}
check_match() {  # NAME HAYSTACK EXTENDED-REGEX
  if grep -qE -- "$3" <<<"$2"; then ok "$1"; else fail "$1" "/$3/ not in: $(tr '\n' '|' <<<"$2")"; fi
}
check_hasnt() {
  if grep -qF -- "$3" <<<"$2"; then fail "$1" "'$3' still in: $(tr '\n' '|' <<<"$2")"; else ok "$1"; fi
}

# vif_tree DOMID DEVID SCRIPT [KEY VALUE]...: backend and frontend of a vif as libxl
# writes them (the keys a script reads).
vif_tree() {
  local d=$1 n=$2 s=$3; shift 3
  local be=/local/domain/0/backend/vif/$d/$n fe=/local/domain/$d/device/vif/$n
  xenstore-rm "$be" 2>/dev/null; xenstore-rm "$fe" 2>/dev/null
  wr "$be/frontend" "$fe" "$be/frontend-id" "$d" "$be/online" 1 "$be/state" 2 \
     "$be/script" "/etc/xen/scripts/$s" "$be/mac" "00:16:3e:00:0$d:0$n" "$be/handle" "$n" \
     "$be/type" vif
  wr "$fe/backend" "$be" "$fe/backend-id" 0 "$fe/state" 1 "$fe/handle" "$n" \
     "$fe/mac" "00:16:3e:00:0$d:0$n"
  wr "/local/domain/$d/name" "guest$d" "/local/domain/$d/vm" "/vm/00000000-0000-0000-0000-00000000000$d"
  while [ $# -ge 2 ]; do wr "$be/$1" "$2"; shift 2; done
}

# veth NS NAME: a veth pair whose end NAME stands in for netback's vif (down, as netback
# leaves it)
veth() { nsx "$1" ip link add "$2" type veth peer name "${2:0:11}p" || fail "${P}veth $2 made"; }

link_up() { (( $(nsx "$1" cat "/sys/class/net/$2/flags" 2>/dev/null || echo 0) & 1 )) && echo up || echo down; }
master_of() {
  local m; m=$(nsx "$1" readlink "/sys/class/net/$2/master" 2>/dev/null) || { echo none; return; }
  echo "${m##*/}"
}
ipt_works() { command -v iptables >/dev/null && nsx "$1" iptables -w -L FORWARD -n >/dev/null 2>&1; }

# ---------------------------------------------------------------- vif-bridge
test_vif_bridge() {
  new_ns "bridge-$V" || return
  local ns=$NS
  local xp=backend/vif/5/0 be=/local/domain/0/backend/vif/5
  nsx "$ns" ip link add xenbr0 type bridge
  nsx "$ns" ip link set xenbr0 mtu 1450 up
  veth "$ns" vif5.0; veth "$ns" vif5.1

  # vif5.0: no mtu node (the bridge's MTU), addresses for the anti-spoofing rules
  vif_tree 5 0 vif-bridge bridge xenbr0 ip "192.0.2.50 192.0.2.51"
  mark_log
  hp "$ns" vif-bridge $xp -- online type_if=vif; check_rc "${P}vif-bridge online exits 0" 0 $?
  check_eq "${P}vif-bridge online: vif5.0 in xenbr0" xenbr0 "$(master_of "$ns" vif5.0)"
  check_eq "${P}vif-bridge online: vif5.0 up" up "$(link_up "$ns" vif5.0)"
  check_eq "${P}vif-bridge online: MTU of the bridge (no mtu node)" 1450 "$(nsx "$ns" cat /sys/class/net/vif5.0/mtu)"
  check_eq "${P}vif-bridge online: frontend mtu node" 1450 "$(rd /local/domain/5/device/vif/0/mtu)"
  check_eq "${P}vif-bridge online: hotplug-status" connected "$(rd $be/0/hotplug-status)"
  check_log "${P}vif-bridge online: logged" "vif-bridge["
  if ipt_works "$ns"; then
    local rules; rules=$(nsx "$ns" iptables -w -S FORWARD)
    check_match "${P}vif-bridge online: anti-spoofing rule for the first address" "$rules" "-s 192\.0\.2\.50/32 .*--physdev-in vif5\.0 .*-j ACCEPT"
    check_match "${P}vif-bridge online: anti-spoofing rule for the second address" "$rules" "-s 192\.0\.2\.51/32 .*--physdev-in vif5\.0 .*-j ACCEPT"
    check_match "${P}vif-bridge online: DHCP requests from the vif accepted" "$rules" "--physdev-in vif5\.0 .*--sport 68 --dport 67 -j ACCEPT"
    check_match "${P}vif-bridge online: rule for traffic to the vif" "$rules" "--physdev-out vif5\.0 .*-j ACCEPT"
  else
    skip "${P}vif-bridge anti-spoofing rules" "iptables missing or not working here"
  fi

  # vif5.1: no bridge node (the host's first bridge), an mtu node
  vif_tree 5 1 vif-bridge mtu 1400
  hp "$ns" vif-bridge backend/vif/5/1 -- online type_if=vif; check_rc "${P}vif-bridge online, no bridge node, exits 0" 0 $?
  check_eq "${P}vif-bridge online, no bridge node: first bridge taken" xenbr0 "$(master_of "$ns" vif5.1)"
  check_eq "${P}vif-bridge online: MTU from the mtu node" 1400 "$(nsx "$ns" cat /sys/class/net/vif5.1/mtu)"

  hp "$ns" vif-bridge $xp -- offline type_if=vif; check_rc "${P}vif-bridge offline exits 0" 0 $?
  check_eq "${P}vif-bridge offline: vif5.0 out of the bridge" none "$(master_of "$ns" vif5.0)"
  check_eq "${P}vif-bridge offline: vif5.0 down" down "$(link_up "$ns" vif5.0)"
  if ipt_works "$ns"; then
    check_hasnt "${P}vif-bridge offline: rules removed" "$(nsx "$ns" iptables -w -S FORWARD)" "vif5.0"
  fi
  hp "$ns" vif-bridge $xp -- offline type_if=vif; check_rc "${P}vif-bridge offline again exits 0" 0 $?
  nsx "$ns" ip link del vif5.1
  hp "$ns" vif-bridge backend/vif/5/1 -- offline type_if=vif; check_rc "${P}vif-bridge offline, interface gone, exits 0" 0 $?

  # vifname: the backend renames the interface
  veth "$ns" vif5.3
  vif_tree 5 3 vif-bridge bridge xenbr0 vifname web0
  hp "$ns" vif-bridge backend/vif/5/3 -- online type_if=vif; check_rc "${P}vif-bridge online with vifname exits 0" 0 $?
  check_eq "${P}vif-bridge online with vifname: renamed and in the bridge" xenbr0 "$(master_of "$ns" web0)"
  hp "$ns" vif-bridge backend/vif/5/3 -- offline type_if=vif; check_rc "${P}vif-bridge offline with vifname exits 0" 0 $?
  check_eq "${P}vif-bridge offline with vifname: out of the bridge" none "$(master_of "$ns" web0)"

  # The tap of an emulated NIC (HVM): add/remove type_if=tap, INTERFACE names it; no
  # hotplug-status of its own.
  veth "$ns" vif5.4-emu
  vif_tree 5 4 vif-bridge bridge xenbr0
  hp "$ns" vif-bridge backend/vif/5/4 INTERFACE=vif5.4-emu -- add type_if=tap; check_rc "${P}vif-bridge add (tap) exits 0" 0 $?
  check_eq "${P}vif-bridge add (tap): tap in the bridge" xenbr0 "$(master_of "$ns" vif5.4-emu)"
  check_eq "${P}vif-bridge add (tap): no hotplug-status written" "" "$(rd $be/4/hotplug-status)"
  hp "$ns" vif-bridge backend/vif/5/4 INTERFACE=vif5.4-emu -- remove type_if=tap; check_rc "${P}vif-bridge remove (tap) exits 0" 0 $?
  check_eq "${P}vif-bridge remove (tap): out of the bridge" none "$(master_of "$ns" vif5.4-emu)"

  # A bridge that does not exist
  veth "$ns" vif5.2
  vif_tree 5 2 vif-bridge bridge xenbr9
  mark_log
  hp "$ns" vif-bridge backend/vif/5/2 -- online type_if=vif; check_rc "${P}vif-bridge online, missing bridge, fails" nonzero $?
  check_eq "${P}vif-bridge missing bridge: hotplug-status" error "$(rd $be/2/hotplug-status)"
  check_has "${P}vif-bridge missing bridge: hotplug-error names it" "$(rd $be/2/hotplug-error)" "xenbr9"
  check_log "${P}vif-bridge missing bridge: logged with the name" "bridge xenbr9 does not exist"
  check_eq "${P}vif-bridge missing bridge: vif5.2 left out" none "$(master_of "$ns" vif5.2)"
  del_ns "$ns"
}

# ---------------------------------------------------------------- vif-route
test_vif_route() {
  new_ns "route-$V" || return
  local ns=$NS
  local xp=backend/vif/5/0 be=/local/domain/0/backend/vif/5
  # dom0's uplink: an address and the default route
  nsx "$ns" ip link add gw0 type veth peer name gw0p
  nsx "$ns" ip addr add 192.0.2.1/24 dev gw0
  nsx "$ns" ip link set gw0 up
  nsx "$ns" ip link set gw0p up
  nsx "$ns" ip route add default via 192.0.2.254 dev gw0
  veth "$ns" vif5.0
  vif_tree 5 0 vif-route ip "198.51.100.10 198.51.100.11"
  hp "$ns" vif-route $xp -- online type_if=vif; check_rc "${P}vif-route online exits 0" 0 $?
  local routes; routes=$(nsx "$ns" ip -4 route show)
  check_has "${P}vif-route online: route to the first address" "$routes" "198.51.100.10 dev vif5.0"
  check_has "${P}vif-route online: route to the second address" "$routes" "198.51.100.11 dev vif5.0"
  check_has "${P}vif-route online: dom0's address on the vif as /32" "$(nsx "$ns" ip -4 -o addr show dev vif5.0)" "192.0.2.1/32"
  check_eq "${P}vif-route online: proxy_arp" 1 "$(nsx "$ns" cat /proc/sys/net/ipv4/conf/vif5.0/proxy_arp)"
  check_eq "${P}vif-route online: forwarding" 1 "$(nsx "$ns" cat /proc/sys/net/ipv4/conf/vif5.0/forwarding)"
  check_eq "${P}vif-route online: vif up" up "$(link_up "$ns" vif5.0)"
  check_eq "${P}vif-route online: hotplug-status" connected "$(rd $be/0/hotplug-status)"
  hp "$ns" vif-route $xp -- offline type_if=vif; check_rc "${P}vif-route offline exits 0" 0 $?
  check_hasnt "${P}vif-route offline: routes removed" "$(nsx "$ns" ip -4 route show)" "198.51.100.1"
  check_eq "${P}vif-route offline: vif down" down "$(link_up "$ns" vif5.0)"
  nsx "$ns" ip link del vif5.0
  hp "$ns" vif-route $xp -- offline type_if=vif; check_rc "${P}vif-route offline, interface gone, exits 0" 0 $?

  # No interface to bring online
  vif_tree 5 9 vif-route ip 198.51.100.19
  hp "$ns" vif-route backend/vif/5/9 -- online type_if=vif; check_rc "${P}vif-route online, no interface, fails" nonzero $?
  check_eq "${P}vif-route no interface: hotplug-status" error "$(rd $be/9/hotplug-status)"
  check_has "${P}vif-route no interface: hotplug-error names it" "$(rd $be/9/hotplug-error)" "vif5.9"
  del_ns "$ns"
}

# ---------------------------------------------------------------- vif-nat
test_vif_nat() {
  new_ns "nat-$V" || return
  local ns=$NS
  local be=/local/domain/0/backend/vif/5
  veth "$ns" vif5.0; veth "$ns" vif5.1
  # vif5.0: no ip node (the derived guest address); vif5.1: an ip node
  vif_tree 5 0 vif-nat
  vif_tree 5 1 vif-nat ip 198.51.100.77
  hp "$ns" vif-nat backend/vif/5/0 -- online type_if=vif; check_rc "${P}vif-nat online exits 0" 0 $?
  hp "$ns" vif-nat backend/vif/5/1 -- online type_if=vif; check_rc "${P}vif-nat online (ip node) exits 0" 0 $?
  check_has "${P}vif-nat online: router address 10.0.5.1 (domain 5, vif 0)" "$(nsx "$ns" ip -4 -o addr show dev vif5.0)" "10.0.5.1/32"
  check_has "${P}vif-nat online: router address 10.0.5.3 (domain 5, vif 1)" "$(nsx "$ns" ip -4 -o addr show dev vif5.1)" "10.0.5.3/32"
  local routes; routes=$(nsx "$ns" ip -4 route show)
  check_has "${P}vif-nat online: route to the derived guest address" "$routes" "10.0.5.2 dev vif5.0"
  check_has "${P}vif-nat online: route to the ip node's address" "$routes" "198.51.100.77 dev vif5.1"
  check_eq "${P}vif-nat online: proxy_arp" 1 "$(nsx "$ns" cat /proc/sys/net/ipv4/conf/vif5.0/proxy_arp)"
  check_eq "${P}vif-nat online: hotplug-status" connected "$(rd $be/0/hotplug-status)"
  local nat_ok=0
  if ipt_works "$ns"; then
    nat_ok=1
    local nat; nat=$(nsx "$ns" iptables -w -t nat -S POSTROUTING)
    check_has "${P}vif-nat online: MASQUERADE rule for the guest" "$nat" "-s 10.0.5.2/32 ! -o vif5.0 -j MASQUERADE"
    check_has "${P}vif-nat online: MASQUERADE rule for the ip node's address" "$nat" "-s 198.51.100.77/32 ! -o vif5.1 -j MASQUERADE"
  else
    skip "${P}vif-nat MASQUERADE rules" "iptables missing or not working here"
  fi
  hp "$ns" vif-nat backend/vif/5/0 -- offline type_if=vif; check_rc "${P}vif-nat offline exits 0" 0 $?
  check_hasnt "${P}vif-nat offline: route removed" "$(nsx "$ns" ip -4 route show)" "10.0.5.2"
  check_hasnt "${P}vif-nat offline: router address removed" "$(nsx "$ns" ip -4 -o addr show dev vif5.0)" "10.0.5.1"
  check_eq "${P}vif-nat offline: vif down" down "$(link_up "$ns" vif5.0)"
  if [ $nat_ok = 1 ]; then
    check_hasnt "${P}vif-nat offline: its MASQUERADE rule removed" "$(nsx "$ns" iptables -w -t nat -S POSTROUTING)" "10.0.5.2"
    check_has "${P}vif-nat offline: the other vif's rule kept" "$(nsx "$ns" iptables -w -t nat -S POSTROUTING)" "198.51.100.77"
  fi
  nsx "$ns" ip link del vif5.1
  hp "$ns" vif-nat backend/vif/5/1 -- offline type_if=vif; check_rc "${P}vif-nat offline, interface gone, exits 0" 0 $?
  if [ $nat_ok = 1 ]; then
    check_hasnt "${P}vif-nat offline, interface gone: rule removed" "$(nsx "$ns" iptables -w -t nat -S POSTROUTING)" "198.51.100.77"
  fi
  del_ns "$ns"
}

# ---------------------------------------------------------------- vif-openvswitch
test_vif_openvswitch() {
  new_ns "ovs-$V" || return
  local ns=$NS
  local xp=backend/vif/5/0 be=/local/domain/0/backend/vif/5 calls
  : >"$W/ovs-calls"
  veth "$ns" vif5.0
  vif_tree 5 0 vif-openvswitch bridge ovsbr0.10:20:30
  hp "$ns" vif-openvswitch $xp -- online type_if=vif; check_rc "${P}vif-openvswitch online exits 0" 0 $?
  calls=$(cat "$W/ovs-calls")
  check_has "${P}vif-openvswitch online: add-port with tag and trunks" "$calls" "add-port ovsbr0 vif5.0 tag=10 trunks=20,30"
  check_has "${P}vif-openvswitch online: stale port dropped first" "$calls" "--if-exists del-port vif5.0"
  check_has "${P}vif-openvswitch online: guest's MAC as external-id" "$calls" 'external-ids:attached-mac="00:16:3e:00:05:00"'
  check_eq "${P}vif-openvswitch online: vif up" up "$(link_up "$ns" vif5.0)"
  check_eq "${P}vif-openvswitch online: hotplug-status" connected "$(rd $be/0/hotplug-status)"
  : >"$W/ovs-calls"
  hp "$ns" vif-openvswitch $xp -- offline type_if=vif; check_rc "${P}vif-openvswitch offline exits 0" 0 $?
  check_has "${P}vif-openvswitch offline: del-port" "$(cat "$W/ovs-calls")" "--if-exists del-port vif5.0"
  check_eq "${P}vif-openvswitch offline: vif down" down "$(link_up "$ns" vif5.0)"

  veth "$ns" vif5.1
  vif_tree 5 1 vif-openvswitch bridge ovsbr0.x
  hp "$ns" vif-openvswitch backend/vif/5/1 -- online type_if=vif; check_rc "${P}vif-openvswitch bad bridge spec fails" nonzero $?
  check_eq "${P}vif-openvswitch bad bridge spec: hotplug-status" error "$(rd $be/1/hotplug-status)"

  if command -v ovs-vsctl >/dev/null; then
    skip "${P}vif-openvswitch without ovs-vsctl" "this host has a real ovs-vsctl on the scripts' PATH"
  else
    vif_tree 5 1 vif-openvswitch bridge ovsbr0
    mark_log
    NOOVS=1 hp "$ns" vif-openvswitch backend/vif/5/1 -- online type_if=vif
    check_rc "${P}vif-openvswitch without ovs-vsctl fails" nonzero $?
    check_eq "${P}vif-openvswitch without ovs-vsctl: hotplug-status" error "$(rd $be/1/hotplug-status)"
    check_has "${P}vif-openvswitch without ovs-vsctl: hotplug-error says so" "$(rd $be/1/hotplug-error)" "ovs-vsctl not found"
  fi
  del_ns "$ns"
}

# ---------------------------------------------------------------- block
# vbd_tree DOMID DEVID PARAMS MODE: a vbd backend as libxl 4.17 writes it for a disk
# (type phy for files too, physical-device-path = params)
vbd_tree() {
  local d=$1 n=$2 p=$3 m=$4
  local be=/local/domain/0/backend/vbd/$d/$n fe=/local/domain/$d/device/vbd/$n
  xenstore-rm "$be" 2>/dev/null; xenstore-rm "$fe" 2>/dev/null
  wr "$be/frontend" "$fe" "$be/frontend-id" "$d" "$be/params" "$p" "$be/mode" "$m" \
     "$be/type" phy "$be/physical-device-path" "$p" "$be/script" /etc/xen/scripts/block \
     "$be/online" 1 "$be/removable" 0 "$be/bootable" 1 "$be/state" 2 "$be/dev" xvda \
     "$be/device-type" disk
  wr "$fe/backend" "$be" "$fe/backend-id" 0 "$fe/state" 1 "$fe/virtual-device" "$n" \
     "$fe/device-type" disk
}

# loops_of FILE: the loop devices backed by FILE (by name; the files here are not renamed)
loops_of() {
  local bf back
  for bf in /sys/block/loop*/loop/backing_file; do
    [ -r "$bf" ] || continue
    back=$(cat "$bf"); back=${back% (deleted)}
    if [ "$back" = "$1" ]; then bf=${bf%/loop/backing_file}; echo "/dev/${bf##*/}"; fi
  done
}
# mkimg NAME: a 4 MiB image file in $IMG (recorded for the cleanup)
mkimg() { IMG=$W/$1.img; truncate -s 4M "$IMG" && IMGS+=("$IMG"); }
hexmm() { local n; n=$(cat "/sys/block/${1#/dev/}/dev"); printf '%x:%x' "${n%%:*}" "${n#*:}"; }

test_block() {
  new_ns "block-$V" || return
  local ns=$NS
  local be=/local/domain/0/backend/vbd img loop

  # A raw file, writable
  mkimg "disk-$V"; img=$IMG
  vbd_tree 5 51712 "$img" w
  mark_log
  hp "$ns" block backend/vbd/5/51712 -- add; check_rc "${P}block add (file) exits 0" 0 $?
  loop=$(rd $be/5/51712/physical-device-path)
  case $loop in /dev/loop[0-9]*) ok "${P}block add: physical-device-path is a loop device";;
    *) fail "${P}block add: physical-device-path is a loop device" "got '$loop'"; loop=/dev/none;; esac
  check_eq "${P}block add: the loop device's backing file" "$img" "$(cat "/sys/block/${loop#/dev/}/loop/backing_file" 2>/dev/null)"
  check_eq "${P}block add: physical-device is hex major:minor of the loop device" "$(hexmm "$loop" 2>/dev/null)" "$(rd $be/5/51712/physical-device)"
  check_eq "${P}block add: writable loop device" 0 "$(cat "/sys/block/${loop#/dev/}/ro" 2>/dev/null)"
  check_eq "${P}block add: hotplug-status" connected "$(rd $be/5/51712/hotplug-status)"
  check_log "${P}block add: logged with the file" "$img"
  hp "$ns" block backend/vbd/5/51712 -- remove; check_rc "${P}block remove exits 0" 0 $?
  check_eq "${P}block remove: no loop device left for the file" "" "$(loops_of "$img")"
  hp "$ns" block backend/vbd/5/51712 -- remove; check_rc "${P}block remove again exits 0" 0 $?

  # Read-only
  mkimg "ro-$V"; img=$IMG
  vbd_tree 5 51728 "$img" r
  hp "$ns" block backend/vbd/5/51728 -- add; check_rc "${P}block add (read-only) exits 0" 0 $?
  loop=$(rd $be/5/51728/physical-device-path)
  check_eq "${P}block add read-only: read-only loop device" 1 "$(cat "/sys/block/${loop#/dev/}/ro" 2>/dev/null)"
  hp "$ns" block backend/vbd/5/51728 -- remove; check_rc "${P}block remove (read-only) exits 0" 0 $?
  check_eq "${P}block remove read-only: released" "" "$(loops_of "$img")"

  # Missing file
  vbd_tree 5 51744 "$W/no-such-disk-$V.img" w
  mark_log
  hp "$ns" block backend/vbd/5/51744 -- add; check_rc "${P}block add, missing file, fails" nonzero $?
  check_eq "${P}block missing file: hotplug-status" error "$(rd $be/5/51744/hotplug-status)"
  check_has "${P}block missing file: hotplug-error names the path" "$(rd $be/5/51744/hotplug-error)" "$W/no-such-disk-$V.img"
  check_log "${P}block missing file: logged with the path" "no-such-disk-$V.img"

  # Sharing: domain 6 has the file writable; domain 7 may not have it at all
  mkimg "shared-$V"; img=$IMG
  vbd_tree 6 51712 "$img" w
  hp "$ns" block backend/vbd/6/51712 -- add; check_rc "${P}block add for domain 6 exits 0" 0 $?
  vbd_tree 7 51712 "$img" w
  mark_log
  hp "$ns" block backend/vbd/7/51712 -- add; check_rc "${P}block add of domain 6's writable file for domain 7 fails" nonzero $?
  check_eq "${P}block sharing refused: hotplug-status" error "$(rd $be/7/51712/hotplug-status)"
  check_has "${P}block sharing refused: hotplug-error names domain 6" "$(rd $be/7/51712/hotplug-error)" "domain 6"
  check_log "${P}block sharing refused: logged" "in use by domain 6"
  check_eq "${P}block sharing refused: nothing attached for domain 7" "" "$(rd $be/7/51712/physical-device)"
  check_eq "${P}block sharing refused: only domain 6's loop device for the file" 1 "$(loops_of "$img" | wc -l)"
  vbd_tree 7 51712 "$img" r
  hp "$ns" block backend/vbd/7/51712 -- add; check_rc "${P}block add read-only of another domain's writable file fails" nonzero $?
  ln "$img" "$img.link"; IMGS+=("$img.link")
  vbd_tree 7 51712 "$img.link" w
  hp "$ns" block backend/vbd/7/51712 -- add; check_rc "${P}block add of the same file by another name (hard link) fails" nonzero $?
  check_eq "${P}block sharing refused: still one loop device for the file" 1 "$(( $(loops_of "$img" | wc -l) + $(loops_of "$img.link" | wc -l) ))"
  hp "$ns" block backend/vbd/6/51712 -- remove; check_rc "${P}block remove for domain 6 exits 0" 0 $?
  xenstore-rm $be/6; xenstore-rm $be/7
  # Read-only for two domains is fine
  vbd_tree 8 51712 "$img" r; vbd_tree 9 51712 "$img" r
  hp "$ns" block backend/vbd/8/51712 -- add; check_rc "${P}block add read-only for domain 8 exits 0" 0 $?
  hp "$ns" block backend/vbd/9/51712 -- add; check_rc "${P}block add read-only of the same file for domain 9 exits 0" 0 $?
  hp "$ns" block backend/vbd/8/51712 -- remove; hp "$ns" block backend/vbd/9/51712 -- remove
  check_eq "${P}block remove of both read-only users: released" "" "$(loops_of "$img")"
  xenstore-rm $be/8; xenstore-rm $be/9

  # A block device given as it is (phy:/dev/loopN made here): used directly, left attached
  mkimg "phy-$V"; img=$IMG
  local dev; dev=$(losetup -f --show "$img" 2>/dev/null || true)
  if [ -n "$dev" ]; then
    vbd_tree 5 51760 "$dev" w
    hp "$ns" block backend/vbd/5/51760 -- add; check_rc "${P}block add (block device) exits 0" 0 $?
    check_eq "${P}block add block device: physical-device" "$(hexmm "$dev")" "$(rd $be/5/51760/physical-device)"
    check_eq "${P}block add block device: physical-device-path" "$dev" "$(rd $be/5/51760/physical-device-path)"
    check_eq "${P}block add block device: no loop device of its own" "" "$(rd $be/5/51760/node)"
    hp "$ns" block backend/vbd/5/51760 -- remove; check_rc "${P}block remove (block device) exits 0" 0 $?
    check_eq "${P}block remove block device: the device left as it was" "$img" "$(cat "/sys/block/${dev#/dev/}/loop/backing_file" 2>/dev/null)"
    losetup -d "$dev"
  else
    skip "${P}block device given as it is" "could not attach a loop device to stand for one"
  fi

  # Two adds at once (the lock): both succeed, each with its own loop device
  local i1 i2 r1 r2
  mkimg "c1-$V"; i1=$IMG; mkimg "c2-$V"; i2=$IMG
  vbd_tree 10 51712 "$i1" w; vbd_tree 11 51712 "$i2" w
  hp "$ns" block backend/vbd/10/51712 -- add & local p1=$!
  hp "$ns" block backend/vbd/11/51712 -- add & local p2=$!
  wait $p1; r1=$?; wait $p2; r2=$?
  check_rc "${P}block concurrent add 1 exits 0" 0 $r1
  check_rc "${P}block concurrent add 2 exits 0" 0 $r2
  check_eq "${P}block concurrent add 1: its file attached once" 1 "$(loops_of "$i1" | wc -l)"
  check_eq "${P}block concurrent add 2: its file attached once" 1 "$(loops_of "$i2" | wc -l)"
  check_eq "${P}block concurrent add 1: physical-device-path is its loop" "$(loops_of "$i1")" "$(rd $be/10/51712/physical-device-path)"
  check_eq "${P}block concurrent add 2: physical-device-path is its loop" "$(loops_of "$i2")" "$(rd $be/11/51712/physical-device-path)"
  hp "$ns" block backend/vbd/10/51712 -- remove; hp "$ns" block backend/vbd/11/51712 -- remove
  check_eq "${P}block concurrent: both released" "" "$(loops_of "$i1")$(loops_of "$i2")"
  xenstore-rm $be/10; xenstore-rm $be/11; xenstore-rm $be/5
  del_ns "$ns"
}

# Loop devices usable here?
loops_usable() {
  local f=$W/probe.img d
  truncate -s 1M "$f" && IMGS+=("$f") || return 1
  d=$(losetup -f --show "$f" 2>/dev/null) || return 1
  losetup -d "$d"
}

# ---------------------------------------------------------------- run
LOOPS=1
loops_usable || LOOPS=0
for V in "${VARIANTS[@]}"; do
  P="$V: "
  echo "# variant $V"
  test_vif_bridge
  test_vif_route
  test_vif_nat
  test_vif_openvswitch
  if [ $LOOPS = 1 ]; then test_block; else skip "${P}block" "loop devices are unavailable here"; fi
done
daemon_alive || fail "xenstored still running at the end"
if [ "$FAIL" -ne 0 ] && [ -f "$XEN_HOTPLUG_LOG" ]; then
  echo "# last lines of the hotplug log:"; tail -n 40 "$XEN_HOTPLUG_LOG" | sed 's/^/  | /'
fi
finish
