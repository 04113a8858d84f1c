// Cartesian topologies (MPI-4 §8.5) and MPI_Dims_create, MPI_Topo_test.
#include "runtime/api/topo_common.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Topology;
namespace api = gyre::api;

namespace gyre::api {

int create_topo_comm(Call& call, MPI_Comm comm_old, Communicator& old, int nnodes,
                     const std::function<std::unique_ptr<Topology>(int new_rank)>& topo, MPI_Comm* out) {
  int color = old.rank() < nnodes ? 0 : MPI_UNDEFINED;
  std::unique_ptr<Communicator> c;
  GYRE_CHECK(call, comm_old, gyre::split_communicator(old, color, old.rank(), &c));
  if (!c) {
    *out = MPI_COMM_NULL;
    return MPI_SUCCESS;
  }
  c->set_topology(topo(c->rank()));
  *out = gyre::install_communicator(call.rt(), std::move(c), old);
  return MPI_SUCCESS;
}

Error check_topo(const Communicator& c, Topology::Kind kind, const char* what) {
  if (c.topology() != nullptr && c.topology()->kind() == kind) return Error::ok();
  return Error(ErrClass::topology, std::string("comm has no ") + what + " topology");
}

}  // namespace gyre::api

namespace {

Error check_cart_args(int ndims, const int dims[], const int periods[], int size, long long* prod) {
  if (ndims < 0) return Error(ErrClass::dims, "ndims = " + std::to_string(ndims) + " is negative");
  if (ndims > 0 && (dims == nullptr || periods == nullptr))
    return Error(ErrClass::arg, dims == nullptr ? "dims is NULL" : "periods is NULL");
  *prod = 1;
  for (int d = 0; d < ndims; ++d) {
    if (dims[d] <= 0)
      return Error(ErrClass::dims, "dims[" + std::to_string(d) + "] = " + std::to_string(dims[d]) +
                                       " is not positive");
    *prod *= dims[d];
    if (*prod > size) break;
  }
  if (*prod > size)
    return Error(ErrClass::topology, "the grid has more processes than the communicator (" + std::to_string(size) +
                                         ")");
  return Error::ok();
}

}  // namespace

GYRE_BINDING(int, MPI_Cart_create,
             (MPI_Comm comm_old, int ndims, const int dims[], const int periods[], int reorder, MPI_Comm* comm_cart)) {
  TOPO_CALL("MPI_Cart_create");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm_old, api::check_comm(call.rt(), comm_old, &c));
  GYRE_CHECK(call, comm_old, api::check_intra(*c, "MPI_Cart_create"));
  GYRE_CHECK(call, comm_old, api::check_out(comm_cart, "comm_cart"));
  long long prod = 1;
  GYRE_CHECK(call, comm_old, check_cart_args(ndims, dims, periods, c->size(), &prod));
  std::vector<int> d(dims, dims + ndims), p(ndims);
  for (int i = 0; i < ndims; ++i) p[static_cast<size_t>(i)] = periods[i] ? 1 : 0;
  return api::create_topo_comm(call, comm_old, *c, static_cast<int>(prod),
                               [&](int r) { return Topology::cart(d, p, r); }, comm_cart);
}

