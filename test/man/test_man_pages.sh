#!/usr/bin/env bash
# Every exported MPI function has a man page that matches mpi.h and lints
# clean, and every installed program has a man1 page (check_man_pages.py
# says what else it checks). Usage: test_man_pages.sh PREFIX (GYRE_SRCDIR set).
set -u
prefix=${1:-}
[ -n "$prefix" ] || { echo "SKIP: no install prefix given"; exit 77; }
command -v mandoc >/dev/null || { echo "FAIL: mandoc missing (apt-get install mandoc)"; exit 1; }
python3 "$GYRE_SRCDIR/test/man/check_man_pages.py" "$GYRE_SRCDIR" "$prefix"
