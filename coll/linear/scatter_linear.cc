// Linear scatter and scatterv: the root sends each rank its block in one
// round, typed, straight from the send buffer.
#include "coll/builders.h"
#include "runtime/datatype.h"

namespace gyre::coll {

void build_scatter_linear(const CollArgs& a, Schedule& s) {
  if (a.rank != a.root) {
    if (a.rcount > 0) s.recv_typed(a.root, {kRecvBuf, 0}, a.rcount, a.rtype);
    return;
  }
  bool v = a.op == CollOp::scatterv;
  for (int p = 0; p < a.size; ++p) {
    size_t i = static_cast<size_t>(p);
    size_t n = v ? static_cast<size_t>(a.scounts[i]) : a.count;
    std::ptrdiff_t elems = v ? a.sdispls[i] : static_cast<std::ptrdiff_t>(a.count * i);
    BufRef at{kSendBuf, elems * a.type->extent()};
    if (p == a.rank) {
      if (!a.in_place && n > 0) s.copy_typed({kRecvBuf, 0}, a.rcount, a.rtype, at, n, a.type);
    } else if (n > 0) {
      s.send_typed(p, at, n, a.type);
    }
  }
}

}  // namespace gyre::coll
