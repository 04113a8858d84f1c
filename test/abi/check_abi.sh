#!/bin/sh
# Checks that include/mpi.h is binary compatible with the MPICH ABI, using
# the MPICH header installed by Debian's libmpich-dev as the reference.
#
#   sh test/abi/check_abi.sh          (from the repository root)
#
# (a) constants: every object-like MPI_* / MPIX_* macro with a value, and
#     every MPI_* enumerator, that MPICH's mpi.h defines must be defined by
#     Gyre's mpi.h with the same value and the same size (an int handle
#     stays an int, a pointer stays a pointer), unless it is in OMITTED
#     below.  Two small C programs print name=value for each, one built
#     against each header, and their outputs are diffed.
# (b) layout: sizeof/offsetof of MPI_Status and MPI_F08_status, and the
#     exact C type of MPI_Aint, MPI_Offset, MPI_Count, MPI_Fint and of
#     every handle type.
# (c) prototypes: MPICH's mpi_proto.h (all MPI_ and PMPI_ prototypes) is
#     compiled after Gyre's mpi.h, so every routine whose parameter types
#     differ is a "conflicting types" error; the extern objects of MPICH's
#     mpi.h (MPI_UNWEIGHTED, ...) are redeclared the same way.  Every MPICH
#     routine must also be declared by Gyre unless listed in OMITTED_FN.
#
# Exit status 0 when everything matches, 1 on any mismatch, 77 when the
# MPICH header is not installed.  The last line is always
#   abi: N constants checked, M mismatches
# where M counts mismatches of all three parts.

set -u
LC_ALL=C; export LC_ALL   # byte-wise sort/comm/join and ASCII compiler messages

here=$(cd "$(dirname "$0")" && pwd)
root=${GYRE_SRCDIR:-$(cd "$here/../.." && pwd)}
MPICH_INC=${MPICH_INC:-/usr/include/x86_64-linux-gnu/mpich}
CC=${CC:-gcc}
AUXCC=${AUXCC:-gcc}   # part (c) lists declarations with gcc's -aux-info

# MPICH constants Gyre deliberately does not define (name: reason).
OMITTED='
MPI_AINT_FMT_DEC_SPEC: non-standard printf format string in the MPI_ namespace (MPICH itself flags it); use "%ld"
MPI_AINT_FMT_HEX_SPEC: non-standard printf format string in the MPI_ namespace (MPICH itself flags it); use "%lx"
MPIX_COMM_TYPE_NEIGHBORHOOD: MPICH extension; Gyre has no MPIX_ API and an MPIX_ macro would make #ifdef feature tests call absent MPIX_ routines
MPIX_ERR_PROC_FAILED: MPICH ULFM extension error class; Gyre has no MPIX_Comm_revoke/shrink/agree
MPIX_ERR_PROC_FAILED_PENDING: MPICH ULFM extension error class (see MPIX_ERR_PROC_FAILED)
MPIX_ERR_REVOKED: MPICH ULFM extension error class (see MPIX_ERR_PROC_FAILED)
MPIX_ERR_EAGAIN: MPICH extension error class
MPIX_ERR_NOREQ: MPICH extension error class
MPIX_GPU_SUPPORT_CUDA: argument of MPICH-only MPIX_GPU_query_support
MPIX_GPU_SUPPORT_ZE: argument of MPICH-only MPIX_GPU_query_support
MPIX_GPU_SUPPORT_HIP: argument of MPICH-only MPIX_GPU_query_support
'

# MPICH routines Gyre deliberately does not declare (extended regex: reason).
OMITTED_FN='
^P?MPI_File_: MPI-IO is not implemented
^P?MPI_Register_datarep(_c)?$: MPI-IO data representations are not implemented
'

# Gyre prototypes allowed to differ from MPICH's (name: reason).  Only
# differences that cannot change the ABI belong here.
PROTO_DIFF='
MPI_Pready_list: MPI-4.0 declares array_of_partitions as const int[]; MPICH 4.0 omits the const (same ABI)
PMPI_Pready_list: as MPI_Pready_list
'

if [ ! -f "$MPICH_INC/mpi.h" ] || [ ! -f "$MPICH_INC/mpi_proto.h" ]; then
  echo "check_abi: MPICH header not found under $MPICH_INC (install libmpich-dev or set MPICH_INC)"
  echo "abi: 0 constants checked, 0 mismatches"
  exit 77
