#include "coll/schedule/builder_util.h"

namespace gyre::coll {

namespace {
bool direct(const Datatype& t) { return t.contiguous(); }
bool spanned(const Datatype& t, bool reduction) { return !direct(t) && reduction && t.extent() > 0; }
size_t span_bytes(const Datatype& t, size_t count) {
  return count == 0 ? 0 : (count - 1) * static_cast<size_t>(t.extent()) + static_cast<size_t>(t.true_extent());
}
}  // namespace

size_t work_stride(const Datatype& type, bool reduction) {
  return spanned(type, reduction) ? static_cast<size_t>(type.extent()) : type.size();
}

Vec temp_vec(Schedule& s, size_t count, const Datatype& type, bool reduction) {
  size_t stride = work_stride(type, reduction);
  size_t slack = spanned(type, reduction) ? static_cast<size_t>(type.true_extent()) : 0;
  return {{s.temp(count * stride + slack), 0}, stride};
}

Vec output_view(Schedule& s, uint16_t slot, size_t count, const Datatype& type, bool reduction) {
  if (direct(type)) return {{slot, type.true_lb()}, type.size()};
  return temp_vec(s, count, type, reduction);
}

Vec stage_in(Schedule& s, uint16_t slot, size_t count, const Datatype& type, bool reduction) {
  if (direct(type)) return {{slot, type.true_lb()}, type.size()};
  Vec v = temp_vec(s, count, type, reduction);
  if (spanned(type, reduction))
    s.copy(v.base, {slot, type.true_lb()}, span_bytes(type, count));
  else
    s.copy_typed(v.base, 0, nullptr, {slot, 0}, count, &type);
  s.begin_round();
  return v;
}

void stage_out(Schedule& s, const Vec& v, uint16_t slot, size_t count, const Datatype& type, bool reduction) {
  if (v.base.buf == slot) return;
  if (direct(type)) {
    s.copy({slot, type.true_lb()}, v.base, count * type.size());
  } else if (spanned(type, reduction)) {
    s.copy_typed({slot, 0}, count, &type, v.base.at(-type.true_lb()), count, &type);
  } else {
    s.copy_typed({slot, 0}, count, &type, v.base, type.size() * count, nullptr);
  }
}

Vec init_accumulator(Schedule& s, const CollArgs& a, bool in_recvbuf) {
  const Datatype& t = *a.type;
  uint16_t in = a.in_place ? kRecvBuf : kSendBuf;
  Vec acc = in_recvbuf ? output_view(s, kRecvBuf, a.count, t, true) : temp_vec(s, a.count, t, true);
  if (spanned(t, true))
    s.copy(acc.base, {in, t.true_lb()}, span_bytes(t, a.count));
  else
    s.copy(acc.base, {in, t.true_lb()}, a.count * t.size());
  s.begin_round();
  return acc;
}

void finish_accumulator(Schedule& s, const CollArgs& a, const Vec& acc) {
  stage_out(s, acc, kRecvBuf, a.count, *a.type, true);
}

void reduce_ordered(Schedule& s, const CollArgs& a, BufRef tmp, BufRef w, size_t count, size_t bytes,
                    bool peer_is_lower) {
  if (a.commutative || peer_is_lower) {
    s.reduce(tmp, w, count);
    return;
  }
  s.reduce(w, tmp, count);  // tmp = W (op) peer
  s.copy(w, tmp, bytes);
}

}  // namespace gyre::coll

namespace gyre::coll {
void copy_out_range(Schedule& s, const CollArgs& a, const Vec& acc, size_t lo, size_t n) {
  const Datatype& t = *a.type;
  if (n == 0) return;
  if (t.contiguous())
    s.copy({kRecvBuf, t.true_lb()}, acc.at(lo), n * t.size());
  else
    s.copy_typed({kRecvBuf, 0}, n, &t, acc.at(lo).at(-t.true_lb()), n, &t);
}
}  // namespace gyre::coll
