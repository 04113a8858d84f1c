#!/bin/sh
# mpirun's stdin goes to rank 0 only; the other ranks read end-of-file.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper

printf 'line one\nline two\n' | "$MPIRUN" -np 2 --oversubscribe "$HELPER" cat >"$work/out" ||
    fail "mpirun exited $?"
grep -q '^line one$' "$work/out" || fail "rank 0 did not get stdin: $(cat "$work/out")"
[ "$(grep -c '^line two$' "$work/out")" = 1 ] || fail "stdin was delivered more than once"
grep -q '^rank 0 read 18 bytes$' "$work/out" || fail "rank 0 byte count: $(cat "$work/out")"
grep -q '^rank 1 read 0 bytes$' "$work/out" || fail "rank 1 read stdin: $(cat "$work/out")"

check_no_session_dirs
pass
