#include "coll/schedule/exchange_layout.h"

#include <vector>

#include "runtime/datatype.h"

namespace gyre::coll {

size_t Block::bytes() const { return type != nullptr ? type->size() * count : count; }

Block ExchangeLayout::user_block(const CollArgs& a, bool send_side, int peer) const {
  size_t i = static_cast<size_t>(peer);
  uint16_t slot = send_side && !a.in_place ? kSendBuf : kRecvBuf;
  switch (a.op) {
    case CollOp::alltoallv: {
      const Datatype* t = send_side && !a.in_place ? a.type : a.rtype;
      const auto& counts = send_side && !a.in_place ? a.scounts : a.rcounts;
      const auto& displs = send_side && !a.in_place ? a.sdispls : a.rdispls;
      return {{slot, displs[i] * t->extent()}, static_cast<size_t>(counts[i]), t};
    }
    case CollOp::alltoallw: {
      bool s = send_side && !a.in_place;
      const Datatype* t = s ? a.stypes[i] : a.rtypes[i];
      return {{slot, s ? a.sdispls[i] : a.rdispls[i]}, static_cast<size_t>(s ? a.scounts[i] : a.rcounts[i]), t};
    }
    default: {
      bool s = send_side && !a.in_place;
      const Datatype* t = s ? a.type : a.rtype;
      size_t c = s ? a.count : a.rcount;
      return {{slot, static_cast<std::ptrdiff_t>(c * i) * t->extent()}, c, t};
    }
  }
}

ExchangeLayout ExchangeLayout::make(Schedule& s, const CollArgs& a) {
  ExchangeLayout x;
  x.a_ = &a;
  if (!a.in_place) return x;
  size_t total = 0;
  for (int p = 0; p < a.size; ++p) {
    x.staged_off_.push_back(total);
    total += x.user_block(a, true, p).bytes();
  }
  x.staged_ = s.temp(total);
  for (int p = 0; p < a.size; ++p) {
    Block b = x.user_block(a, true, p);
    if (b.count > 0)  // my own block too: Bruck reads it from here
      s.copy_typed({x.staged_, static_cast<std::ptrdiff_t>(x.staged_off_[static_cast<size_t>(p)])}, 0, nullptr,
                   b.ref, b.count, b.type);
  }
  s.begin_round();
  return x;
}

Block ExchangeLayout::send_block(int peer) const {
  Block b = user_block(*a_, true, peer);
  if (staged_ == 0) return b;
  return {{staged_, static_cast<std::ptrdiff_t>(staged_off_[static_cast<size_t>(peer)])}, b.bytes(), nullptr};
}

Block ExchangeLayout::recv_block(int peer) const { return user_block(*a_, false, peer); }

void ExchangeLayout::send(Schedule& s, int peer, bool background) const {
  Block b = send_block(peer);
  if (b.bytes() == 0) return;
  if (background)
    s.send_typed_background(peer, b.ref, b.count, b.type);
  else
    s.send_typed(peer, b.ref, b.count, b.type);
}

void ExchangeLayout::recv(Schedule& s, int peer) const {
  Block b = recv_block(peer);
  if (b.bytes() > 0) s.recv_typed(peer, b.ref, b.count, b.type);
}

void ExchangeLayout::copy_self(Schedule& s, int rank) const {
  if (a_->in_place) return;  // already in place
  Block from = send_block(rank), to = recv_block(rank);
  if (to.bytes() > 0) s.copy_typed_final(to.ref, to.count, to.type, from.ref, from.count, from.type);
}

}  // namespace gyre::coll
