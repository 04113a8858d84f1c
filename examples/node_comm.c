/* node_comm: how a program finds the nodes it runs on, the pattern behind
 * node-aware ("hierarchical") collectives.
 *
 * 1. MPI_Comm_split_type(MPI_COMM_TYPE_SHARED) makes one communicator per node:
 *    the ranks that can share memory.
 * 2. Rank 0 of each node communicator is that node's leader. MPI_Comm_split
 *    puts the leaders in a communicator of their own; the other ranks pass
 *    MPI_UNDEFINED and get MPI_COMM_NULL.
 * 3. A sum in two levels: MPI_Reduce to the leader inside each node, then
 *    MPI_Allreduce among the leaders, then MPI_Bcast inside each node. It must
 *    equal a plain MPI_Allreduce over MPI_COMM_WORLD, and the node sizes must
 *    add up to the world size. Exits 0 only if both hold.
 *
 *   mpicc examples/node_comm.c -o node_comm && mpirun -np 4 ./node_comm
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);

  /* 1. One communicator per node; key = world rank keeps the world order. */
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
  int local_rank, local_size;
  MPI_Comm_rank(node, &local_rank);
  MPI_Comm_size(node, &local_size);

  /* 2. The leaders' communicator; its ranks number the nodes. */
  MPI_Comm leaders;
  MPI_Comm_split(MPI_COMM_WORLD, local_rank == 0 ? 0 : MPI_UNDEFINED, rank, &leaders);
  int node_id = -1, nodes = 0;
  if (leaders != MPI_COMM_NULL) {
    MPI_Comm_rank(leaders, &node_id);
    MPI_Comm_size(leaders, &nodes);
  }
  int info[2] = {node_id, nodes}; /* leaders tell their node */
  MPI_Bcast(info, 2, MPI_INT, 0, node);
  node_id = info[0];
  nodes = info[1];

  /* Each leader lists the world ranks on its node. */
  int *members = local_rank == 0 ? malloc(local_size * sizeof(int)) : NULL;
  MPI_Gather(&rank, 1, MPI_INT, members, 1, MPI_INT, 0, node);
  if (local_rank == 0) {
    char host[MPI_MAX_PROCESSOR_NAME];
    int len;
    MPI_Get_processor_name(host, &len);
    printf("node %d of %d (%s) holds %d rank(s), world ranks:", node_id, nodes, host, local_size);
    for (int i = 0; i < local_size; ++i) printf(" %d", members[i]);
    printf("\n");
    free(members);
  }

  /* 3. A two-level sum of v = rank^2 + 1, next to the one-level one. */
  long v = (long)rank * rank + 1, node_sum = 0, two_level = 0, one_level = 0;
  MPI_Reduce(&v, &node_sum, 1, MPI_LONG, MPI_SUM, 0, node);
  long ranks_counted = 0, my_node_size = local_size;
  if (leaders != MPI_COMM_NULL) {
    MPI_Allreduce(&node_sum, &two_level, 1, MPI_LONG, MPI_SUM, leaders);
    MPI_Allreduce(&my_node_size, &ranks_counted, 1, MPI_LONG, MPI_SUM, leaders);
  }
  long both[2] = {two_level, ranks_counted};
  MPI_Bcast(both, 2, MPI_LONG, 0, node);
  MPI_Allreduce(&v, &one_level, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);

  long n = size, expected = (n - 1) * n * (2 * n - 1) / 6 + n; /* sum of r^2 + 1 */
  int ok = both[0] == expected && one_level == expected && both[1] == size;
  int all_ok = 0;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  if (rank == 0) {
    printf("%d node(s), node sizes add up to %ld of %d ranks\n", nodes, both[1], size);
    printf("sum of rank^2+1: two-level (node, leaders, node) = %ld, MPI_COMM_WORLD = %ld, "
           "expected %ld: %s\n", both[0], one_level, expected, all_ok ? "OK" : "WRONG");
  }

  if (leaders != MPI_COMM_NULL) MPI_Comm_free(&leaders);
  MPI_Comm_free(&node);
  MPI_Finalize();
  return all_ok ? 0 : 1;
}
