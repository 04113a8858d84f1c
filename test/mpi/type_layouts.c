/* Derived datatypes: every constructor's size/extent/layout, pack/unpack,
 * MPI_BOTTOM with absolute addresses, envelope/contents, names, dup,
 * attributes, subarray/darray against a naive index computation, and
 * external32 bytes. With np > 1: a vector sent and received as contiguous,
 * and MPI_Get_elements on a partial receive. Prints OK on success. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_COUNTS_FAILURES
#include "check.h"

static int failures = 0;

static void check_type(MPI_Datatype t, const char* what, int size, MPI_Aint lb, MPI_Aint extent) {
  int s;
  MPI_Aint l, e;
  MPI_Type_size(t, &s);
  MPI_Type_get_extent(t, &l, &e);
  CHECK(s == size && l == lb && e == extent, "%s: size %d lb %ld extent %ld (want %d %ld %ld)", what, s, (long)l,
        (long)e, size, (long)lb, (long)extent);
}

/* Pack `t` over an int array holding 0..n-1 and compare with want[]. */
static void check_pack(MPI_Datatype t, int count, const int* want, int nwant, const char* what) {
  int src[4096], out[4096], pos = 0, psize;
  for (int i = 0; i < 4096; i++) src[i] = i;
  MPI_Pack_size(count, t, MPI_COMM_WORLD, &psize);
  CHECK(psize == nwant * (int)sizeof(int), "%s: pack size %d", what, psize);
  MPI_Pack(src, count, t, out, sizeof out, &pos, MPI_COMM_WORLD);
  CHECK(pos == nwant * (int)sizeof(int), "%s: position %d", what, pos);
  for (int i = 0; i < nwant; i++) CHECK(out[i] == want[i], "%s: packed[%d] = %d, want %d", what, i, out[i], want[i]);
  /* Unpack back into a cleared buffer: exactly the packed ints reappear. */
  int back[4096];
  memset(back, 0xff, sizeof back);
  pos = 0;
  MPI_Unpack(out, sizeof out, &pos, back, count, t, MPI_COMM_WORLD);
  for (int i = 0; i < nwant; i++) CHECK(back[want[i]] == want[i], "%s: unpacked %d", what, want[i]);
}

