#!/bin/sh
# CMake's FindMPI accepts the installed mpicc (check_cmake_findmpi.sh does the
# work). Skipped (77) until the prefix holds mpi.h and libmpi, or without cmake.
# shellcheck source=test/launcher/common.sh
. "$(dirname "$0")/common.sh"
command -v cmake >/dev/null 2>&1 || { echo "SKIP $name: cmake is not installed"; exit 77; }
if [ ! -f "$prefix/include/mpi.h" ] || ! ls "$prefix"/lib*/libmpi.so >/dev/null 2>&1; then
    echo "SKIP $name: no mpi.h / libmpi.so under $prefix yet"
    exit 77
fi
out=$(sh "$here/check_cmake_findmpi.sh" "$prefix") || fail "$out"
pass
