/* The shm stream bcast, reduce and allreduce (large messages through
 * shared rings of chunks; the decision table picks them on an
 * oversubscribed node, as np 3-8 on a 2-core machine are): rotating roots,
 * sizes just over the slots, over a chunk and over the whole rings (ranks
 * wait for room), a non-contiguous bcast type on one side only (a vector at
 * the root, plain ints at the readers, and the other way round), reductions
 * in place and with a non-commutative op, small collectives in between, a
 * split communicator, a dup whose info keys force them, and MPI_Ibcast
 * (nonblocking: a schedule through the pml). Run as the table picks and
 * forced through GYRE_COLL_<OP>=stream. Exit 0 and "OK" on success;
 * otherwise the failed check is named. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static int rank;

enum { kMaxInts = 3 * 1024 * 1024 / 4 };

static int value(int it, int i) { return it * 7919 + i; }

static void test_sizes(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  const int counts[] = {8193, 16384 + 5, 300001, kMaxInts, 1, 65536};
  int* v = malloc(sizeof(int) * kMaxInts);
  for (int it = 0; it < 12; ++it) {
    int root = it % n, c = counts[it % 6];
    for (int i = 0; i < c; ++i) v[i] = me == root ? value(it, i) : -1;
    MPI_Bcast(v, c, MPI_INT, root, comm);
    for (int i = 0; i < c; ++i) CHECK(v[i] == value(it, i), "%s bcast it %d count %d [%d]", name, it, c, i);
    int small = me == root ? it : -1, sum = 0;
    MPI_Bcast(&small, 1, MPI_INT, root, comm);
    CHECK(small == it, "%s small bcast it %d", name, it);
    MPI_Allreduce(&me, &sum, 1, MPI_INT, MPI_SUM, comm);
    CHECK(sum == n * (n - 1) / 2, "%s allreduce it %d", name, it);
  }
  free(v);
}

/* Every other int of a buffer (a strided vector) on one side, plain ints on
 * the other: the same type signature. */
static void test_noncontig(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  const int c = 200003;
  MPI_Datatype strided;
  MPI_Type_vector(c, 1, 2, MPI_INT, &strided);
  MPI_Type_commit(&strided);
  int* v = malloc(sizeof(int) * 2 * (size_t)c);
  for (int it = 0; it < 2 * n; ++it) {
    int root = it % n, vector_at_root = it % 2 == 0;
    int strided_here = (me == root) == vector_at_root;
    for (int i = 0; i < 2 * c; ++i) v[i] = -7;
    if (me == root)
      for (int i = 0; i < c; ++i) v[strided_here ? 2 * i : i] = value(it, i);
    if (strided_here)
      MPI_Bcast(v, 1, strided, root, comm);
    else
      MPI_Bcast(v, c, MPI_INT, root, comm);
    for (int i = 0; i < c; ++i) {
      CHECK(v[strided_here ? 2 * i : i] == value(it, i), "%s strided bcast it %d [%d]", name, it, i);
      if (strided_here) CHECK(v[2 * i + 1] == -7, "%s strided bcast it %d wrote a hole [%d]", name, it, i);
    }
  }
  MPI_Type_free(&strided);
  free(v);
}

/* x -> a x + b on int pairs, composed in rank order: associative, not
 * commutative. */
static void compose(void* in, void* inout, int* len, MPI_Datatype* type) {
  (void)type;
  const int* f = in;
  int* g = inout;
  for (int i = 0; i < *len; ++i) {
    g[2 * i + 1] = g[2 * i] * f[2 * i + 1] + g[2 * i + 1];
    g[2 * i] = g[2 * i] * f[2 * i];
  }
}

