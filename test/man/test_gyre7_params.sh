#!/usr/bin/env bash
# gyre(7)'s parameter list is the registry's (man/gen-params.sh --check), and
# every GYRE_* name the documentation mentions exists, so renaming or
# removing a parameter cannot leave the pages describing a ghost.
# Usage: test_gyre7_params.sh [PREFIX] (GYRE_SRCDIR set, or run in the tree).
set -u
src=${GYRE_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fails=0
"$src/man/gen-params.sh" --check || fails=$((fails + 1))
registered=$(grep -o 'Spec{"GYRE_[A-Z0-9_]*"' "$src/runtime/params.cc" | sed 's/Spec{"//; s/"//' | sort -u)
# Not parameters, but real: gyre-bench's launch timestamp, the examples of a
# typo that gyre_info catches, the GYRE_* / GYRE_COLL_<OP> / GYRE_SM_* families,
# and gyre_info.1's own title.
allowed="GYRE_ GYRE_INFO GYRE_BENCH_LAUNCH_T0 GYRE_SM_EAGER_LIMT GYRE_COLL_ALLREDUSE GYRE_COLL_ GYRE_SM_ GYRE_WAIT_"
docs=$(ls "$src"/man/man1/gyre*.1 "$src"/man/man7/*.7 "$src"/man/man3/*.3 "$src"/docs/*.md 2>/dev/null)
for name in $(grep -oh 'GYRE_[A-Z0-9_]*' $docs | sort -u); do
  echo "$registered" | grep -qx "$name" && continue
  case " $allowed " in *" $name "*) continue ;; esac
  echo "FAIL: $name is mentioned in $(grep -l "$name" $docs | tr '\n' ' ')but is not a registered parameter"
  fails=$((fails + 1))
done
[ $fails -eq 0 ] && echo "PASS: documentation names only registered parameters"
[ $fails -eq 0 ]
