# A guest's life under the toolstack's control: created paused, shut down
# and waited for, rebooted into a new domain, crashed and preserved, renamed,
# its vCPUs changed, several created and destroyed at once, failed creates
# that leave nothing behind, and xl's reports matching Xen's.
G=lab-life
GUEST="xl xenstored-rings console"
CFG=/lab/guest/pv.cfg

create() { $XL create $CFG "name=\"$1\"" "$@"; }
ticks_of() { grep -c "lab-guest: tick" "$(console_log "$1")" 2>/dev/null || echo 0; }
state_of() { $XL list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }

s_create_paused() {
  $XL create -p $CFG "name=\"$G\"" || fail "xl create -p failed"
  state_of $G | grep -q p || fail "not paused after create -p: $(state_of $G)"
  sleep 4
  [ "$(last_tick $G)" = 0 ] || fail "a paused guest ticked ($(last_tick $G))"
  $XL unpause $G || fail "xl unpause failed"
  wait_for 120 tick_above $G 1 || fail "no tick after unpause: $(tail -2 "$(console_log $G)" 2>&1)"
}

s_shutdown_wait() {
  t0=$(lab_now)
  $XL shutdown -w $G >/tmp/sd.out 2>&1 || fail "xl shutdown -w failed: $(cat /tmp/sd.out)"
  # As Xen's xl, -w returns once the guest has shut down; the monitor then
  # destroys it (on_poweroff="destroy").
  wait_for 30 gone $G || fail "$G still there 30 s after shutdown -w returned"
  grep -q "has been shut down, reason code 0" /tmp/sd.out || fail "no shutdown report: $(cat /tmp/sd.out)"
  note "shut down in $(awk -v a="$t0" -v b="$(lab_now)" 'BEGIN { printf "%.1f", b - a }') s"
}

s_reboot_restart() {
  rm -f "$(console_log $G)"
  $XL create $CFG "name=\"$G\"" 'on_reboot="restart"' || fail "xl create failed"
  old=$(domid_of $G)
  wait_for 120 tick_above $G 1 || fail "no first boot"
  $XL reboot $G || fail "xl reboot failed"
  wait_for 60 sh -c "new=\$($XL domid $G 2>/dev/null) && [ -n \"\$new\" ] && [ \"\$new\" != $old ]" \
    || fail "no new domain after reboot (was $old, now $(domid_of $G))"
  new=$(domid_of $G)
  xenstore-exists /local/domain/$old && fail "/local/domain/$old left behind"
  wait_for 120 sh -c "[ \$(grep -c 'lab-guest: up' $(console_log $G)) -ge 2 ]" \
    || fail "the restarted guest did not come up: $(tail -2 "$(console_log $G)")"
  note "domid $old -> $new"
  $XL destroy $G
}

s_crash_preserve() {
  rm -f "$(console_log $G)"
  $XL create $CFG "name=\"$G\"" 'on_crash="preserve"' 'extra="console=hvc0 quiet lab.crash=2"' \
    || fail "xl create failed"
  wait_for 150 sh -c "$XL list $G 2>/dev/null | awk 'NR == 2 { exit !(\$5 ~ /c/) }'" \
    || fail "never crashed: $(tail -2 "$(console_log $G)") state $(state_of $G)"
  sleep 3
  state_of $G | grep -q c || fail "the crashed guest was not preserved"
  $XL destroy $G || fail "destroying the crashed guest failed"
  gone $G || fail "still there after destroy"
}

s_rename() {
  $XL create $CFG "name=\"$G\"" || fail "xl create failed"
  id=$(domid_of $G)
  $XL rename $G $G-renamed || fail "xl rename failed"
  [ "$(domid_of $G-renamed)" = "$id" ] || fail "no $G-renamed with domid $id"
  gone $G || fail "the old name still answers"
  [ "$(xenstore-read /local/domain/$id/name)" = $G-renamed ] || fail "XenStore name not changed"
  $XL rename $G-renamed $G || fail "renaming back failed"
}

