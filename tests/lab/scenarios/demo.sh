# What `make demo` shows: a guest created, listed and heard from.
G=lab-pv
GUEST="xl xenstored-rings console"
CHAINED=yes  # each step needs the guest the ones before made

show() { while IFS= read -r l; do lab_emit "$(printf 'SHOW\t%s' "$l")"; done; }

s_create() {
  echo "# xl create /lab/guest/pv.cfg" | show
  $XL create /lab/guest/pv.cfg 2>&1 | show
  domid_of $G >/dev/null || fail "no $G"
}

s_list() {
  echo "# xl list" | show
  $XL list | show
}

s_console() {
  wait_for 150 tick_above $G 3 || fail "the guest did not start counting"
  echo "# xl console $G   (the guest's console, for 3 seconds)" | show
  timeout -s INT 3 $XL console $G </dev/null 2>&1 | tr -d '\r' | grep -v '^$' | tail -8 | show
}

s_destroy() {
  echo "# xl destroy $G" | show
  $XL destroy $G 2>&1 | show
  $XL list | show
}

cleanup() { $XL destroy $G; rm -f "$(console_log $G)"; }

scenario() {
  step create 120 "$GUEST" s_create
  step list 30 "$GUEST" s_list
  step console 180 "$GUEST" s_console
  step destroy 60 "$GUEST" s_destroy
}