fi
command -v perl >/dev/null 2>&1 || { echo "check_abi: perl is required"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gyre_abi.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

mismatches=0
bump() { mismatches=$((mismatches + $1)); }
fail() { echo "MISMATCH: $*"; bump 1; }

# ---------------------------------------------------------------------------
# (a) constants
# ---------------------------------------------------------------------------
printf '#include <mpi.h>\n' >"$tmp/inc.c"

# name<TAB>kind (int | str), one per line, for one include directory.
constants() {
  # object-like macros with a non-empty value
  "$CC" -std=c11 -E -dM -DMPICH_SKIP_MPICXX -I"$1" "$tmp/inc.c" |
    perl -ne 'if (/^#define (MPIX?_\w+) (.*\S)/) { print "$1\t", ($2 =~ /^"/ ? "str" : "int"), "\n" }'
  # enumerators (MPICH's QMPI function-id enum is internal to its tool layer)
  "$CC" -std=c11 -E -P -DMPICH_SKIP_MPICXX -I"$1" "$tmp/inc.c" |
    perl -0777 -ne 'while (/\benum\b\s*(\w*)\s*\{(.*?)\}/sg) { next if $1 =~ /^QMPI/;
                      for (split /,/, $2) { print "$1\tint\n" if /^\s*(MPIX?_\w+)/ } }'
}
constants "$MPICH_INC" | sort -u >"$tmp/mpich.const"
constants "$root/include" | sort -u >"$tmp/gyre.const"
[ -s "$tmp/mpich.const" ] || fail "no constants found in MPICH's header"
[ -s "$tmp/gyre.const" ] || fail "no constants found in Gyre's header"
cut -f1 "$tmp/mpich.const" >"$tmp/mpich.names"
cut -f1 "$tmp/gyre.const" >"$tmp/gyre.names"
printf '%s\n' "$OMITTED" | sed -n 's/^\([A-Za-z0-9_]*\):.*/\1/p' | sort -u >"$tmp/omitted"

# Constants of MPICH missing from Gyre and not allow-listed.
comm -23 "$tmp/mpich.names" "$tmp/gyre.names" | comm -23 - "$tmp/omitted" >"$tmp/missing"
while read -r n; do fail "$n: defined by MPICH, missing in Gyre's mpi.h"; done <"$tmp/missing"
# Allow-list entries Gyre does define after all: they are checked, just say so.
comm -12 "$tmp/omitted" "$tmp/gyre.names" | while read -r n; do
  echo "note: $n is in OMITTED but Gyre defines it; it is checked anyway"
done

# The constants both headers define.
join -t "$(printf '\t')" "$tmp/mpich.const" "$tmp/gyre.names" >"$tmp/common"
nconst=$(wc -l <"$tmp/common" | tr -d ' ')

# A program printing name=value size=N for each common constant.  Values
# that are addresses of functions (MPI_COMM_DUP_FN, ...) are printed as the
# symbol name, so the two programs compare symbols rather than addresses.
{
  cat <<'EOF'
#include <stdio.h>
#include <stddef.h>
#include <mpi.h>
int MPIR_Dup_fn(MPI_Comm c, int k, void *e, void *in, void *out, int *flag)
{ (void)c; (void)k; (void)e; *(void **)out = in; *flag = 1; return 0; }
static void pi(const char *n, long v, size_t sz)
{
    if (v != 0 && v == (long)MPIR_Dup_fn) printf("%s=&MPIR_Dup_fn size=%zu\n", n, sz);
    else printf("%s=%ld size=%zu\n", n, v, sz);
}
static void ps(const char *n, const char *v) { printf("%s=\"%s\"\n", n, v); }
int main(void)
{
EOF
  while IFS="$(printf '\t')" read -r n kind; do
    if [ "$kind" = str ]; then
      echo "    ps(\"$n\", $n);"
    else
      echo "    pi(\"$n\", (long)($n), sizeof($n));"
    fi
  done <"$tmp/common"
  cat <<'EOF'
    return 0;
}
EOF
} >"$tmp/const.c"

