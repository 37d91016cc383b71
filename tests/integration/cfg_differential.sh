#!/bin/bash
# Differential test of the xl.cfg parser: every config of the shared corpus
# and our own tricky inputs go through libxlutil (Xen's parser, through a
# small C client) and through ours; both must accept or reject alike and
# give every key the same value and the same get_long() verdict.
# The clients are compiled here, into a temp dir: the C one links the
# system's libxlutil, which the product never does. Skipped without it.
# Inputs where we differ on purpose are cases/diff-*.cfg, checked against
# our expected output in the matching .expect (see the header of each).
#   tests/integration/cfg_differential.sh BUILD_DIR
set -u
source "$(dirname "$0")/lib.sh"
lib_init "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/cfg_differential
CORPUS=${XL_CORPUS:-$SHARED_DIR/xl-corpus/corpus}

[ -f /usr/include/libxlutil.h ] || skip_suite "cfg_differential" "libxlutil headers absent (libxen-dev)"
[ -f "$BUILD/lib/libxl.a" ] || skip_suite "cfg_differential" "$BUILD/lib/libxl.a not built"

XLU=$_LIB_TMP/xlu_dump OURS=$_LIB_TMP/our_dump
gcc -O1 -o "$XLU" "$SRC/xlu_dump.c" -lxlutil -lxenlight 2>"$_LIB_TMP/cc.err" ||
  skip_suite "cfg_differential" "cannot build against libxlutil: $(head -1 "$_LIB_TMP/cc.err")"
# A library built with the sanitizers needs their runtime at link time too.
SAN=()
nm "$BUILD/lib/libxl.a" 2>/dev/null | grep -q '__asan_' && SAN=(-fsanitize=address,undefined)
g++ -std=c++2b -O1 "${SAN[@]}" -I"$REPO_ROOT/include" -o "$OURS" "$SRC/our_dump.cpp" "$BUILD/lib/libxl.a" 2>"$_LIB_TMP/cc.err" ||
  { fail "build our_dump" "$(head -3 "$_LIB_TMP/cc.err")"; finish; }

# compare NAME FILE: same verdict, same values.
compare() {
  local name=$1 f=$2 ours theirs keys
  ours=$(timeout "$T" "$OURS" "$f" 2>/dev/null)
  if [ "${ours%%$'\n'*}" = ok ]; then
    mapfile -t keys < <(printf '%s\n' "$ours" | tail -n +2)
    ours=$(timeout "$T" "$OURS" "$f" "${keys[@]}" 2>/dev/null)
    theirs=$(timeout "$T" "$XLU" "$f" "${keys[@]}" 2>/dev/null)
  else
    theirs=$(timeout "$T" "$XLU" "$f" 2>/dev/null)
  fi
  if [ "$ours" == "$theirs" ]; then ok "$name"
  else fail "$name" "$(diff <(echo "$theirs") <(echo "$ours") | head -6 | tr '\n' ' ')"; fi
}

n=0
while IFS= read -r -d '' f; do
  compare "corpus:${f#"$CORPUS"/}" "$f"; n=$((n + 1))
done < <(find "$CORPUS" -name '*.cfg' -print0 2>/dev/null | sort -z)
[ $n -gt 0 ] || skip "corpus" "no .cfg under $CORPUS"

for f in "$SRC"/cases/*.cfg; do
  case $(basename "$f") in diff-*) continue;; esac
  compare "case:$(basename "$f")" "$f"
done

# Generated inputs: binary bytes outside strings (NUL inside a string aborts
# libxlutil, so that one is a diff case), a big list, every printable byte.
G=$_LIB_TMP/gen; mkdir -p "$G"
printf 'a = 1\n\001\002 = 3\n' >"$G/ctl-bytes.cfg"
printf 'a = "\xff\xfe\x80"\nb = [ "\xc3\xa9" ]\n' >"$G/high-bytes.cfg"
{ printf 'big = ['; for i in $(seq 1 3000); do printf '"v%d", ' "$i"; done; printf ']\n'; } >"$G/big-list.cfg"
for c in $(seq 33 126); do
  ch=$(printf "\\$(printf %03o "$c")")
  printf 'k = 1 %s\n' "$ch" >"$G/byte-$c.cfg"
  printf 'k = "%s%s"\n' '\' "$ch" >"$G/escape-$c.cfg"
done
for f in "$G"/*.cfg; do
  compare "gen:$(basename "$f")" "$f"
done

# Our deliberate differences: the expected output is ours, with the message.
for f in "$SRC"/cases/diff-*.cfg; do
  exp=${f%.cfg}.expect
  check_eq "diff:$(basename "$f")" "$(grep -v '^#' "$exp")" "$("$OURS" "$f" 2>&1 | sed "s|$SRC/cases/||")"
done
printf 'a = "x\000y"\n' >"$G/nul-in-string.cfg"
check_eq "diff:nul-in-string (libxlutil aborts)" \
  "error"$'\n'"nul-in-string.cfg:1: NUL byte in a quoted string (is this a binary file?)" \
  "$(cd "$G" && "$OURS" nul-in-string.cfg 2>&1)"
finish
