# Guests with disks and networks: a file-backed disk that keeps what the
# guest wrote across a destroy and a new create, a nic on dom0's bridge
# (xenbr0, 10.0.0.1) that the guest pings through, a second disk and nic
# attached while it runs and seen by the guest, then detached; refusals
# (missing file, missing bridge at attach and at create, a file another
# guest writes to, a format that needs QEMU); nothing left behind: no loop
# device, vif or backend node.
G=lab-dev
GUEST="xl xenstored-rings console hotplug"
IMG=/var/lib/lab
CFG=/tmp/dev.cfg

console_has() { tr -d '\r' <"$(console_log "$1")" 2>/dev/null | grep -q "$2"; }
loops_of() { losetup -a 2>/dev/null | grep -c "$1"; }
backends_of() { xenstore-list "/local/domain/0/backend/$1/$2" 2>/dev/null | wc -l; }
# The guest's last "devices" line.
devices_of() { tr -d '\r' <"$(console_log "$1")" | grep 'lab-guest: devices' | tail -1 | cut -d' ' -f3-; }
write_cfg() {  # extra kernel arguments
  cat /lab/guest/pv.cfg >$CFG
  cat >>$CFG <<EOC
name = "$G"
extra = "console=hvc0 quiet $1"
disk = [ '$IMG/disk1.img,raw,xvda,rw' ]
vif = [ 'bridge=xenbr0' ]
EOC
}
# Nothing of domain $1's devices anywhere.
check_clean() {
  [ "$(backends_of vbd "$1")" = 0 ] || fail "vbd backends of domain $1 left: $(xenstore-list /local/domain/0/backend/vbd/$1)"
  [ "$(backends_of vif "$1")" = 0 ] || fail "vif backends of domain $1 left"
  ls /sys/class/net | grep -q "^vif$1\." && fail "vif interfaces of domain $1 left: $(ls /sys/class/net)"
  xenstore-exists "/libxl/$1" && fail "/libxl/$1 left"
  return 0
}

s_disk_and_net() {
  mkdir -p $IMG
  for i in 1 2 3; do rm -f $IMG/disk$i.img; truncate -s 32M $IMG/disk$i.img; done
  rm -f "$(console_log $G)"
  write_cfg "lab.disk=write:seen-by-$LAB_PROFILE lab.ip=10.0.0.2"
  t0=$(lab_now)
  $XL create $CFG >/tmp/create.out 2>&1 || fail "xl create failed: $(tail -3 /tmp/create.out)"
  note "create with a disk and a nic: $(awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { printf "%.1f", b - a }') s"
  id=$(domid_of $G)
  [ "$(loops_of $IMG/disk1.img)" = 1 ] || fail "no loop device for disk1.img: $(losetup -a)"
  ls /sys/class/net/xenbr0/brif | grep -qx "vif$id.0" || fail "vif$id.0 not on xenbr0: $(ls /sys/class/net/xenbr0/brif)"
  wait_for 150 console_has $G 'lab-guest: disk wrote' || fail "the guest wrote nothing: $(tr -d '\r' <"$(console_log $G)" | grep lab-guest: | grep -v tick | tail -3)"
  wait_for 90 console_has $G 'lab-guest: ping 10.0.0.1' || fail "the guest never pinged"
  console_has $G 'ping 10.0.0.1 ok' || fail "$(tr -d '\r' <"$(console_log $G)" | grep 'lab-guest: ping')"
  $XL block-list $G | awk 'NR == 2 { exit !($1 == 51712 && $4 == 4) }' \
    || fail "block-list does not show xvda connected: $($XL block-list $G)"
  $XL network-list $G | awk 'NR == 2 { exit !($1 == 0 && $5 == 4) }' \
    || fail "network-list does not show nic 0 connected: $($XL network-list $G)"
  $XL list -l $G | grep -q '"mac": "00:16:3e:' || fail "list -l shows no MAC for the nic"
}