run_prog() { # $1 include dir, $2 source, $3 output
  if ! "$CC" -std=gnu11 -w -DMPICH_SKIP_MPICXX -I"$1" -o "$tmp/prog" "$2" 2>"$3.err"; then
    echo "check_abi: cannot build $(basename "$2") against $1:"; cat "$3.err"; return 1
  fi
  "$tmp/prog" >"$3"
}
if run_prog "$MPICH_INC" "$tmp/const.c" "$tmp/mpich.out" &&
   run_prog "$root/include" "$tmp/const.c" "$tmp/gyre.out"; then
  diff "$tmp/mpich.out" "$tmp/gyre.out" >"$tmp/const.diff"
  # one mismatch per differing constant
  perl -ne 'if (/^< (\w+)=(.*)/) { $m{$1} = $2 } elsif (/^> (\w+)=(.*)/) { $g{$1} = $2 }
            END { for (sort keys %{{%m, %g}}) {
                    printf "MISMATCH: %s: MPICH %s, Gyre %s\n", $_, $m{$_} // "-", $g{$_} // "-" } }' \
       "$tmp/const.diff" >"$tmp/const.mis"
  cat "$tmp/const.mis"
  bump "$(wc -l <"$tmp/const.mis" | tr -d ' ')"
else
  fail "constant programs did not build"
fi

# ---------------------------------------------------------------------------
# (b) layout and scalar types
# ---------------------------------------------------------------------------
cat >"$tmp/layout.c" <<'EOF'
#include <stdio.h>
#include <stddef.h>
#include <mpi.h>
#define TYPENAME(T) _Generic((T)0, int: "int", long: "long", long long: "long long", \
    unsigned: "unsigned", unsigned long: "unsigned long", short: "short", default: "other")
#define SZ(T) printf("sizeof(%s)=%zu type=%s\n", #T, sizeof(T), TYPENAME(T))
#define OFF(S, f) printf("offsetof(%s,%s)=%zu\n", #S, #f, offsetof(S, f))
int main(void)
{
    SZ(MPI_Aint); SZ(MPI_Offset); SZ(MPI_Count); SZ(MPI_Fint);
    SZ(MPI_Comm); SZ(MPI_Group); SZ(MPI_Datatype); SZ(MPI_Op);
    SZ(MPI_Errhandler); SZ(MPI_Request); SZ(MPI_Message); SZ(MPI_Info);
    SZ(MPI_Win); SZ(MPI_Session);
    printf("sizeof(MPI_File)=%zu\n", sizeof(MPI_File));
    printf("sizeof(MPI_Status)=%zu align=%zu\n", sizeof(MPI_Status), _Alignof(MPI_Status));
    OFF(MPI_Status, count_lo); OFF(MPI_Status, count_hi_and_cancelled);
    OFF(MPI_Status, MPI_SOURCE); OFF(MPI_Status, MPI_TAG); OFF(MPI_Status, MPI_ERROR);
    printf("sizeof(MPI_F08_status)=%zu\n", sizeof(MPI_F08_status));
    OFF(MPI_F08_status, count_lo); OFF(MPI_F08_status, count_hi_and_cancelled);
    OFF(MPI_F08_status, MPI_SOURCE); OFF(MPI_F08_status, MPI_TAG); OFF(MPI_F08_status, MPI_ERROR);
    printf("sizeof(MPI_T_enum)=%zu sizeof(MPI_T_cvar_handle)=%zu sizeof(MPI_T_pvar_handle)=%zu\n",
           sizeof(MPI_T_enum), sizeof(MPI_T_cvar_handle), sizeof(MPI_T_pvar_handle));
    printf("sizeof(MPI_T_pvar_session)=%zu sizeof(MPI_T_event_registration)=%zu sizeof(MPI_T_event_instance)=%zu\n",
           sizeof(MPI_T_pvar_session), sizeof(MPI_T_event_registration), sizeof(MPI_T_event_instance));
    printf("sizeof(MPI_T_cb_safety)=%zu sizeof(MPI_T_source_order)=%zu\n",
           sizeof(MPI_T_cb_safety), sizeof(MPI_T_source_order));
    return 0;
}
EOF
nlayout=0
if run_prog "$MPICH_INC" "$tmp/layout.c" "$tmp/mpich.lay" &&
   run_prog "$root/include" "$tmp/layout.c" "$tmp/gyre.lay"; then
  nlayout=$(wc -l <"$tmp/mpich.lay" | tr -d ' ')
  if ! diff "$tmp/mpich.lay" "$tmp/gyre.lay" >"$tmp/lay.diff"; then
    sed -n 's/^< /MISMATCH: layout: MPICH /p; s/^> /MISMATCH: layout: Gyre  /p' "$tmp/lay.diff"
    bump "$(grep -c '^<' "$tmp/lay.diff")"
  fi
else
  fail "layout programs did not build"
fi

# ---------------------------------------------------------------------------
# (c) prototypes and extern objects
# ---------------------------------------------------------------------------
# Routine names declared by each header (gcc's -aux-info lists every
# function declaration the compiler saw).
routines() { # $1 include dir, $2 output
  rm -f "$tmp/aux"
  "$AUXCC" -std=c11 -fsyntax-only -DMPICH_SKIP_MPICXX -I"$1" -aux-info "$tmp/aux" "$tmp/inc.c" 2>/dev/null
  [ -f "$tmp/aux" ] || { : >"$2"; return; }
  perl -ne 'if (m{^/\*.*?\*/ extern (.*?)\s*\(}) { print "$1\n" if $1 =~ /\b(P?MPI_\w+)$/ and ($_ = $1) }' \
    "$tmp/aux" | perl -ne 'print if /^P?MPI_/' | sort -u >"$2"
}
routines "$MPICH_INC" "$tmp/mpich.fn"
routines "$root/include" "$tmp/gyre.fn"
if [ ! -s "$tmp/mpich.fn" ] || [ ! -s "$tmp/gyre.fn" ]; then
  fail "could not list the routines of the headers (\$AUXCC=$AUXCC must be gcc: it needs -aux-info)"
fi
printf '%s\n' "$OMITTED_FN" | sed -n 's/^\([^ ]*\): .*/\1/p' >"$tmp/omitted_fn"
grep -v -E -f "$tmp/omitted_fn" "$tmp/mpich.fn" | comm -23 - "$tmp/gyre.fn" >"$tmp/missing_fn"
while read -r n; do fail "$n: declared by MPICH, missing in Gyre's mpi.h"; done <"$tmp/missing_fn"
nfn=$(grep -v -E -f "$tmp/omitted_fn" "$tmp/mpich.fn" | comm -12 - "$tmp/gyre.fn" | wc -l | tr -d ' ')

{
  cat <<'EOF'
#include <mpi.h>
/* Neutralise MPICH's annotation macros and supply its extension types. */
#define MPICH_API_PUBLIC
#define MPIU_DLL_SPEC
#define MPICH_ATTR_POINTER_WITH_TYPE_TAG(a, b)
typedef int MPIX_Grequest_class;
typedef int (MPIX_Grequest_poll_function)(void *, MPI_Status *);
typedef int (MPIX_Grequest_wait_function)(int, void **, double, MPI_Status *);
typedef struct { void **storage_stack; } QMPI_Context;
/* The MPI_T handle types are pointers to opaque structs in both headers;
 * only the (irrelevant to the ABI) struct tags differ. */
#define MPIR_T_enum_s               gyre_T_enum_s
#define MPIR_T_cvar_handle_s        gyre_T_cvar_handle_s
#define MPIR_T_pvar_handle_s        gyre_T_pvar_handle_s
#define MPIR_T_pvar_session_s       gyre_T_pvar_session_s
#define MPIR_T_event_registration_s gyre_T_event_registration_s
#define MPIR_T_event_instance_s     gyre_T_event_instance_s
EOF
  # MPICH's extern objects that C programs use (MPIR_F08_* serve only its
  # Fortran binding).
  perl -ne 'print if /^\s*extern\b/ && /\bMPI_\w+\s+MPICH_API_PUBLIC\s*;/ && !/MPIR_F08_/' "$MPICH_INC/mpi.h"
  echo "#include \"$MPICH_INC/mpi_proto.h\""
} >"$tmp/proto.c"
"$CC" -std=c11 -fsyntax-only -fmax-errors=0 -I"$root/include" "$tmp/proto.c" >"$tmp/proto.err" 2>&1
nextern=$(perl -ne 'print if /^\s*extern\b/ && /\bMPI_\w+\s+MPICH_API_PUBLIC\s*;/ && !/MPIR_F08_/' "$MPICH_INC/mpi.h" | wc -l | tr -d ' ')
printf '%s\n' "$PROTO_DIFF" | sed -n 's/^\([A-Za-z0-9_]*\):.*/\1/p' >"$tmp/proto_allow"
# conflicting declarations, by name
perl -ne 'print "$1\n" if /error: conflicting types for .(\w+)./' "$tmp/proto.err" | sort -u >"$tmp/conflicts"
grep -v -x -F -f "$tmp/proto_allow" "$tmp/conflicts" | while read -r n; do
  echo "MISMATCH: $n: prototype differs from MPICH's:"
  grep -A3 "conflicting types for .$n." "$tmp/proto.err" | grep -E 'error|note' | sed 's/^/    /'
done
bump "$(grep -v -x -F -f "$tmp/proto_allow" "$tmp/conflicts" | wc -l | tr -d ' ')"
# any other compile error is a mismatch too (e.g. an undeclared type)
other=$(grep -E 'error:' "$tmp/proto.err" | grep -v 'conflicting types for' || true)
if [ -n "$other" ]; then
  echo "MISMATCH: compiling MPICH's prototypes after Gyre's header failed:"
  echo "$other" | sed 's/^/    /'
  bump "$(echo "$other" | wc -l | tr -d ' ')"
fi
grep -x -F -f "$tmp/proto_allow" "$tmp/conflicts" | while read -r n; do
  echo "note: $n differs from MPICH's prototype (allowed: $(printf '%s\n' "$PROTO_DIFF" | sed -n "s/^$n: //p"))"
done

# ---------------------------------------------------------------------------
echo "abi: layout: $nlayout items compared"
echo "abi: routines: $nfn MPICH routines declared with identical types, $nextern extern objects"
echo "abi: omitted on purpose: $(wc -l <"$tmp/omitted" | tr -d ' ') constants, MPI-IO routines"
echo "abi: $nconst constants checked, $mismatches mismatches"
[ "$mismatches" -eq 0 ]
