/* Non-overtaking with many tags: each rank sends its right neighbour a
 * long stream of messages with tags cycling over TAGS values and mixed
 * eager/rendezvous sizes. The receiver drains it tag by tag (in an order
 * unrelated to the send order), then with ANY_TAG, and checks that within
 * each (sender, tag) the sequence numbers arrive in the order sent. */
#include "pt2pt_util.h"

#define TAGS 17
#define PER_TAG 40
#define BIG 12000 /* ints */

static int len_of(int seq) { return seq % 11 == 5 ? BIG : 2 + seq % 5; }

int main(int argc, char** argv) {
  test_name = "pt2pt_order";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  const int total = TAGS * PER_TAG;

  /* Phase 1: receive tag by tag, highest tag first. */
  int** bufs = xmalloc(sizeof(int*) * (size_t)total);
  MPI_Request* sends = xmalloc(sizeof(MPI_Request) * (size_t)total);
  for (int seq = 0; seq < total; ++seq) {
    bufs[seq] = xmalloc(sizeof(int) * (size_t)len_of(seq));
    bufs[seq][0] = seq;
    bufs[seq][len_of(seq) - 1] = seq * 3;
    CHECK_MPI(MPI_Isend(bufs[seq], len_of(seq), MPI_INT, to, seq % TAGS, MPI_COMM_WORLD, &sends[seq]));
  }
  int* in = xmalloc(sizeof(int) * BIG);
  for (int tag = TAGS - 1; tag >= 0; --tag) {
    int last = -1;
    for (int k = 0; k < PER_TAG; ++k) {
      MPI_Status st;
      CHECK_MPI(MPI_Recv(in, BIG, MPI_INT, from, tag, MPI_COMM_WORLD, &st));
      int seq = in[0], count = -1;
      MPI_Get_count(&st, MPI_INT, &count);
      CHECK(seq % TAGS == tag, "tag %d delivered message %d (tag %d)", tag, seq, seq % TAGS);
      CHECK(seq > last, "tag %d: message %d after %d (overtaken)", tag, seq, last);
      CHECK(count == len_of(seq) && in[count - 1] == seq * 3, "message %d: count %d, last int %d", seq, count,
            in[count - 1]);
      last = seq;
    }
  }
  CHECK_MPI(MPI_Waitall(total, sends, MPI_STATUSES_IGNORE));
  pt2pt_barrier(MPI_COMM_WORLD);

  /* Phase 2: the same stream drained with ANY_TAG: exactly send order. */
  for (int seq = 0; seq < total; ++seq)
    CHECK_MPI(MPI_Isend(bufs[seq], len_of(seq), MPI_INT, to, seq % TAGS, MPI_COMM_WORLD, &sends[seq]));
  for (int seq = 0; seq < total; ++seq) {
    MPI_Status st;
    CHECK_MPI(MPI_Recv(in, BIG, MPI_INT, from, MPI_ANY_TAG, MPI_COMM_WORLD, &st));
    CHECK(in[0] == seq && st.MPI_TAG == seq % TAGS, "ANY_TAG: got message %d (tag %d), expected %d", in[0], st.MPI_TAG,
          seq);
  }
  CHECK_MPI(MPI_Waitall(total, sends, MPI_STATUSES_IGNORE));
  for (int seq = 0; seq < total; ++seq) free(bufs[seq]);
  free(bufs);
  free(sends);
  free(in);
  report_ok();
  MPI_Finalize();
  return 0;
}
