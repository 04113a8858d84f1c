#!/bin/sh
# Shared-memory segments of a job that ended abnormally are removed by
# mpirun: ranks unlink theirs once every peer has mapped them, so only a job
# that died early leaves some. The ranks here create segment-like files with
# the job's prefix (a rank's btl/sm one, MPI_COMM_WORLD's and a coll/shm
# one) and die; none may remain.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
[ -d /dev/shm ] && [ -w /dev/shm ] || { echo "SKIP $name: no writable /dev/shm"; exit 0; }

"$MPIRUN" -np 2 --oversubscribe sh -c \
    'echo "$PMIX_NAMESPACE" > "$0/nspace"; p=/dev/shm/gyre-$PMIX_NAMESPACE; touch "$p-sm$PMIX_RANK" "$p-world" "$p-$PMIX_RANK-$$-coll3"; kill -9 $$' \
    "$work" 2>"$work/err"
rc=$?
[ "$rc" = 137 ] || fail "mpirun exited $rc, expected 137 ($(cat "$work/err"))"
nspace=$(cat "$work/nspace") || fail "the ranks did not see PMIX_NAMESPACE"
[ -n "$nspace" ] || fail "empty PMIX_NAMESPACE"
left=$(ls /dev/shm | grep -F "gyre-$nspace-" || true)
[ -z "$left" ] || fail "segments left in /dev/shm: $left"
pass
