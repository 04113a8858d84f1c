// The decision table: which algorithm runs an operation, as data. Rules are
// tried top to bottom per operation; the first whose conditions all hold
// wins. Inputs are identical on every rank (message bytes as every rank
// computes them, communicator size, ranks per node, commutativity), never
// timing, so every rank picks the same algorithm (`oversub` too: on one
// node every member sees the same processor count and rank count).
#pragma once
#include <climits>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "coll/algorithms.h"
#include "runtime/datatype.h"
#include "runtime/error.h"

namespace gyre::coll {

struct SelectionInput {
  CollOp op;
  size_t bytes;  // see message_bytes()
  int np;
  int ppn;  // ranks per node (max over nodes)
  bool commutative;
  int nodes = 1;       // nodes the communicator spans
  bool inter = false;  // an intercommunicator: only its own algorithms apply
  // A blocking call: direct algorithms (shm, working in a shared segment)
  // may be chosen where they can run (one node, the message fits).
  bool direct = true;
  // The communicator lies on one node that runs more ranks of the job than
  // it has processors: waiting ranks yield their core, and an algorithm
  // whose steps wait on descheduled ranks pays a context switch each time.
  bool oversub = false;
};

// Any number of ranks (np, ppn upper bound).
inline constexpr int kAnyRanks = INT_MAX;

struct Rule {
  CollOp op;
  size_t max_bytes;  // applies when bytes <= max_bytes
  int min_np;        // and np >= min_np
  int max_np;        // and np <= max_np
  bool commutative_only;
  bool pof2_only;
  std::string_view algorithm;
  std::string_view why;
  bool multi_node_only;  // and the communicator spans several nodes with ppn > 1
  // Ranks per node (the most on any node of the communicator); defaulted so
  // that rows without a ppn condition need not name it.
  int min_ppn = 1;          // and ppn >= min_ppn
  int max_ppn = kAnyRanks;  // and ppn <= max_ppn
  bool oversub_only = false;  // and the node is oversubscribed (SelectionInput::oversub)
};

struct Selection {
  const Algorithm* algorithm = nullptr;
  const Rule* rule = nullptr;  // nullptr when forced
};

// A decision table: the built-in rows, or rules read from a file
// (GYRE_COLL_TABLE) in the text format of coll/decision_table_file.cc.
class DecisionTable {
 public:
  // origin: "built-in" or the file's path (named in descriptions).
  DecisionTable(std::span<const Rule> rules, std::string origin);
  DecisionTable(const DecisionTable&) = delete;  // rules view text_: never copied or moved
  DecisionTable& operator=(const DecisionTable&) = delete;

  // The table compiled into the library (immutable).
  static const DecisionTable& builtin();

  // The choice for one call (always an algorithm that can run the input).
  Selection decide(const SelectionInput& in) const;
  // "rule 12: bytes<=4k np=2..: latency-bound" (built-in) or
  // "table.txt:31: bytes<=4k np=2..: ..." (from a file).
  std::string describe(const Rule& r) const;
  std::span<const Rule> rules() const { return rules_; }
  const std::string& origin() const { return origin_; }
  bool from_file() const { return !lines_.empty(); }

  // Building a table from a file: the rule, the line it came from, and
  // storage for its text (algorithm names point into the registry).
  void add(Rule r, int line, std::string why);

 private:
  std::vector<Rule> rules_;
  std::vector<int> lines_;      // file line of each rule (empty when built in)
  std::deque<std::string> text_;  // why-texts of parsed rules (stable addresses)
  std::string origin_;
};

// The text format (coll/decision_table_file.cc). One rule per line:
//   allreduce  bytes<=4k  np=2..  ppn=..8  op=commutative  pof2  nodes=multi  oversub  -> rhd  # why
// parse_table: the rules of a whole file, or an Error naming source:line,
// the bad field and the valid choices (every problem, one per line).
Error parse_table(std::istream& in, const std::string& source, std::unique_ptr<DecisionTable>* out);
Error load_table(const std::string& path, std::unique_ptr<DecisionTable>* out);
// Write the table in that format (parse_table reads it back unchanged).
void write_table(const DecisionTable& t, std::ostream& out);
// "bytes<=4k np=2.. op=commutative" (empty for a rule that always matches).
std::string rule_conditions(const Rule& r);
// The table of this job: the file GYRE_COLL_TABLE names, else a copy of
// the built-in one. A bad file ends the process with its errors (log::fatal).
std::unique_ptr<DecisionTable> job_table();

// The built-in table's choice (always an algorithm that can run the input).
Selection decide(const SelectionInput& in);
// The bytes the table looks at for one call: the whole vector for
// bcast/reduce/allreduce/scan/reduce_scatter, one rank's block for the
// gather/scatter/alltoall families, 0 for the v/w forms (their counts are
// not known on every rank). Inline: the selection memo and the shm slot
// choice ask on every blocking call.
inline size_t message_bytes(const CollArgs& a) {
  // Mask tests, not a switch: its jump table cost ~15 instructions a call.
  constexpr uint32_t kWhole = op_mask({CollOp::bcast, CollOp::reduce, CollOp::allreduce, CollOp::reduce_scatter,
                                       CollOp::reduce_scatter_block, CollOp::scan, CollOp::exscan});
  constexpr uint32_t kBlock = op_mask({CollOp::gather, CollOp::allgather, CollOp::alltoall});
  if (a.op == CollOp::barrier) return 0;
  if (op_in(a.op, kWhole)) return a.count * a.type->size();
  if (op_in(a.op, kBlock))
    // A root or an in-place rank only knows the receive side; sizes match by the MPI rules.
    return a.in_place || a.type == nullptr ? a.rcount * a.rtype->size() : a.count * a.type->size();
  if (a.op == CollOp::scatter)  // the root in place has no receive side
    return a.in_place ? a.count * a.type->size() : a.rcount * a.rtype->size();
  return 0;  // the v/w forms and the neighborhood collectives
}

// A built-in rule: "rule 12: bytes<=4k: latency-bound; log2 n exchanges"
std::string describe_rule(const Rule& r);

// For gyre_info --coll: the whole table, and the reasoning for one input.
void describe_table(std::ostream& out);
std::string explain(CollOp op, size_t bytes, int np, int ppn, bool commutative = true, int nodes = 1,
                    bool oversub = false);
std::string explain(const DecisionTable& t, CollOp op, size_t bytes, int np, int ppn, bool commutative = true,
                    int nodes = 1, bool oversub = false);

}  // namespace gyre::coll
