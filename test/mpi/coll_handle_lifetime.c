/* MPI lets a program free an op or a datatype while a nonblocking or
 * persistent collective that uses it is pending (MPI-4.0 §2.5.1: the object
 * is deallocated once the operations using it complete). This test frees
 * both handles right after MPI_Iallreduce / MPI_Allreduce_init, then
 * creates many other ops and types (so freed memory gets reused by objects
 * that would give a wrong result) and only then waits / starts the
 * operation, and checks the result. Exit 0 and "OK" on success. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static int rank, size;

/* The element type is a pair of ints (a derived contiguous type); the op
 * adds the first ints and keeps the maximum of the second ones. It never
 * looks at *dt: the handle may already be freed when it runs. */
static void pair_op(void* in, void* inout, int* len, MPI_Datatype* dt) {
  (void)dt;
  const int* a = in;
  int* b = inout;
  for (int i = 0; i < *len; ++i) {
    b[2 * i] += a[2 * i];
    if (a[2 * i + 1] > b[2 * i + 1]) b[2 * i + 1] = a[2 * i + 1];
  }
}

/* What the freed objects' memory would hold if reused. */
static void decoy_op(void* in, void* inout, int* len, MPI_Datatype* dt) {
  (void)in;
  (void)dt;
  int* b = inout;
  for (int i = 0; i < 2 * *len; ++i) b[i] = -777;
}

enum { kDecoys = 64 };
static MPI_Op decoy_ops[kDecoys];
static MPI_Datatype decoy_types[kDecoys];

static void make_decoys(void) {
  for (int i = 0; i < kDecoys; ++i) {
    MPI_Op_create(decoy_op, 0, &decoy_ops[i]);
    MPI_Type_contiguous(3 + i % 5, MPI_CHAR, &decoy_types[i]);
    MPI_Type_commit(&decoy_types[i]);
  }
}

static void free_decoys(void) {
  for (int i = 0; i < kDecoys; ++i) {
    MPI_Op_free(&decoy_ops[i]);
    MPI_Type_free(&decoy_types[i]);
  }
}

static void fill(int* a, int n, int round) {
  for (int i = 0; i < n; ++i) {
    a[2 * i] = rank + i + round;
    a[2 * i + 1] = (rank * 7 + i + round) % (size + 3);
  }
}

static void check(const int* b, int n, int round, const char* what) {
  for (int i = 0; i < n; ++i) {
    int sum = 0, max = -1;
    for (int r = 0; r < size; ++r) {
      sum += r + i + round;
      int v = (r * 7 + i + round) % (size + 3);
      if (v > max) max = v;
    }
    CHECK(b[2 * i] == sum && b[2 * i + 1] == max, "%s: element %d = {%d, %d}, want {%d, %d}", what, i, b[2 * i],
          b[2 * i + 1], sum, max);
  }
}

static void run(int n) {
  int* a = malloc(sizeof(int) * 2 * (size_t)n);
  int* b = malloc(sizeof(int) * 2 * (size_t)n);
  MPI_Datatype pair;
  MPI_Op op;

  /* Nonblocking: free both handles before the wait. */
  MPI_Type_contiguous(2, MPI_INT, &pair);
  MPI_Type_commit(&pair);
  MPI_Op_create(pair_op, 1, &op);
  fill(a, n, 0);
  MPI_Request req;
  MPI_Iallreduce(a, b, n, pair, op, MPI_COMM_WORLD, &req);
  MPI_Op_free(&op);
  MPI_Type_free(&pair);
  CHECK(op == MPI_OP_NULL && pair == MPI_DATATYPE_NULL, "free sets the handles to null");
  make_decoys();
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  check(b, n, 0, "iallreduce after free");
  free_decoys();

  /* Persistent: free both handles after the init, start twice. */
  MPI_Type_contiguous(2, MPI_INT, &pair);
  MPI_Type_commit(&pair);
  MPI_Op_create(pair_op, 1, &op);
  MPI_Allreduce_init(a, b, n, pair, op, MPI_COMM_WORLD, MPI_INFO_NULL, &req);
  MPI_Op_free(&op);
  MPI_Type_free(&pair);
  make_decoys();
  for (int round = 1; round <= 2; ++round) {
    fill(a, n, round);
    MPI_Start(&req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    check(b, n, round, "persistent allreduce after free");
  }
  MPI_Request_free(&req);
  free_decoys();

  free(a);
  free(b);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  run(1);
  run(1000);
  run(100000); /* 800 KB: the pml's rendezvous path */
  MPI_Finalize();
  if (rank == 0) printf("OK\n");
  return 0;
}
