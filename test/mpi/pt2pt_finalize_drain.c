/* Eager sends that outrun a slow receiver, then MPI_Finalize at once.
 *
 * A standard send small enough to go eagerly returns as soon as its frame is
 * queued; when the receiver's shared-memory queue is full the frame waits in
 * the sender's outbox. MPI_Finalize must push those frames out before its
 * closing fence (which makes no progress), or the receiver waits forever.
 * Every odd rank sends kMessages messages to the even rank below it, which
 * sleeps first so the queue fills, then receives and checks them all. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kMessages = 1500, kBytes = 4096 };

static void fill(unsigned char* buf, int i) {
  for (int b = 0; b < kBytes; ++b) buf[b] = (unsigned char)(i * 31 + b);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  static unsigned char buf[kBytes], want[kBytes];
  int errors = 0;
  if (rank % 2 == 1) {
    for (int i = 0; i < kMessages; ++i) {
      fill(buf, i);
      MPI_Send(buf, kBytes, MPI_BYTE, rank - 1, i, MPI_COMM_WORLD);
    }
  } else if (rank + 1 < size) {
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);  /* let the sender fill the queue and reach MPI_Finalize */
    for (int i = 0; i < kMessages; ++i) {
      MPI_Recv(buf, kBytes, MPI_BYTE, rank + 1, i, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      fill(want, i);
      if (memcmp(buf, want, kBytes) != 0 && errors++ < 5) fprintf(stderr, "rank %d: message %d differs\n", rank, i);
    }
  }
  MPI_Finalize();
  if (errors) return 1;
  if (rank == 0) printf("pt2pt_finalize_drain: OK\n");
  return 0;
}
