// The decision table: which algorithm runs an operation, as data. Rules are
// tried top to bottom per operation; the first whose conditions all hold
// wins. Inputs are identical on every rank (message bytes as every rank
// computes them, communicator size, ranks per node, commutativity), never
// timing, so every rank picks the same algorithm.
#pragma once
#include <cstddef>
#include <iosfwd>
#include <string>

#include "coll/algorithms.h"

namespace gyre::coll {

struct SelectionInput {
  CollOp op;
  size_t bytes;  // see message_bytes()
  int np;
  int ppn;  // ranks per node (max over nodes)
  bool commutative;
  int nodes = 1;       // nodes the communicator spans
  bool inter = false;  // an intercommunicator: only its own algorithms apply
};

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
};

struct Selection {
  const Algorithm* algorithm = nullptr;
  const Rule* rule = nullptr;  // nullptr when forced
};

// The table's choice (always an algorithm that can run the input).
Selection decide(const SelectionInput& in);
// The bytes the table looks at for one call: the whole vector for
// bcast/reduce/allreduce/scan/reduce_scatter, one rank's block for the
// gather/scatter/alltoall families, 0 for the v/w forms (their counts are
// not known on every rank).
size_t message_bytes(const CollArgs& a);
// "rule 12: bytes <= 4096, any np: latency-bound; log2 n exchanges"
std::string describe_rule(const Rule& r);

// For gyre_info --coll: the whole table, and the reasoning for one input.
void describe_table(std::ostream& out);
std::string explain(CollOp op, size_t bytes, int np, int ppn, bool commutative = true, int nodes = 1);

}  // namespace gyre::coll