s_vcpus() {
  $XL destroy $G 2>/dev/null
  rm -f "$(console_log $G)"
  $XL create $CFG "name=\"$G\"" vcpus=2 maxvcpus=2 || fail "xl create failed"
  wait_for 150 grep -q 'cpus=0-1' "$(console_log $G)" || fail "the guest never saw 2 vCPUs"
  $XL vcpu-set $G 1 || fail "xl vcpu-set failed"
  # (console lines end in CR LF)
  wait_for 30 sh -c "tail -1 $(console_log $G) | tr -d '\r' | grep -q 'cpus=0\$'" || fail "the guest still sees: $(tail -1 "$(console_log $G)")"
  $XL vcpu-set $G 2 || fail "xl vcpu-set 2 failed"
  wait_for 30 sh -c "tail -1 $(console_log $G) | grep -q 'cpus=0-1'" || fail "vCPU 1 did not come back"
  $XL vcpu-pin $G 0 1 || fail "xl vcpu-pin failed"
  $XL vcpu-list $G | awk '$3 == 0 { exit !($NF == "all" && $(NF-2) == "1") }' \
    || fail "vcpu-list does not show vCPU 0 pinned to 1: $($XL vcpu-list $G)"
  $XL destroy $G || fail "destroy failed"
}

s_concurrent() {
  $XL destroy $G 2>/dev/null
  $XL create $CFG "name=\"$G-c\"" || fail "xl create of $G-c failed"
  ( $XL create $CFG "name=\"$G-a\"" >/tmp/ca.out 2>&1; echo $? >/tmp/ca.rc ) &
  ( $XL create $CFG "name=\"$G-b\"" >/tmp/cb.out 2>&1; echo $? >/tmp/cb.rc ) &
  ( $XL destroy $G-c >/tmp/cc.out 2>&1; echo $? >/tmp/cc.rc ) &
  wait
  [ "$(cat /tmp/ca.rc)" = 0 ] || fail "create a: $(cat /tmp/ca.out)"
  [ "$(cat /tmp/cb.rc)" = 0 ] || fail "create b: $(cat /tmp/cb.out)"
  [ "$(cat /tmp/cc.rc)" = 0 ] || fail "destroy c: $(cat /tmp/cc.out)"
  a=$(domid_of $G-a) && b=$(domid_of $G-b) || fail "a or b missing"
  [ "$a" != "$b" ] || fail "both got domid $a"
  gone $G-c || fail "c still there"
  wait_for 120 tick_above $G-a 1 || fail "a does not run"
  wait_for 120 tick_above $G-b 1 || fail "b does not run"
  $XL destroy $G-a; $XL destroy $G-b
  gone $G-a && gone $G-b || fail "a or b left"
}

# What exists of guests: their domids in xl list, their XenStore homes, and
# their stored configurations.
leftovers() {
  $XL list | awk 'NR > 2 { print "domain", $1 }'
  xenstore-list /local/domain | grep -vx 0 | sed 's/^/node \/local\/domain\//'
  xenstore-list /libxl 2>/dev/null | sed 's/^/node \/libxl\//'
  xenstore-list /vm 2>/dev/null | sed 's/^/node \/vm\//'
  xenstore-list /local/domain/0/backend 2>/dev/null | sed 's/^/backend /'
  ls /var/lib/xen | grep -v '^userdata-d\.0\.' | sed 's/^/file /'
}

failed_create() {
  what=$1; shift
  before=$(leftovers)
  $XL create $CFG "name=\"$G-bad\"" "$@" >/tmp/fc.out 2>&1 && { $XL destroy $G-bad; fail "$what: create succeeded"; }
  after=$(leftovers)
  [ "$before" = "$after" ] || fail "$what left: $(echo "$after" | grep -vxF "$before" | tr '\n' ' ')"
  grep -q 'error' /tmp/fc.out || fail "$what: no error message: $(cat /tmp/fc.out)"
  echo "$what: $(grep error /tmp/fc.out | tail -1)"
}