GYRE_BINDING(int, MPI_Dims_create, (int nnodes, int ndims, int dims[])) {
  TOPO_CALL("MPI_Dims_create");
  if (ndims < 0)
    return call.fail(MPI_COMM_SELF, Error(ErrClass::dims, "ndims = " + std::to_string(ndims) + " is negative"));
  if (ndims > 0) GYRE_CHECK(call, MPI_COMM_SELF, api::check_out(dims, "dims"));
  GYRE_CHECK(call, MPI_COMM_SELF, gyre::dims_create(nnodes, std::span<int>(dims, static_cast<size_t>(ndims))));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Topo_test, (MPI_Comm comm, int* status)) {
  TOPO_CALL("MPI_Topo_test");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(status, "status"));
  const Topology* t = c->topology();
  if (t == nullptr) *status = MPI_UNDEFINED;
  else if (t->kind() == Topology::Kind::cart) *status = MPI_CART;
  else if (t->kind() == Topology::Kind::graph) *status = MPI_GRAPH;
  else *status = MPI_DIST_GRAPH;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cartdim_get, (MPI_Comm comm, int* ndims)) {
  TOPO_CALL("MPI_Cartdim_get");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::cart, "Cartesian"));
  GYRE_CHECK(call, comm, api::check_out(ndims, "ndims"));
  *ndims = c->topology()->ndims();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cart_get, (MPI_Comm comm, int maxdims, int dims[], int periods[], int coords[])) {
  TOPO_CALL("MPI_Cart_get");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::cart, "Cartesian"));
  const Topology& t = *c->topology();
  if (maxdims < t.ndims())
    return call.fail(comm, Error(ErrClass::arg, "maxdims = " + std::to_string(maxdims) + " is below ndims = " +
                                                    std::to_string(t.ndims())));
  if (t.ndims() > 0) {
    GYRE_CHECK(call, comm, api::check_out(dims, "dims"));
    GYRE_CHECK(call, comm, api::check_out(periods, "periods"));
    GYRE_CHECK(call, comm, api::check_out(coords, "coords"));
  }
  for (int d = 0; d < t.ndims(); ++d) {
    dims[d] = t.dims()[static_cast<size_t>(d)];
    periods[d] = t.periods()[static_cast<size_t>(d)];
  }
  t.coords(c->rank(), std::span<int>(coords, static_cast<size_t>(t.ndims())));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cart_rank, (MPI_Comm comm, const int coords[], int* rank)) {
  TOPO_CALL("MPI_Cart_rank");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::cart, "Cartesian"));
  GYRE_CHECK(call, comm, api::check_out(rank, "rank"));
  const Topology& t = *c->topology();
  if (t.ndims() > 0) GYRE_CHECK(call, comm, api::check_out(coords, "coords"));
  GYRE_CHECK(call, comm, t.rank_of(std::span<const int>(coords, static_cast<size_t>(t.ndims())), rank));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cart_coords, (MPI_Comm comm, int rank, int maxdims, int coords[])) {
  TOPO_CALL("MPI_Cart_coords");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::cart, "Cartesian"));
  GYRE_CHECK(call, comm, api::check_rank(*c, rank, "rank", false, false));
  const Topology& t = *c->topology();
  if (maxdims < t.ndims())
    return call.fail(comm, Error(ErrClass::arg, "maxdims = " + std::to_string(maxdims) + " is below ndims = " +
                                                    std::to_string(t.ndims())));
  if (t.ndims() > 0) GYRE_CHECK(call, comm, api::check_out(coords, "coords"));
  t.coords(rank, std::span<int>(coords, static_cast<size_t>(t.ndims())));
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cart_shift, (MPI_Comm comm, int direction, int disp, int* rank_source, int* rank_dest)) {
  TOPO_CALL("MPI_Cart_shift");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::cart, "Cartesian"));
  GYRE_CHECK(call, comm, api::check_out(rank_source, "rank_source"));
  GYRE_CHECK(call, comm, api::check_out(rank_dest, "rank_dest"));
  const Topology& t = *c->topology();
  if (direction < 0 || direction >= t.ndims())
    return call.fail(comm, Error(ErrClass::arg, "direction = " + std::to_string(direction) + " is not a dimension (" +
                                                    std::to_string(t.ndims()) + " dims)"));
  t.shift(c->rank(), direction, disp, rank_source, rank_dest);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cart_sub, (MPI_Comm comm, const int remain_dims[], MPI_Comm* newcomm)) {
  TOPO_CALL("MPI_Cart_sub");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::cart, "Cartesian"));
  GYRE_CHECK(call, comm, api::check_out(newcomm, "newcomm"));
  const Topology& t = *c->topology();
  if (t.ndims() > 0) GYRE_CHECK(call, comm, api::check_out(remain_dims, "remain_dims"));
  std::vector<int> coords(static_cast<size_t>(t.ndims()));
  t.coords(c->rank(), coords);
  int color = 0, key = 0;
  std::vector<int> dims, periods;
  for (int d = 0; d < t.ndims(); ++d) {
    int n = t.dims()[static_cast<size_t>(d)], x = coords[static_cast<size_t>(d)];
    if (remain_dims[d]) {
      key = key * n + x;
      dims.push_back(n);
      periods.push_back(t.periods()[static_cast<size_t>(d)]);
    } else {
      color = color * n + x;
    }
  }
  std::unique_ptr<Communicator> out;
  GYRE_CHECK(call, comm, gyre::split_communicator(*c, color, key, &out));
  out->set_topology(Topology::cart(dims, periods, out->rank()));
  *newcomm = gyre::install_communicator(call.rt(), std::move(out), *c);
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Cart_map, (MPI_Comm comm, int ndims, const int dims[], const int periods[], int* newrank)) {
  TOPO_CALL("MPI_Cart_map");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(newrank, "newrank"));
  long long prod = 1;
  GYRE_CHECK(call, comm, check_cart_args(ndims, dims, periods, c->size(), &prod));
  *newrank = c->rank() < prod ? c->rank() : MPI_UNDEFINED;
  return MPI_SUCCESS;
}
