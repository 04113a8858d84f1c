/* The environment chapter: init state, rank/size, versions, timers,
 * processor name, thread level, error class round trip. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond, ...)                                    \
  do {                                                      \
    if (!(cond)) {                                          \
      fprintf(stderr, "env_basic: check failed: " __VA_ARGS__); \
      fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__);    \
      MPI_Abort(MPI_COMM_WORLD, 1);                         \
    }                                                       \
  } while (0)

int main(int argc, char** argv) {
  int flag = -1, provided = -1;
  MPI_Initialized(&flag);
  if (flag != 0) { fprintf(stderr, "Initialized true before init\n"); return 1; }
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Initialized(&flag);
  CHECK(flag == 1, "MPI_Initialized after init");
  CHECK(provided >= MPI_THREAD_FUNNELED, "provided %d < FUNNELED", provided);
  int q = -1;
  MPI_Query_thread(&q);
  CHECK(q == provided, "Query_thread %d != provided %d", q, provided);
  MPI_Is_thread_main(&flag);
  CHECK(flag == 1, "Is_thread_main");

  int rank = -1, size = -1, srank = -1, ssize = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_SELF, &srank);
  MPI_Comm_size(MPI_COMM_SELF, &ssize);
  CHECK(size >= 1 && rank >= 0 && rank < size, "rank %d size %d", rank, size);
  CHECK(srank == 0 && ssize == 1, "self rank %d size %d", srank, ssize);

  int v = 0, sv = -1;
  MPI_Get_version(&v, &sv);
  CHECK(v == MPI_VERSION && sv == MPI_SUBVERSION, "version %d.%d", v, sv);
  char lib[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(lib, &len);
  CHECK(len > 0 && (int)strlen(lib) == len, "library version length");
  char host[MPI_MAX_PROCESSOR_NAME];
  MPI_Get_processor_name(host, &len);
  CHECK(len > 0 && (int)strlen(host) == len, "processor name");

  double t0 = MPI_Wtime(), tick = MPI_Wtick();
  CHECK(tick > 0 && tick < 1e-3, "Wtick %g", tick);
  double t1 = MPI_Wtime();
  CHECK(t1 >= t0, "Wtime went backwards");

  /* Errors come back as classes under MPI_ERRORS_RETURN. */
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  int rc = MPI_Comm_rank(MPI_COMM_NULL, &srank);
  int cls = -1;
  MPI_Error_class(rc, &cls);
  CHECK(cls == MPI_ERR_COMM, "Comm_rank(COMM_NULL) gave class %d", cls);
  char msg[MPI_MAX_ERROR_STRING];
  MPI_Error_string(rc, msg, &len);
  CHECK(strstr(msg, "MPI_Comm_rank") != NULL, "error string names the call: %s", msg);

  if (rank == 0) printf("env_basic: %d ranks, %s\n", size, lib);
  MPI_Finalize();
  MPI_Finalized(&flag);
  if (flag != 1) { fprintf(stderr, "Finalized false after finalize\n"); return 1; }
  return 0;
}
