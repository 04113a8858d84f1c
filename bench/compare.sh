#!/usr/bin/env bash
# compare.sh — the same gyre-bench source under Gyre, Open MPI and MPICH, side by side.
#
#   bench/compare.sh [NP] [-- gyre-bench options]
#   bench/compare.sh 2 -- --max 1M
#   GYRE_ALGOS="ring rhd tree" bench/compare.sh 4 -- --max 4M --iters 50
#   GYRE_ASYNC_MODES="on off" TESTS=overlap bench/compare.sh 8    # the progress thread
#
# Builds bench/*.cc with each implementation's mpicxx, runs each test under every
# implementation in turn (each under its own launcher, with --csv), and writes
#   bench/results/<date>-np<NP>.csv   (impl,test,np,bytes,usec,MBps[,algo])
#   bench/results/<date>-np<NP>.png   (allreduce latency vs size, when matplotlib is there)
#   bench/results/<date>-np<NP>.md    (the markdown table it also prints)
# and prints a markdown table: one row per test and size, one column per
# implementation, the best value in bold.
#
# Environment:
#   IMPLS        implementations, in column order (default: "gyre openmpi mpich")
#   GYRE_PREFIX  Gyre installation (default: <repo>/_install); Gyre is skipped, with
#                a message, while $GYRE_PREFIX/bin/mpicxx does not exist
#   GYRE_ALGOS   e.g. "ring rhd tree": also run Gyre once per forced allreduce algorithm
#                (GYRE_COLL_ALLREDUCE=<algo>), labelled gyre-<algo>; adds an `algo` column
#   ALGO_TESTS   tests run per forced algorithm (default: "allreduce busbw overlap")
#   GYRE_ASYNC_MODES  e.g. "on off": also run Gyre once per GYRE_ASYNC_PROGRESS mode
#                (the progress thread), labelled gyre-async-<mode>; the plain gyre
#                column runs with the default (auto)
#   ASYNC_TESTS  tests run per async mode (default: "overlap")
#   TESTS        tests to run (default: all of them, startup first)
#   TIMEOUT      seconds one run may take before it is killed (default: 300)
#   MPICH_BENCH_OPTS, OPENMPI_BENCH_OPTS, GYRE_BENCH_OPTS
#                gyre-bench options for that implementation only, after the common
#                ones (the last wins): e.g. MPICH_BENCH_OPTS="--iters 20 --warmup 2"
#                at NP > cores, where MPICH busy-polls, while the others take 400
#   ROUNDS       run everything this many times (default: 1); the CSV then holds each
#                point's median and <OUT without .csv>-rounds.csv every run, with a
#                round column
#   OUT          CSV to write (default: bench/results/<date>-np<NP>.csv)
#
# A run that fails or times out is reported and the others go on; rows it printed
# before a timeout are kept. Exit status: 0 when every run succeeded, else 1.
# On an oversubscribed machine (NP > cores) MPICH busy-polls and can be very
# slow: pass a small --iters (e.g. -- --iters 20 --warmup 2).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

np=${NP:-2}
if [ $# -gt 0 ] && [ "$1" != "--" ]; then np=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
bench_opts=("$@")
case $np in '' | *[!0-9]*) echo "compare.sh: NP must be a number, got '$np'" >&2; exit 2 ;; esac
case ${ROUNDS:-1} in '' | 0 | *[!0-9]*) echo "compare.sh: ROUNDS must be a positive number, got '${ROUNDS}'" >&2; exit 2 ;; esac

impls=${IMPLS:-gyre openmpi mpich}
gyre_prefix=${GYRE_PREFIX:-$root/_install}
tests=${TESTS:-startup latency bandwidth allreduce bcast reduce allgather reduce_scatter alltoall barrier busbw overlap noncontig}
algo_tests=${ALGO_TESTS:-allreduce busbw overlap}
algos=${GYRE_ALGOS:-}
async_modes=${GYRE_ASYNC_MODES:-}
async_tests=${ASYNC_TESTS:-overlap}
timeout_s=${TIMEOUT:-300}
rounds=${ROUNDS:-1}
out=${OUT:-$here/results/$(date +%Y-%m-%d)-np$np.csv}
mkdir -p "$(dirname "$out")"

