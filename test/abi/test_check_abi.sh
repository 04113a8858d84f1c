#!/usr/bin/env bash
# mpi.h carries the MPICH ABI: every constant, layout and prototype type matches.
cd "$GYRE_SRCDIR" && sh test/abi/check_abi.sh
