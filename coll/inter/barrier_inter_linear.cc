// Intercommunicator barrier: a rank may leave once every rank of the other
// group has entered (MPI-4.0 §6.3), so each rank sends an empty message to
// every remote rank and waits for one from each. One round, n*m messages:
// the reference, fine for the small groups intercommunicators usually join.
#include "coll/builders.h"

namespace gyre::coll {

void build_barrier_inter_linear(const CollArgs& a, Schedule& s) {
  for (int p = 0; p < a.remote_size; ++p) {
    s.recv(p, {kRecvBuf, 0}, 0);
    s.send(p, {kRecvBuf, 0}, 0);
  }
}

}  // namespace gyre::coll