static void test_reduce(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  const int counts[] = {8193, 16384 + 5, 300001, kMaxInts / 2, 65536};
  int* v = malloc(sizeof(int) * kMaxInts);
  int* r = malloc(sizeof(int) * kMaxInts);
  for (int it = 0; it < 10; ++it) {
    int root = (it + 1) % n, c = counts[it % 5], in_place = it % 2 == 1 && me == root;
    for (int i = 0; i < c; ++i) (in_place ? r : v)[i] = value(me, i) % 1000 + it;
    MPI_Reduce(in_place ? MPI_IN_PLACE : v, r, c, MPI_INT, MPI_SUM, root, comm);
    if (me == root)
      for (int i = 0; i < c; ++i) {
        int want = 0;
        for (int q = 0; q < n; ++q) want += value(q, i) % 1000 + it;
        CHECK(r[i] == want, "%s reduce it %d count %d root %d [%d]", name, it, c, root, i);
      }
    /* allreduce, in place on odd iterations */
    for (int i = 0; i < c; ++i) (it % 2 ? r : v)[i] = me + i % 13;
    MPI_Allreduce(it % 2 ? MPI_IN_PLACE : v, r, c, MPI_INT, MPI_MAX, comm);
    for (int i = 0; i < c; ++i) CHECK(r[i] == n - 1 + i % 13, "%s allreduce it %d count %d [%d]", name, it, c, i);
  }
  MPI_Op op;
  MPI_Op_create(compose, 0, &op);
  MPI_Datatype pair;
  MPI_Type_contiguous(2, MPI_INT, &pair);
  MPI_Type_commit(&pair);
  const int pairs = 100003;
  for (int i = 0; i < pairs; ++i) v[2 * i] = 3, v[2 * i + 1] = me + i % 5;
  MPI_Reduce(v, r, pairs, pair, op, n / 2, comm);
  if (me == n / 2)
    for (int i = 0; i < pairs; ++i) {
      int m = 1, k = 0;
      for (int q = 0; q < n; ++q) k = 3 * k + q + i % 5, m *= 3;
      CHECK(r[2 * i] == m && r[2 * i + 1] == k, "%s non-commutative reduce [%d]", name, i);
    }
  MPI_Allreduce(v, r, pairs, pair, op, comm);
  for (int i = 0; i < pairs; ++i) {
    int m = 1, k = 0;
    for (int q = 0; q < n; ++q) k = 3 * k + q + i % 5, m *= 3;
    CHECK(r[2 * i] == m && r[2 * i + 1] == k, "%s non-commutative allreduce [%d]", name, i);
  }
  MPI_Type_free(&pair);
  MPI_Op_free(&op);
  free(v);
  free(r);
}

static void test_ibcast(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  const int c = 400000;
  int* v = malloc(sizeof(int) * (size_t)c);
  int root = n - 1;
  for (int i = 0; i < c; ++i) v[i] = me == root ? value(5, i) : -1;
  MPI_Request req;
  MPI_Ibcast(v, c, MPI_INT, root, comm, &req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  for (int i = 0; i < c; ++i) CHECK(v[i] == value(5, i), "%s ibcast [%d]", name, i);
  free(v);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  test_sizes(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_noncontig(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_reduce(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_ibcast(MPI_COMM_WORLD, "MPI_COMM_WORLD");

  MPI_Comm half;
  MPI_Comm_split(MPI_COMM_WORLD, rank % 2, -rank, &half);
  test_sizes(half, "split");
  test_reduce(half, "split");
  MPI_Comm_free(&half);

  MPI_Info info;
  MPI_Info_create(&info);
  MPI_Info_set(info, "gyre_coll_bcast", "stream");
  MPI_Info_set(info, "gyre_coll_reduce", "stream");
  MPI_Info_set(info, "gyre_coll_allreduce", "stream");
  MPI_Comm forced;
  MPI_Comm_dup_with_info(MPI_COMM_WORLD, info, &forced);
  MPI_Info_free(&info);
  char hint[64];
  int found = 0;
  MPI_Info used;
  MPI_Comm_get_info(forced, &used);
  MPI_Info_get(used, "gyre_coll_bcast", sizeof hint - 1, hint, &found);
  MPI_Info_free(&used);
  CHECK(found, "the dup does not report its gyre_coll_bcast hint");
  test_sizes(forced, "dup with gyre_coll_bcast=stream");
  test_noncontig(forced, "dup with gyre_coll_bcast=stream");
  test_reduce(forced, "dup with gyre_coll_reduce=stream");
  MPI_Comm_free(&forced);

  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
