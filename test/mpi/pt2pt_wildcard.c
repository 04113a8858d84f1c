/* MPI_ANY_SOURCE / MPI_ANY_TAG receives. Every rank (rank 0 too, to itself)
 * sends K messages to rank 0 with tags cycling 0..4 and a mix of eager and
 * rendezvous sizes; rank 0 takes them all with full wildcards and checks
 * that the status names the real sender and tag and that each sender's
 * messages arrive in the order sent. Then wildcard source with a fixed tag. */
#include "pt2pt_util.h"

#define K 60
#define BIG 30000 /* ints: above any eager limit */

static int length_of(int i) { return i % 10 == 3 ? BIG : 2 + i % 7; }

int main(int argc, char** argv) {
  test_name = "pt2pt_wildcard";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  int* out = xmalloc(sizeof(int) * (size_t)K * BIG);
  MPI_Request reqs[K];
  for (int i = 0; i < K; ++i) {
    int* m = out + (size_t)i * BIG;
    m[0] = rank;
    m[1] = i;
    for (int j = 2; j < length_of(i); ++j) m[j] = rank * 1000003 + i * 31 + j;
    CHECK_MPI(MPI_Isend(m, length_of(i), MPI_INT, 0, i % 5, MPI_COMM_WORLD, &reqs[i]));
  }

  if (rank == 0) {
    int* in = xmalloc(sizeof(int) * BIG);
    int* next = calloc((size_t)size, sizeof(int));
    for (int n = 0; n < size * K; ++n) {
      MPI_Status st;
      CHECK_MPI(MPI_Recv(in, BIG, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st));
      int src = in[0], i = in[1], count = -1;
      MPI_Get_count(&st, MPI_INT, &count);
      CHECK(src >= 0 && src < size, "message %d: payload names rank %d", n, src);
      CHECK(st.MPI_SOURCE == src, "status source %d but the message is from %d", st.MPI_SOURCE, src);
      CHECK(st.MPI_TAG == i % 5, "status tag %d, message %d of rank %d was sent with tag %d", st.MPI_TAG, i, src, i % 5);
      CHECK(i == next[src], "from rank %d got message %d, expected %d (overtaken)", src, i, next[src]);
      CHECK(count == length_of(i), "message %d of rank %d: count %d, expected %d", i, src, count, length_of(i));
      for (int j = 2; j < count; ++j)
        CHECK(in[j] == src * 1000003 + i * 31 + j, "message %d of rank %d: int %d wrong", i, src, j);
      next[src]++;
    }
    free(in);
    free(next);
  }
  CHECK_MPI(MPI_Waitall(K, reqs, MPI_STATUSES_IGNORE));
  free(out);
  /* Rank 0's ANY_TAG receives would take later messages too: the others
   * wait for its word that the first phase is over. */
  int go = 0;
  if (rank == 0)
    for (int r = 1; r < size; ++r) CHECK_MPI(MPI_Send(&go, 1, MPI_INT, r, 100, MPI_COMM_WORLD));
  else
    CHECK_MPI(MPI_Recv(&go, 1, MPI_INT, 0, 100, MPI_COMM_WORLD, MPI_STATUS_IGNORE));

  /* Wildcard source, fixed tag: the tag-8 messages are taken first although
   * every tag-7 message was sent before them. */
  int mine[2] = {rank, 7};
  MPI_Request r2[2];
  CHECK_MPI(MPI_Isend(mine, 2, MPI_INT, 0, 7, MPI_COMM_WORLD, &r2[0]));
  int mine8[2] = {rank, 8};
  CHECK_MPI(MPI_Isend(mine8, 2, MPI_INT, 0, 8, MPI_COMM_WORLD, &r2[1]));
  if (rank == 0) {
    for (int tag = 8; tag >= 7; --tag)
      for (int n = 0; n < size; ++n) {
        int got[2];
        MPI_Status st;
        CHECK_MPI(MPI_Recv(got, 2, MPI_INT, MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &st));
        CHECK(got[1] == tag && st.MPI_TAG == tag && st.MPI_SOURCE == got[0], "tag %d: got tag %d from %d (status %d/%d)",
              tag, got[1], got[0], st.MPI_SOURCE, st.MPI_TAG);
      }
  }
  CHECK_MPI(MPI_Waitall(2, r2, MPI_STATUSES_IGNORE));
  report_ok();
  MPI_Finalize();
  return 0;
}
