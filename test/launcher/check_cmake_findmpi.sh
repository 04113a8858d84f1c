#!/bin/sh
# CMake's FindMPI must accept PREFIX/bin/mpicc and build a program with it.
#   check_cmake_findmpi.sh PREFIX
# Exits 0 on success; otherwise prints one line saying what failed (the
# CMake output is kept in the work directory it names).
prefix="$1"
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$prefix" ] || [ ! -x "$prefix/bin/mpicc" ]; then
    echo "FAIL check_cmake_findmpi: no mpicc in '${prefix}/bin'"
    exit 1
fi
if ! command -v cmake >/dev/null 2>&1; then
    echo "FAIL check_cmake_findmpi: cmake is not installed"
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/gyre-findmpi.XXXXXX") || exit 1
log="$work/cmake.log"
if ! cmake -S "$here/cmake_findmpi" -B "$work/build" -DMPI_C_COMPILER="$prefix/bin/mpicc" \
        >"$log" 2>&1; then
    echo "FAIL check_cmake_findmpi: cmake configure failed (see $log)"
    exit 1
fi
if ! grep -q "MPI_C_INCLUDE_DIRS: .*$prefix" "$log"; then
    echo "FAIL check_cmake_findmpi: FindMPI did not take its include directory from mpicc (see $log)"
    exit 1
fi
if ! cmake --build "$work/build" >>"$log" 2>&1; then
    echo "FAIL check_cmake_findmpi: build failed (see $log)"
    exit 1
fi
rm -rf "$work"
echo "PASS check_cmake_findmpi"
exit 0
