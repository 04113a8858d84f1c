/* MPI_Status: counts, elements, the cancelled flag, and their encoding.
 * The byte count is split as MPICH does it (count_lo = low 32 bits,
 * count_hi_and_cancelled = high bits << 1 | cancelled), so programs built
 * against MPICH read the same values. Also MPI_STATUS_IGNORE. */
#include "pt2pt_util.h"

int main(int argc, char** argv) {
  test_name = "pt2pt_status";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int to = (rank + 1) % size, from = (rank - 1 + size) % size;

  /* A received message: 10 ints as seen through several types. */
  int out[10] = {0}, in[10];
  MPI_Status st;
  CHECK_MPI(MPI_Sendrecv(out, 10, MPI_INT, to, 1, in, 10, MPI_INT, from, 1, MPI_COMM_WORLD, &st));
  int count = -1;
  MPI_Count big = -1;
  CHECK_MPI(MPI_Get_count(&st, MPI_INT, &count));
  CHECK(count == 10, "Get_count(INT) %d", count);
  CHECK_MPI(MPI_Get_count(&st, MPI_SHORT, &count));
  CHECK(count == 20, "Get_count(SHORT) %d", count);
  CHECK_MPI(MPI_Get_count(&st, MPI_DOUBLE, &count));
  CHECK(count == 5, "Get_count(DOUBLE) %d", count);
  CHECK_MPI(MPI_Get_count_c(&st, MPI_INT, &big));
  CHECK(big == 10, "Get_count_c %ld", (long)big);
  MPI_Datatype three;
  CHECK_MPI(MPI_Type_contiguous(3, MPI_INT, &three));
  CHECK_MPI(MPI_Type_commit(&three));
  CHECK_MPI(MPI_Get_count(&st, three, &count));
  CHECK(count == MPI_UNDEFINED, "10 ints as triples: count %d, expected MPI_UNDEFINED", count);
  CHECK_MPI(MPI_Get_elements(&st, three, &count));
  CHECK(count == 10, "10 ints as triples: elements %d", count);
  CHECK_MPI(MPI_Get_elements_x(&st, three, &big));
  CHECK(big == 10, "Get_elements_x %ld", (long)big);
  CHECK(st.count_lo == 40 && st.count_hi_and_cancelled == 0, "40 bytes encoded as %d/%d", st.count_lo,
        st.count_hi_and_cancelled);

  /* Status_set_elements and the large-count encoding. */
  MPI_Status s2;
  memset(&s2, 0, sizeof s2);
  CHECK_MPI(MPI_Status_set_elements(&s2, MPI_INT, 7));
  CHECK_MPI(MPI_Get_count(&s2, MPI_INT, &count));
  CHECK(count == 7 && s2.count_lo == 28, "set_elements(7 INT): count %d, count_lo %d", count, s2.count_lo);
  CHECK_MPI(MPI_Status_set_elements(&s2, three, 7));
  CHECK_MPI(MPI_Get_elements(&s2, three, &count));
  CHECK(count == 7, "set_elements(7 of triples) reads back %d", count);
  CHECK_MPI(MPI_Status_set_cancelled(&s2, 1));
  MPI_Count huge = ((MPI_Count)5 << 32) + 0x1234;  /* bytes */
  CHECK_MPI(MPI_Status_set_elements_x(&s2, MPI_BYTE, huge));
  CHECK(s2.count_lo == 0x1234 && s2.count_hi_and_cancelled == ((5 << 1) | 1),
        "%ld bytes encoded as count_lo %#x, count_hi_and_cancelled %#x", (long)huge, s2.count_lo,
        s2.count_hi_and_cancelled);
  CHECK_MPI(MPI_Get_count_c(&s2, MPI_BYTE, &big));
  CHECK(big == huge, "Get_count_c of %ld bytes: %ld", (long)huge, (long)big);
  CHECK_MPI(MPI_Get_count(&s2, MPI_BYTE, &count));
  CHECK(count == MPI_UNDEFINED, "a count beyond int must be MPI_UNDEFINED, got %d", count);
  int flag = 0;
  CHECK_MPI(MPI_Test_cancelled(&s2, &flag));
  CHECK(flag == 1, "cancelled flag lost by set_elements_x");
  CHECK_MPI(MPI_Status_set_cancelled(&s2, 0));
  CHECK_MPI(MPI_Test_cancelled(&s2, &flag));
  CHECK(flag == 0 && s2.count_lo == 0x1234, "clearing cancelled changed the count");

  /* Probe status: the full length of a pending message. */
  MPI_Request r;
  CHECK_MPI(MPI_Isend(out, 9, MPI_INT, to, 2, MPI_COMM_WORLD, &r));
  CHECK_MPI(MPI_Probe(from, 2, MPI_COMM_WORLD, &st));
  CHECK_MPI(MPI_Get_count(&st, MPI_INT, &count));
  CHECK(count == 9, "Probe count %d", count);
  CHECK_MPI(MPI_Recv(in, 10, MPI_INT, from, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
  CHECK_MPI(MPI_Wait(&r, MPI_STATUS_IGNORE));

  /* Statuses of null requests are empty. */
  MPI_Request nulls[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
  MPI_Status sts[2];
  CHECK_MPI(MPI_Waitall(2, nulls, sts));
  CHECK_MPI(MPI_Get_count(&sts[0], MPI_INT, &count));
  CHECK(sts[0].MPI_SOURCE == MPI_ANY_SOURCE && sts[0].MPI_TAG == MPI_ANY_TAG && count == 0,
        "empty status %d/%d/%d", sts[0].MPI_SOURCE, sts[0].MPI_TAG, count);
  int index = 0;
  CHECK_MPI(MPI_Waitany(2, nulls, &index, &st));
  CHECK(index == MPI_UNDEFINED, "Waitany over null requests: index %d", index);
  MPI_Type_free(&three);
  report_ok();
  MPI_Finalize();
  return 0;
}
