# An HVM guest (slow tier: make check-slow): device model, firmware, boot.
G=lab-hvm
GUEST="xl xenstored-rings console"
CHAINED=yes  # each step needs the guest the ones before made

s_create() {
  if ! $XL create /lab/guest/hvm.cfg; then
    tail -20 /var/log/xen/qemu-dm-$G.log
    fail "xl create failed"
  fi
  id=$(domid_of $G) || fail "no $G"
  dm_running $id || fail "no device model for domain $id"
}

s_boot() {
  wait_for 400 tick_above $G 2 || fail "no tick 3: $(tail -3 $(console_log $G) 2>&1)"
}

s_destroy() {
  id=$(domid_of $G) || fail "no $G"
  $XL destroy $G || fail "xl destroy failed"
  gone $G || fail "$G still listed"
  wait_for 20 sh -c ". /lab/lib.sh; ! dm_running $id" || fail "device model left running"
}

cleanup() { $XL destroy $G; rm -f "$(console_log $G)"; }

scenario() {
  step create 180 "$GUEST" s_create
  step boot 480 "$GUEST" s_boot
  step destroy 60 "$GUEST" s_destroy
}
