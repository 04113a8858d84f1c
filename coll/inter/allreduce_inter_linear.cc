// Intercommunicator allreduce: each group receives the reduction of the
// other group's vectors (MPI-4.0 §6.9.6). Every rank sends its vector to
// every remote rank and combines the m vectors it receives in the remote
// group's rank order (v0 op v1 op ... op vm-1, folded from the right), so
// non-commutative ops get the order MPI defines. One round of transfers and
// m-1 temporaries of the vector: the reference, for small groups.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

void build_allreduce_inter_linear(const CollArgs& a, Schedule& s) {
  if (a.count == 0 || a.remote_size == 0) return;
  const Datatype& t = *a.type;
  Vec mine = stage_in(s, kSendBuf, a.count, t, true);
  Vec acc = output_view(s, kRecvBuf, a.count, t, true);
  size_t bytes = mine.bytes(a.count);
  int m = a.remote_size;
  std::vector<BufRef> from(static_cast<size_t>(m));
  for (int p = 0; p < m; ++p) {
    from[static_cast<size_t>(p)] = p == m - 1 ? acc.base : BufRef{s.temp(bytes), 0};
    s.recv(p, from[static_cast<size_t>(p)], bytes);
    s.send(p, mine.base, bytes);
  }
  for (int p = m - 2; p >= 0; --p) s.reduce(from[static_cast<size_t>(p)], acc.base, a.count);
  stage_out(s, acc, kRecvBuf, a.count, t, true);
}

}  // namespace gyre::coll
