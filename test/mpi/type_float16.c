/* MPIX_C_FLOAT16 (C _Float16): size, reduction and a round trip between ranks. */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, size, failed = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int bytes = 0;
  MPI_Type_size(MPIX_C_FLOAT16, &bytes);
  if (bytes != 2) { fprintf(stderr, "type_float16: size %d, expected 2\n", bytes); failed = 1; }
  _Float16 in[4] = {1.5f16, 2.0f16, -0.25f16, 8.0f16}, inout[4] = {0.5f16, 1.0f16, 0.25f16, 1.0f16};
  MPI_Reduce_local(in, inout, 4, MPIX_C_FLOAT16, MPI_SUM);
  if (inout[0] != 2.0f16 || inout[1] != 3.0f16 || inout[2] != 0.0f16 || inout[3] != 9.0f16) {
    fprintf(stderr, "type_float16: Reduce_local SUM wrong\n");
    failed = 1;
  }
  _Float16 mine = (_Float16)(rank + 1), total = 0;
  MPI_Allreduce(&mine, &total, 1, MPIX_C_FLOAT16, MPI_SUM, MPI_COMM_WORLD);
  if (total != (_Float16)(size * (size + 1) / 2)) {
    fprintf(stderr, "type_float16: Allreduce gave %g\n", (double)total);
    failed = 1;
  }
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && !any) printf("OK\n");
  MPI_Finalize();
  return any;
}
