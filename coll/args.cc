#include "coll/args.h"

#include <array>

namespace gyre::coll {

namespace {
constexpr std::array<std::string_view, kNumCollOps> kNames{
    "barrier", "bcast",      "reduce",     "allreduce", "gather",         "gatherv",
    "scatter", "scatterv",   "allgather",  "allgatherv", "alltoall",      "alltoallv",
    "alltoallw", "reduce_scatter", "reduce_scatter_block", "scan", "exscan",
    "neighbor_allgather", "neighbor_allgatherv", "neighbor_alltoall", "neighbor_alltoallv", "neighbor_alltoallw",
};
}  // namespace

std::string_view op_name(CollOp op) { return kNames[static_cast<size_t>(op)]; }

bool op_from_name(std::string_view name, CollOp* out) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) {
      *out = static_cast<CollOp>(i);
      return true;
    }
  return false;
}

bool is_neighbor(CollOp op) { return op >= CollOp::neighbor_allgather; }

}  // namespace gyre::coll
