// THE decision table. To retune, edit the rows: no code elsewhere encodes a
// choice. Sizes are bytes; kAny matches everything.
#include "coll/decision_table.h"

#include <array>
#include <climits>
#include <cstdint>
#include <ostream>

#include "coll/schedule/builder_util.h"
#include "coll/shm/shm.h"
#include "runtime/datatype.h"

namespace gyre::coll {

namespace {

using O = CollOp;
constexpr size_t kAnyBytes = SIZE_MAX;
constexpr int kAnyNp = INT_MAX;
constexpr bool kCommOnly = true, kAnyOp = false, kPof2 = true, kAnyN = false;
constexpr bool kMultiNode = true, kAnyNodes = false;

constexpr std::array kRules{
    // op              max bytes   min np  max np  commutative  pof2   algorithm             why
    Rule{O::barrier,   kAnyBytes,  2, 16,    kAnyOp, kAnyN, "shm", "one node: a flag per rank in a shared segment, no messages", kAnyNodes},
    Rule{O::barrier,   kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "hier", "several nodes: only leaders cross nodes", kMultiNode},
    Rule{O::barrier,   kAnyBytes,  1, 2,     kAnyOp, kAnyN, "linear", "two ranks: one exchange", kAnyNodes},
    Rule{O::barrier,   kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "dissemination", "ceil(log2 n) rounds, no root hot spot", kAnyNodes},

    Rule{O::bcast,     8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, small: the root writes a shared segment once, all read it", kAnyNodes},
    Rule{O::bcast,     32768,      2, 16,    kAnyOp, kAnyN, "shm", "one node, oversubscribed: the huge slots; a tree through the pml pays a context switch per hop (np 4 on 2 cores, gyre-bench, medians of 3: 16 KiB 4.7 us vs 11.5 binomial, 32 KiB 7.8 vs 15.8)", kAnyNodes, 1, kAnyRanks, true},
    Rule{O::bcast,     kAnyBytes,  3, 16,    kAnyOp, kAnyN, "stream", "one node, oversubscribed, larger: the root streams the message through a shared ring of 64 KiB chunks and returns; readers wait for nobody but the root (gyre-bench --iters 1000, medians of 3, vs the table's tree and Open MPI: np 4 64 KiB 8.0 us vs 27.5 binomial (18.2), 1 MiB 253 vs 543 (429), 4 MiB 989 vs 2010 (2430); np 3 1 MiB 127 vs 257; np 8 1 MiB 234 vs 735 scatter_ring (487))", kAnyNodes, 1, kAnyRanks, true},
    Rule{O::bcast,     65536,      1, kAnyNp, kAnyOp, kAnyN, "hier", "several nodes: each node receives the message once", kMultiNode},
    Rule{O::bcast,     16384,      1, kAnyNp, kAnyOp, kAnyN, "binomial", "latency-bound: ceil(log2 n) hops", kAnyNodes},
    Rule{O::bcast,     kAnyBytes,  1, 3,     kAnyOp, kAnyN, "binomial", "few ranks: the tree is already a line", kAnyNodes},
    // ppn rows: measured with gyre-bench, np 4 on 2 cores (ppn 4 > cores); a pipeline stalls whenever one of its ranks waits for a core
    Rule{O::bcast,     kAnyBytes,  1, 4,     kAnyOp, kAnyN, "binomial", "3-4 ranks on a node (np 4, 2 cores, medians of 6: 128 KiB 56 us vs 108 scatter_ring, 512 KiB 193 vs 259, 2 MiB 901 vs 1095 chain)", kAnyNodes, 3},
    Rule{O::bcast,     1 << 20,    1, kAnyNp, kAnyOp, kAnyN, "scatter_ring", "bandwidth-bound: ~2x message per rank", kAnyNodes},
    Rule{O::bcast,     kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "chain", "very large: pipelined segments, each link used once", kAnyNodes},

    Rule{O::reduce,    8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, small: vectors in a shared segment, the root folds them", kAnyNodes},
    Rule{O::reduce,    kAnyBytes,  3, 16,    kAnyOp, kAnyN, "stream", "one node, oversubscribed, larger: vectors stream through shared rings of 64 KiB chunks, chunk j folded by rank j % n, plain copies instead of a tree's single-copy reads (gyre-bench --iters 1000, medians of 3, vs the table's tree and Open MPI: np 4 64 KiB 9.6 us vs 24.5 binomial (30.3), 1 MiB 198 vs 267 (343), 4 MiB 978 vs 1124 (2079); np 3 1 MiB 160 vs 173; np 8 1 MiB 456 vs 829 chain (2230))", kAnyNodes, 1, kAnyRanks, true},
    Rule{O::reduce,    65536,      1, kAnyNp, kCommOnly, kAnyN, "hier", "several nodes: reduce in each node first", kMultiNode},
    Rule{O::reduce,    65536,      1, kAnyNp, kAnyOp, kAnyN, "binomial", "latency-bound: ceil(log2 n) hops", kAnyNodes},
    Rule{O::reduce,    kAnyBytes,  1, 2,     kAnyOp, kAnyN, "binomial", "two ranks: one transfer", kAnyNodes},
    Rule{O::reduce,    kAnyBytes,  1, 4,     kAnyOp, kAnyN, "binomial", "3-4 ranks on a node (np 4, 2 cores, medians of 3: 1 MiB 551 us vs 985 chain, 2 MiB 932 vs 2135)", kAnyNodes, 3},
    Rule{O::reduce,    kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "chain", "bandwidth-bound: pipelined segments", kAnyNodes},

    Rule{O::allreduce, 8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, small: vectors in a shared segment, each rank folds them", kAnyNodes},
    Rule{O::allreduce, 65536,      1, kAnyNp, kCommOnly, kAnyN, "hier", "several nodes: node reduce, leaders exchange, node bcast", kMultiNode},
    Rule{O::allreduce, 4096,       1, kAnyNp, kAnyOp, kAnyN, "recursive_doubling", "latency-bound: log2 n whole-vector exchanges", kAnyNodes},
    // oversub rows: one node with more ranks than processors (np 4 on 2 cores), where every step that waits on a descheduled rank costs a context switch
    Rule{O::allreduce, kAnyBytes,  3, 4,     kAnyOp, kAnyN, "stream", "3-4 ranks, oversubscribed, blocking: reduce stream to rank 0, bcast stream back, through shared rings of chunks (gyre-bench --iters 1000, medians of 3, vs binomial and Open MPI: np 4 64 KiB 27.0 us vs 60.9 (68.1), 1 MiB 294 vs 422 (469), 4 MiB 1849 vs 2534 (2694); np 3 1 MiB 250 vs 315; at np 8 it loses to rhd/ring from 128 KiB)", kAnyNodes, 1, kAnyRanks, true},
    Rule{O::allreduce, kAnyBytes,  3, 4,     kAnyOp, kAnyN, "binomial", "3-4 ranks, oversubscribed: reduce then bcast down a tree; each rank waits on one or two others, not on every round of an exchange (np 4 on 2 cores, three runs: 32 KiB 34-54 us vs 55-255 rhd, 256 KiB 205-254 vs 285-299, 1 MiB 721-1127 vs 925-1225)", kAnyNodes, 1, kAnyRanks, true},
    Rule{O::allreduce, kAnyBytes,  1, 2,     kAnyOp, kAnyN, "direct", "two ranks: each reads the other's input once, nothing forwarded (gyre-bench np 2, 2 cores: 256 KiB 30 us vs 61 ring, 1 MiB 118 vs 142)", kAnyNodes},
    Rule{O::allreduce, 524288,     1, kAnyNp, kCommOnly, kAnyN, "rhd", "medium: 2 log2 n rounds, 2(n-1)/n of the data", kAnyNodes},
    Rule{O::allreduce, kAnyBytes,  1, kAnyNp, kCommOnly, kAnyN, "ring", "large: bandwidth-optimal, neighbours only", kAnyNodes},
    Rule{O::allreduce, kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "binomial", "non-commutative: order-preserving tree", kAnyNodes},

    Rule{O::gather,    8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, small blocks: in a shared segment, the root copies them out", kAnyNodes},
    Rule{O::gather,    4096,       4, kAnyNp, kAnyOp, kAnyN, "binomial", "small blocks: aggregate up a tree", kAnyNodes},
    Rule{O::gather,    kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "linear", "large blocks or few ranks: direct to the root", kAnyNodes},
    Rule{O::gatherv,   kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "linear", "counts known only at the root", kAnyNodes},
    Rule{O::scatter,   8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, all blocks fit a slot: the root writes them once", kAnyNodes},
    Rule{O::scatter,   4096,       4, kAnyNp, kAnyOp, kAnyN, "binomial", "small blocks: down a tree", kAnyNodes},
    Rule{O::scatter,   kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "linear", "large blocks or few ranks: direct from the root", kAnyNodes},
    Rule{O::scatterv,  kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "linear", "counts known only at the root", kAnyNodes},

    Rule{O::allgather, 8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, small blocks: in a shared segment, all copy them out", kAnyNodes},
    Rule{O::allgather, 32768,      2, 16,    kAnyOp, kAnyN, "shm", "one node, oversubscribed: blocks in the huge slots (np 4 on 2 cores, gyre-bench under chrt -f 1, medians of 3: 16 KiB 25.8 us vs 42.1 linear, 32 KiB 47.9 vs 60.5; without chrt 29.4 vs 31.3, 53.5 vs 58.4)", kAnyNodes, 1, kAnyRanks, true},
    Rule{O::allgather, 8192,       1, kAnyNp, kAnyOp, kAnyN, "hier", "several nodes: one message per pair of leaders", kMultiNode},
    Rule{O::allgather, 2048,       1, kAnyNp, kAnyOp, kPof2, "recursive_doubling", "small blocks, power of two: log2 n rounds", kAnyNodes},
    Rule{O::allgather, kAnyBytes,  1, 4,     kAnyOp, kAnyN, "linear", "few ranks: each block read straight from its owner's input, nothing forwarded (np 2 64 KiB 8.8 us vs 15.1 ring; np 4 1 MiB 910 vs 1384)", kAnyNodes},
    Rule{O::allgather, kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "ring", "bandwidth-optimal, neighbours only", kAnyNodes},
    Rule{O::allgatherv, kAnyBytes, 1, 4,     kAnyOp, kAnyN, "linear", "few ranks: each block read straight from its owner's input", kAnyNodes},
    Rule{O::allgatherv, kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "ring", "bandwidth-optimal, any counts", kAnyNodes},

    Rule{O::alltoall,  8192,       2, 16,    kAnyOp, kAnyN, "shm", "one node, a rank's blocks fit a slot: written once, read by each", kAnyNodes},
    Rule{O::alltoall,  256,        8, kAnyNp, kAnyOp, kAnyN, "bruck", "tiny blocks, many ranks: log2 n rounds", kAnyNodes},
    Rule{O::alltoall,  kAnyBytes,  1, 4,     kAnyOp, kAnyN, "linear", "few ranks: everything at once", kAnyNodes},
    Rule{O::alltoall,  kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "pairwise", "one peer per round, no incast", kAnyNodes},
    Rule{O::alltoallv, kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "pairwise", "one peer per round, no incast", kAnyNodes},
    Rule{O::alltoallw, kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "pairwise", "one peer per round, no incast", kAnyNodes},

    Rule{O::reduce_scatter, 8192, 2, 16,    kAnyOp, kAnyN, "shm", "one node, small: vectors in a shared segment, each folds its block", kAnyNodes},
    Rule{O::reduce_scatter, kAnyBytes, 1, 4, kAnyOp, kAnyN, "direct", "few ranks: each block read straight from every input, folded in one step (np 2 1 MiB 61 us vs 112 ring)", kAnyNodes},
    Rule{O::reduce_scatter, kAnyBytes, 1, kAnyNp, kCommOnly, kAnyN, "ring", "n-1 rounds, (n-1)/n of the data", kAnyNodes},
    Rule{O::reduce_scatter, kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "non-commutative: rank-order reduce", kAnyNodes},
    Rule{O::reduce_scatter_block, 8192, 2, 16,    kAnyOp, kAnyN, "shm", "one node, small: vectors in a shared segment, each folds its block", kAnyNodes},
    Rule{O::reduce_scatter_block, kAnyBytes, 1, 4, kAnyOp, kAnyN, "direct", "few ranks: each block read straight from every input, folded in one step", kAnyNodes},
    Rule{O::reduce_scatter_block, 524288, 1, kAnyNp, kCommOnly, kPof2, "rhd", "power of two: log2 n halving rounds", kAnyNodes},
    Rule{O::reduce_scatter_block, kAnyBytes, 1, kAnyNp, kCommOnly, kAnyN, "ring", "n-1 rounds, (n-1)/n of the data", kAnyNodes},
    Rule{O::reduce_scatter_block, kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "non-commutative: rank-order reduce", kAnyNodes},

    Rule{O::scan,      kAnyBytes,  1, 4,     kAnyOp, kAnyN, "linear", "few ranks: the chain is short", kAnyNodes},
    Rule{O::scan,      kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "recursive_doubling", "ceil(log2 n) rounds", kAnyNodes},
    Rule{O::exscan,    kAnyBytes,  1, 4,     kAnyOp, kAnyN, "linear", "few ranks: the chain is short", kAnyNodes},
    Rule{O::exscan,    kAnyBytes,  1, kAnyNp, kAnyOp, kAnyN, "recursive_doubling", "ceil(log2 n) rounds", kAnyNodes},

    Rule{O::neighbor_allgather,  kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "one round along the topology's edges", kAnyNodes},
    Rule{O::neighbor_allgatherv, kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "one round along the topology's edges", kAnyNodes},
    Rule{O::neighbor_alltoall,   kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "one round along the topology's edges", kAnyNodes},
    Rule{O::neighbor_alltoallv,  kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "one round along the topology's edges", kAnyNodes},
    Rule{O::neighbor_alltoallw,  kAnyBytes, 1, kAnyNp, kAnyOp, kAnyN, "linear", "one round along the topology's edges", kAnyNodes},
};

bool matches(const Rule& r, const SelectionInput& in) {
  return r.op == in.op && in.bytes <= r.max_bytes && in.np >= r.min_np && in.np <= r.max_np &&
         in.ppn >= r.min_ppn && in.ppn <= r.max_ppn && (!r.commutative_only || in.commutative) &&
         (!r.pof2_only || is_pof2(in.np)) && (!r.multi_node_only || (in.nodes > 1 && in.ppn > 1)) &&
         (!r.oversub_only || in.oversub);
}

// A rule naming a direct (shm) algorithm applies only where it can run:
// a blocking call on one node whose message fits the shared slots (any
// message, for those that stream it through a ring of chunks).
bool direct_ok(const Algorithm& a, const SelectionInput& in) {
  return a.run == nullptr ||
         (in.direct && in.nodes == 1 && (a.any_size || shm::fits(in.op, in.bytes, in.np, in.oversub)));
}

}  // namespace

DecisionTable::DecisionTable(std::span<const Rule> rules, std::string origin)
    : rules_(rules.begin(), rules.end()), origin_(std::move(origin)) {}

const DecisionTable& DecisionTable::builtin() {
  static const DecisionTable table(kRules, "built-in");  // immutable after construction
  return table;
}

void DecisionTable::add(Rule r, int line, std::string why) {
  r.why = text_.emplace_back(std::move(why));
  rules_.push_back(r);
  lines_.push_back(line);
}

Selection DecisionTable::decide(const SelectionInput& in) const {
  if (in.inter) {  // intercommunicators have one (linear) algorithm per operation
    for (const Algorithm& a : algorithms())
      if (a.op == in.op && a.scope == Scope::inter) return {&a, nullptr};
    return {};
  }
  for (const Rule& r : rules_)
    if (matches(r, in) && direct_ok(*find_algorithm(in.op, r.algorithm), in))
      return {find_algorithm(in.op, r.algorithm), &r};
  // Unreachable while every op ends with a catch-all row (parse_table insists
  // on one); the first (reference) algorithm is always safe.
  for (const Algorithm& a : algorithms())
    if (a.op == in.op) return {&a, nullptr};
  return {};
}

std::string DecisionTable::describe(const Rule& r) const {
  size_t index = static_cast<size_t>(&r - rules_.data());
  std::string where = from_file() ? origin_ + ":" + std::to_string(lines_[index]) : "rule " + std::to_string(index);
  std::string when = rule_conditions(r);
  return where + ": " + (when.empty() ? "always" : when) + ": " + std::string(r.why);
}

Selection decide(const SelectionInput& in) { return DecisionTable::builtin().decide(in); }

std::string describe_rule(const Rule& r) { return DecisionTable::builtin().describe(r); }

void describe_table(std::ostream& out) { write_table(DecisionTable::builtin(), out); }

std::string explain(const DecisionTable& t, CollOp op, size_t bytes, int np, int ppn, bool commutative, int nodes,
                    bool oversub) {
  SelectionInput in{op, bytes, np, ppn, commutative, nodes};
  in.oversub = oversub;
  Selection s = t.decide(in);
  std::string out = std::string(op_name(op)) + " " + std::to_string(bytes) + " B np " + std::to_string(np) +
                    " ppn " + std::to_string(ppn) + (nodes > 1 ? " nodes " + std::to_string(nodes) : "") +
                    (oversub ? " oversubscribed" : "") +
                    (commutative ? "" : " (non-commutative op)") + " -> " +
                    std::string(s.algorithm != nullptr ? s.algorithm->name : "?");
  if (s.rule != nullptr) out += " (" + t.describe(*s.rule) + ")";
  return out;
}

std::string explain(CollOp op, size_t bytes, int np, int ppn, bool commutative, int nodes, bool oversub) {
  return explain(DecisionTable::builtin(), op, bytes, np, ppn, commutative, nodes, oversub);
}

std::string explain(std::string_view op, size_t bytes, int np, int ppn, int nodes) {
  CollOp o;
  if (!op_from_name(op, &o)) return "unknown collective '" + std::string(op) + "'";
  return explain(o, bytes, np, ppn, true, nodes);
}

}  // namespace gyre::coll
