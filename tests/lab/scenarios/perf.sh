# Where create and destroy spend their time (xl -v stamps each step); not
# among the default scenarios.
G=lab-perf
took() { awk -v a="$1" -v b="$(lab_now)" 'BEGIN { printf "%.2f", b - a }'; }
s_create() {
  t0=$(lab_now)
  $XL -v create /lab/guest/pv.cfg "name=\"$G\"" >/tmp/p.out 2>&1 || fail "create: $(tail -2 /tmp/p.out)"
  echo "note: total $(took $t0) s; $(grep 'xl: \[' /tmp/p.out | sed 's/^xl: //' | tr '\n' ' ')"
}
s_destroy() {
  wait_for 60 tick_above $G 0
  t0=$(lab_now)
  $XL -v destroy $G >/tmp/p.out 2>&1 || fail "destroy: $(tail -2 /tmp/p.out)"
  d=$(took $t0)
  t0=$(lab_now); $XL list >/dev/null
  echo "note: total $d s (xl list alone $(took $t0) s); $(grep 'xl: \[' /tmp/p.out | sed 's/^xl: //' | tr '\n' ' ')"
}
cleanup() { $XL destroy $G; }
scenario() {
  step create 120 "xl xenstored-rings console" s_create
  step destroy 120 "xl xenstored-rings console" s_destroy
}
