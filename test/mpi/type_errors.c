/* Argument checking of the pack and datatype query calls, with
 * MPI_ERRORS_RETURN: negative buffer sizes of MPI_Pack/MPI_Unpack (and the
 * external32 forms), uncommitted types and NULL buffers of the external32
 * forms, NULL output arrays of MPI_Type_get_envelope/contents, the error
 * class for large-count types queried through the classic calls, the
 * envelope of MPI_Type_create_struct_c, and the MPI_Type_create_f90_*
 * types (cached, not freeable). Prints OK on success. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_COUNTS_FAILURES
#include "check.h"

static int failures = 0;

static int cls(int rc) {
  int c = rc;
  if (rc != MPI_SUCCESS) MPI_Error_class(rc, &c);
  return c;
}

/* Datatype attributes: MPI_Type_free fails as a whole when a delete
 * callback fails, MPI_Type_dup undoes the copies made before a failing copy
 * callback, and a datatype keyval cannot be freed twice. */
static int del_ok_calls = 0, del_bad_fail = 1, del_bad_calls = 0, dup_del_calls = 0;
static int del_ok(MPI_Datatype t, int k, void* v, void* e) {
  (void)t; (void)k; (void)v; (void)e;
  del_ok_calls++;
  return MPI_SUCCESS;
}
static int del_bad(MPI_Datatype t, int k, void* v, void* e) {
  (void)t; (void)k; (void)v; (void)e;
  del_bad_calls++;
  return del_bad_fail ? MPI_ERR_OTHER : MPI_SUCCESS;
}
static int copy_fail(MPI_Datatype t, int k, void* e, void* in, void* out, int* flag) {
  (void)t; (void)k; (void)e; (void)in; (void)out; (void)flag;
  return MPI_ERR_OTHER;
}
static int copy_keep(MPI_Datatype t, int k, void* e, void* in, void* out, int* flag) {
  (void)t; (void)k; (void)e;
  *(void**)out = in;
  *flag = 1;
  return MPI_SUCCESS;
}
static int del_dup(MPI_Datatype t, int k, void* v, void* e) {
  (void)t; (void)k; (void)v; (void)e;
  dup_del_calls++;
  return MPI_SUCCESS;
}

