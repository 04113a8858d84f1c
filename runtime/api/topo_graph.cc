// Graph and distributed-graph topologies (MPI-4 §8.5.3-8.5.5, §8.6).
#include "runtime/api/topo_common.h"
#include "runtime/context_id_exchange.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Topology;
namespace api = gyre::api;

GYRE_BINDING(int, MPI_Graph_create,
             (MPI_Comm comm_old, int nnodes, const int index[], const int edges[], int reorder, MPI_Comm* comm_graph)) {
  TOPO_CALL("MPI_Graph_create");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm_old, api::check_comm(call.rt(), comm_old, &c));
  GYRE_CHECK(call, comm_old, api::check_intra(*c, "MPI_Graph_create"));
  GYRE_CHECK(call, comm_old, api::check_out(comm_graph, "comm_graph"));
  if (nnodes < 0 || nnodes > c->size())
    return call.fail(comm_old, Error(ErrClass::arg, "nnodes = " + std::to_string(nnodes) + " is outside 0.." +
                                                        std::to_string(c->size())));
  if (nnodes > 0) GYRE_CHECK(call, comm_old, api::check_out(index, "index"));
  std::vector<int> idx(index, index + nnodes);
  for (int i = 0; i < nnodes; ++i)
    if (idx[static_cast<size_t>(i)] < (i ? idx[static_cast<size_t>(i - 1)] : 0))
      return call.fail(comm_old, Error(ErrClass::arg, "index[" + std::to_string(i) + "] decreases"));
  int nedges = nnodes ? idx.back() : 0;
  if (nedges > 0) GYRE_CHECK(call, comm_old, api::check_out(edges, "edges"));
  std::vector<int> e(edges, edges + nedges);
  for (int i = 0; i < nedges; ++i)
    if (e[static_cast<size_t>(i)] < 0 || e[static_cast<size_t>(i)] >= nnodes)
      return call.fail(comm_old, Error(ErrClass::rank, "edges[" + std::to_string(i) + "] = " +
                                                           std::to_string(e[static_cast<size_t>(i)]) +
                                                           " is not a node of the graph"));
  return api::create_topo_comm(call, comm_old, *c, nnodes, [&](int r) { return Topology::graph(idx, e, r); },
                               comm_graph);
}

GYRE_BINDING(int, MPI_Graphdims_get, (MPI_Comm comm, int* nnodes, int* nedges)) {
  TOPO_CALL("MPI_Graphdims_get");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::graph, "graph"));
  GYRE_CHECK(call, comm, api::check_out(nnodes, "nnodes"));
  GYRE_CHECK(call, comm, api::check_out(nedges, "nedges"));
  *nnodes = static_cast<int>(c->topology()->index().size());
  *nedges = static_cast<int>(c->topology()->edges().size());
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Graph_get, (MPI_Comm comm, int maxindex, int maxedges, int index[], int edges[])) {
  TOPO_CALL("MPI_Graph_get");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::graph, "graph"));
  const Topology& t = *c->topology();
  if (maxindex < 0 || maxedges < 0) return call.fail(comm, Error(ErrClass::arg, "maxindex/maxedges is negative"));
  if (maxindex > 0) GYRE_CHECK(call, comm, api::check_not_null(index, "index"));
  if (maxedges > 0) GYRE_CHECK(call, comm, api::check_not_null(edges, "edges"));
  for (int i = 0; i < maxindex && i < static_cast<int>(t.index().size()); ++i) index[i] = t.index()[static_cast<size_t>(i)];
  for (int i = 0; i < maxedges && i < static_cast<int>(t.edges().size()); ++i) edges[i] = t.edges()[static_cast<size_t>(i)];
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Graph_neighbors_count, (MPI_Comm comm, int rank, int* nneighbors)) {
  TOPO_CALL("MPI_Graph_neighbors_count");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::graph, "graph"));
  GYRE_CHECK(call, comm, api::check_rank(*c, rank, "rank", false, false));
  GYRE_CHECK(call, comm, api::check_out(nneighbors, "nneighbors"));
  *nneighbors = static_cast<int>(c->topology()->graph_neighbors(rank).size());
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Graph_neighbors, (MPI_Comm comm, int rank, int maxneighbors, int neighbors[])) {
  TOPO_CALL("MPI_Graph_neighbors");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::graph, "graph"));
  GYRE_CHECK(call, comm, api::check_rank(*c, rank, "rank", false, false));
  auto n = c->topology()->graph_neighbors(rank);
  if (maxneighbors > 0) GYRE_CHECK(call, comm, api::check_out(neighbors, "neighbors"));
  for (size_t i = 0; i < n.size() && static_cast<int>(i) < maxneighbors; ++i) neighbors[i] = n[i];
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Graph_map, (MPI_Comm comm, int nnodes, const int index[], const int edges[], int* newrank)) {
  TOPO_CALL("MPI_Graph_map");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(newrank, "newrank"));
  if (nnodes < 1 || nnodes > c->size())
    return call.fail(comm, Error(ErrClass::arg, "nnodes = " + std::to_string(nnodes) + " is outside 1.." +
                                                    std::to_string(c->size())));
  *newrank = c->rank() < nnodes ? c->rank() : MPI_UNDEFINED;
  return MPI_SUCCESS;
}

