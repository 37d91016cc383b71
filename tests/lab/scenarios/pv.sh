# A PV guest's life: create, console, pause, balloon, save, restore,
# migrate (to this same host), destroy.
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

# Ticks after the migration: the console daemon may have named the new
# log after the domain's name while it arrived (NAME--incoming).
migrated_ticking() { [ "$(last_tick "$1")" -gt "$2" ] || [ "$(last_tick "$1--incoming")" -gt "$2" ]; }

s_migrate() {
  # To this same host: -s "" runs the "host" argument as the transport;
  # -v: libxenguest's own account of both ends when it goes wrong.
  id=$(domid_of $G) || fail "no $G"
  before=$(last_tick $G)
  if ! $XL -v migrate -s "" $G "$XL -v migrate-receive" >/tmp/migrate.log 2>&1; then
    # Xen's xl migrates live only, and a PV guest's writes are tracked with
    # shadow paging, which Debian's Xen is built without: it must fail
    # there, and leave the guest running. Ours copies it suspended instead.
    if [ "$(lab_impl xl)" = ref ] && grep -q 'Failed to enable logdirty' /tmp/migrate.log; then
      [ "$(domid_of $G)" = "$id" ] || fail "$G did not survive the failed migration"
      if $XL list | grep -q -e '--incoming' -e '--migratedaway'; then
        fail "a half-migrated domain is left: $($XL list | tail -n +2 | tr '\n' ' ')"
      fi
      wait_for 30 tick_above $G "$before" || fail "$G stopped counting after the failed migration"
      note "Xen's xl cannot migrate a PV guest without shadow paging; $G runs on as domid $id"
      return 0
    fi
    fail "xl migrate failed: $(grep -i -e error -e fail /tmp/migrate.log | head -12 | tr '\n' ' ')"
  fi
  new=$(domid_of $G) || fail "$G not there after migrate: $(tail -4 /tmp/migrate.log | tr '\n' ' ')"
  [ "$new" != "$id" ] || fail "$G still has domid $id"
  if $XL list | grep -q -e '--incoming' -e '--migratedaway'; then
    fail "a half-migrated domain is left: $($XL list | tail -n +2 | tr '\n' ' ')"
  fi
  wait_for 60 migrated_ticking $G "$before" || fail "not counting on after migrating (last tick $before)"
  note "domid $id -> $new$(grep -q 'no shadow paging' /tmp/migrate.log && echo ', copied suspended (no shadow paging)')"
}

# Each xl restores the other's save file: Xen's saves, ours restores, ours
# saves, Xen's restores; the guest counts on through both.
s_interop() {
  f=/tmp/lab-pv-interop.save
  for pair in "$XEN_BIN/xl $OURS_BIN/xl" "$OURS_BIN/xl $XEN_BIN/xl"; do
    set -- $pair
    before=$(last_tick $G)
    $1 save $G $f >/tmp/interop.log 2>&1 || fail "$1 save failed: $(tail -3 /tmp/interop.log | tr '\n' ' ')"
    gone $G || fail "$G still exists after $1 save"
    $2 restore $f >/tmp/interop.log 2>&1 || fail "$2 restore of $1's file failed: $(tail -3 /tmp/interop.log | tr '\n' ' ')"
    wait_for 60 tick_above $G $((before + 1)) || fail "not counting on after $2 restored $1's file (saved at $before)"
    rm -f $f
  done
  note "Xen's file restored by ours, ours by Xen's"
}

s_destroy() {
  id=$(domid_of $G) || fail "no $G"
  $XL destroy $G || fail "xl destroy failed"
  gone $G || fail "$G still listed"
  wait_for 10 sh -c "! xenstore-exists /local/domain/$id" || fail "/local/domain/$id left behind"
}

cleanup() {
  $XL destroy $G; $XL destroy $G--incoming; $XL destroy $G--migratedaway
  rm -f /tmp/lab-pv.save /tmp/lab-pv-interop.save "$(console_log $G)" "$(console_log $G--incoming)"
}

scenario() {
  step create 120 "$GUEST" s_create
  step boot 150 "$GUEST" s_boot
  step xl-console 30 "$GUEST" s_xl_console
  step pause 30 "$GUEST" s_pause
  step unpause 30 "$GUEST" s_unpause
  step mem-set 60 "$GUEST" s_mem_set
  step save 120 "$GUEST xl-save" s_save
  step restore 120 "$GUEST xl-save" s_restore
  step migrate 180 "$GUEST xl-save" s_migrate
  step interop 240 "$GUEST xl-save ours:xl-save" s_interop
  step destroy 60 "$GUEST" s_destroy
}
