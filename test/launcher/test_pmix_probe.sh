#!/bin/sh
# A PMIx 4 client sees the job's data and exchanges keys with every peer, with
# and without data collection in the fence; PMIx_Abort and a missing
# PMIx_Finalize end the job with the right status.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_probe

for np in 1 2 4; do
    for mode in collect nocollect; do
        out=$("$MPIRUN" -np $np --oversubscribe "$PROBE" $mode 2>&1) ||
            fail "probe $mode at -np $np exited $?: $out"
        ok=$(echo "$out" | grep -c " keys $np/$np OK$")
        [ "$ok" = "$np" ] || fail "probe $mode at -np $np: $out"
    done
done

"$MPIRUN" -np 2 --oversubscribe "$PROBE" abort >/dev/null 2>"$work/err"
rc=$?
[ "$rc" = 7 ] || fail "PMIx_Abort(7) made mpirun exit $rc: $(cat "$work/err")"
grep -q "rank 1 .*MPI_Abort with code 7" "$work/err" || fail "abort message: $(cat "$work/err")"

"$MPIRUN" -np 2 --oversubscribe "$PROBE" nofinalize >/dev/null 2>"$work/err"
rc=$?
[ "$rc" != 0 ] || fail "a rank exiting without PMIx_Finalize did not fail the job"
grep -q "rank 0 .*without finalizing" "$work/err" || fail "no-finalize message: $(cat "$work/err")"

check_no_session_dirs
pass
