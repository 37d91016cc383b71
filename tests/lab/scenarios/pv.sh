# A PV guest's life: create, console, pause, balloon, save, restore, destroy.
G=lab-pv
GUEST="xl xenstored-rings console"
CHAINED=yes  # each step needs the guest the ones before made

s_create() {
  $XL create /lab/guest/pv.cfg || fail "xl create failed"
  id=$(domid_of $G) || fail "no domid for $G after create"
  xenstore-read /local/domain/$id/name | grep -qx $G || fail "/local/domain/$id/name is not $G"
  note "domid $id"
}

s_boot() {
  wait_for 120 tick_above $G 2 || fail "no tick 3 in $(console_log $G): $(tail -3 $(console_log $G) 2>&1)"
  note "booted to tick $(last_tick $G)"
}

s_xl_console() {
  # xl console attaches to the guest's pty; without a terminal it still
  # copies what the guest prints until it is stopped.
  timeout -s INT 4 $XL console $G </dev/null >/tmp/console.out 2>&1
  grep -q 'lab-guest: tick' /tmp/console.out || fail "xl console showed no ticks: $(tail -c 300 /tmp/console.out)"
}

s_pause() {
  $XL pause $G || fail "xl pause failed"
  $XL list $G | awk 'NR == 2 { exit !($5 ~ /p/) }' || fail "state not paused: $($XL list $G | tail -1)"
  a=$(last_tick $G); sleep 3; b=$(last_tick $G)
  [ "$a" = "$b" ] || fail "guest kept ticking while paused ($a -> $b)"
}

s_unpause() {
  a=$(last_tick $G)
  $XL unpause $G || fail "xl unpause failed"
  wait_for 20 tick_above $G "$a" || fail "no tick after unpause (last $a)"
}

s_mem_set() {
  $XL mem-set $G 96m || fail "xl mem-set failed"
  wait_for 30 grep -q 'target_kb=98304' "$(console_log $G)" || fail "the guest's balloon never saw 98304 kB"
  $XL list $G | awk 'NR == 2 { exit !($3 <= 97) }' || fail "xl list memory: $($XL list $G | tail -1)"
}

s_save() {
  last=$(last_tick $G); echo "$last" >/tmp/lab-pv.tick
  $XL save $G /tmp/lab-pv.save || fail "xl save failed"
  gone $G || fail "$G still exists after save"
  [ -s /tmp/lab-pv.save ] || fail "no save file"
  note "$(( $(stat -c %s /tmp/lab-pv.save) / 1048576 )) MiB at tick $last"
}

s_restore() {
  $XL restore /tmp/lab-pv.save || fail "xl restore failed"
  domid_of $G >/dev/null || fail "$G not there after restore"
  before=$(cat /tmp/lab-pv.tick)
  wait_for 60 tick_above $G $((before + 1)) || fail "not counting on after restore (saved at $before, now $(last_tick $G))"
  rm -f /tmp/lab-pv.save
}

s_destroy() {
  id=$(domid_of $G) || fail "no $G"
  $XL destroy $G || fail "xl destroy failed"
  gone $G || fail "$G still listed"
  wait_for 10 sh -c "! xenstore-exists /local/domain/$id" || fail "/local/domain/$id left behind"
}

cleanup() { $XL destroy $G; rm -f /tmp/lab-pv.save "$(console_log $G)"; }

scenario() {
  step create 120 "$GUEST" s_create
  step boot 150 "$GUEST" s_boot
  step xl-console 30 "$GUEST" s_xl_console
  step pause 30 "$GUEST" s_pause
  step unpause 30 "$GUEST" s_unpause
  step mem-set 60 "$GUEST" s_mem_set
  step save 120 "$GUEST xl-save" s_save
  step restore 120 "$GUEST xl-save" s_restore
  step destroy 60 "$GUEST" s_destroy
}