// ---- distributed graphs -------------------------------------------------------

namespace {

Error check_neighbors(const Communicator& c, int degree, const int ranks[], const char* name) {
  if (degree < 0) return Error(ErrClass::arg, std::string(name) + " degree is negative");
  if (degree > 0 && ranks == nullptr) return Error(ErrClass::arg, std::string(name) + " is NULL");
  for (int i = 0; i < degree; ++i)
    if (ranks[i] < 0 || ranks[i] >= c.size())
      return Error(ErrClass::rank, std::string(name) + "[" + std::to_string(i) + "] = " + std::to_string(ranks[i]) +
                                       " is not a rank of comm_old");
  return Error::ok();
}

std::vector<int> weights_of(const int* w, int n) {
  if (w == MPI_UNWEIGHTED || w == MPI_WEIGHTS_EMPTY || w == nullptr) return std::vector<int>(static_cast<size_t>(n), 1);
  return std::vector<int>(w, w + n);
}

int install_dist_graph(api::Call& call, MPI_Comm comm_old, Communicator& c, std::unique_ptr<Topology> topo,
                       MPI_Comm* out) {
  std::unique_ptr<Communicator> fresh;
  GYRE_CHECK(call, comm_old, gyre::split_communicator(c, 0, c.rank(), &fresh));
  fresh->set_topology(std::move(topo));
  *out = gyre::install_communicator(call.rt(), std::move(fresh), c);
  return MPI_SUCCESS;
}

}  // namespace

GYRE_BINDING(int, MPI_Dist_graph_create_adjacent,
             (MPI_Comm comm_old, int indegree, const int sources[], const int sourceweights[], int outdegree,
              const int destinations[], const int destweights[], MPI_Info info, int reorder,
              MPI_Comm* comm_dist_graph)) {
  TOPO_CALL("MPI_Dist_graph_create_adjacent");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm_old, api::check_comm(call.rt(), comm_old, &c));
  GYRE_CHECK(call, comm_old, api::check_intra(*c, "MPI_Dist_graph_create_adjacent"));
  GYRE_CHECK(call, comm_old, api::check_out(comm_dist_graph, "comm_dist_graph"));
  GYRE_CHECK(call, comm_old, check_neighbors(*c, indegree, sources, "sources"));
  GYRE_CHECK(call, comm_old, check_neighbors(*c, outdegree, destinations, "destinations"));
  bool weighted = sourceweights != MPI_UNWEIGHTED && destweights != MPI_UNWEIGHTED;
  auto topo = Topology::dist_graph(std::vector<int>(sources, sources + indegree), weights_of(sourceweights, indegree),
                                   std::vector<int>(destinations, destinations + outdegree),
                                   weights_of(destweights, outdegree), weighted);
  return install_dist_graph(call, comm_old, *c, std::move(topo), comm_dist_graph);
}

