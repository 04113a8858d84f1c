#!/bin/sh
# -x VAR, -x VAR=VALUE, -genv and per-program -env reach the ranks.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
build_helper

FROM_MPIRUN=abc "$MPIRUN" -np 2 --oversubscribe -x FROM_MPIRUN -x SET_HERE=1 -genv GLOBAL two \
    "$HELPER" env FROM_MPIRUN SET_HERE GLOBAL >"$work/out" || fail "mpirun exited $?"
for r in 0 1; do
    grep -q "^rank $r FROM_MPIRUN=abc$" "$work/out" || fail "-x FROM_MPIRUN: $(cat "$work/out")"
    grep -q "^rank $r SET_HERE=1$" "$work/out" || fail "-x SET_HERE=1: $(cat "$work/out")"
    grep -q "^rank $r GLOBAL=two$" "$work/out" || fail "-genv GLOBAL two: $(cat "$work/out")"
done

"$MPIRUN" -np 1 -env ONLY_A a "$HELPER" env ONLY_A : -np 1 "$HELPER" env ONLY_A >"$work/out" ||
    fail "MPMD -env exited $?"
grep -q '^rank 0 ONLY_A=a$' "$work/out" || fail "-env did not reach its program: $(cat "$work/out")"
grep -q '^rank 1 ONLY_A unset$' "$work/out" || fail "-env leaked into the other program: $(cat "$work/out")"

err=$("$MPIRUN" -np 1 -x NOT_SET_ANYWHERE_XYZ true 2>&1) || fail "-x of an unset variable failed the job"
echo "$err" | grep -q NOT_SET_ANYWHERE_XYZ || fail "no warning for -x of an unset variable"

check_no_session_dirs
pass