work=$(mktemp -d "${TMPDIR:-/tmp}/gyre-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
sources=("$here/gyre-bench.cc" "$here/pt2pt.cc" "$here/coll.cc")
root_opt=()
[ "$(id -u)" = 0 ] && root_opt=(--allow-run-as-root)

# compiler, launcher and own options (impl_opts) of one implementation; returns 1
# (with a message) if absent.
setup_impl() {
  local opts_var
  opts_var=$(echo "$1" | tr '[:lower:]' '[:upper:]')_BENCH_OPTS
  read -r -a impl_opts <<<"${!opts_var:-}"
  case $1 in
    gyre)
      cxx=$gyre_prefix/bin/mpicxx
      launch=("$gyre_prefix/bin/mpirun" --oversubscribe -np "$np")
      if [ ! -x "$cxx" ] || [ ! -x "$gyre_prefix/bin/mpirun" ]; then
        echo "compare.sh: Gyre is not installed under $gyre_prefix (no bin/mpicxx, bin/mpirun):" \
          "skipping it. Install it (scripts/gyre-setup) or set GYRE_PREFIX." >&2
        return 1
      fi ;;
    openmpi) cxx=mpicxx.openmpi; launch=(mpirun.openmpi "${root_opt[@]}" --oversubscribe -np "$np") ;;
    mpich) cxx=mpicxx.mpich; launch=(mpirun.mpich -np "$np") ;;
    *) echo "compare.sh: unknown implementation '$1' (gyre, openmpi, mpich)" >&2; return 1 ;;
  esac
  if ! command -v "$cxx" >/dev/null; then
    echo "compare.sh: $cxx not found: skipping $1" >&2
    return 1
  fi
}

failures=0
header=impl,test,np,bytes,usec,MBps
[ -n "$algos" ] && header=$header,algo
rounds_csv=${out%.csv}-rounds.csv
echo "$header" >"$out"
[ "$rounds" -gt 1 ] && echo "$header,round" >"$rounds_csv"

# run_test LABEL ALGO TEST ROUND: one launcher run of TEST with $launch and $exe;
# its rows go to $out, or with ROUNDS > 1 to the rounds CSV with the round number.
run_test() {
  local label=$1 algo=$2 t=$3 round=$4 rc log sink=$out
  log=$work/$label-$t.log
  echo "compare.sh: $label np $np: $t${round:+ (round $round of $rounds)}" >&2
  # GYRE_BENCH_LAUNCH_T0 lets `startup` measure from here to MPI_Init's return.
  GYRE_BENCH_LAUNCH_T0=$(date +%s.%N) timeout -k 10 "$timeout_s" \
    "${launch[@]}" "$exe" "$t" --csv --impl "$label" "${bench_opts[@]}" "${impl_opts[@]}" \
    >"$work/out.csv" 2>"$log"
  rc=$?
  [ "$rounds" -gt 1 ] && sink=$rounds_csv
  grep -v '^impl,' "$work/out.csv" | grep ',' |
    if [ -n "$algos" ]; then sed "s/\$/,$algo/"; else cat; fi |
    if [ "$rounds" -gt 1 ]; then sed "s/\$/,$round/"; else cat; fi >>"$sink"
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    echo "compare.sh: $label $t: TIMEOUT after ${timeout_s}s (rows so far kept)" >&2
    failures=$((failures + 1))
  elif [ $rc -ne 0 ]; then
    echo "compare.sh: $label $t: FAILED (exit $rc); last lines of its output:" >&2
    tail -n 5 "$log" | sed 's/^/    /' >&2
    failures=$((failures + 1))
  fi
}

