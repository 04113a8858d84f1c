// Intercommunicator broadcast: the root (root == MPI_ROOT on it) sends the
// buffer to every rank of the other group; the root's group-mates
// (MPI_PROC_NULL) do nothing; every rank of the other group receives from
// the root (root = its rank in the root's group). One round.
#include "coll/builders.h"

namespace gyre::coll {

void build_bcast_inter_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0 || a.root == kProcNull) return;
  if (a.root == kRootHere) {
    for (int p = 0; p < a.remote_size; ++p) s.send_typed(p, {kRecvBuf, 0}, a.count, a.type);
    return;
  }
  s.recv_typed(a.root, {kRecvBuf, 0}, a.count, a.type);
}

}  // namespace gyre::coll
