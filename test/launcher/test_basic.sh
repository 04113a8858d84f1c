#!/bin/sh
# Plain programs, rank count defaults, options that only print, hosts, MPMD, -wdir.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"

out=$("$MPIRUN" -np 3 --oversubscribe /bin/echo hi) || fail "mpirun -np 3 /bin/echo exited $?"
[ "$(echo "$out" | grep -c '^hi$')" = 3 ] || fail "-np 3 /bin/echo printed: $out"

out=$("$MPIRUN" -n 2 --oversubscribe hostname) || fail "mpirun -n 2 hostname exited $?"
[ "$(echo "$out" | wc -l)" = 2 ] || fail "-n 2 hostname printed: $out"

out=$("$MPIRUN" hostname) || fail "mpirun hostname (no -np) exited $?"
[ "$(echo "$out" | wc -l)" = "$PUS" ] || fail "without -np expected $PUS ranks, got: $out"

"$MPIRUN" --version | grep -qi gyre || fail "--version does not name Gyre"
"$MPIRUN" --help | grep -q -- --oversubscribe || fail "--help does not list --oversubscribe"

err=$("$MPIRUN" --no-such-option true 2>&1) && fail "an unknown option was accepted"
echo "$err" | grep -q "unknown option" || fail "unknown option message: $err"

err=$("$MPIRUN" -np 1 no-such-program-xyz 2>&1) && fail "a missing program was accepted"
echo "$err" | grep -q "not found" || fail "missing program message: $err"

err=$("$MPIRUN" -H some-other-host-xyz -np 1 true 2>&1) && fail "a remote host was accepted"
echo "$err" | grep -q "multi-host launch is not implemented yet" || fail "remote host message: $err"

"$MPIRUN" -H localhost:2 -np 2 --oversubscribe true || fail "-H localhost:2 -np 2 exited $?"
printf '# test\nlocalhost slots=2\n' > "$work/hosts"
out=$("$MPIRUN" --hostfile "$work/hosts" --oversubscribe /bin/echo x) || fail "--hostfile exited $?"
[ "$(echo "$out" | wc -l)" = 2 ] || fail "hostfile with slots=2 and no -np: $out"

out=$("$MPIRUN" -np 1 /bin/echo first : -np 1 /bin/echo second | sort | tr '\n' ' ')
[ "$out" = "first second " ] || fail "MPMD printed: $out"

out=$(cd / && "$MPIRUN" -np 1 -wdir /usr pwd) || fail "-wdir exited $?"
[ "$out" = /usr ] || fail "-wdir /usr ran in $out"

check_no_session_dirs
pass
