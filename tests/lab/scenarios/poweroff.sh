# A guest that powers itself off disappears (on_poweroff="destroy").
G=lab-pv
GUEST="xl xenstored-rings console"
CHAINED=yes  # each step needs the guest the ones before made

s_create() {
  $XL create /lab/guest/pv.cfg 'extra="console=hvc0 quiet lab.poweroff=3"' || fail "xl create failed"
  domid_of $G >/dev/null || fail "no $G"
}

s_gone() {
  wait_for 150 gone $G || fail "$G still there: $(tail -2 $(console_log $G) 2>&1)"
  grep -q 'lab-guest: powering off' "$(console_log $G)" || fail "it never said it powered off"
}

cleanup() { $XL destroy $G; rm -f "$(console_log $G)"; }

scenario() {
  step create 120 "$GUEST" s_create
  step self-poweroff 180 "$GUEST" s_gone
}
