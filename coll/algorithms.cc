#include "coll/algorithms.h"

#include <array>

#include "coll/schedule/builder_util.h"

namespace gyre::coll {

namespace {

using O = CollOp;
constexpr bool kComm = true, kAny = false, kPof2 = true, kAnyN = false;

// Keep grouped by operation; the first entry of an op is its reference.
constexpr std::array kAlgorithms{
    Algorithm{O::barrier, "linear", build_barrier_linear, kAny, kAnyN, "all signal rank 0, rank 0 answers all"},
    Algorithm{O::barrier, "binomial", build_barrier_binomial, kAny, kAnyN, "zero-byte gather + bcast on a binomial tree"},
    Algorithm{O::barrier, "dissemination", build_barrier_dissemination, kAny, kAnyN, "ceil(log2 n) rounds, rank+2^k"},
    Algorithm{O::bcast, "linear", build_bcast_linear, kAny, kAnyN, "root sends to every rank"},
    Algorithm{O::bcast, "binomial", build_bcast_binomial, kAny, kAnyN, "binomial tree, ceil(log2 n) hops"},
    Algorithm{O::bcast, "knomial", build_bcast_knomial, kAny, kAnyN, "radix-4 tree, log4 n hops"},
    Algorithm{O::bcast, "chain", build_bcast_chain, kAny, kAnyN, "segmented pipeline along a line of ranks"},
    Algorithm{O::bcast, "scatter_ring", build_bcast_scatter_ring, kAny, kAnyN, "binomial scatter + ring allgather"},
    Algorithm{O::reduce, "linear", build_reduce_linear, kAny, kAnyN, "root combines every vector in rank order"},
    Algorithm{O::reduce, "binomial", build_reduce_binomial, kAny, kAnyN, "binomial tree (rooted at 0 for non-commutative ops)"},
    Algorithm{O::reduce, "chain", build_reduce_chain, kAny, kAnyN, "segmented pipeline along a line of ranks"},
    Algorithm{O::allreduce, "linear", build_allreduce_linear, kAny, kAnyN, "linear reduce to 0 + linear bcast"},
    Algorithm{O::allreduce, "binomial", build_allreduce_binomial, kAny, kAnyN, "binomial reduce + binomial bcast"},
    Algorithm{O::allreduce, "recursive_doubling", build_allreduce_recursive_doubling, kAny, kAnyN, "log2 n whole-vector exchanges, order-preserving"},
    Algorithm{O::allreduce, "rhd", build_allreduce_rhd, kComm, kAnyN, "recursive halving reduce-scatter + doubling allgather"},
    Algorithm{O::allreduce, "ring", build_allreduce_ring, kComm, kAnyN, "ring reduce-scatter + ring allgather, 2(n-1) rounds"},
    Algorithm{O::gather, "linear", build_gather_linear, kAny, kAnyN, "every rank sends to the root"},
    Algorithm{O::gather, "binomial", build_gather_binomial, kAny, kAnyN, "subtrees aggregate up a binomial tree"},
    Algorithm{O::gatherv, "linear", build_gather_linear, kAny, kAnyN, "every rank sends to the root"},
    Algorithm{O::scatter, "linear", build_scatter_linear, kAny, kAnyN, "root sends every rank its block"},
    Algorithm{O::scatter, "binomial", build_scatter_binomial, kAny, kAnyN, "subtree blocks down a binomial tree"},
    Algorithm{O::scatterv, "linear", build_scatter_linear, kAny, kAnyN, "root sends every rank its block"},
    Algorithm{O::allgather, "linear", build_allgather_linear, kAny, kAnyN, "every rank sends to every rank at once"},
    Algorithm{O::allgather, "recursive_doubling", build_allgather_recursive_doubling, kAny, kPof2, "log2 n doubling exchanges"},
    Algorithm{O::allgather, "ring", build_allgather_ring, kAny, kAnyN, "n-1 neighbour rounds"},
    Algorithm{O::allgatherv, "linear", build_allgather_linear, kAny, kAnyN, "every rank sends to every rank at once"},
    Algorithm{O::allgatherv, "recursive_doubling", build_allgather_recursive_doubling, kAny, kPof2, "log2 n doubling exchanges"},
    Algorithm{O::allgatherv, "ring", build_allgather_ring, kAny, kAnyN, "n-1 neighbour rounds"},
    Algorithm{O::alltoall, "linear", build_alltoall_linear, kAny, kAnyN, "all sends and receives at once"},
    Algorithm{O::alltoall, "pairwise", build_alltoall_pairwise, kAny, kAnyN, "n-1 rounds, one peer per round"},
    Algorithm{O::alltoall, "bruck", build_alltoall_bruck, kAny, kAnyN, "ceil(log2 n) rounds with packing"},
    Algorithm{O::alltoallv, "linear", build_alltoall_linear, kAny, kAnyN, "all sends and receives at once"},
    Algorithm{O::alltoallv, "pairwise", build_alltoall_pairwise, kAny, kAnyN, "n-1 rounds, one peer per round"},
    Algorithm{O::alltoallw, "linear", build_alltoall_linear, kAny, kAnyN, "all sends and receives at once"},
    Algorithm{O::alltoallw, "pairwise", build_alltoall_pairwise, kAny, kAnyN, "n-1 rounds, one peer per round"},
    Algorithm{O::reduce_scatter, "linear", build_reduce_scatter_linear, kAny, kAnyN, "reduce to 0 in rank order, send blocks"},
    Algorithm{O::reduce_scatter, "ring", build_reduce_scatter_ring, kComm, kAnyN, "n-1 ring rounds"},
    Algorithm{O::reduce_scatter_block, "linear", build_reduce_scatter_linear, kAny, kAnyN, "reduce to 0 in rank order, send blocks"},
    Algorithm{O::reduce_scatter_block, "ring", build_reduce_scatter_ring, kComm, kAnyN, "n-1 ring rounds"},
    Algorithm{O::reduce_scatter_block, "rhd", build_reduce_scatter_block_rhd, kComm, kPof2, "recursive halving, log2 n rounds"},
    Algorithm{O::scan, "linear", build_scan_linear, kAny, kAnyN, "chain in rank order"},
    Algorithm{O::scan, "recursive_doubling", build_scan_recursive_doubling, kAny, kAnyN, "ceil(log2 n) exchanges"},
    Algorithm{O::exscan, "linear", build_scan_linear, kAny, kAnyN, "chain in rank order"},
    Algorithm{O::exscan, "recursive_doubling", build_scan_recursive_doubling, kAny, kAnyN, "ceil(log2 n) exchanges"},
};

}  // namespace

std::span<const Algorithm> algorithms() { return kAlgorithms; }

const Algorithm* find_algorithm(CollOp op, std::string_view name) {
  for (const Algorithm& a : kAlgorithms)
    if (a.op == op && a.name == name) return &a;
  return nullptr;
}

std::string algorithm_names(CollOp op) {
  std::string out;
  for (const Algorithm& a : kAlgorithms)
    if (a.op == op) out += (out.empty() ? "" : ", ") + std::string(a.name);
  return out;
}

std::string_view unsupported_reason(const Algorithm& alg, const CollArgs& a) {
  if (alg.needs_commutative && !a.commutative) return "the op is not commutative";
  if (alg.needs_pof2 && !is_pof2(a.size)) return "the communicator size is not a power of two";
  return {};
}

}  // namespace gyre::coll
