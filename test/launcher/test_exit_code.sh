#!/bin/sh
# A rank exiting 3 ends the job: mpirun exits 3, names the rank, and the
# other ranks (sleeping 30 s) do not keep it waiting.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper

start=$(now_ms)
"$MPIRUN" -np 4 --oversubscribe "$HELPER" exit 2 3 2>"$work/err"
rc=$?
elapsed=$(( $(now_ms) - start ))
[ "$rc" = 3 ] || fail "mpirun exited $rc, expected 3 ($(cat "$work/err"))"
grep -q "rank 2 .*exited with status 3" "$work/err" || fail "message does not name rank 2: $(cat "$work/err")"
[ "$elapsed" -lt 5000 ] || fail "the other ranks were not ended promptly (${elapsed} ms)"

# Rank 0 exits 0 at once, rank 1 a second later: a non-MPI rank that ends
# early is no failure, and mpirun waits for the other.
start=$(now_ms)
"$MPIRUN" -np 2 --oversubscribe "$HELPER" exit 0 0 1 2>"$work/err"
rc=$?
elapsed=$(( $(now_ms) - start ))
[ "$rc" = 0 ] || fail "a job whose ranks all exit 0 ended with $rc ($(cat "$work/err"))"
[ "$elapsed" -ge 900 ] || fail "mpirun did not wait for the last rank (${elapsed} ms)"

check_no_session_dirs
pass
