// The algorithm registry: every algorithm of every operation, its name (the
// value GYRE_COLL_<OP> and the info key gyre_coll_<op> take), its builder and
// its restrictions. The test matrix (test/mpi/coll_algorithms.txt) and
// gyre_info --coll are derived from this one list.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "coll/args.h"
#include "coll/builders.h"
#include "coll/schedule/engine.h"
#include "runtime/error.h"

namespace gyre::coll {

namespace shm {
class ShmComm;
}

// Which communicators an algorithm serves: intracommunicators (any),
// intercommunicators only, intracommunicators with a node layout, or
// intracommunicators whose members all share one node.
enum class Scope : uint8_t { intra, inter, nodes, node };

// A direct algorithm runs a blocking call itself, in the communicator's
// shared segment, instead of building a schedule (the shm component).
// Nonblocking and persistent calls never use one.
using DirectRun = Error (*)(shm::ShmComm&, const CollArgs&, const RunBuffers&);

struct Algorithm {
  CollOp op;
  std::string_view name;
  Builder build;  // nullptr for a direct algorithm
  bool needs_commutative;  // combines data out of rank order
  bool needs_pof2;         // communicator size must be a power of two
  std::string_view summary;
  Scope scope;
  DirectRun run = nullptr;  // set for a direct algorithm
  // A direct algorithm that takes any message size (it streams through a
  // ring of chunks); the other direct ones need it to fit a slot.
  bool any_size = false;
};

std::span<const Algorithm> algorithms();
const Algorithm* find_algorithm(CollOp op, std::string_view name);
// "ring, rhd, recursive_doubling, binomial, linear" for error messages.
std::string algorithm_names(CollOp op);
// Why `alg` cannot run these arguments ("" when it can).
std::string_view unsupported_reason(const Algorithm& alg, const CollArgs& a);

}  // namespace gyre::coll