s_failures() {
  failed_create "a missing kernel" 'kernel="/nonexistent/vmlinux"'
  failed_create "a ramdisk too large for the memory" 'memory=8' 'maxmem=8'
  failed_create "more memory than the host has" 'memory=100000'
  note "three failed creates left nothing behind"
}

s_reports_match() {
  $XL destroy $G 2>/dev/null  # left by a failed step before
  $XL create $CFG "name=\"$G\"" 'vcpus=2' || fail "xl create failed"
  wait_for 120 tick_above $G 0 || fail "the guest does not run"
  list_mask='s/     [r-][b-]([-p][-s][-rscwS?][-d])  /     ??\1  /; s/ +[0-9]+\.[0-9]( |$)/ TIME\1/'
  # vcpu-list: the pCPU, the state letters and the time change between two runs.
  vcpu_mask='s/^([^ ]+ +[0-9]+ +[0-9]+) +[0-9-]+ +[-rbp]+ +[0-9.]+/\1 CPU STATE TIME/'
  xl_same "$list_mask" list
  xl_same "$list_mask" list $G
  xl_same 's/"target_memkb": [0-9]+/"target_memkb": N/' list -l
  xl_same '' list -l $G
  xl_same "$vcpu_mask" vcpu-list
  xl_same "$vcpu_mask" vcpu-list $G
  xl_same 's/[0-9]+:[0-9]+:[0-9]+$/UPTIME/' uptime
  xl_same 's/^ [0-9:]+ up +[0-9:]+,/ NOW up UPTIME,/' uptime -s
  xl_same 's/^(free_memory +: ).*/\1MASKED/' info
  $XL destroy $G
  note "list (-l), vcpu-list, uptime (-s) and info agree with Xen's xl with a guest running"
}

s_embed() {
  # With a disk, whose backend the embedder sees connect to the guest.
  mkdir -p /var/lib/lab && truncate -s 8M /var/lib/lab/embed.img
  sed -e 's/^name = .*/name = "lab-embed"/' \
      -e 's/^extra = .*/extra = "console=hvc0 quiet lab.poweroff=8"/' $CFG >/tmp/embed.cfg
  echo "disk = ['/var/lib/lab/embed.img,raw,xvda,rw']" >>/tmp/embed.cfg
  $OURS_BIN/embed-example /tmp/embed.cfg 150 >/tmp/embed.out 2>&1 || fail "embed-example failed: $(tail -3 /tmp/embed.out)"
  grep -q '^event: domain [0-9]* shut down, reason 0$' /tmp/embed.out || fail "no poweroff event: $(cat /tmp/embed.out)"
  grep -q '^event: vbd 51712 of domain [0-9]*: backend state 4$' /tmp/embed.out \
    || fail "the disk's backend never seen connected: $(grep '^event' /tmp/embed.out | tr '\n' ' ')"
  grep -q '^destroyed: ' /tmp/embed.out || fail "not destroyed: $(cat /tmp/embed.out)"
  gone lab-embed || fail "lab-embed still listed"
  note "$(grep -c '^step: ' /tmp/embed.out) steps reported; from the embedder's poll loop: $(grep '^event' /tmp/embed.out | sed 's/^event: //' | tr '\n' ';')"
}

cleanup() {
  for n in $G $G-renamed $G-a $G-b $G-c $G-bad lab-embed; do $XL destroy $n; done
  rm -f /var/lib/lab/embed.img
  rm -f "$(console_log $G)"
}

scenario() {
  step create-paused 150 "$GUEST" s_create_paused
  step shutdown-wait 90 "$GUEST" s_shutdown_wait
  step reboot-restart 300 "$GUEST" s_reboot_restart
  step crash-preserve 240 "$GUEST" s_crash_preserve
  step rename 90 "$GUEST" s_rename
  step vcpus 240 "$GUEST" s_vcpus
  step concurrent 300 "$GUEST" s_concurrent
  step failures 120 "$GUEST" s_failures
  step reports-match 200 "$GUEST ours:xl" s_reports_match
  step embed 240 "ours:xl xenstored-rings console" s_embed
}
