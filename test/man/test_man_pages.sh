#!/usr/bin/env bash
# Every exported MPI function has a man page that matches mpi.h and lints clean.
set -u
prefix=$1
command -v mandoc >/dev/null || { echo "FAIL: mandoc missing (apt-get install mandoc)"; exit 1; }
python3 "$GYRE_SRCDIR/test/man/check_man_pages.py" "$GYRE_SRCDIR" "$prefix"
