# A guest floods the store through its ring: it hits its nodes quota, dom0
# stays responsive, and once it is destroyed nothing of it is left in the
# daemon.
G=lab-pv
GUEST="xl xenstored-rings console"
CHAINED=yes  # each step needs the guest the ones before made
XSC=/usr/lib/xen-4.17/bin/xenstore-control

connections() { $XSC memreport | awk -F: '/^connections/ { gsub(/ /, "", $2); print $2 }'; }

# A lower nodes quota than the default 1000 for the run, so that a guest
# forking one xenstore-write per node under emulation reaches it in time.
QUOTA=200

s_create() {
  connections >/tmp/lab-flood.conns
  $XSC quota set nodes $QUOTA || fail "cannot set the nodes quota"
  $XL create /lab/guest/pv.cfg 'extra="console=hvc0 quiet lab.flood=1"' || fail "xl create failed"
  domid_of $G >/dev/null || fail "no $G"
}

s_quota() {
  wait_for 200 grep -q 'lab-guest: flood stopped' "$(console_log $G)" \
    || fail "the guest never hit a limit: $(tail -2 $(console_log $G) 2>&1)"
  id=$(domid_of $G)
  nodes=$($XSC quota $id | awk -F: '/^nodes/ { gsub(/ /, "", $2); print $2 }')
  note "$(grep -o 'flood stopped.*' "$(console_log $G)" | head -1); the domain owns $nodes nodes"
  [ "${nodes:-0}" -ge $((QUOTA / 2)) ] && [ "${nodes:-0}" -le $QUOTA ] \
    || fail "the domain owns $nodes nodes, expected its quota of $QUOTA"
}

s_dom0_responsive() {
  # The guest keeps hammering; dom0's requests must not queue behind it.
  t0=$(lab_now)
  for i in 1 2 3 4 5 6 7 8 9 10; do xenstore-ls /local/domain/0 >/dev/null || fail "xenstore-ls failed"; done
  t=$(awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { printf "%.2f", b - a }')
  note "10 dom0 xenstore-ls in ${t}s during the flood"
  awk -v t="$t" 'BEGIN { exit !(t < 10) }' || fail "dom0 slowed down: 10 xenstore-ls took ${t}s"
}

s_destroy() {
  t0=$(lab_now)
  id=$(domid_of $G)
  t1=$(lab_now)
  $XL -v destroy $G >/tmp/lab-flood.out 2>&1 || fail "xl destroy failed: $(tail -2 /tmp/lab-flood.out)"
  t2=$(lab_now)
  steps=$(grep 'xl: \[' /tmp/lab-flood.out | sed 's/^xl: //' | tr '\n' ' ')
  gone $G || fail "$G still listed"
  t3=$(lab_now)
  ! $XSC quota $id >/dev/null 2>&1 || fail "the daemon still knows domain $id: $($XSC quota $id)"
  t4=$(lab_now)
  before=$(cat /tmp/lab-flood.conns); after=$(connections)
  note "$(awk -v a=$t0 -v b=$t1 -v c=$t2 -v d=$t3 -v e=$t4 -v f=$(lab_now) 'BEGIN { printf "domid %.2f s, destroy %.2f s, gone %.2f s, quota %.2f s, memreport %.2f s", b-a, c-b, d-c, e-d, f-e }'); $steps"
  [ "$after" = "$before" ] || fail "connections: $before before the guest, $after after it"
  ! xenstore-exists /local/domain/$id || fail "/local/domain/$id left behind"
}

cleanup() { $XL destroy $G; $XSC quota set nodes 1000; rm -f "$(console_log $G)" /tmp/lab-flood.conns /tmp/lab-flood.out; }

scenario() {
  step create 120 "$GUEST" s_create
  step quota-hit 240 "$GUEST" s_quota
  step dom0-responsive 60 "$GUEST" s_dom0_responsive
  step destroy 150 "$GUEST" s_destroy
}
