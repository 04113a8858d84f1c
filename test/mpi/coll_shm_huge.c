/* The shm collectives' huge slots (8-32 KiB per rank): bcasts with rotating
 * roots and sizes that cycle through the big and huge slots, so that roots
 * run ahead of their readers and every huge slot is reused, then allgathers
 * and an MPI_IN_PLACE allgather of blocks up to 32 KiB. The decision table
 * sends these sizes to shm only when the node is oversubscribed (np 4 and 8
 * on a 2-core machine), and only then does the segment have huge slots; the
 * forced line of tests.list checks that elsewhere a forced shm falls back
 * (with a warning) and still gives the right results.
 * Exit 0 and "OK" on success; otherwise the failed check is named. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static int rank;

enum { kMaxInts = 32768 / 4 };

static int value(int it, int i) { return it * 131 + i; }

static void test_bcast(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  const int counts[] = {2048, 2049, 5000, kMaxInts, 3001};  /* 8 KiB, just over, ..., 32 KiB */
  int* v = malloc(sizeof(int) * kMaxInts);
  for (int it = 0; it < 60; ++it) {
    int root = it % n, c = counts[it % 5];
    for (int i = 0; i < c; ++i) v[i] = me == root ? value(it, i) : -1;
    MPI_Bcast(v, c, MPI_INT, root, comm);
    for (int i = 0; i < c; ++i) CHECK(v[i] == value(it, i), "%s bcast it %d count %d [%d]", name, it, c, i);
  }
  free(v);
}

static void test_allgather(MPI_Comm comm, const char* name) {
  int me, n;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &n);
  int* mine = malloc(sizeof(int) * kMaxInts);
  int* all = malloc(sizeof(int) * kMaxInts * (size_t)n);
  const int counts[] = {2049, 4096, kMaxInts};
  for (int it = 0; it < 12; ++it) {
    int c = counts[it % 3];
    for (int i = 0; i < c; ++i) mine[i] = value(me + it, i);
    if (it % 2 == 0) {
      MPI_Allgather(mine, c, MPI_INT, all, c, MPI_INT, comm);
    } else {  /* in place: each rank's block already sits in the receive buffer */
      for (int i = 0; i < c; ++i) all[(size_t)me * c + i] = mine[i];
      MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, all, c, MPI_INT, comm);
    }
    for (int r = 0; r < n; ++r)
      for (int i = 0; i < c; ++i)
        CHECK(all[(size_t)r * c + i] == value(r + it, i), "%s allgather it %d count %d block %d [%d]", name, it,
              c, r, i);
  }
  free(mine);
  free(all);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm dup;
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  test_bcast(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_allgather(MPI_COMM_WORLD, "MPI_COMM_WORLD");
  test_bcast(dup, "dup");
  test_allgather(dup, "dup");
  MPI_Comm_free(&dup);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