static void type_attr_failures(void) {
  int kok, kbad, flag, sz;
  void* got;
  static int a, b;
  MPI_Datatype t;
  MPI_Type_create_keyval(MPI_TYPE_NULL_COPY_FN, del_ok, &kok, NULL);
  MPI_Type_create_keyval(MPI_TYPE_NULL_COPY_FN, del_bad, &kbad, NULL);
  MPI_Type_contiguous(3, MPI_INT, &t);
  MPI_Type_set_attr(t, kbad, &b);
  MPI_Type_set_attr(t, kok, &a);
  MPI_Datatype saved = t;
  CHECK(cls(MPI_Type_free(&t)) == MPI_ERR_OTHER, "free with a failing delete callback fails");
  CHECK(t == saved, "the handle is left as it was");
  CHECK(del_ok_calls == 1 && del_bad_calls == 1, "every delete callback ran (%d, %d)", del_ok_calls,
        del_bad_calls);
  CHECK(MPI_Type_size(t, &sz) == MPI_SUCCESS && sz == 3 * (int)sizeof(int), "the type is still usable");
  flag = 0;
  MPI_Type_get_attr(t, kbad, &got, &flag);
  CHECK(flag && got == &b, "the attribute whose callback failed is still attached");
  MPI_Type_get_attr(t, kok, &got, &flag);
  CHECK(!flag, "the attribute whose callback succeeded is gone");
  del_bad_fail = 0;
  CHECK(MPI_Type_free(&t) == MPI_SUCCESS && t == MPI_DATATYPE_NULL, "second free succeeds");
  CHECK(del_ok_calls == 1 && del_bad_calls == 2, "only the owed callback ran again (%d, %d)", del_ok_calls,
        del_bad_calls);
  MPI_Type_free_keyval(&kok);
  MPI_Type_free_keyval(&kbad);

  /* Dup: the first attribute is copied, the second's copy fails. */
  int kkeep, kfail;
  MPI_Type_create_keyval(copy_keep, del_dup, &kkeep, NULL);
  MPI_Type_create_keyval(copy_fail, MPI_TYPE_NULL_DELETE_FN, &kfail, NULL);
  MPI_Type_contiguous(2, MPI_INT, &t);
  MPI_Type_set_attr(t, kkeep, &a);
  MPI_Type_set_attr(t, kfail, &b);
  MPI_Datatype d = t;
  CHECK(cls(MPI_Type_dup(t, &d)) == MPI_ERR_OTHER && d == MPI_DATATYPE_NULL, "dup with a failing copy fails");
  CHECK(dup_del_calls == 1, "the copy made before the failure was deleted (%d)", dup_del_calls);
  MPI_Type_free(&t);
  CHECK(dup_del_calls == 2, "the original's attribute deleted at free (%d)", dup_del_calls);
  /* Keyval double free: the key lives on for an attribute; a stale copy of
   * the handle must not release it again. */
  MPI_Type_contiguous(2, MPI_INT, &t);
  MPI_Type_set_attr(t, kkeep, &a);
  int stale = kkeep;
  CHECK(MPI_Type_free_keyval(&kkeep) == MPI_SUCCESS && kkeep == MPI_KEYVAL_INVALID, "keyval freed");
  CHECK(cls(MPI_Type_free_keyval(&stale)) == MPI_ERR_KEYVAL, "a second free of a datatype keyval is refused");
  MPI_Type_get_attr(t, stale, &got, &flag);
  CHECK(flag && got == &a, "the attribute still works after the refused free");
  MPI_Type_free(&t);
  CHECK(dup_del_calls == 3, "delete callback ran at free (%d)", dup_del_calls);
  MPI_Type_free_keyval(&kfail);
}

