/* Asynchronous progress: with GYRE_ASYNC_PROGRESS=on, nonblocking and
 * persistent collectives complete while every rank sleeps without making an
 * MPI call (the progress thread advances them); with it off they complete in
 * MPI_Wait. Either way the results are checked. Also exercises the MPI lock:
 * MPI_Test in a loop while the thread polls, a user-defined op (its callback
 * may run on the progress thread), and many short operations back to back.
 * The sleep is not a time limit: it only gives the thread time to work. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

static int rank, size;

enum { kReduceCount = 1 << 20, kBcastCount = 100000, kBlock = 1000 };

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static int reduce_value(int r, int i) { return (r + 1) * (i % 7 + 1); }

/* A commutative user op (int sum), so its callback runs wherever progress runs. */
static void user_sum(void* in, void* inout, int* len, MPI_Datatype* type) {
  const int* a = in;
  int* b = inout;
  for (int i = 0; i < *len; ++i) b[i] += a[i];
}

static void check_allreduce(const int* r, int n, const char* what) {
  int ranks_sum = size * (size + 1) / 2;
  for (int i = 0; i < n; ++i)
    CHECK(r[i] == ranks_sum * (i % 7 + 1), "%s: element %d is %d, expected %d", what, i, r[i],
          ranks_sum * (i % 7 + 1));
}

/* Iallreduce (4 MiB), Ibcast, Ialltoall started together, a sleep with no
 * MPI call, then one MPI_Testall: complete already when the thread is on. */
static void overlap_round(int expect_done, MPI_Op op, int round) {
  int* s = malloc(sizeof(int) * kReduceCount);
  int* r = malloc(sizeof(int) * kReduceCount);
  int* b = malloc(sizeof(int) * kBcastCount);
  int* as = malloc(sizeof(int) * kBlock * size);
  int* ar = malloc(sizeof(int) * kBlock * size);
  for (int i = 0; i < kReduceCount; ++i) s[i] = reduce_value(rank, i), r[i] = -1;
  int root = round % size;
  for (int i = 0; i < kBcastCount; ++i) b[i] = rank == root ? i * 3 + round : -1;
  for (int i = 0; i < kBlock * size; ++i) as[i] = rank * 1000000 + i, ar[i] = -1;

  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Request req[3];
  MPI_Iallreduce(s, r, kReduceCount, MPI_INT, op, MPI_COMM_WORLD, &req[0]);
  MPI_Ibcast(b, kBcastCount, MPI_INT, root, MPI_COMM_WORLD, &req[1]);
  MPI_Ialltoall(as, kBlock, MPI_INT, ar, kBlock, MPI_INT, MPI_COMM_WORLD, &req[2]);
  sleep_ms(300);
  int flag = 0;
  MPI_Testall(3, req, &flag, MPI_STATUSES_IGNORE);
  if (expect_done)
    CHECK(flag, "round %d: the collectives were not complete after 300 ms of sleep with async progress on", round);
  if (!flag) MPI_Waitall(3, req, MPI_STATUSES_IGNORE);

  check_allreduce(r, kReduceCount, "Iallreduce");
  for (int i = 0; i < kBcastCount; ++i) CHECK(b[i] == i * 3 + round, "Ibcast: element %d is %d", i, b[i]);
  for (int p = 0; p < size; ++p)
    for (int i = 0; i < kBlock; ++i)
      CHECK(ar[p * kBlock + i] == p * 1000000 + rank * kBlock + i, "Ialltoall: block %d element %d is %d", p, i,
            ar[p * kBlock + i]);
  free(s), free(r), free(b), free(as), free(ar);
}

/* A persistent allreduce started several times, each time completed during a
 * sleep when the thread is on. */
static void persistent_rounds(int expect_done) {
  enum { n = 200000 };
  int* s = malloc(sizeof(int) * n);
  int* r = malloc(sizeof(int) * n);
  for (int i = 0; i < n; ++i) s[i] = reduce_value(rank, i);
  MPI_Request req;
  MPI_Allreduce_init(s, r, n, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &req);
  for (int round = 0; round < 3; ++round) {
    memset(r, 0, sizeof(int) * n);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Start(&req);
    sleep_ms(100);
    int flag = 0;
    MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
    if (expect_done) CHECK(flag, "persistent round %d: not complete after 100 ms of sleep", round);
    if (!flag) MPI_Wait(&req, MPI_STATUS_IGNORE);
    check_allreduce(r, n, "persistent allreduce");
  }
  MPI_Request_free(&req);
  free(s), free(r);
}

/* Many small operations back to back, completed by MPI_Test loops and by
 * MPI_Wait, mixed with blocking calls: the user thread and the progress
 * thread take turns on the lock many times. */
static void stress_lock(void) {
  for (int i = 0; i < 500; ++i) {
    int v = rank + i, sum = -1, flag = 0;
    MPI_Request req;
    MPI_Iallreduce(&v, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &req);
    if (i % 4 == 1) /* a busy MPI_Test loop: few, as it starves oversubscribed peers */
      while (!flag) MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
    else
      MPI_Wait(&req, MPI_STATUS_IGNORE);
    CHECK(sum == size * (size - 1) / 2 + size * i, "iteration %d: sum %d", i, sum);
    if (i % 100 == 0) {
      int token = i, got = -1;
      MPI_Sendrecv(&token, 1, MPI_INT, (rank + 1) % size, 7, &got, 1, MPI_INT, (rank + size - 1) % size, 7,
                   MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      CHECK(got == i, "sendrecv: got %d", got);
      MPI_Barrier(MPI_COMM_WORLD);
    }
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const char* mode = getenv("GYRE_ASYNC_PROGRESS");
  int expect_done = mode != NULL && strcmp(mode, "on") == 0;
  MPI_Op user_op;
  MPI_Op_create(user_sum, 1, &user_op);

  overlap_round(expect_done, MPI_SUM, 0);
  overlap_round(expect_done, user_op, 1);
  persistent_rounds(expect_done);
  stress_lock();
  overlap_round(expect_done, MPI_SUM, 2);

  MPI_Op_free(&user_op);
  MPI_Finalize();
  return 0;
}
