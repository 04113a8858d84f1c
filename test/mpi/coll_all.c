/* Every collective on MPI_COMM_WORLD and MPI_COMM_SELF, with whatever
 * algorithm is selected (the runner sets GYRE_COLL_<OP> from
 * coll_algorithms.txt), blocking, nonblocking interleaved with
 * point-to-point, and persistent started many times. Exit 0 and "OK" on
 * success; otherwise the failed check is named. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int rank, size;

static int value(int r, int i) { return r * 1000 + i; }

static void test_comm(MPI_Comm comm, const char* name) {
  int me, n, counts[] = {0, 1, 7, 1000, 70000};
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  MPI_Barrier(comm);
  for (unsigned ci = 0; ci < sizeof counts / sizeof counts[0]; ++ci) {
    int c = counts[ci];
    int* a = malloc(sizeof(int) * (size_t)(c + 1) * (size_t)n);
    int* b = malloc(sizeof(int) * (size_t)(c + 1) * (size_t)n);
    /* allreduce, in place too */
    for (int i = 0; i < c; ++i) a[i] = value(me, i);
    MPI_Allreduce(a, b, c, MPI_INT, MPI_SUM, comm);
    for (int i = 0; i < c; ++i) CHECK(b[i] == n * (n - 1) / 2 * 1000 + n * i, "%s allreduce count %d [%d]", name, c, i);
    MPI_Allreduce(MPI_IN_PLACE, a, c, MPI_INT, MPI_MAX, comm);
    for (int i = 0; i < c; ++i) CHECK(a[i] == value(n - 1, i), "%s allreduce in place count %d", name, c);
    /* bcast from every root */
    for (int root = 0; root < n; ++root) {
      for (int i = 0; i < c; ++i) a[i] = me == root ? value(root, i) : -1;
      MPI_Bcast(a, c, MPI_INT, root, comm);
      for (int i = 0; i < c; ++i) CHECK(a[i] == value(root, i), "%s bcast root %d count %d", name, root, c);
    }
    /* reduce to the last rank */
    for (int i = 0; i < c; ++i) a[i] = value(me, i);
    MPI_Reduce(a, b, c, MPI_INT, MPI_SUM, n - 1, comm);
    if (me == n - 1)
      for (int i = 0; i < c; ++i) CHECK(b[i] == n * (n - 1) / 2 * 1000 + n * i, "%s reduce count %d", name, c);
    if (c > 2000) { free(a); free(b); continue; } /* the rest scale with n*c */
    /* allgather, gather, scatter, alltoall */
    for (int i = 0; i < c; ++i) a[i] = value(me, i);
    MPI_Allgather(a, c, MPI_INT, b, c, MPI_INT, comm);
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < c; ++i) CHECK(b[r * c + i] == value(r, i), "%s allgather count %d", name, c);
    MPI_Gather(a, c, MPI_INT, b, c, MPI_INT, 0, comm);
    if (me == 0)
      for (int r = 0; r < n; ++r)
        for (int i = 0; i < c; ++i) CHECK(b[r * c + i] == value(r, i), "%s gather count %d", name, c);
    for (int i = 0; i < c * n; ++i) b[i] = me == 0 ? value(i / (c ? c : 1), i % (c ? c : 1)) : -1;
    MPI_Scatter(b, c, MPI_INT, a, c, MPI_INT, 0, comm);
    for (int i = 0; i < c; ++i) CHECK(a[i] == value(me, i), "%s scatter count %d", name, c);
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < c; ++i) a[r * c + i] = value(me, r * 10 + i);
    MPI_Alltoall(a, c, MPI_INT, b, c, MPI_INT, comm);
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < c; ++i) CHECK(b[r * c + i] == value(r, me * 10 + i), "%s alltoall count %d", name, c);
    /* v forms: rank r contributes r % 3 + c elements */
    {
      int *rc = malloc(sizeof(int) * (size_t)n), *dis = malloc(sizeof(int) * (size_t)n), tot = 0;
      int *big = malloc(sizeof(int) * (size_t)(n * (c + 3) + 1));
      for (int r = 0; r < n; ++r) { rc[r] = r % 3 + c; dis[r] = tot; tot += rc[r]; }
      int mine = me % 3 + c;
      for (int i = 0; i < mine; ++i) a[i] = value(me, i);
      MPI_Allgatherv(a, mine, MPI_INT, big, rc, dis, MPI_INT, comm);
      for (int r = 0; r < n; ++r)
        for (int i = 0; i < rc[r]; ++i) CHECK(big[dis[r] + i] == value(r, i), "%s allgatherv count %d", name, c);
      MPI_Gatherv(a, mine, MPI_INT, big, rc, dis, MPI_INT, n - 1, comm);
      if (me == n - 1)
        for (int r = 0; r < n; ++r)
          for (int i = 0; i < rc[r]; ++i) CHECK(big[dis[r] + i] == value(r, i), "%s gatherv count %d", name, c);
      MPI_Scatterv(big, rc, dis, MPI_INT, b, mine, MPI_INT, n - 1, comm);
      for (int i = 0; i < mine; ++i) CHECK(b[i] == value(me, i), "%s scatterv count %d", name, c);
      /* reduce_scatter: rank r gets rc[r] sums */
      int* vec = malloc(sizeof(int) * (size_t)(tot + 1));
      for (int i = 0; i < tot; ++i) vec[i] = me + i;
      MPI_Reduce_scatter(vec, b, rc, MPI_INT, MPI_SUM, comm);
      for (int i = 0; i < mine; ++i) CHECK(b[i] == n * (n - 1) / 2 + n * (dis[me] + i), "%s reduce_scatter count %d", name, c);
      for (int i = 0; i < c * n; ++i) vec[i] = me + i;
      free(vec);
      free(rc); free(dis); free(big);
    }
    for (int i = 0; i < c * n; ++i) a[i] = me + i;
    MPI_Reduce_scatter_block(a, b, c, MPI_INT, MPI_SUM, comm);
    for (int i = 0; i < c; ++i) CHECK(b[i] == n * (n - 1) / 2 + n * (me * c + i), "%s reduce_scatter_block count %d", name, c);
    /* scan / exscan */
    for (int i = 0; i < c; ++i) a[i] = me + i;
    MPI_Scan(a, b, c, MPI_INT, MPI_SUM, comm);
    for (int i = 0; i < c; ++i) CHECK(b[i] == me * (me + 1) / 2 + (me + 1) * i, "%s scan count %d", name, c);
    MPI_Exscan(a, b, c, MPI_INT, MPI_SUM, comm);
    if (me > 0)
      for (int i = 0; i < c; ++i) CHECK(b[i] == (me - 1) * me / 2 + me * i, "%s exscan count %d", name, c);
    free(a);
    free(b);
  }
  /* nonblocking collectives interleaved with point-to-point and each other */
  {
    int x = me + 1, sum = 0, bc = me == 0 ? 42 : 0, token = -1, right = (me + 1) % n, left = (me + n - 1) % n;
    MPI_Request reqs[5];
    MPI_Iallreduce(&x, &sum, 1, MPI_INT, MPI_SUM, comm, &reqs[0]);
    MPI_Irecv(&token, 1, MPI_INT, left, 7, comm, &reqs[1]);
    MPI_Ibcast(&bc, 1, MPI_INT, 0, comm, &reqs[2]);
    MPI_Isend(&me, 1, MPI_INT, right, 7, comm, &reqs[3]);
    MPI_Ibarrier(comm, &reqs[4]);
    MPI_Waitall(5, reqs, MPI_STATUSES_IGNORE);
    CHECK(sum == n * (n + 1) / 2, "%s iallreduce", name);
    CHECK(bc == 42, "%s ibcast", name);
    CHECK(token == left, "%s p2p between nonblocking collectives", name);
  }
  /* persistent collectives started many times */
  {
    int x = 0, sum = 0, flag = 0;
    MPI_Request r, b;
    MPI_Allreduce_init(&x, &sum, 1, MPI_INT, MPI_SUM, comm, MPI_INFO_NULL, &r);
    MPI_Barrier_init(comm, MPI_INFO_NULL, &b);
    for (int it = 0; it < 50; ++it) {
      x = me * it;
      MPI_Start(&r);
      MPI_Start(&b);
      MPI_Wait(&r, MPI_STATUS_IGNORE);
      MPI_Wait(&b, MPI_STATUS_IGNORE);
      CHECK(sum == it * n * (n - 1) / 2, "%s persistent allreduce iteration %d", name, it);
    }
    MPI_Test(&r, &flag, MPI_STATUS_IGNORE);
    MPI_Request_free(&r);
    MPI_Request_free(&b);
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  test_comm(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_comm(MPI_COMM_SELF, "MPI_COMM_SELF");
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
