#!/usr/bin/env bash
# The man page checker is strict where it should be: a skeleton from
# man/new-page.sh is rejected until its TODOs are gone (and is otherwise a
# valid page), and each kind of mistake a page can make is caught.
# Needs no installed library (runs the checker with --pages-only on a
# scratch copy of include/ and man/). Usage: test_man_checker.sh [PREFIX]
set -u
src=${GYRE_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v mandoc >/dev/null || { echo "FAIL: mandoc missing (apt-get install mandoc)"; exit 1; }
command -v cc >/dev/null || { echo "SKIP: no C compiler to preprocess mpi.h"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

fresh() {  # a scratch source tree with an empty man/
  rm -rf "$tmp/s"; mkdir -p "$tmp/s/man/man1" "$tmp/s/man/man3" "$tmp/s/man/man7" "$tmp/s/test"
  cp -r "$src/include" "$src/configure.ac" "$tmp/s/"; cp -r "$src/test/man" "$tmp/s/test/"
  cp "$src/man/new-page.sh" "$tmp/s/man/"
}
check() { python3 "$tmp/s/test/man/check_man_pages.py" --pages-only "$tmp/s" >"$tmp/out" 2>&1; }
expect_pass() { check || { fail "$1"; cat "$tmp/out"; }; }
expect_fail() {  # $1: what, $2: a pattern the report must contain
  if check; then fail "$1 was accepted"; elif ! grep -q -- "$2" "$tmp/out"; then fail "$1: report lacks '$2'"; cat "$tmp/out"; fi
}
page() { echo "$tmp/s/man/man3/$1.3"; }
untodo() { sed -i 's/TODO//g' "$tmp/s/man/man3/"*.3; }

# 1. Skeletons: rejected for their TODOs only; valid once those are gone.
fresh
(cd "$tmp/s" && man/new-page.sh MPI_Send && man/new-page.sh MPI_Waitall && man/new-page.sh MPI_Wtime \
   && man/new-page.sh MPI_Pcontrol && man/new-page.sh MPI_Gatherv) >/dev/null || fail "new-page.sh failed"
[ -f "$(page MPI_Send_c)" ] || fail "new-page.sh MPI_Send did not create the MPI_Send_c link"
expect_fail "a skeleton with TODO" "contains TODO"
[ "$(grep -vc 'contains TODO\|^man pages:' "$tmp/out")" -eq 0 ] || { fail "a skeleton has problems besides TODO"; cat "$tmp/out"; }
untodo; expect_pass "skeletons without TODO"
grep -q "int MPI_Send_c(const void \*buf, MPI_Count count" "$(page MPI_Send)" || fail "skeleton lacks the _c prototype"
(cd "$tmp/s" && man/new-page.sh MPI_Send >/dev/null 2>&1) && fail "new-page.sh overwrote a page without --force"
(cd "$tmp/s" && man/new-page.sh MPI_No_such_call >/dev/null 2>&1) && fail "new-page.sh accepted an unknown function"

# 2. --link: a link page, and the base page gains the _c prototype and name.
fresh; (cd "$tmp/s" && man/new-page.sh --no-c MPI_Recv >/dev/null); untodo
[ -f "$(page MPI_Recv_c)" ] && fail "--no-c still created the link"
(cd "$tmp/s" && man/new-page.sh --link MPI_Recv_c MPI_Recv >/dev/null) || fail "--link failed"
[ "$(cat "$(page MPI_Recv_c)")" = ".so man3/MPI_Recv.3" ] || fail "--link wrote the wrong link page"
grep -q "^MPI_Recv, MPI_Recv_c " "$(page MPI_Recv)" || fail "--link did not add MPI_Recv_c to NAME"
expect_pass "a page updated by --link"

# 3. Each mistake is caught.
fresh; (cd "$tmp/s" && man/new-page.sh MPI_Send >/dev/null); untodo; expect_pass "clean MPI_Send"
cp "$(page MPI_Send)" "$tmp/good"
restore() { cp "$tmp/good" "$(page MPI_Send)"; printf '.so man3/MPI_Send.3\n' >"$(page MPI_Send_c)"; }
sed -i 's/int tag, MPI_Comm comm);/int tag, MPI_Comm communicator);/' "$(page MPI_Send)"
expect_fail "a prototype that differs from mpi.h" "SYNOPSIS differs from mpi.h for MPI_Send"; restore
sed -i '/^int MPI_Send_c/,/);$/d' "$(page MPI_Send)"
expect_fail "a link whose target lacks the _c prototype" "whose SYNOPSIS does not show MPI_Send_c"; restore
sed -i 's/^\.SH ERRORS/.SH ERORS/' "$(page MPI_Send)"
expect_fail "a misspelt section" "unknown section 'ERORS'"; restore
sed -i '/^\.SH SEE ALSO/,$d' "$(page MPI_Send)"
expect_fail "a missing section" "lacks section SEE ALSO"; restore
sed -i '/^\.I tag$/,+2d' "$(page MPI_Send)"
expect_fail "an undocumented parameter" "parameter 'tag' has no .TP entry"; restore
sed -i 's/^\.I dest$/.I destination/' "$(page MPI_Send)"
expect_fail "an entry for a non-parameter" "documents 'destination'"; restore
sed -i 's/^\.TH MPI_Send /.TH MPI_Recv /' "$(page MPI_Send)"
expect_fail "a wrong .TH" ".TH says"; restore
sed -i 's/^MPI_Send, MPI_Send_c \\-/MPI_Send \\-/' "$(page MPI_Send)"
expect_fail "NAME without the _c variant" "NAME does not list MPI_Send_c"; restore
sed -i 's/^\.fi$/int MPI_Recv(void *buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Status *status);\n.fi/' "$(page MPI_Send)"
expect_fail "a second function in SYNOPSIS" "SYNOPSIS lists MPI_Recv"; restore
printf '.SH NOTES\n.Bogus macro\n' >>"$(page MPI_Send)"
expect_fail "a mandoc warning" "mandoc: "; restore
echo "TODO later" >>"$(page MPI_Send)"
expect_fail "a TODO" "contains TODO"; restore
printf '.so man3/MPI_Nothing.3\n' >"$(page MPI_Send_c)"
expect_fail "a dangling link" "which does not exist"; restore
sed 's/MPI_Send/MPI_Sendd/g' "$tmp/good" >"$(page MPI_Sendd)"
expect_fail "a page for a function mpi.h lacks" "mpi.h declares no function MPI_Sendd"; rm "$(page MPI_Sendd)"
printf '.TH FOO 1 "2026-11-24" "Gyre" "Gyre MPI"\n.SH NAME\nfoo \\- bar\n.SH DESCRIPTION\nx\n' >"$tmp/s/man/man1/foo.1"
expect_fail "a man1 page without SYNOPSIS/SEE ALSO" "foo.1: page lacks section SYNOPSIS"; rm "$tmp/s/man/man1/foo.1"
expect_pass "the restored page"

# 4. The real tree's pages pass (pages only; test_man_pages.sh checks the library).
python3 "$src/test/man/check_man_pages.py" --pages-only "$src" >"$tmp/out" 2>&1 || { fail "the tree's pages have problems"; cat "$tmp/out"; }

[ $fails -eq 0 ] && echo "PASS: man page checker"
[ $fails -eq 0 ]
