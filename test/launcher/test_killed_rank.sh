#!/bin/sh
# A rank killed by SIGKILL: mpirun reports the signal, exits 128+9, and no
# other rank outlives it by more than a second.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper
mkdir -p "$work/pids"

start=$(now_ms)
LAUNCHER_TEST_PIDDIR="$work/pids" "$MPIRUN" -np 3 --oversubscribe "$HELPER" selfkill 1 2>"$work/err"
rc=$?
elapsed=$(( $(now_ms) - start ))
[ "$rc" = 137 ] || fail "mpirun exited $rc, expected 137 ($(cat "$work/err"))"
grep -q "rank 1 .*killed by signal 9" "$work/err" || fail "message: $(cat "$work/err")"
[ "$elapsed" -lt 3000 ] || fail "the job took ${elapsed} ms to end"
[ "$(ls "$work/pids" | wc -l)" = 3 ] || fail "not every rank wrote its pid"
for f in "$work/pids"/*.pid; do
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
        fail "rank pid $pid ($(basename "$f")) is still running after mpirun exited"
    fi
done

check_no_session_dirs
pass
