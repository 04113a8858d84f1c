/* Buffered sends: Buffer_attach/detach, Bsend, Ibsend, Bsend_init. A
 * buffer sized by the MPI rule (Pack_size + MPI_BSEND_OVERHEAD per message)
 * holds all messages; a message that does not fit fails with MPI_ERR_BUFFER
 * under MPI_ERRORS_RETURN (no crash), as does a Bsend with no buffer. */
#include "pt2pt_util.h"

#define MSGS 20
#define LEN 20000 /* ints (80 kB): above every eager limit (self: 64 KiB), so the buffer really holds them */

static int error_class(int code) {
  int cls = -1;
  MPI_Error_class(code, &cls);
  return cls;
}

int main(int argc, char** argv) {
  test_name = "pt2pt_bsend";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  CHECK_MPI(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  static int data[LEN], in[LEN];

  /* No buffer attached. */
  int rc = MPI_Bsend(data, LEN, MPI_INT, to, 1, MPI_COMM_WORLD);
  CHECK(error_class(rc) == MPI_ERR_BUFFER, "Bsend without a buffer: class %d", error_class(rc));

  int pack = 0;
  CHECK_MPI(MPI_Pack_size(LEN, MPI_INT, MPI_COMM_WORLD, &pack));
  int bytes = MSGS * (pack + MPI_BSEND_OVERHEAD);
  char* buffer = xmalloc((size_t)bytes);
  CHECK_MPI(MPI_Buffer_attach(buffer, bytes));
  rc = MPI_Buffer_attach(buffer, bytes);
  CHECK(rc != MPI_SUCCESS, "a second Buffer_attach succeeded");

  /* MSGS messages fit although none is received yet. */
  MPI_Request persistent;
  CHECK_MPI(MPI_Bsend_init(data, LEN, MPI_INT, to, 2, MPI_COMM_WORLD, &persistent));
  for (int i = 0; i < MSGS; ++i) {
    for (int j = 0; j < LEN; ++j) data[j] = rank * 100000 + i * 100 + j % 100;
    if (i % 3 == 0) {
      CHECK_MPI(MPI_Bsend(data, LEN, MPI_INT, to, 2, MPI_COMM_WORLD));
    } else if (i % 3 == 1) {
      MPI_Request r;
      CHECK_MPI(MPI_Ibsend(data, LEN, MPI_INT, to, 2, MPI_COMM_WORLD, &r));
      CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));
    } else {
      CHECK_MPI(MPI_Start(&persistent));
      CHECK_MPI(MPI_Wait(&persistent, MPI_STATUS_IGNORE));
    }
  }
  CHECK_MPI(MPI_Request_free(&persistent));
  /* One more does not fit while the receiver has taken none. */
  rc = MPI_Bsend(data, LEN, MPI_INT, to, 3, MPI_COMM_WORLD);
  CHECK(error_class(rc) == MPI_ERR_BUFFER, "Bsend into a full buffer: class %d (rc %d)", error_class(rc), rc);
  /* Far too big for the whole buffer. */
  int* huge = xmalloc(sizeof(int) * (size_t)bytes);
  rc = MPI_Bsend(huge, bytes, MPI_INT, to, 3, MPI_COMM_WORLD);
  CHECK(error_class(rc) == MPI_ERR_BUFFER, "Bsend larger than the buffer: class %d", error_class(rc));
  free(huge);

  pt2pt_barrier(MPI_COMM_WORLD);

  for (int i = 0; i < MSGS; ++i) {
    CHECK_MPI(MPI_Recv(in, LEN, MPI_INT, from, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    for (int j = 0; j < LEN; ++j)
      CHECK(in[j] == from * 100000 + i * 100 + j % 100, "buffered message %d int %d: %d", i, j, in[j]);
  }
  void* back = NULL;
  int back_size = 0;
  CHECK_MPI(MPI_Buffer_detach(&back, &back_size));
  CHECK(back == buffer && back_size == bytes, "detach gave %p/%d, attached %p/%d", back, back_size, (void*)buffer, bytes);
  rc = MPI_Buffer_detach(&back, &back_size);
  CHECK(error_class(rc) == MPI_ERR_BUFFER, "detaching twice: class %d", error_class(rc));

  /* Small messages through a small buffer, reused many times. Around the
   * ring a rank runs at most size-1 rounds ahead of its right neighbour, so
   * that many messages may still be in the buffer (when they are not sent
   * eagerly) and the buffer holds a few more. */
  int small_bytes = (size + 2) * (int)(sizeof(int) + MPI_BSEND_OVERHEAD);
  char* small = xmalloc((size_t)small_bytes);
  CHECK_MPI(MPI_Buffer_attach(small, small_bytes));
  for (int i = 0; i < 100; ++i) {
    int v = rank * 1000 + i, w = -1;
    CHECK_MPI(MPI_Bsend(&v, 1, MPI_INT, to, 4, MPI_COMM_WORLD));
    CHECK_MPI(MPI_Recv(&w, 1, MPI_INT, from, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    CHECK(w == from * 1000 + i, "small buffered message %d: %d", i, w);
  }
  CHECK_MPI(MPI_Buffer_detach(&back, &back_size));
  free(small);
  free(buffer);
  report_ok();
  MPI_Finalize();
  return 0;
}
