/* Argument checking of the pack and datatype query calls, with
 * MPI_ERRORS_RETURN: negative buffer sizes of MPI_Pack/MPI_Unpack (and the
 * external32 forms), uncommitted types and NULL buffers of the external32
 * forms, NULL output arrays of MPI_Type_get_envelope/contents, the error
 * class for large-count types queried through the classic calls, the
 * envelope of MPI_Type_create_struct_c, and the MPI_Type_create_f90_*
 * types (cached, not freeable). Prints OK on success. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond, ...)                                                 \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "FAILED %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                      \
      fprintf(stderr, "\n");                                             \
      failures++;                                                        \
    }                                                                    \
  } while (0)

static int cls(int rc) {
  int c = rc;
  if (rc != MPI_SUCCESS) MPI_Error_class(rc, &c);
  return c;
}

static void pack_sizes(void) {
  int in[4] = {1, 2, 3, 4}, back[4] = {0};
  char out[64];
  memset(out, 0x5a, sizeof out);
  int pos = 0;
  CHECK(cls(MPI_Pack(in, 4, MPI_INT, out, -1, &pos, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Pack outsize -1");
  CHECK(pos == 0 && (unsigned char)out[0] == 0x5a, "MPI_Pack with a negative outsize wrote");
  MPI_Count cpos = 0;
  CHECK(cls(MPI_Pack_c(in, 4, MPI_INT, out, -5, &cpos, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Pack_c outsize -5");
  pos = 0;
  CHECK(cls(MPI_Pack(in, 4, MPI_INT, out, (int)sizeof out, &pos, MPI_COMM_WORLD)) == MPI_SUCCESS, "MPI_Pack");
  pos = 0;
  CHECK(cls(MPI_Unpack(out, -1, &pos, back, 4, MPI_INT, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Unpack insize -1");
  CHECK(pos == 0 && back[0] == 0, "MPI_Unpack with a negative insize read");
  cpos = 0;
  CHECK(cls(MPI_Unpack_c(out, -1, &cpos, back, 4, MPI_INT, MPI_COMM_WORLD)) == MPI_ERR_ARG, "MPI_Unpack_c insize");
  /* Too small but non-negative stays MPI_ERR_TRUNCATE. */
  pos = 0;
  CHECK(cls(MPI_Pack(in, 4, MPI_INT, out, 15, &pos, MPI_COMM_WORLD)) == MPI_ERR_TRUNCATE, "MPI_Pack short");
}

static void pack_external(void) {
  int in[4] = {1, 2, 3, 4}, back[4] = {0};
  char out[64];
  MPI_Aint pos = 0;
  MPI_Datatype t;
  MPI_Type_contiguous(2, MPI_INT, &t); /* not committed */
  CHECK(cls(MPI_Pack_external("external32", in, 2, t, out, sizeof out, &pos)) == MPI_ERR_TYPE,
        "MPI_Pack_external of an uncommitted type");
  CHECK(cls(MPI_Unpack_external("external32", out, sizeof out, &pos, back, 2, t)) == MPI_ERR_TYPE,
        "MPI_Unpack_external of an uncommitted type");
  MPI_Type_free(&t);
  pos = 0;
  CHECK(cls(MPI_Pack_external("external32", in, 4, MPI_INT, NULL, 64, &pos)) == MPI_ERR_ARG,
        "MPI_Pack_external NULL outbuf");
  CHECK(cls(MPI_Unpack_external("external32", NULL, 64, &pos, back, 4, MPI_INT)) == MPI_ERR_ARG,
        "MPI_Unpack_external NULL inbuf");
  CHECK(cls(MPI_Pack_external("external32", in, 4, MPI_INT, out, -1, &pos)) == MPI_ERR_ARG,
        "MPI_Pack_external outsize -1");
  CHECK(cls(MPI_Unpack_external("external32", out, -1, &pos, back, 4, MPI_INT)) == MPI_ERR_ARG,
        "MPI_Unpack_external insize -1");
  /* Zero elements: NULL buffers are fine. */
  CHECK(cls(MPI_Pack_external("external32", in, 0, MPI_INT, NULL, 0, &pos)) == MPI_SUCCESS, "empty pack_external");
  pos = 0;
  CHECK(cls(MPI_Pack_external("external32", in, 4, MPI_INT, out, sizeof out, &pos)) == MPI_SUCCESS && pos == 16,
        "MPI_Pack_external");
  CHECK((unsigned char)out[3] == 1 && out[0] == 0, "external32 is big-endian");
  pos = 0;
  CHECK(cls(MPI_Unpack_external("external32", out, sizeof out, &pos, back, 4, MPI_INT)) == MPI_SUCCESS &&
            back[3] == 4,
        "MPI_Unpack_external");
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  pack_sizes();
  pack_external();
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Finalize();
  if (failures != 0) {
    fprintf(stderr, "%d failures\n", failures);
    return 1;
  }
  if (rank == 0) printf("OK\n");
  return 0;
}
