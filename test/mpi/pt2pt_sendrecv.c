/* Sendrecv, Sendrecv_replace, Isendrecv, Isendrecv_replace around a ring
 * (with oneself at np 1), small and large, contiguous and strided. */
#include "pt2pt_util.h"

static void ring(int rank, int size, int n, MPI_Datatype strided) {
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;
  int* out = xmalloc(sizeof(int) * (size_t)n * 2);
  int* in = xmalloc(sizeof(int) * (size_t)n * 2);
  MPI_Status st;
  MPI_Request r;
  int count = -1;
  for (int way = 0; way < 4; ++way) {
    for (int i = 0; i < 2 * n; ++i) out[i] = rank * 1000000 + way * 100000 + i;
    memset(in, 0xff, sizeof(int) * (size_t)n * 2);
    switch (way) {
      case 0:
        CHECK_MPI(MPI_Sendrecv(out, n, MPI_INT, to, 1, in, n, MPI_INT, from, 1, MPI_COMM_WORLD, &st));
        break;
      case 1:
        CHECK_MPI(MPI_Isendrecv(out, n, MPI_INT, to, 1, in, n, MPI_INT, from, 1, MPI_COMM_WORLD, &r));
        CHECK_MPI(MPI_Wait(&r, &st));
        break;
      case 2:
        memcpy(in, out, sizeof(int) * (size_t)n * 2);
        CHECK_MPI(MPI_Sendrecv_replace(in, n, MPI_INT, to, 1, from, 1, MPI_COMM_WORLD, &st));
        break;
      default:
        memcpy(in, out, sizeof(int) * (size_t)n * 2);
        CHECK_MPI(MPI_Isendrecv_replace(in, n, MPI_INT, to, 1, from, 1, MPI_COMM_WORLD, &r));
        CHECK_MPI(MPI_Wait(&r, &st));
        break;
    }
    MPI_Get_count(&st, MPI_INT, &count);
    CHECK(count == n && st.MPI_SOURCE == from && st.MPI_TAG == 1, "way %d, %d ints: count %d source %d tag %d", way, n,
          count, st.MPI_SOURCE, st.MPI_TAG);
    for (int i = 0; i < n; ++i)
      CHECK(in[i] == from * 1000000 + way * 100000 + i, "way %d, %d ints: int %d is %d", way, n, i, in[i]);
  }
  /* Strided in place: every other int of 2n travels, the rest stays. */
  for (int i = 0; i < 2 * n; ++i) in[i] = (i % 2) ? -i : rank * 1000000 + i;
  CHECK_MPI(MPI_Isendrecv_replace(in, 1, strided, to, 2, from, 2, MPI_COMM_WORLD, &r));
  CHECK_MPI(MPI_Wait(&r, &st));
  for (int i = 0; i < 2 * n; ++i)
    CHECK(in[i] == ((i % 2) ? -i : from * 1000000 + i), "strided replace, %d ints: int %d is %d", n, i, in[i]);
  free(out);
  free(in);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_sendrecv";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int sizes[] = {1, 100, 1000, 30000, 300000};
  for (int k = 0; k < 5; ++k) {
    MPI_Datatype strided;
    CHECK_MPI(MPI_Type_vector(sizes[k], 1, 2, MPI_INT, &strided));
    CHECK_MPI(MPI_Type_commit(&strided));
    ring(rank, size, sizes[k], strided);
    MPI_Type_free(&strided);
  }
  /* PROC_NULL on either side. */
  int x = 5, y = 7;
  MPI_Request r;
  MPI_Status st;
  CHECK_MPI(MPI_Isendrecv(&x, 1, MPI_INT, MPI_PROC_NULL, 0, &y, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r));
  CHECK_MPI(MPI_Wait(&r, &st));
  CHECK(y == 7 && st.MPI_SOURCE == MPI_PROC_NULL, "Isendrecv with PROC_NULL: y %d source %d", y, st.MPI_SOURCE);
  report_ok();
  MPI_Finalize();
  return 0;
}
