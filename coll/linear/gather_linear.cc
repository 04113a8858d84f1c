// Linear gather and gatherv: every rank sends its block straight to the
// root, which receives them all in one round, typed, into their places.
// Linear allgather(v): the same from every rank to every rank; two ranks
// order their steps as pair_exchange says.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "runtime/datatype.h"

namespace gyre::coll {

namespace {

// Where rank p's block goes in the root's receive buffer, and its count.
BufRef recv_at(const CollArgs& a, int p, size_t* count) {
  size_t i = static_cast<size_t>(p);
  bool v = a.op == CollOp::gatherv || a.op == CollOp::allgatherv;
  *count = v ? static_cast<size_t>(a.rcounts[i]) : a.rcount;
  std::ptrdiff_t elems = v ? a.rdispls[i] : static_cast<std::ptrdiff_t>(a.rcount * i);
  return {kRecvBuf, elems * a.rtype->extent()};
}

}  // namespace

void build_gather_linear(const CollArgs& a, Schedule& s) {
  if (a.rank != a.root) {
    if (a.count > 0) s.send_typed(a.root, {kSendBuf, 0}, a.count, a.type);
    return;
  }
  size_t n = 0;
  for (int p = 0; p < a.size; ++p) {
    BufRef at = recv_at(a, p, &n);
    if (p == a.rank) {
      if (!a.in_place && n > 0) s.copy_typed_final(at, n, a.rtype, {kSendBuf, 0}, a.count, a.type);
    } else if (n > 0) {
      s.recv_typed(p, at, n, a.rtype);
    }
  }
}

void build_allgather_linear(const CollArgs& a, Schedule& s) {
  size_t n = 0;
  BufRef own = recv_at(a, a.rank, &n);
  if (a.size == 2 && !a.in_place && n * a.rtype->size() >= kPairExchangeMin) {
    int peer = 1 - a.rank;
    size_t theirs = 0;
    BufRef from_peer = recv_at(a, peer, &theirs);
    pair_exchange(
        s, a.rank, [&] { if (a.count > 0) s.send_typed_background(peer, {kSendBuf, 0}, a.count, a.type); },
        [&] { if (theirs > 0) s.recv_typed(peer, from_peer, theirs, a.rtype); },
        [&] { if (n > 0) s.copy_typed_final(own, n, a.rtype, {kSendBuf, 0}, a.count, a.type); });
    return;
  }
  for (int p = 0; p < a.size; ++p) {
    BufRef at = recv_at(a, p, &n);
    if (p == a.rank) {
      if (!a.in_place && n > 0) s.copy_typed_final(at, n, a.rtype, {kSendBuf, 0}, a.count, a.type);
      continue;
    }
    if (n > 0) s.recv_typed(p, at, n, a.rtype);
    // In place, my block is already in the receive buffer.
    if (a.in_place) {
      size_t mine = 0;
      BufRef own = recv_at(a, a.rank, &mine);
      if (mine > 0) s.send_typed(p, own, mine, a.rtype);
    } else if (a.count > 0) {
      s.send_typed(p, {kSendBuf, 0}, a.count, a.type);
    }
  }
}

}  // namespace gyre::coll
