// The collective operations and the arguments every schedule builder gets.
// Builders never see the user's buffer pointers (schedules are reusable);
// they see counts, datatypes, root, ranks and the MPI_IN_PLACE choice.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace gyre {
class Datatype;
class Op;
}  // namespace gyre

namespace gyre::coll {

enum class CollOp : uint8_t {
  barrier, bcast, reduce, allreduce, gather, gatherv, scatter, scatterv, allgather, allgatherv,
  alltoall, alltoallv, alltoallw, reduce_scatter, reduce_scatter_block, scan, exscan,
};
constexpr int kNumCollOps = static_cast<int>(CollOp::exscan) + 1;

// "allreduce", "reduce_scatter_block", ...
std::string_view op_name(CollOp op);
// Parse a lowercase name; false when unknown.
bool op_from_name(std::string_view name, CollOp* out);
// Whether the op combines data with an MPI_Op.
bool is_reduction(CollOp op);

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
};

}  // namespace gyre::coll
