# hotplug-vif.sh: sourced by the vif-* scripts after hotplug-common.sh (never run itself).
#
# vif_init LOCK "$@" takes the script's lock (hp_lock LOCK, before anything is changed)
# and works out, from libxl's arguments and environment:
#   VIF_UP      1 for online/add, 0 for offline/remove
#   VIF_TYPE    vif (netback's interface: online/offline, type_if=vif) or
#               tap (the device model's emulated NIC: add/remove, type_if=tap)
#   VIF_DEV     the interface to act on: $vif (vif<domid>.<devid>), or for a tap
#               $INTERFACE (vif<domid>.<devid>-emu); a backend `vifname` node renames it
#               (online/add) or names it (offline/remove)
#   VIF_IPS     the guest's addresses (backend node `ip`, space separated), maybe empty
# and gives the helpers the scripts share: MTU, iptables rules, addresses of dom0.

vif_init() {
  _lock=$1
  shift
  hp_init "$@"
  case $HP_ACTION in
    online|add) VIF_UP=1;;
    offline|remove) VIF_UP=0;;
    *) hp_log "error: unknown action '$HP_ACTION' (expected online, offline, add or remove)"
       exit 1;;
  esac
  VIF_TYPE=${HP_ARG_type_if:-}
  if [ -z "$VIF_TYPE" ]; then
    case $HP_ACTION in online|offline) VIF_TYPE=vif;; *) VIF_TYPE=tap;; esac
  fi
  case $VIF_TYPE in
    vif|tap) ;;
    *) hp_fatal "unknown interface type type_if=$VIF_TYPE (expected vif or tap)";;
  esac

  hp_lock "$_lock"

  _base=${vif:-vif$HP_DOMID.$HP_DEVID}
  if [ "$VIF_TYPE" = tap ]; then
    if [ -n "${INTERFACE:-}" ]; then
      VIF_DEV=$INTERFACE
    else
      case $_base in *-emu) VIF_DEV=$_base;; *) VIF_DEV=$_base-emu;; esac
    fi
  else
    VIF_DEV=$_base
  fi

  _vifname=$(xs_read_default "$XENBUS_PATH/vifname" "")
  if [ -n "$_vifname" ]; then
    if [ "$VIF_TYPE" = tap ]; then _want=$_vifname-emu; else _want=$_vifname; fi
    if [ "$_want" != "$VIF_DEV" ]; then
      [ "$VIF_UP" = 1 ] && vif_rename "$VIF_DEV" "$_want"
      VIF_DEV=$_want
    fi
  fi

  VIF_IPS=$(xs_read_default "$XENBUS_PATH/ip" "${HP_ARG_ip:-}")
}

link_exists() { [ -d "/sys/class/net/$1" ]; }

# vif_rename FROM TO: the backend asks for another name (vifname=); done at most once.
vif_rename() {
  if link_exists "$2"; then
    link_exists "$1" &&
      hp_fatal "cannot rename $1 to $2: an interface named $2 already exists"
    hp_log "$1 is already named $2"
    return 0
  fi
  link_exists "$1" || hp_fatal "interface $1 does not exist"
  ip link set dev "$1" down 2>/dev/null
  ip link set dev "$1" name "$2" || hp_fatal "could not rename $1 to $2"
  hp_log "renamed $1 to $2"
}

# vif_require_dev: the interface must be there to be brought online
vif_require_dev() {
  link_exists "$VIF_DEV" || hp_fatal "interface $VIF_DEV does not exist"
}

# vif_done MSG: success of online/add (hotplug-status=connected for netback's vif; the
# tap of an emulated NIC has no status of its own), or the end of offline/remove.
vif_done() {
  if [ "$VIF_UP" = 1 ] && [ "$VIF_TYPE" = vif ]; then
    hp_success
  fi
  hp_log "$*"
  exit 0
}

