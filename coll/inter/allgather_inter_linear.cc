// Intercommunicator allgather: every rank receives, in rank order, the
// blocks of all ranks of the other group (MPI-4.0 §6.7). Each rank sends its
// block to every remote rank and receives remote rank p's block into slot p.
// One round, typed transfers (no staging).
#include "coll/builders.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_allgather_inter_linear(const CollArgs& a, Schedule& s) {
  for (int p = 0; p < a.remote_size; ++p) {
    std::ptrdiff_t at = static_cast<std::ptrdiff_t>(static_cast<size_t>(p) * a.rcount) * a.rtype->extent();
    s.recv_typed(p, {kRecvBuf, at}, a.rcount, a.rtype);
    s.send_typed(p, {kSendBuf, 0}, a.count, a.type);
  }
}

}  // namespace gyre::coll
