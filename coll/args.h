// The collective operations and the arguments every schedule builder gets.
// Builders never see the user's buffer pointers (schedules are reusable);
// they see counts, datatypes, root, ranks and the MPI_IN_PLACE choice.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

namespace gyre {
class Datatype;
class Op;
}  // namespace gyre

namespace gyre::coll {

enum class CollOp : uint8_t {
  barrier, bcast, reduce, allreduce, gather, gatherv, scatter, scatterv, allgather, allgatherv,
  alltoall, alltoallv, alltoallw, reduce_scatter, reduce_scatter_block, scan, exscan,
  // Neighborhood collectives (process topologies): data moves along the
  // topology's edges only.
  neighbor_allgather, neighbor_allgatherv, neighbor_alltoall, neighbor_alltoallv, neighbor_alltoallw,
};
constexpr int kNumCollOps = static_cast<int>(CollOp::neighbor_alltoallw) + 1;

// "allreduce", "reduce_scatter_block", ...
std::string_view op_name(CollOp op);
// Parse a lowercase name; false when unknown.
bool op_from_name(std::string_view name, CollOp* out);
// A set of ops as a bit mask, and membership: cheaper than a switch's jump
// table on the per-call paths.
constexpr uint32_t op_mask(std::initializer_list<CollOp> ops) {
  uint32_t mask = 0;
  for (CollOp o : ops) mask |= 1u << static_cast<int>(o);
  return mask;
}
constexpr bool op_in(CollOp op, uint32_t mask) { return (mask >> static_cast<int>(op) & 1u) != 0; }
// Whether the op combines data with an MPI_Op.
constexpr bool is_reduction(CollOp op) {
  constexpr uint32_t kReductions = op_mask({CollOp::reduce, CollOp::allreduce, CollOp::reduce_scatter,
                                            CollOp::reduce_scatter_block, CollOp::scan, CollOp::exscan});
  return op_in(op, kReductions);
}
// Whether the op is a neighborhood collective.
bool is_neighbor(CollOp op);

// The communicator's members by node, for node-aware (hier) schedules: the
// same on every rank (built from the job's node map).
struct NodeLayout {
  int num_nodes = 1;
  std::vector<int> node_of;                 // per comm rank: node index 0..num_nodes-1
  std::vector<std::vector<int>> members;    // per node index: its comm ranks, ascending
  int ppn = 1;                              // most members on any node
};

struct CollArgs {
  CollOp op = CollOp::barrier;
  int rank = 0;
  int size = 1;
  int root = 0;
  // Send side (for bcast/reduce/allreduce/scan: the one buffer description).
  size_t count = 0;
  const Datatype* type = nullptr;
  // Receive side (gather/scatter/allgather/alltoall families).
  size_t rcount = 0;
  const Datatype* rtype = nullptr;
  // v/w variants: per-rank counts and displacements (elements of the type,
  // bytes for alltoallw), and per-rank types for alltoallw.
  std::span<const int> scounts, sdispls, rcounts, rdispls;
  std::span<const Datatype* const> stypes, rtypes;
  const Op* reduce_op = nullptr;  // for commutativity checks only; the run supplies the op
  bool commutative = true;
  bool in_place = false;  // MPI_IN_PLACE given where the op allows it
  // Neighborhood collectives: the ranks received from (sources) and sent to
  // (destinations), in the topology's order; -1 (MPI_PROC_NULL) keeps its
  // buffer block but moves nothing. cart: the lists are (-1, +1) pairs per
  // dimension (see coll/neighbor/neighbor.h on duplicated neighbors).
  std::span<const int> sources, destinations;
  bool cart = false;
  // Intercommunicators: peers are ranks of the remote group (remote_size of
  // them); root is MPI_ROOT (-3) / MPI_PROC_NULL (-1) in the root's group.
  bool inter = false;
  int remote_size = 0;
  // Node layout of the communicator (nullptr when unknown).
  const NodeLayout* nodes = nullptr;
  // The node runs more ranks than it has processors (Module::set_oversubscribed):
  // only then does the shm segment have its huge slots.
  bool oversub = false;
};

constexpr int kRootHere = -3;   // MPI_ROOT
constexpr int kProcNull = -1;   // MPI_PROC_NULL

}  // namespace gyre::coll
