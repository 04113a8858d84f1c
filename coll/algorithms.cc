#include "coll/algorithms.h"

#include <array>

#include "coll/schedule/builder_util.h"
#include "coll/shm/shm.h"

namespace gyre::coll {

namespace {

using O = CollOp;
constexpr bool kComm = true, kAny = false, kPof2 = true, kAnyN = false;
constexpr bool kAnySize = true;
constexpr Scope kIntra = Scope::intra, kInter = Scope::inter, kNodes = Scope::nodes, kNode = Scope::node;

// Keep grouped by operation; the first entry of an op is its reference.
constexpr std::array kAlgorithms{
    Algorithm{O::barrier, "linear", build_barrier_linear, kAny, kAnyN, "all signal rank 0, rank 0 answers all", kIntra},
    Algorithm{O::barrier, "binomial", build_barrier_binomial, kAny, kAnyN, "zero-byte gather + bcast on a binomial tree", kIntra},
    Algorithm{O::barrier, "dissemination", build_barrier_dissemination, kAny, kAnyN, "ceil(log2 n) rounds, rank+2^k", kIntra},
    Algorithm{O::barrier, "hier", build_barrier_hier, kAny, kAnyN, "gather to node leaders, leaders' barrier, node release", kNodes},
    Algorithm{O::barrier, "shm", nullptr, kAny, kAnyN, "one node: every rank raises a flag in a shared segment, waits for all", kNode, shm::barrier},
    Algorithm{O::barrier, "inter_linear", build_barrier_inter_linear, kAny, kAnyN, "intercommunicator: every rank signals every remote rank", kInter},
    Algorithm{O::bcast, "linear", build_bcast_linear, kAny, kAnyN, "root sends to every rank", kIntra},
    Algorithm{O::bcast, "binomial", build_bcast_binomial, kAny, kAnyN, "binomial tree, ceil(log2 n) hops", kIntra},
    Algorithm{O::bcast, "knomial", build_bcast_knomial, kAny, kAnyN, "radix-4 tree, log4 n hops", kIntra},
    Algorithm{O::bcast, "chain", build_bcast_chain, kAny, kAnyN, "segmented pipeline along a line of ranks", kIntra},
    Algorithm{O::bcast, "scatter_ring", build_bcast_scatter_ring, kAny, kAnyN, "binomial scatter + ring allgather", kIntra},
    Algorithm{O::bcast, "hier", build_bcast_hier, kAny, kAnyN, "binomial among node heads, then binomial in each node", kNodes},
    Algorithm{O::bcast, "shm", nullptr, kAny, kAnyN, "one node: the root writes to a shared segment, all read", kNode, shm::bcast},
    Algorithm{O::bcast, "stream", nullptr, kAny, kAnyN, "one node: the root streams the message through a shared ring of 64 KiB chunks", kNode, shm::bcast_stream, kAnySize},
    Algorithm{O::bcast, "inter_linear", build_bcast_inter_linear, kAny, kAnyN, "intercommunicator: the root sends to every remote rank", kInter},
    Algorithm{O::reduce, "linear", build_reduce_linear, kAny, kAnyN, "root combines every vector in rank order", kIntra},
    Algorithm{O::reduce, "binomial", build_reduce_binomial, kAny, kAnyN, "binomial tree (rooted at 0 for non-commutative ops)", kIntra},
    Algorithm{O::reduce, "chain", build_reduce_chain, kAny, kAnyN, "segmented pipeline along a line of ranks", kIntra},
    Algorithm{O::reduce, "hier", build_reduce_hier, kComm, kAnyN, "binomial in each node, then among node heads", kNodes},
    Algorithm{O::reduce, "shm", nullptr, kAny, kAnyN, "one node: vectors in a shared segment, the root folds them in rank order", kNode, shm::reduce},
    Algorithm{O::reduce, "stream", nullptr, kAny, kAnyN, "one node: vectors stream through shared rings of 64 KiB chunks, chunk j folded by rank j % n", kNode, shm::reduce_stream, kAnySize},
    Algorithm{O::allreduce, "linear", build_allreduce_linear, kAny, kAnyN, "linear reduce to 0 + linear bcast", kIntra},
    Algorithm{O::allreduce, "binomial", build_allreduce_binomial, kAny, kAnyN, "binomial reduce + binomial bcast", kIntra},
    Algorithm{O::allreduce, "recursive_doubling", build_allreduce_recursive_doubling, kAny, kAnyN, "log2 n whole-vector exchanges, order-preserving", kIntra},
    Algorithm{O::allreduce, "rhd", build_allreduce_rhd, kComm, kAnyN, "recursive halving reduce-scatter + doubling allgather", kIntra},
    Algorithm{O::allreduce, "direct", build_allreduce_direct, kAny, kAnyN, "every rank reads every input and folds them in rank order", kIntra},
    Algorithm{O::allreduce, "ring", build_allreduce_ring, kComm, kAnyN, "ring reduce-scatter + ring allgather, 2(n-1) rounds", kIntra},
    Algorithm{O::allreduce, "hier", build_allreduce_hier, kComm, kAnyN, "node reduce, leaders' recursive doubling, node bcast", kNodes},
    Algorithm{O::allreduce, "shm", nullptr, kAny, kAnyN, "one node: vectors in a shared segment, every rank folds them in rank order", kNode, shm::allreduce},
    Algorithm{O::allreduce, "stream", nullptr, kAny, kAnyN, "one node: reduce stream to rank 0, then bcast stream", kNode, shm::allreduce_stream, kAnySize},
    Algorithm{O::allreduce, "inter_linear", build_allreduce_inter_linear, kAny, kAnyN, "intercommunicator: all-to-all vectors, rank-order fold", kInter},
    Algorithm{O::gather, "linear", build_gather_linear, kAny, kAnyN, "every rank sends to the root", kIntra},
    Algorithm{O::gather, "binomial", build_gather_binomial, kAny, kAnyN, "subtrees aggregate up a binomial tree", kIntra},
    Algorithm{O::gather, "shm", nullptr, kAny, kAnyN, "one node: blocks in a shared segment, the root copies them out", kNode, shm::gather},
    Algorithm{O::gatherv, "linear", build_gather_linear, kAny, kAnyN, "every rank sends to the root", kIntra},
    Algorithm{O::scatter, "linear", build_scatter_linear, kAny, kAnyN, "root sends every rank its block", kIntra},
    Algorithm{O::scatter, "binomial", build_scatter_binomial, kAny, kAnyN, "subtree blocks down a binomial tree", kIntra},
    Algorithm{O::scatter, "shm", nullptr, kAny, kAnyN, "one node: the root writes every block to a shared segment", kNode, shm::scatter},
    Algorithm{O::scatterv, "linear", build_scatter_linear, kAny, kAnyN, "root sends every rank its block", kIntra},
    Algorithm{O::allgather, "linear", build_allgather_linear, kAny, kAnyN, "every rank sends to every rank at once", kIntra},
    Algorithm{O::allgather, "recursive_doubling", build_allgather_recursive_doubling, kAny, kPof2, "log2 n doubling exchanges", kIntra},
    Algorithm{O::allgather, "ring", build_allgather_ring, kAny, kAnyN, "n-1 neighbour rounds", kIntra},
    Algorithm{O::allgather, "hier", build_allgather_hier, kAny, kAnyN, "node gather, leaders exchange node blocks, node bcast", kNodes},
    Algorithm{O::allgather, "shm", nullptr, kAny, kAnyN, "one node: blocks in a shared segment, every rank copies all out", kNode, shm::allgather},
    Algorithm{O::allgather, "inter_linear", build_allgather_inter_linear, kAny, kAnyN, "intercommunicator: every rank sends to every remote rank", kInter},
    Algorithm{O::allgatherv, "linear", build_allgather_linear, kAny, kAnyN, "every rank sends to every rank at once", kIntra},
    Algorithm{O::allgatherv, "recursive_doubling", build_allgather_recursive_doubling, kAny, kPof2, "log2 n doubling exchanges", kIntra},
    Algorithm{O::allgatherv, "ring", build_allgather_ring, kAny, kAnyN, "n-1 neighbour rounds", kIntra},
    Algorithm{O::alltoall, "linear", build_alltoall_linear, kAny, kAnyN, "all sends and receives at once", kIntra},
    Algorithm{O::alltoall, "pairwise", build_alltoall_pairwise, kAny, kAnyN, "n-1 rounds, one peer per round", kIntra},
    Algorithm{O::alltoall, "bruck", build_alltoall_bruck, kAny, kAnyN, "ceil(log2 n) rounds with packing", kIntra},
    Algorithm{O::alltoall, "shm", nullptr, kAny, kAnyN, "one node: each rank writes n blocks to a shared segment, reads its own", kNode, shm::alltoall},
    Algorithm{O::alltoall, "inter_linear", build_alltoall_inter_linear, kAny, kAnyN, "intercommunicator: all sends and receives at once", kInter},
    Algorithm{O::alltoallv, "linear", build_alltoall_linear, kAny, kAnyN, "all sends and receives at once", kIntra},
    Algorithm{O::alltoallv, "pairwise", build_alltoall_pairwise, kAny, kAnyN, "n-1 rounds, one peer per round", kIntra},
    Algorithm{O::alltoallw, "linear", build_alltoall_linear, kAny, kAnyN, "all sends and receives at once", kIntra},
    Algorithm{O::alltoallw, "pairwise", build_alltoall_pairwise, kAny, kAnyN, "n-1 rounds, one peer per round", kIntra},
    Algorithm{O::reduce_scatter, "linear", build_reduce_scatter_linear, kAny, kAnyN, "reduce to 0 in rank order, send blocks", kIntra},
    Algorithm{O::reduce_scatter, "direct", build_reduce_scatter_direct, kAny, kAnyN, "every rank reads its block of every input, folds in rank order", kIntra},
    Algorithm{O::reduce_scatter, "ring", build_reduce_scatter_ring, kComm, kAnyN, "n-1 ring rounds", kIntra},
    Algorithm{O::reduce_scatter, "shm", nullptr, kAny, kAnyN, "one node: vectors in a shared segment, each rank folds its block", kNode, shm::reduce_scatter},
    Algorithm{O::reduce_scatter_block, "linear", build_reduce_scatter_linear, kAny, kAnyN, "reduce to 0 in rank order, send blocks", kIntra},
    Algorithm{O::reduce_scatter_block, "ring", build_reduce_scatter_ring, kComm, kAnyN, "n-1 ring rounds", kIntra},
    Algorithm{O::reduce_scatter_block, "direct", build_reduce_scatter_direct, kAny, kAnyN, "every rank reads its block of every input, folds in rank order", kIntra},
    Algorithm{O::reduce_scatter_block, "rhd", build_reduce_scatter_block_rhd, kComm, kPof2, "recursive halving, log2 n rounds", kIntra},
    Algorithm{O::reduce_scatter_block, "shm", nullptr, kAny, kAnyN, "one node: vectors in a shared segment, each rank folds its block", kNode, shm::reduce_scatter},
    Algorithm{O::scan, "linear", build_scan_linear, kAny, kAnyN, "chain in rank order", kIntra},
    Algorithm{O::scan, "recursive_doubling", build_scan_recursive_doubling, kAny, kAnyN, "ceil(log2 n) exchanges", kIntra},
    Algorithm{O::exscan, "linear", build_scan_linear, kAny, kAnyN, "chain in rank order", kIntra},
    Algorithm{O::exscan, "recursive_doubling", build_scan_recursive_doubling, kAny, kAnyN, "ceil(log2 n) exchanges", kIntra},
    Algorithm{O::neighbor_allgather, "linear", build_neighbor_allgather_linear, kAny, kAnyN, "one round: send to every destination, receive from every source", kIntra},
    Algorithm{O::neighbor_allgatherv, "linear", build_neighbor_allgather_linear, kAny, kAnyN, "one round: send to every destination, receive from every source", kIntra},
    Algorithm{O::neighbor_alltoall, "linear", build_neighbor_alltoall_linear, kAny, kAnyN, "one round: block k to destination k, from source k", kIntra},
    Algorithm{O::neighbor_alltoallv, "linear", build_neighbor_alltoall_linear, kAny, kAnyN, "one round: block k to destination k, from source k", kIntra},
    Algorithm{O::neighbor_alltoallw, "linear", build_neighbor_alltoall_linear, kAny, kAnyN, "one round: block k to destination k, from source k", kIntra},
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
  if (a.inter && alg.scope != Scope::inter) return "the communicator is an intercommunicator";
  if (!a.inter && alg.scope == Scope::inter) return "the communicator is not an intercommunicator";
  if (alg.scope == Scope::nodes && a.nodes == nullptr) return "the communicator has no node layout";
  if (alg.needs_commutative && !a.commutative) return "the op is not commutative";
  if (alg.needs_pof2 && !is_pof2(a.size)) return "the communicator size is not a power of two";
  if (alg.scope == Scope::node) return alg.any_size ? shm::large_unsupported_reason(a) : shm::unsupported_reason(a);
  return {};
}

}  // namespace gyre::coll
