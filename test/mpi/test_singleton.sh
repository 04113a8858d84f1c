#!/usr/bin/env bash
# A program started without mpirun is a world of one (singleton).
set -u
prefix=$1; src=$GYRE_SRCDIR
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$prefix/bin/mpicc" -o "$work/probe" "$src/test/mpi/abi_probe.c" || { echo "FAIL: build"; exit 1; }
out=$(env -u PMIX_NAMESPACE "$work/probe" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] && echo "$out" | grep -q "rank 0 of 1 status ok library: Gyre" || { echo "FAIL: singleton"; exit 1; }
echo "PASS"