static void constructors(void) {
  MPI_Datatype t, t2;
  MPI_Type_contiguous(3, MPI_INT, &t);
  MPI_Type_commit(&t);
  check_type(t, "contiguous", 12, 0, 12);
  { int w[] = {0, 1, 2, 3, 4, 5}; check_pack(t, 2, w, 6, "contiguous"); }
  MPI_Type_free(&t);
  CHECK(t == MPI_DATATYPE_NULL, "free sets MPI_DATATYPE_NULL");

  MPI_Type_vector(3, 2, 5, MPI_INT, &t); /* a strided column block */
  MPI_Type_commit(&t);
  check_type(t, "vector", 24, 0, 48);
  { int w[] = {0, 1, 5, 6, 10, 11, 12, 13, 17, 18, 22, 23}; check_pack(t, 2, w, 12, "vector"); }
  MPI_Type_free(&t);

  MPI_Type_vector(3, 1, -2, MPI_INT, &t); /* negative stride */
  MPI_Type_commit(&t);
  check_type(t, "negative vector", 12, -16, 20);
  MPI_Aint tlb, tex;
  MPI_Type_get_true_extent(t, &tlb, &tex);
  CHECK(tlb == -16 && tex == 20, "true extent %ld %ld", (long)tlb, (long)tex);
  MPI_Type_free(&t);

  MPI_Type_create_hvector(2, 1, 12, MPI_INT, &t);
  MPI_Type_commit(&t);
  check_type(t, "hvector", 8, 0, 16);
  { int w[] = {0, 3}; check_pack(t, 1, w, 2, "hvector"); }
  MPI_Type_free(&t);

  { int bl[] = {2, 0, 1}, d[] = {4, 1, 0};
    MPI_Type_indexed(3, bl, d, MPI_INT, &t);
    MPI_Type_commit(&t);
    check_type(t, "indexed", 12, 0, 24);
    int w[] = {4, 5, 0, 10, 11, 6};
    check_pack(t, 2, w, 6, "indexed");
    MPI_Type_free(&t); }

  { int bl[] = {1, 2}; MPI_Aint d[] = {8, 20};
    MPI_Type_create_hindexed(2, bl, d, MPI_INT, &t);
    MPI_Type_commit(&t);
    int w[] = {2, 5, 6};
    check_pack(t, 1, w, 3, "hindexed");
    MPI_Type_free(&t); }

  { int d[] = {7, 1, 3};
    MPI_Type_create_indexed_block(3, 2, d, MPI_INT, &t);
    MPI_Type_commit(&t);
    int w[] = {7, 8, 1, 2, 3, 4};
    check_pack(t, 1, w, 6, "indexed_block");
    MPI_Type_free(&t); }

  { MPI_Aint d[] = {16, 0};
    MPI_Type_create_hindexed_block(2, 1, d, MPI_INT, &t);
    MPI_Type_commit(&t);
    int w[] = {4, 0};
    check_pack(t, 1, w, 2, "hindexed_block");
    MPI_Type_free(&t); }

  /* struct { int a; double b; char c; } with C padding. */
  { struct S { int a; double b; char c; } s[2];
    int bl[] = {1, 1, 1};
    MPI_Aint d[3], base;
    MPI_Datatype ty[] = {MPI_INT, MPI_DOUBLE, MPI_CHAR};
    MPI_Get_address(&s[0], &base);
    MPI_Get_address(&s[0].a, &d[0]);
    MPI_Get_address(&s[0].b, &d[1]);
    MPI_Get_address(&s[0].c, &d[2]);
    for (int i = 0; i < 3; i++) d[i] = MPI_Aint_diff(d[i], base);
    MPI_Type_create_struct(3, bl, d, ty, &t);
    MPI_Type_commit(&t);
    check_type(t, "struct", 13, 0, (MPI_Aint)sizeof(struct S));
    s[0].a = 1; s[0].b = 2.5; s[0].c = 'x'; s[1].a = 3; s[1].b = -1.0; s[1].c = 'y';
    char buf[64];
    int pos = 0;
    MPI_Pack(s, 2, t, buf, sizeof buf, &pos, MPI_COMM_WORLD);
    CHECK(pos == 26, "struct pack position %d", pos);
    struct S r[2];
    memset(r, 0, sizeof r);
    pos = 0;
    MPI_Unpack(buf, sizeof buf, &pos, r, 2, t, MPI_COMM_WORLD);
    CHECK(r[1].a == 3 && r[1].b == -1.0 && r[1].c == 'y' && r[0].b == 2.5, "struct round trip");

    /* MPI_BOTTOM: the same struct with absolute addresses. */
    MPI_Aint abs[3];
    MPI_Get_address(&s[1].a, &abs[0]);
    MPI_Get_address(&s[1].b, &abs[1]);
    MPI_Get_address(&s[1].c, &abs[2]);
    MPI_Type_create_struct(3, bl, abs, ty, &t2);
    MPI_Type_commit(&t2);
    pos = 0;
    MPI_Pack(MPI_BOTTOM, 1, t2, buf, sizeof buf, &pos, MPI_COMM_WORLD);
    int a;
    double b;
    memcpy(&a, buf, 4);
    memcpy(&b, buf + 4, 8);
    CHECK(pos == 13 && a == 3 && b == -1.0 && buf[12] == 'y', "MPI_BOTTOM pack");
    CHECK(MPI_Aint_add(abs[0], 8) == abs[1], "Aint_add");

    /* Envelope and contents give the arguments back. */
    int ni, na, nd, comb;
    MPI_Type_get_envelope(t, &ni, &na, &nd, &comb);
    CHECK(comb == MPI_COMBINER_STRUCT && ni == 4 && na == 3 && nd == 3, "struct envelope %d %d %d %d", ni, na, nd, comb);
    int ints[4];
    MPI_Aint addrs[3];
    MPI_Datatype types[3];
    MPI_Type_get_contents(t, 4, 3, 3, ints, addrs, types);
    CHECK(ints[0] == 3 && ints[1] == 1 && addrs[1] == d[1] && types[1] == MPI_DOUBLE, "struct contents");
    MPI_Type_free(&t2);
    MPI_Type_free(&t); }

  /* resized: an int with extent 12 strides over every third int. */
  MPI_Type_create_resized(MPI_INT, 0, 12, &t);
  MPI_Type_commit(&t);
  check_type(t, "resized", 4, 0, 12);
  { int w[] = {0, 3, 6, 9}; check_pack(t, 4, w, 4, "resized"); }
  /* A vector of the resized type received as contiguous ints. */
  MPI_Type_dup(t, &t2);
  int ni, na, nd, comb;
  MPI_Type_get_envelope(t2, &ni, &na, &nd, &comb);
  CHECK(comb == MPI_COMBINER_DUP && nd == 1, "dup envelope");
  MPI_Datatype inner;
  MPI_Type_get_contents(t2, 0, 0, 1, NULL, NULL, &inner);
  MPI_Aint l, e;
  MPI_Type_get_extent(inner, &l, &e);
  CHECK(e == 12, "contents gives the resized type back (extent %ld)", (long)e);
  MPI_Type_free(&inner);
  MPI_Type_free(&t2);
  MPI_Type_free(&t);

  /* Names. */
  char name[MPI_MAX_OBJECT_NAME];
  int len;
  MPI_Type_get_name(MPI_DOUBLE, name, &len);
  CHECK(strcmp(name, "MPI_DOUBLE") == 0 && len == 10, "predefined name %s", name);
  MPI_Type_contiguous(2, MPI_DOUBLE, &t);
  MPI_Type_set_name(t, "pair of doubles");
  MPI_Type_get_name(t, name, &len);
  CHECK(strcmp(name, "pair of doubles") == 0, "set name %s", name);
  MPI_Type_free(&t);

  /* Large counts and _x queries. */
  MPI_Count cs, clb, cex;
  MPI_Type_vector_c(4, 1, 2, MPI_DOUBLE, &t);
  MPI_Type_size_c(t, &cs);
  MPI_Type_get_extent_x(t, &clb, &cex);
  CHECK(cs == 32 && cex == 56, "vector_c size %lld extent %lld", (long long)cs, (long long)cex);
  MPI_Count nic, nac, ncc, ndc;
  MPI_Type_get_envelope_c(t, &nic, &nac, &ncc, &ndc, &comb);
  CHECK(comb == MPI_COMBINER_VECTOR && ncc == 3 && nic == 0, "vector_c envelope");
  MPI_Type_free(&t);

  MPI_Datatype m;
  MPI_Type_match_size(MPI_TYPECLASS_REAL, 8, &m);
  CHECK(m == MPI_REAL8, "match_size real 8");
  MPI_Type_match_size(MPI_TYPECLASS_INTEGER, 4, &m);
  CHECK(m == MPI_INTEGER4, "match_size integer 4");
}

