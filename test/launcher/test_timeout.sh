#!/bin/sh
# --timeout ends a job that runs too long, says so, and fails.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper

start=$(now_ms)
"$MPIRUN" -np 2 --oversubscribe --timeout 1 "$HELPER" sleep 30 2>"$work/err"
rc=$?
elapsed=$(( $(now_ms) - start ))
[ "$rc" != 0 ] || fail "a timed-out job exited 0"
[ "$rc" = 124 ] || fail "a timed-out job exited $rc, expected 124"
grep -q -- "--timeout" "$work/err" || fail "message does not name the timeout: $(cat "$work/err")"
[ "$elapsed" -ge 900 ] || fail "the job ended after ${elapsed} ms, before its timeout"
[ "$elapsed" -lt 5000 ] || fail "the job ended only after ${elapsed} ms"

"$MPIRUN" -np 1 --timeout 10 true || fail "a job well within its timeout exited $?"

check_no_session_dirs
pass
