#!/usr/bin/env bash
# Gyre's library is a pure PMIx client: it runs under Open MPI's launcher.
set -u
prefix=$1; src=$GYRE_SRCDIR
command -v mpirun.openmpi >/dev/null || { echo "skip: mpirun.openmpi not installed (apt-get install openmpi-bin)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$prefix/bin/mpicc" -o "$work/probe" "$src/test/mpi/abi_probe.c" || { echo "FAIL: build"; exit 1; }
out=$(timeout 120 mpirun.openmpi --allow-run-as-root --oversubscribe -np 2 "$work/probe" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: exit $rc"; exit 1; }
[ "$(echo "$out" | grep -c 'of 2 status ok library: Gyre')" -eq 2 ] || { echo "FAIL: expected 2 Gyre ranks in a world of 2"; exit 1; }
echo "PASS"
