# dom0 is up and the toolstack answers.

s_dom0() {
  grep -q control_d /proc/xen/capabilities || fail "not running as Xen's control domain"
  note "dom0 ready $(lab_now) s after boot"
}

s_xenstore_ls() {
  out=$(xenstore-ls /local/domain/0) || fail "xenstore-ls failed"
  echo "$out" | grep -q 'name = "Domain-0"' || fail "no Domain-0 name under /local/domain/0: $out"
}

s_xenbus_device() {
  # Through dom0's kernel (/dev/xen/xenbus and the kernel's ring), not the
  # socket: libxenstore takes a device path from XENSTORED_PATH.
  out=$(XENSTORED_PATH=/dev/xen/xenbus xenstore-ls /local/domain/0) || fail "xenstore-ls through /dev/xen/xenbus failed"
  echo "$out" | grep -q 'name = "Domain-0"' || fail "no Domain-0 through the kernel: $out"
}

s_xl_info() {
  out=$($XL info) || fail "xl info failed"
  echo "$out" | grep -Eq '^xen_major +: 4$' || fail "no xen_major 4 in: $out"
  echo "$out" | grep -Eq '^xen_minor +: 17$' || fail "no xen_minor 17"
  echo "$out" | grep -Eq '^nr_cpus +: 2$' || fail "expected nr_cpus 2"
}

s_xl_list() {
  out=$($XL list) || fail "xl list failed"
  echo "$out" | head -1 | grep -q '^Name  *ID   Mem VCPUs	State	Time(s)$' || fail "header: $(echo "$out" | head -1)"
  echo "$out" | grep -Eq '^Domain-0 +0 +[0-9]+ +2 ' || fail "no Domain-0 line: $out"
}

s_xl_matches() {
  # free_memory moves as the two xl runs allocate. In xl list, Time(s)
  # counts on, and whether dom0 is running or blocked at that instant is
  # chance: both are masked.
  list_mask='s/     [r-][b-]([-p][-s][-rscwS?][-d])  /     ??\1  /; s/ +[0-9]+\.[0-9]( |$)/ TIME\1/'
  xl_same 's/^(free_memory +: ).*/\1MASKED/' info
  xl_same 's/^(free_memory +: ).*/\1MASKED/; /^numa_info/,/^xen_major/ s/^( +[0-9]+: +[0-9]+ +)[0-9]+/\1FREE/' info -n
  xl_same '' info xen_major
  xl_same '' info virt_caps
  xl_same "$list_mask" list
  xl_same "$list_mask" list 0
  xl_same "$list_mask" list Domain-0
  xl_same "$list_mask" list -v
  xl_same "$list_mask" list -Z
  xl_same "$list_mask" list -c
  xl_same '' list no-such-domain
  xl_same '' list 4242
  xl_same '' list -x
  xl_same '' domid Domain-0
  xl_same '' domname 0
  xl_same '' domid no-such-domain
  xl_same '' domname 4242
  xl_same '' domname abc
  xl_same '' domid
  note "info (-n), list (-v -Z -c, by name and id), domid, domname and their errors agree with Xen's xl"
}

scenario() {
  step dom0-up 10 "" s_dom0
  step xenstore-ls 20 "xenstored" s_xenstore_ls
  step xenbus-device 20 "xenstored-rings" s_xenbus_device
  step xl-info 30 "xl-info" s_xl_info
  step xl-list 30 "xl-info" s_xl_list
  step xl-matches 60 "ours:xl-info" s_xl_matches
}