/* Subarray and darray against naive index arithmetic on a 2-D int array. */
static void layouts(void) {
  enum { R = 6, C = 7 };
  int sizes[] = {R, C}, subs[] = {3, 4}, starts[] = {2, 1};
  MPI_Datatype t;
  int want[64], n = 0;
  MPI_Type_create_subarray(2, sizes, subs, starts, MPI_ORDER_C, MPI_INT, &t);
  MPI_Type_commit(&t);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) want[n++] = (2 + i) * C + 1 + j;
  check_type(t, "subarray C", 48, 0, R * C * 4);
  check_pack(t, 1, want, n, "subarray C");
  MPI_Type_free(&t);

  /* Fortran order: the first index varies fastest; element (i,j) at i + j*R. */
  MPI_Type_create_subarray(2, sizes, subs, starts, MPI_ORDER_FORTRAN, MPI_INT, &t);
  MPI_Type_commit(&t);
  n = 0;
  for (int j = 0; j < 4; j++)
    for (int i = 0; i < 3; i++) want[n++] = (2 + i) + (1 + j) * R;
  check_pack(t, 1, want, n, "subarray Fortran");
  MPI_Type_free(&t);

  /* darray: 2x2 processes, rows block-distributed, columns cyclic(2). */
  int gs[] = {R, C}, dist[] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC}, darg[] = {MPI_DISTRIBUTE_DFLT_DARG, 2};
  int ps[] = {2, 2};
  int total = 0;
  for (int rank = 0; rank < 4; rank++) {
    MPI_Type_create_darray(4, rank, 2, gs, dist, darg, ps, MPI_ORDER_C, MPI_INT, &t);
    MPI_Type_commit(&t);
    int pr = rank / 2, pc = rank % 2;
    n = 0;
    for (int i = 0; i < R; i++) {
      if (i / 3 != pr) continue;  /* block of ceil(6/2) = 3 rows */
      for (int j = 0; j < C; j++)
        if ((j / 2) % 2 == pc) want[n++] = i * C + j;
    }
    char what[32];
    snprintf(what, sizeof what, "darray rank %d", rank);
    check_type(t, what, n * 4, 0, R * C * 4);
    check_pack(t, 1, want, n, what);
    total += n;
    MPI_Type_free(&t);
  }
  CHECK(total == R * C, "darray pieces cover the array (%d)", total);
}

