# A PVH guest boots the same kernel and counts.
G=lab-pvh
GUEST="xl xenstored-rings console"
CHAINED=yes  # each step needs the guest the ones before made

s_create() {
  $XL create /lab/guest/pvh.cfg || fail "xl create failed"
  id=$(domid_of $G) || fail "no $G"
  $XL list -l $G | grep -q '"type": "pvh"' || fail "xl list -l does not say pvh"
}

s_boot() {
  wait_for 150 tick_above $G 2 || fail "no tick 3: $(tail -3 $(console_log $G) 2>&1)"
}

s_destroy() {
  $XL destroy $G || fail "xl destroy failed"
  gone $G || fail "$G still listed"
}

cleanup() { $XL destroy $G; rm -f "$(console_log $G)"; }

scenario() {
  step create 120 "$GUEST" s_create
  step boot 180 "$GUEST" s_boot
  step destroy 60 "$GUEST" s_destroy
}
