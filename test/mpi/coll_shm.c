/* What coll_all leaves out, for the shm collectives (run with every
 * GYRE_COLL_<OP>=shm) and for whatever else is selected:
 *  - long mixed sequences with rotating roots, so that roots run ahead of
 *    their readers and every slot is reused many times;
 *  - a non-commutative op (2x2 matrix product) reduced in rank order;
 *  - derived datatypes (strided vectors, a contiguous derived type in a
 *    reduction, a non-contiguous one that shm must decline);
 *  - MPI_IN_PLACE for every operation that has it;
 *  - sub-communicators created, used and freed many times.
 * Exit 0 and "OK" on success; otherwise the failed check is named. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int rank;

/* A non-commutative, associative op: 2x2 matrix product (mod 2^32). */
typedef struct {
  unsigned m[4];
} mat;

static mat mat_mul(mat a, mat b) {
  mat c;
  c.m[0] = a.m[0] * b.m[0] + a.m[1] * b.m[2];
  c.m[1] = a.m[0] * b.m[1] + a.m[1] * b.m[3];
  c.m[2] = a.m[2] * b.m[0] + a.m[3] * b.m[2];
  c.m[3] = a.m[2] * b.m[1] + a.m[3] * b.m[3];
  return c;
}

static void mat_op(void* in, void* inout, int* len, MPI_Datatype* type) {
  mat* a = in;
  mat* b = inout;
  for (int i = 0; i < *len; ++i) b[i] = mat_mul(a[i], b[i]); /* inout = in * inout */
}

static mat mat_of(int r, int i) {
  mat x = {{(unsigned)(r + 1), (unsigned)(i + 2), (unsigned)(r * 3 + 1), (unsigned)(i + r + 5)}};
  return x;
}

