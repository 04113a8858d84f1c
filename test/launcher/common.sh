# shellcheck shell=sh disable=SC2034
# Sourced by the launcher tests (test_*.sh); not a test itself.
# Every test takes the install prefix as $1, prints one line "PASS name" or
# "FAIL name: what failed", and exits 0 or 1.
prefix="$1"
name=$(basename "$0" .sh)
here=$(cd "$(dirname "$0")" && pwd)
MPIRUN="$prefix/bin/mpirun"

fail() {
    echo "FAIL $name: $*"
    exit 1
}
pass() {
    echo "PASS $name"
    exit 0
}

[ -n "$prefix" ] || fail "usage: $0 PREFIX"
[ -x "$MPIRUN" ] || fail "no mpirun in $prefix/bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/gyre-launcher-test.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$work"' EXIT
# mpirun's session directories go here, so a test can see that none is left.
mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"

# Processing units mpirun may use: more ranks than this need --oversubscribe.
PUS=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)

build_helper() {
    cc -O1 -o "$work/rank_helper" "$here/rank_helper.c" || fail "cannot compile rank_helper.c"
    HELPER="$work/rank_helper"
}

build_probe() {
    flags=$(pkg-config --cflags --libs pmix) || fail "pkg-config does not know pmix"
    cc -O1 -o "$work/probe" "$here/pmix_client_probe.c" $flags || fail "cannot compile pmix_client_probe.c"
    PROBE="$work/probe"
}

now_ms() { date +%s%3N; }

# No mpirun session directory may outlive its mpirun.
check_no_session_dirs() {
    leftover=$(ls "$work/tmp")
    [ -z "$leftover" ] || fail "mpirun left $leftover in TMPDIR"
}
