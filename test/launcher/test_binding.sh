#!/bin/sh
# Ranks are bound to distinct cores (or hardware threads) by default when
# they fit, and inherit mpirun's CPUs with --bind-to none.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"

show='grep Cpus_allowed_list: /proc/self/status'
mine=$(grep Cpus_allowed_list: /proc/self/status | awk '{print $2}')
np=2
[ "$PUS" -ge 2 ] || np=1

"$MPIRUN" -np "$np" --report-bindings $show >"$work/out" 2>"$work/err" || fail "mpirun exited $?"
[ "$(awk '{print $2}' "$work/out" | sort -u | wc -l)" = "$np" ] ||
    fail "ranks share CPUs: $(cat "$work/out")"
grep -q "rank 0 bound to" "$work/err" || fail "--report-bindings printed: $(cat "$work/err")"

"$MPIRUN" -np "$np" --bind-to none $show >"$work/out" || fail "--bind-to none exited $?"
[ "$(awk '{print $2}' "$work/out" | sort -u)" = "$mine" ] ||
    fail "--bind-to none ranks run on $(cat "$work/out"), mpirun on $mine"

for b in core numa socket hwthread; do
    "$MPIRUN" -np 1 --bind-to $b true || fail "--bind-to $b exited $?"
done
for m in core numa socket slot node hwthread; do
    "$MPIRUN" -np 1 --map-by $m true || fail "--map-by $m exited $?"
done

check_no_session_dirs
pass