# run_gyre_variant VAR VALUE LABEL ALGO TEST ROUND: Gyre once more with VAR=VALUE
# exported to every rank, as the extra column LABEL.
run_gyre_variant() {
  local var=$1 value=$2 label=$3 algo=$4 t=$5 round=$6
  export "$var=$value"
  launch=("$gyre_prefix/bin/mpirun" --oversubscribe -x "$var" -np "$np")
  run_test "$label" "$algo" "$t" "$round"
  unset "$var"
}

# ---- build each implementation's gyre-bench ------------------------------------------
built=()
columns=()
libraries=()
for impl in $impls; do
  setup_impl "$impl" || continue
  exe=$work/gyre-bench-$impl
  if ! "$cxx" -O2 -std=c++17 "${sources[@]}" -o "$exe" 2>"$work/build-$impl.log"; then
    echo "compare.sh: building gyre-bench with $cxx failed:" >&2
    tail -n 20 "$work/build-$impl.log" >&2
    failures=$((failures + 1))
    continue
  fi
  # One short run first: it shows the job starts and which library it reports.
  lib=$(timeout -k 10 "$timeout_s" "${launch[@]}" "$exe" barrier --iters 1 --warmup 0 2>&1 |
    sed -n 's/^# gyre-bench: .*library: //p' | tr -s '\t ' '  ')
  libraries+=("$impl: ${lib:-(did not start; see below)}${impl_opts[*]:+; its own options: ${impl_opts[*]}}")
  echo "compare.sh: $impl: ${lib:-first run printed no library version}" >&2
  built+=("$impl")
  columns+=("$impl")
  if [ "$impl" = gyre ]; then
    for a in $algos; do columns+=("gyre-$a"); done
    for m in $async_modes; do columns+=("gyre-async-$m"); done
  fi
done

# listed WORD LIST...: whether WORD is one of LIST.
listed() {
  local w=$1
  shift
  for x in "$@"; do [ "$x" = "$w" ] && return 0; done
  return 1
}

