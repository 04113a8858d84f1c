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

namespace gyre::coll {

// Which communicators an algorithm serves: intracommunicators (any),
// intercommunicators only, or intracommunicators with a node layout.
enum class Scope : uint8_t { intra, inter, nodes };

struct Algorithm {
  CollOp op;
  std::string_view name;
  Builder build;
  bool needs_commutative;  // combines data out of rank order
  bool needs_pof2;         // communicator size must be a power of two
  std::string_view summary;
  Scope scope;
};

std::span<const Algorithm> algorithms();
const Algorithm* find_algorithm(CollOp op, std::string_view name);
// "ring, rhd, recursive_doubling, binomial, linear" for error messages.
std::string algorithm_names(CollOp op);
// Why `alg` cannot run these arguments ("" when it can).
std::string_view unsupported_reason(const Algorithm& alg, const CollArgs& a);

}  // namespace gyre::coll
