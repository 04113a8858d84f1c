/* Argument checks of the point-to-point calls: with MPI_ERRORS_RETURN each
 * bad argument gives its error class and a message naming the function,
 * and nothing is sent. */
#include "pt2pt_util.h"

static void expect(int rc, int cls, const char* function, const char* what) {
  int got = -1, len = 0;
  char msg[MPI_MAX_ERROR_STRING];
  MPI_Error_class(rc, &got);
  CHECK(got == cls, "%s: error class %d, expected %d", what, got, cls);
  MPI_Error_string(rc, msg, &len);
  CHECK(strstr(msg, function) != NULL, "%s: message \"%s\" does not name %s", what, msg, function);
}

int main(int argc, char** argv) {
  test_name = "pt2pt_errors";
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  CHECK_MPI(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  int x = 0;
  MPI_Request r;
  MPI_Status st;
  expect(MPI_Send(&x, -1, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_COUNT, "MPI_Send", "negative count");
  expect(MPI_Send(&x, 1, MPI_INT, size, 0, MPI_COMM_WORLD), MPI_ERR_RANK, "MPI_Send", "rank = size");
  expect(MPI_Send(&x, 1, MPI_INT, MPI_ANY_SOURCE, 0, MPI_COMM_WORLD), MPI_ERR_RANK, "MPI_Send", "ANY_SOURCE dest");
  expect(MPI_Send(&x, 1, MPI_INT, 0, -5, MPI_COMM_WORLD), MPI_ERR_TAG, "MPI_Send", "negative tag");
  expect(MPI_Send(&x, 1, MPI_INT, 0, MPI_ANY_TAG, MPI_COMM_WORLD), MPI_ERR_TAG, "MPI_Send", "ANY_TAG send");
  expect(MPI_Send(&x, 1, MPI_DATATYPE_NULL, 0, 0, MPI_COMM_WORLD), MPI_ERR_TYPE, "MPI_Send", "null datatype");
  expect(MPI_Send(NULL, 3, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER, "MPI_Send", "NULL buffer");
  expect(MPI_Recv(&x, 1, MPI_INT, -7, 0, MPI_COMM_WORLD, &st), MPI_ERR_RANK, "MPI_Recv", "source -7");
  expect(MPI_Irecv(&x, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, NULL), MPI_ERR_ARG, "MPI_Irecv", "NULL request");
  expect(MPI_Isend_c(&x, -2, MPI_INT, 0, 0, MPI_COMM_WORLD, &r), MPI_ERR_COUNT, "MPI_Isend_c", "negative large count");
  expect(MPI_Ssend(&x, 1, MPI_INT, 0, 0, MPI_COMM_NULL), MPI_ERR_COMM, "MPI_Ssend", "MPI_COMM_NULL");
  expect(MPI_Probe(size + 3, 0, MPI_COMM_WORLD, &st), MPI_ERR_RANK, "MPI_Probe", "probe rank");
  expect(MPI_Wait(NULL, &st), MPI_ERR_ARG, "MPI_Wait", "NULL request pointer");
  MPI_Request bogus = (MPI_Request)0xac0fffff; /* a request handle never created */
  expect(MPI_Wait(&bogus, &st), MPI_ERR_REQUEST, "MPI_Wait", "invalid request handle");
  MPI_Request nul = MPI_REQUEST_NULL;
  expect(MPI_Start(&nul), MPI_ERR_REQUEST, "MPI_Start", "start of MPI_REQUEST_NULL");
  CHECK_MPI(MPI_Irecv(&x, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r));
  expect(MPI_Start(&r), MPI_ERR_REQUEST, "MPI_Start", "start of a non-persistent request");
  CHECK_MPI(MPI_Wait(&r, &st));
  /* Uncommitted derived type. */
  MPI_Datatype pair;
  CHECK_MPI(MPI_Type_contiguous(2, MPI_INT, &pair));
  expect(MPI_Send(&x, 1, pair, 0, 0, MPI_COMM_WORLD), MPI_ERR_TYPE, "MPI_Send", "uncommitted type");
  MPI_Type_free(&pair);
  /* Nothing above sent anything: a probe finds no tag-0 message (the
   * barriers use their own tag). */
  int flag = 1;
  pt2pt_barrier(MPI_COMM_WORLD);
  CHECK_MPI(MPI_Iprobe(MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, &flag, &st));
  CHECK(flag == 0, "a failed call sent a message (tag %d from %d)", st.MPI_TAG, st.MPI_SOURCE);
  report_ok();
  MPI_Finalize();
  return 0;
}
