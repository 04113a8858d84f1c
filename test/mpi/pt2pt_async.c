/* Point-to-point completion and probing while the asynchronous progress
 * thread works on a large nonblocking collective: MPI_Testany, MPI_Testsome
 * and MPI_Iprobe loops (which may find the thread busy and then report
 * "nothing yet" instead of waiting for its lock) must still finish every
 * operation, report the right indices, statuses and data, and never report
 * a request twice. Run with GYRE_ASYNC_PROGRESS=on and off. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int rank, size;

enum { kReduceCount = 1 << 20, kMessages = 16, kLen = 100, kRounds = 4 };

static int value(int from, int msg, int i) { return from * 100000 + msg * 1000 + i; }

/* Each rank sends kMessages to its right neighbour and receives kMessages
 * from its left one, completing the receives with Testany (even rounds) or
 * Testsome (odd rounds), while an Iallreduce keeps the thread busy. */
static void exchange_round(int round) {
  int* s = malloc(sizeof(int) * kReduceCount);
  int* r = malloc(sizeof(int) * kReduceCount);
  for (int i = 0; i < kReduceCount; ++i) s[i] = rank + i % 5;
  MPI_Request coll;
  MPI_Iallreduce(s, r, kReduceCount, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &coll);

  int right = (rank + 1) % size, left = (rank + size - 1) % size;
  int out[kMessages][kLen], in[kMessages][kLen];
  MPI_Request rq[kMessages], sq[kMessages];
  for (int m = 0; m < kMessages; ++m) {
    for (int i = 0; i < kLen; ++i) out[m][i] = value(rank, m, i), in[m][i] = -1;
    MPI_Irecv(in[m], kLen, MPI_INT, left, m, MPI_COMM_WORLD, &rq[m]);
  }
  for (int m = 0; m < kMessages; ++m) MPI_Isend(out[m], kLen, MPI_INT, right, m, MPI_COMM_WORLD, &sq[m]);

  int seen[kMessages] = {0}, done = 0;
  while (done < kMessages) {
    if (round % 2 == 0) {
      int index = -7, flag = -7;
      MPI_Status st;
      MPI_Testany(kMessages, rq, &index, &flag, &st);
      CHECK(flag == 0 || flag == 1, "Testany flag %d", flag);
      if (!flag) {
        CHECK(index == MPI_UNDEFINED, "Testany: no completion but index %d", index);
        continue;
      }
      CHECK(index >= 0 && index < kMessages, "Testany index %d", index);
      CHECK(!seen[index], "Testany reported request %d twice", index);
      CHECK(rq[index] == MPI_REQUEST_NULL, "Testany left request %d set", index);
      CHECK(st.MPI_SOURCE == left && st.MPI_TAG == index, "Testany status: source %d tag %d", st.MPI_SOURCE,
            st.MPI_TAG);
      seen[index] = 1, ++done;
    } else {
      int outcount = -7, idx[kMessages];
      MPI_Status st[kMessages];
      MPI_Testsome(kMessages, rq, &outcount, idx, st);
      CHECK(outcount >= 0 && outcount <= kMessages - done, "Testsome outcount %d (%d done)", outcount, done);
      for (int k = 0; k < outcount; ++k) {
        CHECK(idx[k] >= 0 && idx[k] < kMessages && !seen[idx[k]], "Testsome index %d", idx[k]);
        CHECK(st[k].MPI_SOURCE == left && st[k].MPI_TAG == idx[k], "Testsome status: source %d tag %d",
              st[k].MPI_SOURCE, st[k].MPI_TAG);
        seen[idx[k]] = 1, ++done;
      }
    }
  }
  int index = -7, flag = -7;
  MPI_Testany(kMessages, rq, &index, &flag, MPI_STATUS_IGNORE);
  CHECK(flag == 1 && index == MPI_UNDEFINED, "Testany on finished requests: flag %d index %d", flag, index);
  for (int m = 0; m < kMessages; ++m)
    for (int i = 0; i < kLen; ++i)
      CHECK(in[m][i] == value(left, m, i), "message %d element %d is %d", m, i, in[m][i]);
  MPI_Waitall(kMessages, sq, MPI_STATUSES_IGNORE);
  MPI_Wait(&coll, MPI_STATUS_IGNORE);
  int base = size * (size - 1) / 2;
  for (int i = 0; i < kReduceCount; ++i)
    CHECK(r[i] == base + size * (i % 5), "Iallreduce element %d is %d", i, r[i]);
  free(s), free(r);
}

/* An MPI_Iprobe loop finds a message sent while the thread is busy, then
 * receives exactly that message. */
static void probe_round(int round) {
  int* s = malloc(sizeof(int) * kReduceCount);
  int* r = malloc(sizeof(int) * kReduceCount);
  for (int i = 0; i < kReduceCount; ++i) s[i] = 1;
  MPI_Request coll;
  MPI_Iallreduce(s, r, kReduceCount, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &coll);
  int right = (rank + 1) % size, left = (rank + size - 1) % size;
  int out[kLen], in[kLen];
  for (int i = 0; i < kLen; ++i) out[i] = value(rank, round, i), in[i] = -1;
  MPI_Request sq;
  MPI_Isend(out, kLen, MPI_INT, right, 40 + round, MPI_COMM_WORLD, &sq);
  int flag = 0;
  MPI_Status st;
  while (!flag) MPI_Iprobe(MPI_ANY_SOURCE, 40 + round, MPI_COMM_WORLD, &flag, &st);
  CHECK(st.MPI_SOURCE == left && st.MPI_TAG == 40 + round, "Iprobe status: source %d tag %d", st.MPI_SOURCE,
        st.MPI_TAG);
  int count = -1;
  MPI_Get_count(&st, MPI_INT, &count);
  CHECK(count == kLen, "Iprobe count %d", count);
  MPI_Recv(in, kLen, MPI_INT, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  for (int i = 0; i < kLen; ++i) CHECK(in[i] == value(left, round, i), "probed message element %d is %d", i, in[i]);
  MPI_Wait(&sq, MPI_STATUS_IGNORE);
  MPI_Wait(&coll, MPI_STATUS_IGNORE);
  for (int i = 0; i < kReduceCount; ++i) CHECK(r[i] == size, "Iallreduce element %d is %d", i, r[i]);
  free(s), free(r);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  for (int round = 0; round < kRounds; ++round) {
    exchange_round(round);
    probe_round(round);
  }
  MPI_Finalize();
  return 0;
}