static void pack_sizes(void) {
  int in[4] = {1, 2, 3, 4}, back[4] = {0};
  char out[64];
  memset(out, 0x5a, sizeof out);
  int pos = 0;
  CHECK(cls(MPI_Pack(in, 4, MPI_INT, out, -1, &pos, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Pack outsize -1");
  CHECK(pos == 0 && (unsigned char)out[0] == 0x5a, "MPI_Pack with a negative outsize wrote");
  MPI_Count cpos = 0;
  CHECK(cls(MPI_Pack_c(in, 4, MPI_INT, out, -5, &cpos, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Pack_c outsize -5");
  pos = 0;
  CHECK(cls(MPI_Pack(in, 4, MPI_INT, out, (int)sizeof out, &pos, MPI_COMM_WORLD)) == MPI_SUCCESS, "MPI_Pack");
  pos = 0;
  CHECK(cls(MPI_Unpack(out, -1, &pos, back, 4, MPI_INT, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Unpack insize -1");
  CHECK(pos == 0 && back[0] == 0, "MPI_Unpack with a negative insize read");
  cpos = 0;
  CHECK(cls(MPI_Unpack_c(out, -1, &cpos, back, 4, MPI_INT, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Unpack_c insize");
  /* Too small but non-negative stays MPI_ERR_TRUNCATE. */
  pos = 0;
  CHECK(cls(MPI_Pack(in, 4, MPI_INT, out, 15, &pos, MPI_COMM_WORLD)) == MPI_ERR_TRUNCATE, "MPI_Pack short");
}

static void pack_external(void) {
  int in[4] = {1, 2, 3, 4}, back[4] = {0};
  char out[64];
  MPI_Aint pos = 0;
  MPI_Datatype t;
  MPI_Type_contiguous(2, MPI_INT, &t); /* not committed */
  CHECK(cls(MPI_Pack_external("external32", in, 2, t, out, sizeof out, &pos)) == MPI_ERR_TYPE,
        "MPI_Pack_external of an uncommitted type");
  CHECK(cls(MPI_Unpack_external("external32", out, sizeof out, &pos, back, 2, t)) == MPI_ERR_TYPE,
        "MPI_Unpack_external of an uncommitted type");
  MPI_Type_free(&t);
  pos = 0;
  CHECK(cls(MPI_Pack_external("external32", in, 4, MPI_INT, NULL, 64, &pos)) == MPI_ERR_ARG,
        "MPI_Pack_external NULL outbuf");
  CHECK(cls(MPI_Unpack_external("external32", NULL, 64, &pos, back, 4, MPI_INT)) == MPI_ERR_ARG,
        "MPI_Unpack_external NULL inbuf");
  CHECK(cls(MPI_Pack_external("external32", in, 4, MPI_INT, out, -1, &pos)) == MPI_ERR_ARG,
        "MPI_Pack_external outsize -1");
  CHECK(cls(MPI_Unpack_external("external32", out, -1, &pos, back, 4, MPI_INT)) == MPI_ERR_ARG,
        "MPI_Unpack_external insize -1");
  /* Zero elements: NULL buffers are fine. */
  CHECK(cls(MPI_Pack_external("external32", in, 0, MPI_INT, NULL, 0, &pos)) == MPI_SUCCESS, "empty pack_external");
  pos = 0;
  CHECK(cls(MPI_Pack_external("external32", in, 4, MPI_INT, out, sizeof out, &pos)) == MPI_SUCCESS && pos == 16,
        "MPI_Pack_external");
  CHECK((unsigned char)out[3] == 1 && out[0] == 0, "external32 is big-endian");
  pos = 0;
  CHECK(cls(MPI_Unpack_external("external32", out, sizeof out, &pos, back, 4, MPI_INT)) == MPI_SUCCESS &&
            back[3] == 4,
        "MPI_Unpack_external");
}

static void queries(void) {
  MPI_Datatype v, big;
  int ni, na, nd, comb, ints[8];
  MPI_Aint addrs[8];
  MPI_Datatype types[8];
  MPI_Type_vector(2, 1, 3, MPI_INT, &v);
  /* Every output pointer of the envelope calls is checked. */
  CHECK(cls(MPI_Type_get_envelope(v, NULL, &na, &nd, &comb)) == MPI_ERR_ARG, "envelope NULL num_integers");
  CHECK(cls(MPI_Type_get_envelope(v, &ni, NULL, &nd, &comb)) == MPI_ERR_ARG, "envelope NULL num_addresses");
  CHECK(cls(MPI_Type_get_envelope(v, &ni, &na, NULL, &comb)) == MPI_ERR_ARG, "envelope NULL num_datatypes");
  MPI_Count nic, nac, ncc, ndc;
  CHECK(cls(MPI_Type_get_envelope_c(v, &nic, &nac, NULL, &ndc, &comb)) == MPI_ERR_ARG,
        "envelope_c NULL num_large_counts");
  CHECK(cls(MPI_Type_get_envelope_c(v, &nic, NULL, &ncc, &ndc, &comb)) == MPI_ERR_ARG,
        "envelope_c NULL num_addresses");
  /* Contents: the arrays that receive values must not be NULL. */
  CHECK(cls(MPI_Type_get_contents(v, 8, 8, 8, NULL, addrs, types)) == MPI_ERR_ARG, "contents NULL integers");
  CHECK(cls(MPI_Type_get_contents(v, 8, 8, 8, ints, addrs, NULL)) == MPI_ERR_ARG, "contents NULL datatypes");
  CHECK(cls(MPI_Type_get_contents(v, 8, 8, 8, ints, NULL, types)) == MPI_SUCCESS,
        "contents: a vector has no addresses, so NULL is fine");
  CHECK(cls(MPI_Type_get_contents(v, 8, -1, 8, ints, addrs, types)) == MPI_ERR_ARG, "contents negative max");
  MPI_Type_free(&v);

  /* A large-count type through the classic calls: the same class from both. */
  MPI_Type_contiguous_c(4, MPI_INT, &big);
  CHECK(cls(MPI_Type_get_envelope(big, &ni, &na, &nd, &comb)) == MPI_ERR_TYPE, "classic envelope of a _c type");
  CHECK(cls(MPI_Type_get_contents(big, 8, 8, 8, ints, addrs, types)) == MPI_ERR_TYPE,
        "classic contents of a _c type");
  MPI_Type_free(&big);

  /* MPI_Type_create_struct_c: count, blocklengths and displacements are all
   * large counts (MPI-4.0 §5.1.13): ni = na = 0, nc = 2*count + 1. */
  MPI_Count bl[2] = {2, 1}, disp[2] = {0, 16};
  MPI_Datatype st[2] = {MPI_INT, MPI_DOUBLE}, s;
  MPI_Type_create_struct_c(2, bl, disp, st, &s);
  CHECK(cls(MPI_Type_get_envelope_c(s, &nic, &nac, &ncc, &ndc, &comb)) == MPI_SUCCESS, "envelope_c struct_c");
  CHECK(comb == MPI_COMBINER_STRUCT && nic == 0 && nac == 0 && ncc == 5 && ndc == 2,
        "struct_c envelope: ni %lld na %lld nc %lld nd %lld", (long long)nic, (long long)nac, (long long)ncc,
        (long long)ndc);
  MPI_Count lc[5] = {0};
  MPI_Datatype got[2];
  CHECK(cls(MPI_Type_get_contents_c(s, 0, 0, 5, 2, NULL, NULL, lc, got)) == MPI_SUCCESS, "contents_c struct_c");
  CHECK(lc[0] == 2 && lc[1] == 2 && lc[2] == 1 && lc[3] == 0 && lc[4] == 16, "struct_c large counts %lld %lld %lld "
        "%lld %lld", (long long)lc[0], (long long)lc[1], (long long)lc[2], (long long)lc[3], (long long)lc[4]);
  MPI_Type_free(&s);
  /* The classic struct keeps its displacements as addresses. */
  int ibl[2] = {2, 1};
  MPI_Aint idisp[2] = {0, 16};
  MPI_Type_create_struct(2, ibl, idisp, st, &s);
  MPI_Type_get_envelope(s, &ni, &na, &nd, &comb);
  CHECK(ni == 3 && na == 2 && nd == 2, "struct envelope: ni %d na %d nd %d", ni, na, nd);
  MPI_Type_free(&s);
}

static void f90_types(void) {
  MPI_Datatype a, b, c;
  CHECK(cls(MPI_Type_create_f90_real(6, 30, &a)) == MPI_SUCCESS, "f90_real");
  CHECK(cls(MPI_Type_create_f90_real(6, 30, &b)) == MPI_SUCCESS, "f90_real again");
  CHECK(a == b, "the same (p, r) gives the same handle (no new handle per call)");
  CHECK(cls(MPI_Type_create_f90_real(15, MPI_UNDEFINED, &c)) == MPI_SUCCESS && c != a, "another (p, r)");
  MPI_Datatype keep = a;
  CHECK(cls(MPI_Type_free(&a)) == MPI_ERR_TYPE && a == keep, "an f90 type cannot be freed");
  int size = 0;
  CHECK(cls(MPI_Type_size(keep, &size)) == MPI_SUCCESS && size == 4, "still valid after the refused free");
  MPI_Datatype i1, i2;
  MPI_Type_create_f90_integer(9, &i1);
  MPI_Type_create_f90_integer(9, &i2);
  CHECK(i1 == i2 && cls(MPI_Type_free(&i1)) == MPI_ERR_TYPE, "f90_integer cached and not freeable");
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  pack_sizes();
  pack_external();
  queries();
  f90_types();
  type_attr_failures();
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Finalize();
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  if (rank == 0) printf("OK\n");
  return 0;
}
