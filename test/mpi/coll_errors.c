/* Argument checks of the collectives that review found missing: an
 * uncommitted derived datatype (MPI_ERR_TYPE, as point-to-point), the info
 * argument of the persistent forms (MPI_ERR_INFO for an invalid handle),
 * error messages that name the right argument, and sendbuf == recvbuf
 * caught for any datatype size. Exit 0 and "OK" on success. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static int rank;

static int cls_of(int rc) {
  int cls = 0;
  MPI_Error_class(rc, &cls);
  return cls;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm comm;
  MPI_Comm_dup(MPI_COMM_WORLD, &comm);
  MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
  int buf[64] = {0}, out[64] = {0};
  MPI_Request req;

  MPI_Datatype pair;
  MPI_Type_contiguous(2, MPI_INT, &pair); /* not committed */
  CHECK(cls_of(MPI_Bcast(buf, 1, pair, 0, comm)) == MPI_ERR_TYPE, "bcast with an uncommitted type");
  CHECK(cls_of(MPI_Allreduce(buf, out, 1, pair, MPI_SUM, comm)) == MPI_ERR_TYPE, "allreduce, uncommitted type");
  CHECK(cls_of(MPI_Iallgather(buf, 1, pair, out, 1, MPI_INT, comm, &req)) == MPI_ERR_TYPE, "iallgather, uncommitted");
  MPI_Type_commit(&pair);
  CHECK(MPI_Bcast(buf, 1, pair, 0, comm) == MPI_SUCCESS, "bcast with the committed type");
  MPI_Type_free(&pair);

  CHECK(cls_of(MPI_Allreduce_init(buf, out, 1, MPI_INT, MPI_SUM, comm, (MPI_Info)12345, &req)) == MPI_ERR_INFO,
        "allreduce_init with a bad info");
  CHECK(cls_of(MPI_Barrier_init(comm, (MPI_Info)12345, &req)) == MPI_ERR_INFO, "barrier_init with a bad info");
  MPI_Info info;
  MPI_Info_create(&info);
  CHECK(MPI_Barrier_init(comm, info, &req) == MPI_SUCCESS, "barrier_init with a valid info");
  MPI_Start(&req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  MPI_Request_free(&req);
  MPI_Info_free(&info);

  char msg[MPI_MAX_ERROR_STRING];
  int len = 0;
  int rc = MPI_Gather(buf, -3, MPI_INT, out, 1, MPI_INT, 0, comm);
  CHECK(cls_of(rc) == MPI_ERR_COUNT, "gather with a negative count");
  MPI_Error_string(rc, msg, &len);
  CHECK(strstr(msg, "sendcount") != NULL, "gather's message names sendcount: %s", msg);

  rc = MPI_Allreduce(buf, buf, 1, MPI_DOUBLE, MPI_SUM, comm);
  CHECK(cls_of(rc) == MPI_ERR_BUFFER, "allreduce with sendbuf == recvbuf");
  MPI_Comm_free(&comm);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
