#!/usr/bin/env bash
# gyre_info lists every registered parameter and every section, its
# --parsable form is well formed, and a misspelt GYRE_* variable gets a
# "did you mean" warning. Usage: test_gyre_info.sh PREFIX (GYRE_SRCDIR set).
set -u
prefix=${1:-}
src=${GYRE_SRCDIR:?GYRE_SRCDIR is not set}
[ -n "$prefix" ] || { echo "SKIP: no install prefix given"; exit 77; }
info=$prefix/bin/gyre_info
[ -x "$info" ] || { echo "FAIL: $info is not installed"; exit 1; }
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The registry, straight from its source (one Spec{"GYRE_..." per parameter).
names=$(grep -o 'Spec{"GYRE_[A-Z0-9_]*"' "$src/runtime/params.cc" | sed 's/Spec{"//; s/"//')
[ "$(echo "$names" | wc -w)" -ge 10 ] || fail "could not read the registry from runtime/params.cc"
version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$src/configure.ac")

env -i PATH="$PATH" HOME="${HOME:-/}" "$info" >"$tmp/plain" 2>"$tmp/plain.err" || fail "gyre_info exited with $?"
for section in "Package" "Transports (btl)" "Collectives (coll)" "Accelerator" "Network (libfabric)" \
               "Topology (hwloc)" "Parameters"; do
  grep -q "^$section" "$tmp/plain" || fail "plain output lacks the section '$section'"
done
grep -q "Gyre version: *$version\$" "$tmp/plain" || fail "plain output does not show version $version"
for n in $names; do
  grep -q "^  $n " "$tmp/plain" || fail "plain output lacks parameter $n"
done

"$info" --all --parsable >"$tmp/parsable" 2>"$tmp/parsable.err" || fail "gyre_info --all --parsable exited with $?"
bad=$(grep -vc '^[A-Za-z0-9_./-]*:' "$tmp/parsable")
[ "$bad" -eq 0 ] || fail "$bad --parsable lines are not key:value"
grep -qx "version:$version" "$tmp/parsable" || fail "--parsable lacks version:$version"
for key in configure btl.self btl.sm btl.sm.eager_limit accel.backend accel.cuda_driver fabric.providers \
           topology.cores topology.pus coll.allreduce.algorithms coll.rule.0; do
  grep -q "^$key:" "$tmp/parsable" || fail "--parsable lacks $key"
done
for n in $names; do
  for field in type default value source component help; do
    grep -q "^param\.$n\.$field:" "$tmp/parsable" || fail "--parsable lacks param.$n.$field"
  done
done
[ "$(grep -c '^param\..*\.help:$' "$tmp/parsable")" -eq 0 ] || fail "a parameter has empty help"

# The sm sizes: left unset, the ring follows the ranks on the node
# (btl/sm/sm_config.h), so each range is shown; a set size, and the eager
# limit, are one value.
env -i PATH="$PATH" HOME="${HOME:-/}" "$info" --parsable >"$tmp/sm" 2>&1 || fail "gyre_info --parsable (sm) failed"
for line in btl.sm.ring_bytes.ranks.2-3:1048576 btl.sm.ring_bytes.ranks.4-5:524288 btl.sm.ring_bytes.ranks.6-:262144 \
            btl.sm.ring_bytes:262144 btl.sm.eager_limit:8192; do
  grep -qx "$line" "$tmp/sm" || fail "--parsable lacks $line"
done
grep -q "sm ring per sender: *auto: 1 MiB with 2-3 ranks on the node, 512 KiB with 4-5, 256 KiB from 6\$" "$tmp/plain" ||
  fail "plain output does not show the auto ring sizes"
env -i PATH="$PATH" HOME="${HOME:-/}" GYRE_SM_QUEUE_SIZE=65536 GYRE_SM_EAGER_LIMIT=4096 "$info" --parsable >"$tmp/sm_set" 2>&1 ||
  fail "gyre_info --parsable (sm set) failed"
grep -qx "btl.sm.ring_bytes:65536" "$tmp/sm_set" || fail "GYRE_SM_QUEUE_SIZE=65536 is not the ring shown"
grep -qx "btl.sm.eager_limit:4096" "$tmp/sm_set" || fail "GYRE_SM_EAGER_LIMIT=4096 is not the eager limit shown"
grep -q "^btl\.sm\.[a-z_]*\.ranks\." "$tmp/sm_set" && fail "set sm sizes are still shown by rank count"

# One parameter, and where its value came from.
GYRE_WAIT_SPIN=77 "$info" --param GYRE_WAIT_SPIN --parsable >"$tmp/one" 2>&1 || fail "--param GYRE_WAIT_SPIN failed"
grep -qx "param.GYRE_WAIT_SPIN.value:77" "$tmp/one" || fail "--param does not show the environment value"
grep -qx "param.GYRE_WAIT_SPIN.source:environment" "$tmp/one" || fail "--param does not say the value came from the environment"
"$info" --param GYRE_NO_SUCH_THING >/dev/null 2>&1 && fail "--param of an unknown name succeeded"

# The "did you mean" warnings (the same MPI_Init gives).
GYRE_SM_EAGER_LIMT=1 "$info" >/dev/null 2>"$tmp/typo"
grep -q "did you mean GYRE_SM_EAGER_LIMIT" "$tmp/typo" || { fail "no 'did you mean' for GYRE_SM_EAGER_LIMT"; cat "$tmp/typo"; }
GYRE_COLL_ALLREDUSE=ring "$info" >/dev/null 2>"$tmp/typo2"
grep -q "did you mean GYRE_COLL_ALLREDUCE" "$tmp/typo2" || fail "no 'did you mean' for GYRE_COLL_ALLREDUSE"
GYRE_COLL_ALLREDUCE=no_such_algorithm "$info" >/dev/null 2>"$tmp/algo"
grep -q "no such allreduce algorithm" "$tmp/algo" || fail "an unknown forced algorithm is not reported"
if grep -q "warning" "$tmp/plain.err"; then fail "warnings in a clean environment:"; cat "$tmp/plain.err"; fi

# The collective decision table and one explained choice.
"$info" --coll >"$tmp/coll" 2>&1 || fail "--coll failed"
grep -q "allreduce" "$tmp/coll" && grep -q -- "->" "$tmp/coll" || fail "--coll does not show the decision table"
"$info" --coll --op allreduce --bytes 8192 --np 4 --ppn 4 >"$tmp/explain" 2>&1 || fail "--coll --op failed"
grep -q "allreduce 8192 B np 4 ppn 4 -> [a-z_]* (rule" "$tmp/explain" || { fail "--op allreduce does not explain the choice"; cat "$tmp/explain"; }
"$info" --coll --op no_such_op >/dev/null 2>&1 && fail "--op of an unknown collective succeeded"

"$info" --help | grep -q "usage: gyre_info" || fail "--help has no usage line"
"$info" --no-such-option >/dev/null 2>&1; [ $? -eq 2 ] || fail "an unknown option does not exit with 2"

[ $fails -eq 0 ] && echo "PASS: gyre_info ($(echo "$names" | wc -w) parameters)"
[ $fails -eq 0 ]