/* external32: big-endian, fixed sizes, known bytes. */
static void external32(void) {
  struct { int i; double d; long l; short s; } v = {0x01020304, 1.0, -2, 0x0a0b};
  unsigned char buf[64];
  MPI_Aint pos = 0, size;
  MPI_Pack_external("external32", &v.i, 1, MPI_INT, buf, sizeof buf, &pos);
  MPI_Pack_external("external32", &v.d, 1, MPI_DOUBLE, buf, sizeof buf, &pos);
  MPI_Pack_external("external32", &v.l, 1, MPI_LONG, buf, sizeof buf, &pos);
  MPI_Pack_external("external32", &v.s, 1, MPI_SHORT, buf, sizeof buf, &pos);
  static const unsigned char want[] = {1, 2, 3, 4, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xfe, 0x0a, 0x0b};
  CHECK(pos == (MPI_Aint)sizeof want, "external32 length %ld", (long)pos);
  CHECK(memcmp(buf, want, sizeof want) == 0, "external32 bytes");
  MPI_Pack_external_size("external32", 3, MPI_LONG, &size);
  CHECK(size == 12, "external32 size of 3 longs is %ld", (long)size);
  long l = 0;
  pos = 8 + 4;
  MPI_Unpack_external("external32", buf, sizeof buf, &pos, &l, 1, MPI_LONG);
  CHECK(l == -2, "external32 long back %ld", l);
  /* A derived type: vector of 2 doubles every 3. */
  double d[6] = {1, 2, 3, 4, 5, 6}, back[6] = {0};
  MPI_Datatype t;
  MPI_Type_vector(2, 1, 3, MPI_DOUBLE, &t);
  MPI_Type_commit(&t);
  pos = 0;
  MPI_Pack_external("external32", d, 1, t, buf, sizeof buf, &pos);
  CHECK(pos == 16 && buf[0] == 0x3f && buf[8] == 0x40 && buf[9] == 0x10, "external32 vector");
  pos = 0;
  MPI_Unpack_external("external32", buf, 16, &pos, back, 1, t);
  CHECK(back[0] == 1 && back[3] == 4 && back[1] == 0, "external32 vector back");
  MPI_Type_free(&t);
}

