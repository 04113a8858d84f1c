#!/usr/bin/env bash
# A program compiled by Debian's mpicc.mpich (MPICH's own header, linked
# against libmpich.so.12) runs on Gyre by library path alone.
set -u
prefix=$1; src=$GYRE_SRCDIR
command -v mpicc.mpich >/dev/null || { echo "skip: mpicc.mpich not installed (apt-get install libmpich-dev)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mpicc.mpich -o "$work/probe" "$src/test/mpi/abi_probe.c" || { echo "FAIL: mpicc.mpich build"; exit 1; }
objdump -p "$work/probe" | grep -q "NEEDED.*libmpich.so.12" || { echo "FAIL: not linked to libmpich.so.12"; exit 1; }
out=$(LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/mpirun" --oversubscribe -x LD_LIBRARY_PATH -np 3 "$work/probe" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: exit $rc"; exit 1; }
[ "$(echo "$out" | grep -c 'status ok library: Gyre')" -eq 3 ] || { echo "FAIL: not all 3 ranks ran on Gyre"; exit 1; }
echo "PASS: MPICH-built binary ran on Gyre"
