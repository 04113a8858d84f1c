#!/usr/bin/env bash
# The profiling interface: a wrapper library's MPI_Send replaces Gyre's weak
# MPI_Send and reaches the real one through PMPI_Send.
set -u
prefix=$1; src=$GYRE_SRCDIR
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$prefix/bin/mpicc" -shared -fPIC -o "$work/libwrap.so" "$src/test/mpi/pmpi_wrapper.c" || exit 1
"$prefix/bin/mpicc" -o "$work/main" "$src/test/mpi/pmpi_main.c" -L"$work" -Wl,-rpath,"$work" -lwrap || exit 1
"$prefix/bin/mpirun" -np 2 "$work/main" || { echo "FAIL: wrapper did not see every MPI_Send"; exit 1; }
echo PASS