static int copies = 0, deletes = 0;
static int copy_fn(MPI_Datatype t, int k, void* extra, void* in, void* out, int* flag) {
  (void)t; (void)k; (void)extra;
  copies++;
  *(void**)out = in;
  *flag = 1;
  return MPI_SUCCESS;
}
static int delete_fn(MPI_Datatype t, int k, void* v, void* extra) {
  (void)t; (void)k; (void)v; (void)extra;
  deletes++;
  return MPI_SUCCESS;
}

static void attributes(void) {
  int key, flag;
  void* got;
  MPI_Datatype t, d;
  MPI_Type_create_keyval(copy_fn, delete_fn, &key, NULL);
  MPI_Type_contiguous(2, MPI_INT, &t);
  MPI_Type_set_attr(t, key, (void*)&failures);
  MPI_Type_dup(t, &d);
  MPI_Type_get_attr(d, key, &got, &flag);
  CHECK(flag && got == (void*)&failures && copies == 1, "attribute copied at dup");
  MPI_Type_free(&d);
  MPI_Type_free(&t);
  CHECK(deletes == 2, "attributes deleted at free (%d)", deletes);
  MPI_Type_free_keyval(&key);
}

/* np > 1: rank 0 sends a strided vector, rank 1 receives contiguous doubles,
 * then a partial receive of a struct type reports its basic elements. */
static void exchange(int rank, int size) {
  if (size < 2 || rank > 1) return;
  double a[20];
  for (int i = 0; i < 20; i++) a[i] = i;
  MPI_Datatype col;
  MPI_Type_vector(5, 1, 4, MPI_DOUBLE, &col);
  MPI_Type_commit(&col);
  struct { int i[2]; double d; } s[3];
  MPI_Datatype st;
  int bl[] = {2, 1};
  MPI_Aint disp[] = {0, 8};
  MPI_Datatype ty[] = {MPI_INT, MPI_DOUBLE};
  MPI_Type_create_struct(2, bl, disp, ty, &st);
  MPI_Type_commit(&st);
  if (rank == 0) {
    MPI_Send(a, 1, col, 1, 7, MPI_COMM_WORLD);
    MPI_Send(&a[1], 1, col, 1, 8, MPI_COMM_WORLD);
    /* 2 structs (32 bytes) and one more int: 7 basic elements. */
    char raw[36];
    memset(raw, 0, sizeof raw);
    MPI_Send(raw, 36, MPI_BYTE, 1, 9, MPI_COMM_WORLD);
  } else {
    double r[5];
    MPI_Status st1;
    MPI_Recv(r, 5, MPI_DOUBLE, 0, 7, MPI_COMM_WORLD, &st1);
    for (int i = 0; i < 5; i++) CHECK(r[i] == 4.0 * i, "vector received as contiguous: r[%d] = %g", i, r[i]);
    double b[20] = {0};
    MPI_Recv(b, 1, col, 0, 8, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 0; i < 5; i++) CHECK(b[4 * i] == 4.0 * i + 1 && b[4 * i + 1] == 0, "vector to vector");
    MPI_Status ps;
    int count, elements;
    MPI_Recv(s, 3, st, 0, 9, MPI_COMM_WORLD, &ps);
    MPI_Get_count(&ps, st, &count);
    MPI_Get_elements(&ps, st, &elements);
    CHECK(count == MPI_UNDEFINED && elements == 7, "partial receive: count %d elements %d", count, elements);
  }
  MPI_Type_free(&st);
  MPI_Type_free(&col);
}

int main(int argc, char** argv) {
  int rank, size;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  constructors();
  layouts();
  external32();
  attributes();
  exchange(rank, size);
  MPI_Finalize();
  if (failures) {
    fprintf(stderr, "type_layouts: %d checks failed on rank %d\n", failures, rank);
    return 1;
  }
  if (rank == 0) printf("OK\n");
  return 0;
}
