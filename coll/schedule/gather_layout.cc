#include "coll/schedule/gather_layout.h"

#include "runtime/datatype.h"

namespace gyre::coll {

namespace {
bool is_v(CollOp op) { return op == CollOp::gatherv || op == CollOp::allgatherv || op == CollOp::scatterv; }
// The type of the blocks: the receive type, except on scatter's send side.
const Datatype& block_type(const CollArgs& a, uint16_t slot) { return slot == kSendBuf ? *a.type : *a.rtype; }
}  // namespace

size_t GatherLayout::user_count(int i, const CollArgs& a) const {
  if (!is_v(a.op)) return slot_ == kSendBuf ? a.count : a.rcount;
  return static_cast<size_t>(slot_ == kSendBuf ? a.scounts[static_cast<size_t>(i)] : a.rcounts[static_cast<size_t>(i)]);
}

std::ptrdiff_t GatherLayout::user_offset(int i, const CollArgs& a) const {
  const Datatype& t = block_type(a, slot_);
  std::ptrdiff_t elems = is_v(a.op) ? (slot_ == kSendBuf ? a.sdispls[static_cast<size_t>(i)] : a.rdispls[static_cast<size_t>(i)])
                                    : static_cast<std::ptrdiff_t>(user_count(i, a)) * i;
  return elems * t.extent();
}

GatherLayout GatherLayout::make(Schedule& s, const CollArgs& a, uint16_t slot) {
  GatherLayout g;
  g.slot_ = slot;
  const Datatype& t = block_type(a, slot);
  g.staged_ = !t.contiguous();
  size_t n = static_cast<size_t>(a.size);
  g.blocks_.resize(n);
  g.bytes_.resize(n);
  size_t total = 0;
  for (int i = 0; i < a.size; ++i) {
    g.bytes_[static_cast<size_t>(i)] = g.user_count(i, a) * t.size();
    total += g.bytes_[static_cast<size_t>(i)];
  }
  if (g.staged_) {
    uint16_t tmp = s.temp(total);
    size_t off = 0;
    for (size_t i = 0; i < n; ++i) {
      g.blocks_[i] = {tmp, static_cast<std::ptrdiff_t>(off)};
      off += g.bytes_[i];
    }
    return g;
  }
  for (int i = 0; i < a.size; ++i) g.blocks_[static_cast<size_t>(i)] = {slot, g.user_offset(i, a) + t.true_lb()};
  for (size_t i = 1; i < n && g.adjacent_; ++i)
    g.adjacent_ = g.blocks_[i].offset == g.blocks_[i - 1].offset + static_cast<std::ptrdiff_t>(g.bytes_[i - 1]);
  return g;
}

void GatherLayout::stage_own_block(Schedule& s, const CollArgs& a) const {
  int r = a.rank;
  const Datatype& t = block_type(a, slot_);
  if (a.in_place) {
    if (staged_) s.copy_typed(block(r), 0, nullptr, {slot_, user_offset(r, a)}, user_count(r, a), &t);
  } else {
    const Datatype& st = *a.type;
    size_t scount = is_v(a.op) && slot_ == kSendBuf ? user_count(r, a) : a.count;
    if (st.contiguous() && !staged_)
      s.copy(block(r), {kSendBuf, st.true_lb()}, scount * st.size());
    else if (staged_)
      s.copy_typed(block(r), 0, nullptr, {kSendBuf, 0}, scount, &st);
    else
      s.copy_typed({slot_, user_offset(r, a)}, user_count(r, a), &t, {kSendBuf, 0}, scount, &st);
  }
  s.begin_round();
}

bool GatherLayout::own_block_in_input(const CollArgs& a, BufRef* src) const {
  if (a.in_place || staged_ || a.type == nullptr || !a.type->contiguous()) return false;
  *src = {kSendBuf, a.type->true_lb()};
  return true;
}

void GatherLayout::stage_all_in(Schedule& s, const CollArgs& a) const {
  if (!staged_) return;
  const Datatype& t = block_type(a, slot_);
  for (int i = 0; i < a.size; ++i)
    if (bytes(i) > 0) s.copy_typed(block(i), 0, nullptr, {slot_, user_offset(i, a)}, user_count(i, a), &t);
  s.begin_round();
}

void GatherLayout::finish(Schedule& s, const CollArgs& a) const {
  if (!staged_) return;
  const Datatype& t = block_type(a, slot_);
  for (int i = 0; i < a.size; ++i)
    if (bytes(i) > 0) s.copy_typed({slot_, user_offset(i, a)}, user_count(i, a), &t, block(i), bytes(i), nullptr);
}

}  // namespace gyre::coll
