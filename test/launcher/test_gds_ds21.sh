#!/bin/sh
# PMIX_MCA_gds naming only a dstore component ("ds21") leaves out libpmix's
# hash store, without which the ranks hung in PMIx_Init and mpirun then hung
# in PMIx_server_finalize. mpirun keeps hash in, says so, and the job runs.
# (ds12,hash runs MPI jobs but loses keys the probe checks, e.g. PMIX_HOSTNAME.)
# The outer timeout only guards against such a hang; it is no speed check.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_probe

for gds in ds21; do
    out=$(PMIX_MCA_gds=$gds timeout -s KILL 120 "$MPIRUN" -np 2 --oversubscribe "$PROBE" collect 2>&1) ||
        fail "PMIX_MCA_gds=$gds: mpirun exited $?: $out"
    ok=$(echo "$out" | grep -c " keys 2/2 OK$")
    [ "$ok" = 2 ] || fail "PMIX_MCA_gds=$gds: $out"
    echo "$out" | grep -q "notice: PMIX_MCA_gds=$gds .*PMIX_MCA_gds=$gds,hash" ||
        fail "PMIX_MCA_gds=$gds: no notice: $out"
done

# An MPI job: MPI_Init, a barrier, MPI_Finalize.
out=$(PMIX_MCA_gds=ds21 timeout -s KILL 120 "$MPIRUN" -np 2 --oversubscribe "$prefix/bin/gyre-bench" startup 2>&1) ||
    fail "gyre-bench startup with PMIX_MCA_gds=ds21: mpirun exited $?: $out"
echo "$out" | grep -q "^startup-barrier" || fail "gyre-bench startup with PMIX_MCA_gds=ds21: $out"

# Set by -x only: the ranks get hash too.
out=$(timeout -s KILL 120 "$MPIRUN" -np 2 --oversubscribe -x PMIX_MCA_gds=ds21 "$PROBE" collect 2>&1) ||
    fail "-x PMIX_MCA_gds=ds21: mpirun exited $?: $out"
[ "$(echo "$out" | grep -c " keys 2/2 OK$")" = 2 ] || fail "-x PMIX_MCA_gds=ds21: $out"

check_no_session_dirs
pass
