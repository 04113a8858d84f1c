#!/usr/bin/env bash
# Every example a newcomer runs first builds with the installed mpicc and
# passes its own result check at several sizes.
set -u
prefix=$1; src=$GYRE_SRCDIR
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for c in "$src"/examples/*.c; do
  name=$(basename "$c" .c)
  "$prefix/bin/mpicc" -O2 -o "$work/$name" "$c" -lm || { echo "FAIL: build $name"; status=1; continue; }
  for np in 1 2 4; do
    if ! out=$("$prefix/bin/mpirun" --oversubscribe -np $np "$work/$name" 2>&1); then
      echo "FAIL: $name at np $np"; echo "$out" | tail -5; status=1
    else
      echo "ok: $name np $np"
    fi
  done
done
exit $status
