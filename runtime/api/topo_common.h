// Pieces shared by the topology bindings (topo_cart.cc, topo_graph.cc);
// defined in topo_cart.cc.
#pragma once
#include <functional>
#include <memory>

#include "runtime/api/comm_checks.h"

namespace gyre::api {

// The first `nnodes` ranks of comm_old form the new communicator (ranks
// kept: Gyre does not reorder), the others get MPI_COMM_NULL; `topo` is
// attached to the new one.
int create_topo_comm(Call& call, MPI_Comm comm_old, Communicator& old, int nnodes,
                     const std::function<std::unique_ptr<Topology>(int new_rank)>& topo, MPI_Comm* out);

// comm must carry a topology of `kind`; `what` names it in the message.
Error check_topo(const Communicator& c, Topology::Kind kind, const char* what);

}  // namespace gyre::api

// Start a topology binding: the Call, and the answer if MPI is not initialized.
#define TOPO_CALL(fname)                 \
  gyre::api::Call call(fname);           \
  if (!call.ok()) return call.not_initialized()