static int mat_eq(mat a, mat b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Rotating roots, mixed operations, many calls in a row. */
static void test_sequences(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  int buf[64], out[64 * 8 * 4], all[64 * 8 * 4];
  for (int it = 0; it < 300; ++it) {
    int root = it % n, c = 1 + it % 17;
    for (int i = 0; i < c; ++i) buf[i] = me == root ? it * 100 + i : -1;
    MPI_Bcast(buf, c, MPI_INT, root, comm);
    for (int i = 0; i < c; ++i) CHECK(buf[i] == it * 100 + i, "%s bcast it %d root %d", name, it, root);
    for (int i = 0; i < c; ++i) buf[i] = me + i + it;
    MPI_Reduce(buf, out, c, MPI_INT, MPI_SUM, (root + 1) % n, comm);
    if (me == (root + 1) % n)
      for (int i = 0; i < c; ++i) CHECK(out[i] == n * (n - 1) / 2 + n * (i + it), "%s reduce it %d", name, it);
    if (it % 3 == 0) MPI_Barrier(comm);
    MPI_Gather(buf, c, MPI_INT, all, c, MPI_INT, root, comm);
    if (me == root)
      for (int r = 0; r < n; ++r)
        for (int i = 0; i < c; ++i) CHECK(all[r * c + i] == r + i + it, "%s gather it %d", name, it);
    for (int i = 0; i < c * n; ++i) all[i] = me == root ? i * 7 + it : -1;
    MPI_Scatter(all, c, MPI_INT, out, c, MPI_INT, root, comm);
    for (int i = 0; i < c; ++i) CHECK(out[i] == (me * c + i) * 7 + it, "%s scatter it %d", name, it);
    if (it % 5 == 0) {
      MPI_Allreduce(buf, out, c, MPI_INT, MPI_MAX, comm);
      for (int i = 0; i < c; ++i) CHECK(out[i] == n - 1 + i + it, "%s allreduce it %d", name, it);
    }
  }
}

static void test_noncommutative(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  MPI_Datatype mt;
  MPI_Op op;
  MPI_Type_contiguous(4, MPI_UNSIGNED, &mt);
  MPI_Type_commit(&mt);
  MPI_Op_create(mat_op, 0, &op);
  enum { C = 5 };
  mat v[C * 8], r[C * 8], expect[C * 8];
  for (int b = 0; b < n; ++b)
    for (int i = 0; i < C; ++i) {
      expect[b * C + i] = mat_of(0, b * C + i);
      for (int q = 1; q < n; ++q) expect[b * C + i] = mat_mul(expect[b * C + i], mat_of(q, b * C + i));
    }
  for (int i = 0; i < C * n; ++i) v[i] = mat_of(me, i);
  MPI_Allreduce(v, r, C, mt, op, comm);
  for (int i = 0; i < C; ++i) CHECK(mat_eq(r[i], expect[i]), "%s non-commutative allreduce [%d]", name, i);
  MPI_Allreduce(MPI_IN_PLACE, v, C, mt, op, comm);
  for (int i = 0; i < C; ++i) CHECK(mat_eq(v[i], expect[i]), "%s non-commutative allreduce in place [%d]", name, i);
  for (int root = 0; root < n; ++root) {
    for (int i = 0; i < C; ++i) v[i] = mat_of(me, i);
    MPI_Reduce(me == root ? MPI_IN_PLACE : (void*)v, v, C, mt, op, root, comm);
    if (me == root)
      for (int i = 0; i < C; ++i) CHECK(mat_eq(v[i], expect[i]), "%s non-commutative reduce root %d", name, root);
  }
  for (int i = 0; i < C * n; ++i) v[i] = mat_of(me, i);
  MPI_Reduce_scatter_block(v, r, C, mt, op, comm);
  for (int i = 0; i < C; ++i)
    CHECK(mat_eq(r[i], expect[me * C + i]), "%s non-commutative reduce_scatter_block [%d]", name, i);
  int counts[8];
  for (int q = 0; q < n; ++q) counts[q] = C;
  MPI_Reduce_scatter(MPI_IN_PLACE, v, counts, mt, op, comm);
  for (int i = 0; i < C; ++i)
    CHECK(mat_eq(v[i], expect[me * C + i]), "%s non-commutative reduce_scatter in place [%d]", name, i);
  MPI_Op_free(&op);
  MPI_Type_free(&mt);
}

/* Every other int of the user's buffer: a non-contiguous type. */
static void test_derived(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  enum { C = 6 };
  MPI_Datatype strided, pair;
  MPI_Type_vector(C, 1, 2, MPI_INT, &strided);
  MPI_Type_commit(&strided);
  int sparse[2 * C * 8], dense[C * 8 * 8];
  for (int root = 0; root < n; ++root) {
    for (int i = 0; i < 2 * C; ++i) sparse[i] = me == root ? i : -1;
    MPI_Bcast(sparse, 1, strided, root, comm);
    for (int i = 0; i < 2 * C; ++i)
      CHECK(sparse[i] == (i % 2 == 0 ? i : me == root ? i : -1), "%s derived bcast root %d [%d]", name, root, i);
  }
  /* allgather: strided send, contiguous receive and the reverse */
  for (int i = 0; i < 2 * C; ++i) sparse[i] = me * 100 + i;
  MPI_Allgather(sparse, 1, strided, dense, C, MPI_INT, comm);
  for (int r = 0; r < n; ++r)
    for (int i = 0; i < C; ++i) CHECK(dense[r * C + i] == r * 100 + 2 * i, "%s derived allgather", name);
  int big[2 * C * 8 * 8];
  MPI_Datatype strided_block;
  MPI_Type_create_resized(strided, 0, (MPI_Aint)(2 * C * sizeof(int)), &strided_block);
  MPI_Type_commit(&strided_block);
  for (int i = 0; i < C; ++i) dense[i] = me * 10 + i;
  MPI_Gather(dense, C, MPI_INT, big, 1, strided_block, n - 1, comm);
  if (me == n - 1)
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < C; ++i) CHECK(big[r * 2 * C + 2 * i] == r * 10 + i, "%s derived gather", name);
  for (int r = 0; r < n; ++r)
    for (int i = 0; i < C; ++i) big[r * 2 * C + 2 * i] = me * 1000 + r * 10 + i;
  MPI_Alltoall(big, 1, strided_block, dense, C, MPI_INT, comm);
  for (int r = 0; r < n; ++r)
    for (int i = 0; i < C; ++i) CHECK(dense[r * C + i] == r * 1000 + me * 10 + i, "%s derived alltoall", name);
  MPI_Scatter(big, 1, strided_block, dense, C, MPI_INT, 0, comm); /* rank 0's block r: r * 10 + i */
  for (int i = 0; i < C; ++i) CHECK(dense[i] == me * 10 + i, "%s derived scatter [%d] = %d", name, i, dense[i]);
  /* a contiguous derived type in a reduction, and a strided one (shm declines it) */
  MPI_Type_contiguous(2, MPI_INT, &pair);
  MPI_Type_commit(&pair);
  for (int i = 0; i < C; ++i) dense[i] = me + i;
  MPI_Allreduce(MPI_IN_PLACE, dense, C / 2, pair, MPI_SUM, comm);
  for (int i = 0; i < C; ++i) CHECK(dense[i] == n * (n - 1) / 2 + n * i, "%s contiguous derived allreduce", name);
  for (int i = 0; i < 2 * C; ++i) sparse[i] = me + i;
  MPI_Allreduce(MPI_IN_PLACE, sparse, 1, strided, MPI_SUM, comm);
  for (int i = 0; i < 2 * C; ++i)
    CHECK(sparse[i] == (i % 2 == 0 ? n * (n - 1) / 2 + n * i : me + i), "%s strided allreduce [%d]", name, i);
  MPI_Type_free(&pair);
  MPI_Type_free(&strided_block);
  MPI_Type_free(&strided);
}