GYRE_BINDING(int, MPI_Dist_graph_create,
             (MPI_Comm comm_old, int n, const int sources[], const int degrees[], const int destinations[],
              const int weights[], MPI_Info info, int reorder, MPI_Comm* comm_dist_graph)) {
  TOPO_CALL("MPI_Dist_graph_create");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm_old, api::check_comm(call.rt(), comm_old, &c));
  GYRE_CHECK(call, comm_old, api::check_intra(*c, "MPI_Dist_graph_create"));
  GYRE_CHECK(call, comm_old, api::check_out(comm_dist_graph, "comm_dist_graph"));
  GYRE_CHECK(call, comm_old, check_neighbors(*c, n, sources, "sources"));
  if (n > 0) GYRE_CHECK(call, comm_old, api::check_out(degrees, "degrees"));
  int total = 0;
  for (int i = 0; i < n; ++i) {
    if (degrees[i] < 0) return call.fail(comm_old, Error(ErrClass::arg, "degrees[" + std::to_string(i) + "] is negative"));
    total += degrees[i];
  }
  GYRE_CHECK(call, comm_old, check_neighbors(*c, total, destinations, "destinations"));
  bool weighted = weights != MPI_UNWEIGHTED;
  // Everyone learns every edge: slot counts, then the edges (OR-allgathers
  // over comm_old; each edge is (source << 32 | destination), weight).
  int size = c->size();
  std::vector<uint64_t> counts(static_cast<size_t>(size), 0);
  counts[static_cast<size_t>(c->rank())] = static_cast<uint64_t>(total);
  gyre::MemberView view{c->shared_group(), c->rank(), c->coll_context(), gyre::internal_tag::kGather};
  GYRE_CHECK(call, comm_old, gyre::member_allreduce(view, counts, gyre::Combine::bor));
  size_t all = 0, mine = 0;
  for (int r = 0; r < size; ++r) {
    if (r == c->rank()) mine = all;
    all += counts[static_cast<size_t>(r)];
  }
  std::vector<uint64_t> edges(2 * all, 0);
  size_t k = mine;
  for (int i = 0, e = 0; i < n; ++i)
    for (int j = 0; j < degrees[i]; ++j, ++e, ++k) {
      edges[2 * k] = (uint64_t{static_cast<uint32_t>(sources[i])} << 32) | static_cast<uint32_t>(destinations[e]);
      edges[2 * k + 1] = static_cast<uint32_t>(weighted && weights != MPI_WEIGHTS_EMPTY ? weights[e] : 1);
    }
  gyre::MemberView view2 = view;
  view2.tag = gyre::internal_tag::kGather - 2;
  GYRE_CHECK(call, comm_old, gyre::member_allreduce(view2, edges, gyre::Combine::bor));
  std::vector<int> in, in_w, out, out_w;
  for (size_t e = 0; e < all; ++e) {
    int src = static_cast<int>(edges[2 * e] >> 32), dst = static_cast<int>(static_cast<uint32_t>(edges[2 * e]));
    int w = static_cast<int>(static_cast<uint32_t>(edges[2 * e + 1]));
    if (dst == c->rank()) {
      in.push_back(src);
      in_w.push_back(w);
    }
    if (src == c->rank()) {
      out.push_back(dst);
      out_w.push_back(w);
    }
  }
  auto topo = Topology::dist_graph(std::move(in), std::move(in_w), std::move(out), std::move(out_w), weighted);
  return install_dist_graph(call, comm_old, *c, std::move(topo), comm_dist_graph);
}

GYRE_BINDING(int, MPI_Dist_graph_neighbors_count, (MPI_Comm comm, int* indegree, int* outdegree, int* weighted)) {
  TOPO_CALL("MPI_Dist_graph_neighbors_count");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::dist_graph, "distributed graph"));
  GYRE_CHECK(call, comm, api::check_out(indegree, "indegree"));
  GYRE_CHECK(call, comm, api::check_out(outdegree, "outdegree"));
  GYRE_CHECK(call, comm, api::check_out(weighted, "weighted"));
  const Topology& t = *c->topology();
  *indegree = static_cast<int>(t.in_neighbors().size());
  *outdegree = static_cast<int>(t.out_neighbors().size());
  *weighted = t.weighted() ? 1 : 0;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Dist_graph_neighbors,
             (MPI_Comm comm, int maxindegree, int sources[], int sourceweights[], int maxoutdegree, int destinations[],
              int destweights[])) {
  TOPO_CALL("MPI_Dist_graph_neighbors");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_topo(*c, Topology::Kind::dist_graph, "distributed graph"));
  if (maxindegree < 0)
    return call.fail(comm, Error(ErrClass::arg, "maxindegree = " + std::to_string(maxindegree) + " is negative"));
  if (maxoutdegree < 0)
    return call.fail(comm, Error(ErrClass::arg, "maxoutdegree = " + std::to_string(maxoutdegree) + " is negative"));
  if (maxindegree > 0) GYRE_CHECK(call, comm, api::check_not_null(sources, "sources"));
  if (maxoutdegree > 0) GYRE_CHECK(call, comm, api::check_not_null(destinations, "destinations"));
  const Topology& t = *c->topology();
  for (int i = 0; i < maxindegree && i < static_cast<int>(t.in_neighbors().size()); ++i) {
    sources[i] = t.in_neighbors()[static_cast<size_t>(i)];
    if (t.weighted() && sourceweights != MPI_UNWEIGHTED && sourceweights != nullptr)
      sourceweights[i] = t.in_weights()[static_cast<size_t>(i)];
  }
  for (int i = 0; i < maxoutdegree && i < static_cast<int>(t.out_neighbors().size()); ++i) {
    destinations[i] = t.out_neighbors()[static_cast<size_t>(i)];
    if (t.weighted() && destweights != MPI_UNWEIGHTED && destweights != nullptr)
      destweights[i] = t.out_weights()[static_cast<size_t>(i)];
  }
  return MPI_SUCCESS;
}
