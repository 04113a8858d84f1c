#!/usr/bin/env bash
# GYRE_COLL_TABLE: a job reads its collective decision table from the file
# (test/mpi/coll_table_test.txt), its ppn rows decide, every collective
# still gives the right results; a bad file ends the job naming file:line;
# gyre_info --coll output loads back as a table.
set -u
prefix=$1; src=$GYRE_SRCDIR
table="$src/test/mpi/coll_table_test.txt"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$prefix/bin/mpicc" -I"$src/test/mpi" -o "$work/coll_all" "$src/test/mpi/coll_all.c" || fail "build"

# np 4 on one node (ppn 4): the ppn=3.. rows choose; np 2: the later rows.
for np in 2 4; do
  out=$(GYRE_COLL_TABLE="$table" GYRE_COLL_TRACE=1 "$prefix/bin/mpirun" --oversubscribe -np $np "$work/coll_all" 2>&1)
  rc=$?
  echo "$out" | grep -v "^gyre coll:" | tail -5
  [ $rc -eq 0 ] && echo "$out" | grep -q "^OK" || fail "coll_all np $np under the table (exit $rc)"
  line=$(grep -n "^allreduce    ppn=3.." "$table" | cut -d: -f1)
  if [ $np -eq 4 ]; then
    echo "$out" | grep -q "allreduce 4000 B np 4 -> ring (.*coll_table_test.txt:$line: ppn=3.. op=commutative: test: busy node)" ||
      fail "np 4: the trace shows no allreduce chosen by line $line"
    echo "$out" | grep -q "allgather 4 B np 4 -> recursive_doubling (.*coll_table_test.txt:[0-9]*: ppn=4 pof2" ||
      fail "np 4: allgather not chosen by its ppn=4 row"
  else
    echo "$out" | grep -q "allreduce 4000 B np 2 -> linear (.*coll_table_test.txt:[0-9]*: always: test: otherwise)" ||
      fail "np 2: the trace shows no allreduce chosen by the last row"
  fi
done

# A bad row: the job ends, naming the file, the line, the field and the choices.
sed 's/-> ring                 # test: busy node/-> rign/' "$table" >"$work/bad.txt"
bad=$(grep -n "rign" "$work/bad.txt" | cut -d: -f1)
out=$(GYRE_COLL_TABLE="$work/bad.txt" "$prefix/bin/mpirun" --oversubscribe -np 2 "$work/coll_all" 2>&1); rc=$?
echo "$out" | head -3
[ $rc -ne 0 ] || fail "a bad table did not end the job"
echo "$out" | grep -q "bad.txt:$bad: unknown allreduce algorithm 'rign' (valid: linear, binomial, .*ring" ||
  fail "the error does not name bad.txt:$bad and the choices"

# gyre_info --coll prints a table that loads back (the built-in one and this file).
"$prefix/bin/gyre_info" --coll >"$work/dump.txt" || fail "gyre_info --coll"
"$prefix/bin/gyre_info" --coll-table "$work/dump.txt" >"$work/dump2.txt" || fail "the dump does not load"
diff <(tail -n +2 "$work/dump.txt") <(tail -n +2 "$work/dump2.txt") || fail "dump -> load -> dump differs"
GYRE_COLL_TABLE="$table" "$prefix/bin/gyre_info" --coll --op allreduce --np 4 --bytes 64k |
  grep -q "ring (.*coll_table_test.txt:$line" || fail "gyre_info does not honour GYRE_COLL_TABLE"
echo "PASS"