# ---- run: test by test, every implementation in turn ----------------------------------
# Each test runs under every implementation before the next test starts, so that a
# change of the machine's state (this VM moves its vCPUs, and every MPI slows down
# by up to 3x for a while) hits the implementations alike rather than one whole
# column. With ROUNDS > 1 the order of the implementations rotates from round to
# round and the CSV holds each point's median over the rounds.
[ ${#built[@]} -eq 0 ] && rounds=0  # nothing to run; the table says so
for ((round = 1; round <= rounds; round++)); do
  r=""
  [ "$rounds" -gt 1 ] && r=$round
  order=("${built[@]:$(((round - 1) % ${#built[@]}))}" "${built[@]:0:$(((round - 1) % ${#built[@]}))}")
  # shellcheck disable=SC2086  # word splitting of the test lists is intended
  for t in $tests; do
    for impl in "${order[@]}"; do
      setup_impl "$impl" >/dev/null 2>&1
      exe=$work/gyre-bench-$impl
      run_test "$impl" "" "$t" "$r"
      [ "$impl" = gyre ] || continue
      for a in $algos; do
        listed "$t" $algo_tests && run_gyre_variant GYRE_COLL_ALLREDUCE "$a" "gyre-$a" "$a" "$t" "$r"
      done
      for m in $async_modes; do
        listed "$t" $async_tests && run_gyre_variant GYRE_ASYNC_PROGRESS "$m" "gyre-async-$m" "" "$t" "$r"
      done
    done
  done
done

# The median of each point over the rounds (the rounds CSV keeps every run), in
# the order the points first appeared.
if [ "$rounds" -gt 1 ]; then
  awk -F, -v OFS=, -v has_algo="$([ -n "$algos" ] && echo 1)" '
    function median(list,   v, k, i, j, x) {
      k = split(list, v, " ")
      for (i = 2; i <= k; i++) {  # insertion sort: a few values per point
        x = v[i] + 0
        for (j = i - 1; j >= 1 && v[j] + 0 > x; j--) v[j + 1] = v[j]
        v[j + 1] = x
      }
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
    }
    NR == 1 { next }
    {
      key = $1 FS $2 FS $3 FS $4
      if (NF > 7) key = key SUBSEP $7
      if (!(key in usec)) { order[++n] = key; algo[key] = (NF > 7 ? $7 : "") }
      usec[key] = usec[key] " " $5
      mbps[key] = mbps[key] " " $6
    }
    END {
      for (i = 1; i <= n; i++) {
        key = order[i]
        split(key, head, SUBSEP)
        line = head[1] OFS sprintf("%.3f", median(usec[key])) OFS sprintf("%.2f", median(mbps[key]))
        if (has_algo) line = line OFS algo[key]
        print line
      }
    }' "$rounds_csv" >>"$out"
fi

# ---- markdown table -----------------------------------------------------------------
# Latency-like tests show usec (lower is better); bandwidth-like tests MB/s and the
# overlap percentages % (higher is better). overlap-compute times the compute loop,
# not MPI, and is left out.
table() {
  echo "### gyre-bench, np $np, $(date +%Y-%m-%d), $(uname -n) ($(nproc) cores)${bench_opts[*]:+, options: ${bench_opts[*]}}$([ "$rounds" -gt 1 ] && echo ", median of $rounds rounds")"
  for l in "${libraries[@]}"; do echo "- $l"; done
  echo
  awk -F, -v cols="${columns[*]}" '
    function fmt(v) { return sprintf(v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v) }
    function human(b) {
      if (b >= 1048576 && b % 1048576 == 0) return (b / 1048576) "M"
      if (b >= 1024 && b % 1024 == 0) return (b / 1024) "K"
      return b
    }
    NR == 1 { next }
    $2 == "overlap-compute" { next }
    {
      key = $2 SUBSEP $4
      if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      bw = ($2 ~ /^(bandwidth|busbw|vector-halo|struct)/)
      pct = ($2 ~ /%$/)
      val[key, $1] = (bw ? $6 : $5)
      unit[key] = pct ? "%" : bw ? "MB/s" : "usec"
      higher[key] = bw || pct
    }
    END {
      nc = split(cols, c, " ")
      line = "| test | bytes | unit |"; sep = "|---|---:|---|"
      for (j = 1; j <= nc; j++) { line = line " " c[j] " |"; sep = sep "---:|" }
      print line; print sep
      for (i = 1; i <= n; i++) {
        key = order[i]; split(key, kv, SUBSEP)
        best = ""
        for (j = 1; j <= nc; j++) {
          if (!((key, c[j]) in val)) continue
          v = val[key, c[j]] + 0
          if (best == "" || (higher[key] ? v > best : v < best)) best = v
        }
        line = "| " kv[1] " | " human(kv[2]) " | " unit[key] " |"
        bs = fmt(best)  # equal as printed: all in bold
        for (j = 1; j <= nc; j++) {
          if (!((key, c[j]) in val)) { line = line " - |"; continue }
          s = fmt(val[key, c[j]] + 0)
          line = line " " (s == bs && nc > 1 ? "**" s "**" : s) " |"
        }
        print line
      }
    }' "$out"
}
echo
table | tee "${out%.csv}.md"
echo
echo "CSV: ${out#"$root"/} (table: ${out%.csv}.md)" | sed "s|$root/||g"

# ---- plot ---------------------------------------------------------------------------
py=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import matplotlib' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
  "$py" "$here/plot.py" "$out" >/dev/null && echo "plot: ${out%.csv}.png" | sed "s|$root/||"
else
  echo "plot: skipped, no python3 with matplotlib (apt-get install -y python3-matplotlib)"
fi

if [ $failures -ne 0 ]; then
  echo "compare.sh: $failures run(s) failed or timed out (see messages above)" >&2
  exit 1
fi