s_persist() {
  id=$(domid_of $G)
  t0=$(lab_now)
  $XL destroy $G || fail "xl destroy failed"
  note "destroy with a disk and a nic: $(awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { printf "%.1f", b - a }') s"
  gone $G || fail "still there after destroy"
  check_clean $id
  [ "$(loops_of $IMG/disk1.img)" = 0 ] || fail "the loop device of disk1.img outlived the guest: $(losetup -a)"
  rm -f "$(console_log $G)"
  write_cfg "lab.disk=read"
  $XL create $CFG >/tmp/create.out 2>&1 || fail "xl create (again) failed: $(tail -3 /tmp/create.out)"
  wait_for 150 console_has $G 'lab-guest: disk holds' || fail "the new guest did not read its disk"
  console_has $G "disk holds lab:seen-by-$LAB_PROFILE" \
    || fail "the disk lost what the first guest wrote: $(tr -d '\r' <"$(console_log $G)" | grep 'disk holds')"
}

s_hot_attach() {
  wait_for 60 sh -c "tr -d '\r' <$(console_log $G) | grep -q 'devices disks=xvda nics=eth0'" \
    || fail "the guest does not report its devices: $(devices_of $G)"
  t0=$(lab_now)
  $XL block-attach $G $IMG/disk2.img,raw,xvdb,rw || fail "block-attach failed"
  t1=$(lab_now)
  $XL network-attach $G bridge=xenbr0 mac=00:16:3e:12:34:56 vifname=labvif1 || fail "network-attach failed"
  t2=$(lab_now)
  note "block-attach $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, network-attach $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }') s"
  wait_for 60 sh -c "tr -d '\r' <$(console_log $G) | grep -q 'devices disks=xvda,xvdb nics=eth0,eth1'" \
    || fail "the guest does not see them: $(devices_of $G)"
  [ "$($XL block-list $G | wc -l)" = 3 ] || fail "block-list: $($XL block-list $G)"
  $XL network-list $G | grep -q '00:16:3e:12:34:56' || fail "network-list: $($XL network-list $G)"
  ls /sys/class/net/xenbr0/brif | grep -qx labvif1 || fail "vifname=labvif1 is not on the bridge: $(ls /sys/class/net/xenbr0/brif)"
  $XL list -l $G | grep -q "disk2.img" || fail "list -l does not show the attached disk"
  $XL list -l $G | grep -q '00:16:3e:12:34:56' || fail "list -l does not show the attached nic"
}

s_hot_detach() {
  id=$(domid_of $G)
  $XL block-detach $G xvdb || fail "block-detach failed"
  $XL network-detach $G 00:16:3e:12:34:56 || fail "network-detach failed"
  wait_for 60 sh -c "tr -d '\r' <$(console_log $G) | grep 'lab-guest: devices' | tail -1 | grep -q 'disks=xvda nics=eth0\$'" \
    || fail "the guest still sees: $(devices_of $G)"
  [ "$(loops_of $IMG/disk2.img)" = 0 ] || fail "the loop device of disk2.img is still there: $(losetup -a)"
  ls /sys/class/net | grep -qx "labvif1" && fail "labvif1 is still there"
  xenstore-exists /local/domain/0/backend/vbd/$id/51728 && fail "the backend of xvdb is still there"
  $XL list -l $G | grep -q "disk2.img" && fail "list -l still shows the detached disk"
  $XL block-detach $G xvdz >/tmp/bd.out 2>&1 && fail "detaching a missing disk succeeded"
  grep -q "Error: Device xvdz not connected." /tmp/bd.out || fail "block-detach xvdz said: $(cat /tmp/bd.out)"
  return 0
}

