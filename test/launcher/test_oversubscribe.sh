#!/bin/sh
# More ranks than processing units is refused unless --oversubscribe or
# GYRE_OVERSUBSCRIBE=1 allows it.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"

n=$((PUS + 1))
err=$("$MPIRUN" -np "$n" true 2>&1) && fail "-np $n on $PUS processing units was accepted"
echo "$err" | grep -q -- "--oversubscribe" || fail "refusal does not name --oversubscribe: $err"
echo "$err" | grep -q "GYRE_OVERSUBSCRIBE" || fail "refusal does not name GYRE_OVERSUBSCRIBE: $err"

"$MPIRUN" -np "$n" --oversubscribe true || fail "--oversubscribe -np $n exited $?"
GYRE_OVERSUBSCRIBE=1 "$MPIRUN" -np "$n" true || fail "GYRE_OVERSUBSCRIBE=1 -np $n exited $?"
"$MPIRUN" -np "$PUS" true || fail "-np $PUS (one per processing unit) exited $?"

check_no_session_dirs
pass
