# Where create and destroy spend their time (xl -v stamps each step). Each
# note starts with the time of the xl command alone; `run` sets the figures
# of profile ours beside reference's (the step times also count starting
# the step's shell).
G=lab-perf
# The clock is /proc/uptime read by this shell itself: no fork or exec of
# a helper inside the window measured (each cost tens of milliseconds in
# the emulated dom0, a good part of an xl destroy).
now() { read -r LAB_UP _ </proc/uptime; }
took() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
s_create() {
  now; t0=$LAB_UP
  $XL -v create /lab/guest/pv.cfg "name=\"$G\"" >/tmp/p.out 2>&1 || fail "create: $(tail -2 /tmp/p.out)"
  now; t1=$LAB_UP
  echo "note: total $(took $t0 $t1) s; $(grep 'xl: \[' /tmp/p.out | sed 's/^xl: //' | tr '\n' ' ')"
}
s_boot() { wait_for 60 tick_above $G 0 || fail "$G never counted"; }
s_destroy() {
  now; t0=$LAB_UP
  $XL -v destroy $G >/tmp/p.out 2>&1 || fail "destroy: $(tail -2 /tmp/p.out)"
  now; t1=$LAB_UP
  echo "note: total $(took $t0 $t1) s; $(grep 'xl: \[' /tmp/p.out | sed 's/^xl: //' | tr '\n' ' ')"
}
# Start-up alone: the mean of 5 runs of a command that does (almost) nothing,
# ours beside Xen's, and busybox's true as the floor.
mean5() {
  t0=$(lab_now)
  for i in 1 2 3 4 5; do "$@" >/dev/null 2>&1; done
  awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { printf "%.3f", (b - a) / 5 }'
}
s_startup() {
  echo "note: true $(mean5 busybox true) s; xl help: ours $(mean5 $OURS_BIN/xl help) s, Xen's $(mean5 $XEN_BIN/xl help) s; xl list: ours $(mean5 $OURS_BIN/xl list) s, Xen's $(mean5 $XEN_BIN/xl list) s"
}
# The same with a disk and a nic: where the device steps spend their time.
s_devices() {
  mkdir -p /var/lib/lab && truncate -s 32M /var/lib/lab/perf.img
  now; t0=$LAB_UP
  $XL -v create /lab/guest/pv.cfg "name=\"$G-dev\"" "disk=['/var/lib/lab/perf.img,raw,xvda,rw']" \
    "vif=['bridge=xenbr0']" >/tmp/p.out 2>&1 || fail "create: $(tail -2 /tmp/p.out)"
  now; c=$(took $t0 $LAB_UP)
  now; t0=$LAB_UP
  $XL -v destroy $G-dev >/tmp/p2.out 2>&1 || fail "destroy: $(tail -2 /tmp/p2.out)"
  now; t1=$LAB_UP
  echo "note: create $c s, destroy $(took $t0 $t1) s; $(grep 'xl: \[' /tmp/p.out /tmp/p2.out | sed 's/^.*xl: //' | tr '\n' ' ')"
}
cleanup() { $XL destroy $G; $XL destroy $G-dev; }
scenario() {
  step startup 120 "ours:xl" s_startup
  step create 120 "xl xenstored-rings console" s_create
  step boot 120 "xl xenstored-rings console" s_boot
  step destroy 120 "xl xenstored-rings console" s_destroy
  step devices 180 "xl xenstored-rings console hotplug" s_devices
}
