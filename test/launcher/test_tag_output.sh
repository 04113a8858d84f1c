#!/bin/sh
# --tag-output prefixes every line with [1,rank]<stdout>: / <stderr>:, and
# lines of different ranks never mix even when written in small pieces.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper

"$MPIRUN" -np 2 --oversubscribe --tag-output "$HELPER" lines 3 >"$work/out" 2>"$work/err" ||
    fail "mpirun exited $?"
[ "$(wc -l < "$work/out")" = 6 ] || fail "expected 6 stdout lines: $(cat "$work/out")"
bad=$(grep -v -E '^\[1,([01])\]<stdout>:rank \1 line [0-2]$' "$work/out")
[ -z "$bad" ] || fail "bad stdout line: $bad"
[ "$(wc -l < "$work/err")" = 6 ] || fail "expected 6 stderr lines: $(cat "$work/err")"
bad=$(grep -v -E '^\[1,([01])\]<stderr>:rank \1 err [0-2]$' "$work/err")
[ -z "$bad" ] || fail "bad stderr line: $bad"

"$MPIRUN" -np 4 --oversubscribe "$HELPER" longlines 50 3000 >"$work/out" || fail "longlines exited $?"
[ "$(wc -l < "$work/out")" = 200 ] || fail "expected 200 long lines, got $(wc -l < "$work/out")"
bad=$(grep -c -v -E '^R0:a+$|^R1:b+$|^R2:c+$|^R3:d+$' "$work/out")
[ "$bad" = 0 ] || fail "$bad lines mix the output of several ranks"

check_no_session_dirs
pass
