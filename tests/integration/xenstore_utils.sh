#!/bin/bash
# Drives the xenstore-* command line tools (xenstore-utils, real libxenstore) against a
# daemon (ours by default, $XSD_KIND otherwise) and compares their full outputs.
#   tests/integration/xenstore_utils.sh BUILD_DIR
set -u
source "$(dirname "$0")/lib.sh"
lib_init "$@"

if ! start_daemon; then fail "start $XSD_KIND daemon"; finish; fi
ok "start $XSD_KIND daemon"
export COLUMNS=80  # xenstore-ls -p pads to the terminal width; stdout is a pipe here anyway

B=/test/utils
nl=$'\n'

# --- write / read
check_cmd "write several nodes" 0 "" xenstore-write $B/a 1 $B/b "two words" $B/c/d ""
check_cmd "read one" 0 "1" xenstore-read $B/a
check_cmd "read several" 0 "1${nl}two words" xenstore-read $B/a $B/b
check_cmd "read -p prefixes the path" 0 "$B/a: 1" xenstore-read -p $B/a
check_cmd "read implicitly created parent" 0 "" xenstore-read $B/c
check_cmd "read empty value" 0 "" xenstore-read $B/c/d
check_cmd "write escapes \\x41" 0 "" xenstore-write $B/esc 'a\x41b'
check_cmd "read escaped value" 0 "aAb" xenstore-read $B/esc
check_cmd "overwrite" 0 "" xenstore-write $B/a one
check_cmd "read overwritten" 0 "one" xenstore-read $B/a
check_cmd "relative path write" 0 "" xenstore-write utils-rel rel
check_cmd "relative path is under /local/domain/0" 0 "rel" xenstore-read /local/domain/0/utils-rel
check_cmd "relative path read" 0 "rel" xenstore-read utils-rel
check_cmd "relative path rm" 0 "" xenstore-rm utils-rel

# --- ls / list
check_cmd "ls" 0 "a = \"one\"${nl}b = \"two words\"${nl}c = \"\"${nl} d = \"\"${nl}esc = \"aAb\"" xenstore-ls $B
check_cmd "ls -f" 0 "$B/a = \"one\"${nl}$B/b = \"two words\"${nl}$B/c = \"\"${nl}$B/c/d = \"\"${nl}$B/esc = \"aAb\"" xenstore-ls -f $B
check_cmd "list" 0 "a${nl}b${nl}c${nl}esc" xenstore-list $B
check_cmd "list -p" 0 "$B/a${nl}$B/b${nl}$B/c${nl}$B/esc" xenstore-list -p $B
check_cmd "list leaf" 0 "" xenstore-list $B/a

# --- permissions (xenstore-ls -p pads with " ." to column 60 for an 80 column output)
L_a='a = "one"  . . . . . . . . . . . . . . . . . . . . . . . . .  '
L_b='b = "two words"  . . . . . . . . . . . . . . . . . . . . . .  '
L_c='c = "" . . . . . . . . . . . . . . . . . . . . . . . . . . .  '
L_d=' d = ""  . . . . . . . . . . . . . . . . . . . . . . . . . .  '
L_e='esc = "aAb"  . . . . . . . . . . . . . . . . . . . . . . . .  '
check_cmd "ls -p default perms" 0 "${L_a}(n0)${nl}${L_b}(n0)${nl}${L_c}(n0)${nl}${L_d}(n0)${nl}${L_e}(n0)" xenstore-ls -p $B
check_cmd "chmod" 0 "" xenstore-chmod $B/a n1 r2 w3
check_cmd "ls -p after chmod" 0 "${L_a}(n1,r2,w3)${nl}${L_b}(n0)${nl}${L_c}(n0)${nl}${L_d}(n0)${nl}${L_e}(n0)" xenstore-ls -p $B
check_cmd "chmod -r (recursive)" 0 "" xenstore-chmod -r $B/c b0 r4
check_cmd "ls -p after chmod -r" 0 "${L_c}(b0,r4)${nl}${L_d}(b0,r4)" bash -c "xenstore-ls -p $B | grep -E '^ ?[cd] '"
check_cmd "chmod missing node fails" 1 "" xenstore-chmod $B/missing n0
check_cmd "new child inherits parent perms" 0 "" xenstore-write $B/c/new x
L_new='new = "x"  . . . . . . . . . . . . . . . . . . . . . . . . .  '
check_cmd "ls -p inherited" 0 "${L_new}(b0,r4)" bash -c "xenstore-ls -p $B/c | grep new"