static void test_in_place(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  enum { C = 3 };
  int v[C * 8];
  for (int i = 0; i < C * n; ++i) v[i] = i / C == me ? me * 10 + i % C : -1;
  MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, v, C, MPI_INT, comm);
  for (int i = 0; i < C * n; ++i) CHECK(v[i] == (i / C) * 10 + i % C, "%s allgather in place", name);
  for (int i = 0; i < C * n; ++i) v[i] = me * 100 + i;
  MPI_Alltoall(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, v, C, MPI_INT, comm);
  for (int r = 0; r < n; ++r)
    for (int i = 0; i < C; ++i) CHECK(v[r * C + i] == r * 100 + me * C + i, "%s alltoall in place", name);
  for (int root = 0; root < n; ++root) {
    for (int i = 0; i < C * n; ++i) v[i] = me == root ? (i / C == root ? 7 : -1) : -2;
    int mine[C] = {me, me, me};
    MPI_Gather(me == root ? MPI_IN_PLACE : mine, C, MPI_INT, v, C, MPI_INT, root, comm);
    if (me == root)
      for (int i = 0; i < C * n; ++i) CHECK(v[i] == (i / C == root ? 7 : i / C), "%s gather in place", name);
    for (int i = 0; i < C * n; ++i) v[i] = i;
    for (int i = 0; i < C; ++i) mine[i] = -1;
    MPI_Scatter(v, C, MPI_INT, me == root ? MPI_IN_PLACE : mine, C, MPI_INT, root, comm);
    if (me != root)
      for (int i = 0; i < C; ++i) CHECK(mine[i] == me * C + i, "%s scatter in place", name);
  }
  for (int i = 0; i < C * n; ++i) v[i] = me + i;
  MPI_Reduce_scatter_block(MPI_IN_PLACE, v, C, MPI_INT, MPI_SUM, comm);
  for (int i = 0; i < C; ++i) CHECK(v[i] == n * (n - 1) / 2 + n * (me * C + i), "%s reduce_scatter_block in place", name);
}

/* Communicators created, used and freed: each may get (and must release) a segment. */
static void test_subcomms(void) {
  int me, n;
  MPI_Comm_rank(MPI_COMM_WORLD, &me);
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  for (int it = 0; it < 40; ++it) {
    MPI_Comm sub;
    MPI_Comm_split(MPI_COMM_WORLD, (me + it) % 2, n - me, &sub);
    int x = me, sum = -1, sn;
    MPI_Comm_size(sub, &sn);
    MPI_Allreduce(&x, &sum, 1, MPI_INT, MPI_SUM, sub);
    int expect = 0;
    for (int r = 0; r < n; ++r) expect += (r + it) % 2 == (me + it) % 2 ? r : 0;
    CHECK(sum == expect, "split allreduce it %d: %d != %d", it, sum, expect);
    MPI_Barrier(sub);
    MPI_Comm_free(&sub);
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm dup;
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  test_sequences(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_noncommutative(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_derived(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_in_place(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_sequences(dup, "dup");
  test_noncommutative(MPI_COMM_SELF, "MPI_COMM_SELF");
  test_in_place(MPI_COMM_SELF, "MPI_COMM_SELF");
  test_subcomms();
  MPI_Comm_free(&dup);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
