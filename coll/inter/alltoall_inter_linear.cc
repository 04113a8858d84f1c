// Intercommunicator alltoall: block p of this rank's send buffer goes to
// rank p of the other group, whose block for this rank lands in receive
// slot p (MPI-4.0 §6.8). One round, typed transfers.
#include "coll/builders.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_alltoall_inter_linear(const CollArgs& a, Schedule& s) {
  for (int p = 0; p < a.remote_size; ++p) {
    size_t k = static_cast<size_t>(p);
    s.recv_typed(p, {kRecvBuf, static_cast<std::ptrdiff_t>(k * a.rcount) * a.rtype->extent()}, a.rcount, a.rtype);
    s.send_typed(p, {kSendBuf, static_cast<std::ptrdiff_t>(k * a.count) * a.type->extent()}, a.count, a.type);
  }
}

}  // namespace gyre::coll