# --- exists
check_cmd "exists present" 0 "" xenstore-exists $B/a
check_cmd "exists missing" 1 "" xenstore-exists $B/missing

# --- rm
check_cmd "rm subtree" 0 "" xenstore-rm $B/c
check_cmd "rm removed subtree" 1 "" xenstore-exists $B/c/d
check_cmd "list after rm" 0 "a${nl}b${nl}esc" xenstore-list $B
check_cmd "rm missing node with existing parent" 0 "" xenstore-rm $B/zz
check_cmd "rm below missing parent fails" 1 "" xenstore-rm $B/zz/yy

# --- error exit codes (stdout must stay empty)
check_cmd "read missing fails" 1 "" xenstore-read $B/missing
check_cmd "read several, one missing, fails" 1 "one" xenstore-read $B/a $B/missing
check_cmd "read invalid path (//) fails" 1 "" xenstore-read $B//a
check_cmd "read invalid path (trailing /) fails" 1 "" xenstore-read $B/a/
check_cmd "write invalid char fails" 1 "" xenstore-write "$B/x y" 1
check_cmd "write invalid char . fails" 1 "" xenstore-write "$B/x.y" 1
check_cmd "ls missing fails" 1 "" xenstore-ls $B/missing
check_cmd "list missing fails" 1 "" xenstore-list $B/missing
check_cmd "overlong path fails" 1 "" xenstore-write "/$(printf 'x%.0s' $(seq 1 3100))" 1
out=$(timeout "$T" xenstore-read $B/missing 2>&1 >/dev/null)
check_eq "read missing error message" "xenstore-read: couldn't read path $B/missing" "$out"

# --- watch: xenstore-watch -n N prints N events then exits
xenstore-write $B/w/x 0 >/dev/null
timeout "$T" xenstore-watch -n 4 $B/w >"$_LIB_TMP/watch.out" 2>&1 &
wpid=$!
for i in $(seq 1 50); do [ -s "$_LIB_TMP/watch.out" ] && break; sleep 0.05; done  # initial event seen
xenstore-write $B/other 1      # unrelated: no event
xenstore-write $B/w/x 1
xenstore-write $B/w/y/z 1
xenstore-rm $B/w/x
wait $wpid; wrc=$?
check_rc "xenstore-watch -n 4 exits 0" 0 $wrc
check_eq "xenstore-watch events" "$B/w${nl}$B/w/x${nl}$B/w/y/z${nl}$B/w/x" "$(cat "$_LIB_TMP/watch.out")"

# watch on an existing descendant: removing an ancestor fires it with the watched path
timeout "$T" xenstore-watch -n 2 $B/w/y/z >"$_LIB_TMP/watch2.out" 2>&1 &
wpid=$!
for i in $(seq 1 50); do [ -s "$_LIB_TMP/watch2.out" ] && break; sleep 0.05; done
xenstore-rm $B/w
wait $wpid; wrc=$?
check_rc "watch on descendant exits 0" 0 $wrc
check_eq "rm of ancestor fires descendant watch with the watched path" "$B/w/y/z${nl}$B/w/y/z" "$(cat "$_LIB_TMP/watch2.out")"

# --- many nodes through the tools
for i in $(seq 1 50); do echo "$B/many/n$i v$i"; done | xargs timeout "$T" xenstore-write
check_eq "write 50 nodes at once" "50" "$(xs list $B/many | wc -l)"
check_cmd "read back node 37" 0 "v37" xenstore-read $B/many/n37

check_cmd "rm test tree" 0 "" xenstore-rm $B
check_cmd "tree gone" 1 "" xenstore-exists $B
if daemon_alive; then ok "daemon still running"; else fail "daemon still running"; daemon_log_tail; fi
finish
