#!/bin/sh
# SIGUSR1 to mpirun reaches every rank; SIGTERM ends the job with 128+15.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper

"$MPIRUN" -np 2 --oversubscribe "$HELPER" usr1 >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 50); do
    [ "$(grep -c ready "$work/out" 2>/dev/null)" = 2 ] && break
    sleep 0.1
done
kill -USR1 "$pid"
wait "$pid"
rc=$?
[ "$rc" = 0 ] || fail "after SIGUSR1 mpirun exited $rc: $(cat "$work/out")"
[ "$(grep -c 'got SIGUSR1' "$work/out")" = 2 ] || fail "SIGUSR1 not forwarded: $(cat "$work/out")"

mkdir -p "$work/pids"
LAUNCHER_TEST_PIDDIR="$work/pids" "$MPIRUN" -np 2 --oversubscribe "$HELPER" sleep 30 &
pid=$!
for _ in $(seq 50); do
    [ "$(ls "$work/pids" | wc -l)" = 2 ] && break
    sleep 0.1
done
start=$(now_ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
elapsed=$(( $(now_ms) - start ))
[ "$rc" = 143 ] || fail "after SIGTERM mpirun exited $rc, expected 143"
[ "$elapsed" -lt 3000 ] || fail "SIGTERM took ${elapsed} ms to end the job"
for f in "$work/pids"/*.pid; do
    kill -0 "$(cat "$f")" 2>/dev/null && fail "a rank survived SIGTERM to mpirun"
done

check_no_session_dirs
pass