# vif_set_mtu MTU: the interface's MTU, and for netback's vif the frontend's mtu node,
# which the guest's netfront reads.
vif_set_mtu() {
  [ -n "$1" ] || return 0
  case $1 in *[!0-9]*) hp_log "mtu '$1' is not a number: left alone"; return 0;; esac
  ip link set dev "$VIF_DEV" mtu "$1" || hp_log "could not set the MTU of $VIF_DEV to $1"
  if [ "$VIF_TYPE" = vif ]; then
    _fe=$(xs_read_default "$XENBUS_PATH/frontend" "/local/domain/$HP_DOMID/device/vif/$HP_DEVID")
    if xs_exists "$_fe"; then
      xs_write "$_fe/mtu" "$1" || hp_log "could not write $_fe/mtu"
    fi
  fi
}

# vif_sysctl NAME VALUE: /proc/sys/net/ipv4/conf/<dev>/NAME = VALUE
vif_sysctl() {
  _f=/proc/sys/net/ipv4/conf/$VIF_DEV/$1
  if [ -w "$_f" ]; then
    echo "$2" >"$_f" || hp_log "could not set $_f to $2"
  else
    hp_log "$_f is not writable: $1 left alone"
  fi
}

# ip_of IFACE: the first (primary) IPv4 address of IFACE, without its prefix length
ip_of() {
  ip -4 -o addr show dev "$1" 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "inet") { split($(i + 1), a, "/"); print a[1]; exit } }'
}

# default_route_dev: the interface of dom0's IPv4 default route, if any
default_route_dev() {
  ip -4 route show default 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }'
}

# ---------------------------------------------------------------- iptables
# ipt_ready: iptables is there and works (modules loaded, permission); sets IPT.
ipt_ready() {
  if [ -n "${IPT_STATE:-}" ]; then [ "$IPT_STATE" = yes ]; return; fi
  IPT_STATE=no
  if command -v iptables >/dev/null 2>&1; then
    # -w (wait for the xtables lock) is missing in very old versions
    if iptables -w -L FORWARD -n >/dev/null 2>&1; then
      IPT="iptables -w"; IPT_STATE=yes
    elif iptables -L FORWARD -n >/dev/null 2>&1; then
      IPT=iptables; IPT_STATE=yes
    fi
  fi
  [ "$IPT_STATE" = yes ]
}

# ipt_add TABLE CHAIN RULE...: insert RULE unless it is there already
ipt_add() {
  _t=$1 _c=$2; shift 2
  $IPT -t "$_t" -C "$_c" "$@" 2>/dev/null && return 0
  $IPT -t "$_t" -I "$_c" "$@"
}
# ipt_del TABLE CHAIN RULE...: delete every copy of RULE
ipt_del() {
  _t=$1 _c=$2; shift 2
  _k=0
  while [ $_k -lt 16 ] && $IPT -t "$_t" -D "$_c" "$@" 2>/dev/null; do _k=$((_k + 1)); done
}

# vif_antispoof: with addresses in `ip`, accept forwarded packets from the vif only from
# those addresses (and DHCP requests), and packets to it, as Xen's scripts do: they take
# effect under a FORWARD policy of DROP.  Without iptables: logged, nothing else.
vif_antispoof() {
  [ -n "$VIF_IPS" ] || return 0
  if ! ipt_ready; then
    hp_log "iptables missing or not working: no anti-spoofing rules for $VIF_DEV"
    return 0
  fi
  if [ "$VIF_UP" = 1 ]; then _op=ipt_add; else _op=ipt_del; fi
  _bad=0
  for _a in $VIF_IPS; do
    case $_a in *:*) continue;; esac   # iptables is IPv4 only
    $_op filter FORWARD -m physdev --physdev-is-bridged --physdev-in "$VIF_DEV" \
      -s "$_a" -j ACCEPT || _bad=1
  done
  $_op filter FORWARD -m physdev --physdev-is-bridged --physdev-in "$VIF_DEV" \
    -p udp --sport 68 --dport 67 -j ACCEPT || _bad=1
  $_op filter FORWARD -m physdev --physdev-is-bridged --physdev-out "$VIF_DEV" \
    -j ACCEPT || _bad=1
  if [ "$VIF_UP" = 1 ]; then
    if [ $_bad = 0 ]; then
      hp_log "anti-spoofing rules for $VIF_DEV: $VIF_IPS"
    else
      hp_log "warning: some iptables rules for $VIF_DEV could not be added"
    fi
  fi
}
