/* Cartesian topologies (shifts on periodic and open dims, coords/rank
 * round trip, sub-grids), Dims_create, graph and distributed graph
 * neighbor queries, Topo_test. */
#include <mpi.h>
#include <stdio.h>

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "rank %d: check failed: %s: ", wrank, #cond); \
  fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); MPI_Abort(MPI_COMM_WORLD, 1); } } while (0)

static int wrank, wsize;

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  MPI_Comm_size(MPI_COMM_WORLD, &wsize);
  int dims[2] = {0, 0}, periods[2] = {1, 0};
  MPI_Dims_create(wsize, 2, dims);
  CHECK(dims[0] * dims[1] == wsize && dims[0] >= dims[1], "dims %dx%d", dims[0], dims[1]);
  MPI_Comm cart;
  MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart);
  int status; MPI_Topo_test(cart, &status); CHECK(status == MPI_CART, "topo_test %d", status);
  MPI_Topo_test(MPI_COMM_WORLD, &status); CHECK(status == MPI_UNDEFINED, "world has no topology");
  int r, coords[2], nd, gd[2], gp[2], gc[2];
  MPI_Comm_rank(cart, &r);
  MPI_Cart_coords(cart, r, 2, coords);
  CHECK(coords[0] == r / dims[1] && coords[1] == r % dims[1], "row-major coords");
  int back; MPI_Cart_rank(cart, coords, &back); CHECK(back == r, "rank round trip");
  MPI_Cartdim_get(cart, &nd); CHECK(nd == 2, "cartdim");
  MPI_Cart_get(cart, 2, gd, gp, gc);
  CHECK(gd[0] == dims[0] && gp[0] == 1 && gp[1] == 0 && gc[1] == coords[1], "cart_get");
  /* Dim 0 periodic: wraps. */
  int src, dst;
  MPI_Cart_shift(cart, 0, 1, &src, &dst);
  CHECK(dst == ((coords[0] + 1) % dims[0]) * dims[1] + coords[1], "periodic +1 dest %d", dst);
  CHECK(src == ((coords[0] + dims[0] - 1) % dims[0]) * dims[1] + coords[1], "periodic -1 source %d", src);
  /* Dim 1 open: PROC_NULL at the edges. */
  MPI_Cart_shift(cart, 1, 1, &src, &dst);
  CHECK(dst == (coords[1] + 1 < dims[1] ? r + 1 : MPI_PROC_NULL), "open +1 dest %d", dst);
  CHECK(src == (coords[1] > 0 ? r - 1 : MPI_PROC_NULL), "open -1 source %d", src);
  MPI_Cart_shift(cart, 1, -2, &src, &dst);
  CHECK(dst == (coords[1] >= 2 ? r - 2 : MPI_PROC_NULL), "open -2 dest %d", dst);
  /* Exchange along the periodic dimension. */
  MPI_Cart_shift(cart, 0, 1, &src, &dst);
  int got = -1;
  MPI_Sendrecv(&r, 1, MPI_INT, dst, 1, &got, 1, MPI_INT, src, 1, cart, MPI_STATUS_IGNORE);
  CHECK(got == src, "shifted exchange got %d", got);
  /* Wrapping coordinates in the periodic dim, rejected in the open one. */
  int far[2] = {coords[0] + dims[0], coords[1]};
  MPI_Cart_rank(cart, far, &back); CHECK(back == r, "periodic wrap in Cart_rank");
  /* Rows: keep dim 1. */
  int remain[2] = {0, 1};
  MPI_Comm row; MPI_Cart_sub(cart, remain, &row);
  int rs, rr; MPI_Comm_size(row, &rs); MPI_Comm_rank(row, &rr);
  CHECK(rs == dims[1] && rr == coords[1], "cart_sub row size %d rank %d", rs, rr);
  MPI_Cartdim_get(row, &nd); CHECK(nd == 1, "sub has 1 dim");
  MPI_Comm_free(&row);
  MPI_Comm_free(&cart);

  /* A 1-d ring bigger than needed is rejected; a smaller one leaves ranks out. */
  int small = wsize > 1 ? wsize - 1 : 1, per = 1;
  MPI_Cart_create(MPI_COMM_WORLD, 1, &small, &per, 0, &cart);
  CHECK((wrank < small) == (cart != MPI_COMM_NULL), "ranks beyond the grid get MPI_COMM_NULL");
  if (cart != MPI_COMM_NULL) MPI_Comm_free(&cart);

  /* Graph: a ring. */
  int index[64], edges[128];
  for (int i = 0; i < wsize; ++i) {
    index[i] = 2 * (i + 1);
    edges[2 * i] = (i + 1) % wsize;
    edges[2 * i + 1] = (i + wsize - 1) % wsize;
  }
  MPI_Comm g; MPI_Graph_create(MPI_COMM_WORLD, wsize, index, edges, 0, &g);
  MPI_Topo_test(g, &status); CHECK(status == MPI_GRAPH, "graph topo");
  int nn, ne, cnt, nb[2];
  MPI_Graphdims_get(g, &nn, &ne); CHECK(nn == wsize && ne == 2 * wsize, "graphdims");
  MPI_Graph_neighbors_count(g, wrank, &cnt); CHECK(cnt == 2, "neighbors count");
  MPI_Graph_neighbors(g, wrank, 2, nb); CHECK(nb[0] == (wrank + 1) % wsize, "neighbors");
  {
    MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
    int gidx[1], gedges[1], grc, gcls;
    grc = MPI_Graph_get(g, 1, 1, NULL, gedges);
    MPI_Error_class(grc, &gcls); CHECK(gcls == MPI_ERR_ARG, "graph_get NULL index: class %d", gcls);
    grc = MPI_Graph_get(g, 1, 1, gidx, NULL);
    MPI_Error_class(grc, &gcls); CHECK(gcls == MPI_ERR_ARG, "graph_get NULL edges: class %d", gcls);
    grc = MPI_Graph_get(g, 0, 0, NULL, NULL);
    CHECK(grc == MPI_SUCCESS, "graph_get with zero lengths and NULL arrays");
  }
  MPI_Comm_free(&g);

  /* Distributed graph: each rank names its own out-edge to rank+1 (weight = rank). */
  int dest = (wrank + 1) % wsize, w = wrank, one = 1;
  MPI_Comm dg;
  MPI_Dist_graph_create(MPI_COMM_WORLD, 1, &wrank, &one, &dest, &w, MPI_INFO_NULL, 0, &dg);
  int indeg, outdeg, weighted;
  MPI_Dist_graph_neighbors_count(dg, &indeg, &outdeg, &weighted);
  CHECK(indeg == 1 && outdeg == 1 && weighted, "dist graph counts %d %d %d", indeg, outdeg, weighted);
  int s, sw, dd, dw;
  MPI_Dist_graph_neighbors(dg, 1, &s, &sw, 1, &dd, &dw);
  CHECK(s == (wrank + wsize - 1) % wsize && sw == s && dd == dest && dw == wrank, "dist graph neighbors");
  /* Bad arguments are reported, not written through. */
  MPI_Comm_set_errhandler(dg, MPI_ERRORS_RETURN);
  int rc, cls;
  rc = MPI_Dist_graph_neighbors(dg, 1, NULL, &sw, 1, &dd, &dw);
  MPI_Error_class(rc, &cls); CHECK(cls == MPI_ERR_ARG, "dist neighbors NULL sources: class %d", cls);
  rc = MPI_Dist_graph_neighbors(dg, 1, &s, &sw, 1, NULL, &dw);
  MPI_Error_class(rc, &cls); CHECK(cls == MPI_ERR_ARG, "dist neighbors NULL destinations: class %d", cls);
  rc = MPI_Dist_graph_neighbors(dg, -1, &s, &sw, 1, &dd, &dw);
  MPI_Error_class(rc, &cls); CHECK(cls == MPI_ERR_ARG, "dist neighbors negative maxindegree: class %d", cls);
  rc = MPI_Dist_graph_neighbors(dg, 1, &s, &sw, -1, &dd, &dw);
  MPI_Error_class(rc, &cls); CHECK(cls == MPI_ERR_ARG, "dist neighbors negative maxoutdegree: class %d", cls);
  rc = MPI_Dist_graph_neighbors(dg, 0, NULL, NULL, 0, NULL, NULL);
  CHECK(rc == MPI_SUCCESS, "dist neighbors with zero lengths and NULL arrays");
  MPI_Comm_free(&dg);
  int srcs[1] = {(wrank + wsize - 1) % wsize};
  MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 1, srcs, MPI_UNWEIGHTED, 1, &dest, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &dg);
  MPI_Dist_graph_neighbors_count(dg, &indeg, &outdeg, &weighted);
  CHECK(indeg == 1 && outdeg == 1 && !weighted, "adjacent counts");
  MPI_Topo_test(dg, &status); CHECK(status == MPI_DIST_GRAPH, "dist graph topo");
  MPI_Comm_free(&dg);

  MPI_Barrier(MPI_COMM_WORLD);
  if (wrank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