s_refusals() {
  id=$(domid_of $G)
  $XL block-attach $G $IMG/missing.img,raw,xvdc,rw >/tmp/r.out 2>&1 && fail "attaching a missing file succeeded"
  grep -q "missing.img" /tmp/r.out || fail "the error does not name the file: $(cat /tmp/r.out)"
  xenstore-exists /local/domain/0/backend/vbd/$id/51744 && fail "a backend for the missing file was left"
  # Xen's libxl leaves the nodes of a vif its script refused; ours does not.
  $XL network-attach $G bridge=nosuchbr >/tmp/r.out 2>&1 && fail "attaching to a missing bridge succeeded"
  grep -q "nosuchbr" /tmp/r.out || fail "the error does not name the bridge: $(cat /tmp/r.out)"
  if [ "$(lab_impl xl)" = ours ]; then
    [ "$(backends_of vif $id)" = 1 ] || fail "the refused vif left nodes: $(xenstore-list /local/domain/0/backend/vif/$id)"
  fi
  # A file the running guest writes to is refused to a second guest (Xen's
  # own block script lets it through when dom0's losetup is busybox's).
  if [ "$(lab_impl hotplug)" = ours ]; then
    cat /lab/guest/pv.cfg | grep -v '^name' >/tmp/dev2.cfg
    printf 'name = "lab-dev2"\ndisk = [ "%s/disk1.img,raw,xvda,rw" ]\n' $IMG >>/tmp/dev2.cfg
    $XL create /tmp/dev2.cfg >/tmp/r.out 2>&1 && fail "a second guest got the same disk writable"
    gone lab-dev2 || fail "the refused guest is still there"
    [ "$(loops_of $IMG/disk1.img)" = 1 ] || fail "loop devices of disk1.img: $(losetup -a)"
    note "in use: $(grep -i 'use' /tmp/r.out | tail -1)"
  fi
  # A create whose nic is refused after its disk was set up: nothing of
  # either is left (Xen's libxl leaves the vif's nodes).
  cat /lab/guest/pv.cfg | grep -v '^name' >/tmp/dev4.cfg
  printf 'name = "lab-dev4"\ndisk = [ "%s/disk3.img,raw,xvda,rw" ]\nvif = [ "bridge=nosuchbr" ]\n' $IMG >>/tmp/dev4.cfg
  $XL create /tmp/dev4.cfg >/tmp/r.out 2>&1 && fail "a guest on a missing bridge was created"
  grep -q nosuchbr /tmp/r.out || fail "the create error does not name the bridge: $(tail -2 /tmp/r.out)"
  gone lab-dev4 || fail "the failed guest is still there"
  [ "$(loops_of $IMG/disk3.img)" = 0 ] || fail "the failed guest's disk kept its loop device: $(losetup -a)"
  if [ "$(lab_impl xl)" = ours ]; then
    for k in vbd vif; do
      for d in $(xenstore-list /local/domain/0/backend/$k 2>/dev/null); do
        [ "$d" = "$id" ] || fail "backend $k/$d left by the failed create"
      done
    done
    $XL block-attach $G $IMG/disk3.img,qcow2,xvdc,rw >/tmp/r.out 2>&1 && fail "a qcow2 disk was attached"
    grep -q "qdisk" /tmp/r.out || fail "the qcow2 refusal does not say why: $(cat /tmp/r.out)"
  fi
  return 0
}

s_destroy_clean() {
  id=$(domid_of $G)
  $XL destroy $G || fail "xl destroy failed"
  check_clean $id
  [ "$(losetup -a | grep -c $IMG)" = 0 ] || fail "loop devices left: $(losetup -a)"
  [ -z "$(xenstore-list /local/domain/0/backend/vbd 2>/dev/null)" ] || fail "vbd backends left"
  return 0
}

cleanup() { for n in $G lab-dev2 lab-dev4; do $XL destroy $n; done; }

scenario() {
  CHAINED=yes
  step disk-and-net 300 "$GUEST" s_disk_and_net
  step persist 300 "$GUEST" s_persist
  step hot-attach 240 "$GUEST" s_hot_attach
  step hot-detach 240 "$GUEST" s_hot_detach
  step refusals 240 "$GUEST" s_refusals
  step destroy-clean 120 "$GUEST" s_destroy_clean
}
