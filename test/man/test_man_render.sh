#!/usr/bin/env bash
# A few installed pages render (through man -M, as a user reads them) and
# show their parameter names and sections.
set -u
prefix=$1
[ -n "$prefix" ] && [ -d "$prefix/share/man/man3" ] || { echo "skip: no installed man pages under '$prefix'"; exit 77; }
command -v mandoc >/dev/null || { echo "FAIL: mandoc missing (apt-get install mandoc)"; exit 1; }
status=0
check() {  # page section word...
  local page=$1 sec=$2; shift 2
  local file="man$sec/$page.$sec"  # relative: .so links resolve from the man root
  local text
  text=$(cd "$prefix/share/man" && mandoc -Tascii "$file" 2>&1 | sed 's/.\x08//g') || { echo "FAIL: $page does not render"; status=1; return; }
  for word in "$@"; do
    grep -q -- "$word" <<<"$text" || { echo "FAIL: $page lacks '$word'"; status=1; }
  done
  echo "ok: $page"
}
check MPI_Send 3 buf count datatype dest tag comm "ERRORS" "MPI_ERR_RANK"
check MPI_Allreduce 3 sendbuf recvbuf count op comm "ALGORITHMS" "GYRE_COLL_ALLREDUCE"
check MPI_Comm_split 3 color key newcomm "MPI_ERR_COMM"
check MPI_Type_create_struct 3 array_of_blocklengths array_of_displacements array_of_types
check MPI_Send_c 3 "MPI_Send_c" "MPI_Count"
check mpirun 1 "--oversubscribe" "--bind-to" "--timeout"
check gyre 7 "GYRE_WAIT_SPIN" "GYRE_COLL_TRACE"
exit $status
