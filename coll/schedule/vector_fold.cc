#include "coll/schedule/vector_fold.h"

#include <algorithm>
#include <vector>

namespace gyre::coll {

namespace {

bool same(const Vec& x, const Vec& y) {
  return x.base.buf == y.base.buf && x.base.offset == y.base.offset && x.stride == y.stride;
}

// Segment k of count elements.
Range segment(size_t count, size_t per, size_t k) { return {k * per, std::min(count, (k + 1) * per)}; }

}  // namespace

size_t fold_segment_elems(size_t stride) { return std::max<size_t>(1, kFoldSegmentBytes / std::max<size_t>(1, stride)); }

void send_vector(Schedule& s, int peer, const Vec& v, size_t count, bool background) {
  size_t per = fold_segment_elems(v.stride);
  for (size_t k = 0, n = fold_segments(count, v.stride); k < n; ++k) {
    Range g = segment(count, per, k);
    if (background)
      s.send_background(peer, v.at(g.lo), v.bytes(g.n()));
    else
      s.send(peer, v.at(g.lo), v.bytes(g.n()));
  }
}

void recv_vector(Schedule& s, int peer, const Vec& v, size_t count) {
  size_t per = fold_segment_elems(v.stride);
  for (size_t k = 0, n = fold_segments(count, v.stride); k < n; ++k) {
    Range g = segment(count, per, k);
    s.recv(peer, v.at(g.lo), v.bytes(g.n()));
  }
}

void recv_fold(Schedule& s, const CollArgs& a, int peer, const Vec& mine, const Vec& out, size_t count,
               bool peer_is_lower, uint16_t* tmp) {
  exchange_fold(s, a, peer, out, 0, true, mine, out, count, peer_is_lower, tmp);
}

void exchange_fold(Schedule& s, const CollArgs& a, int peer, const Vec& give, size_t give_count, bool background,
                   const Vec& mine, const Vec& out, size_t count, bool peer_is_lower, uint16_t* tmp) {
  size_t per = fold_segment_elems(out.stride), give_per = fold_segment_elems(give.stride);
  size_t segs = fold_segments(count, out.stride), give_segs = background ? 0 : fold_segments(give_count, give.stride);
  bool in_place = same(mine, out);
  // Straight into out, then out = mine op peer: no temporary, no copy.
  bool direct = !in_place && (a.commutative || !peer_is_lower);
  if (!direct && count > 0 && *tmp == 0) *tmp = s.temp(out.bytes(std::min(count, per)));
  BufRef t{*tmp, 0};
  s.begin_round();
  if (background) send_vector(s, peer, give, give_count, true);
  for (size_t k = 0, rounds = std::max<size_t>(1, std::max(segs, give_segs)); k < rounds; ++k) {
    if (k > 0) s.begin_round();
    if (k < give_segs) {
      Range g = segment(give_count, give_per, k);
      s.send(peer, give.at(g.lo), give.bytes(g.n()));
    }
    if (k >= segs) continue;
    Range g = segment(count, per, k);
    size_t bytes = out.bytes(g.n());
    if (direct) {
      s.recv(peer, out.at(g.lo), bytes);
      s.reduce(mine.at(g.lo), out.at(g.lo), g.n());
      continue;
    }
    s.recv(peer, t, bytes);
    if (!in_place) s.copy(out.at(g.lo), mine.at(g.lo), bytes);  // out = peer op mine below
    reduce_ordered(s, a, t, out.at(g.lo), g.n(), bytes, peer_is_lower);
  }
  s.begin_round();
}

void recv_fold_all(Schedule& s, const CollArgs& a, const Vec& mine, const Vec& out, size_t count) {
  int n = a.size, r = a.rank;
  if (n == 2) {
    uint16_t tmp = 0;
    recv_fold(s, a, 1 - r, mine, out, count, r == 1, &tmp);
    return;
  }
  size_t per = fold_segment_elems(out.stride);
  std::vector<BufRef> from(static_cast<size_t>(n));
  for (int p = 0; p < n; ++p)
    if (p != r) from[static_cast<size_t>(p)] = {s.temp(out.bytes(std::min(count, per))), 0};
  for (size_t k = 0, segs = fold_segments(count, out.stride); k < segs; ++k) {
    Range g = segment(count, per, k);
    size_t bytes = out.bytes(g.n());
    s.begin_round();
    for (int p = 0; p < n; ++p)
      if (p != r) s.recv(p, from[static_cast<size_t>(p)], bytes);
    // out = v0 op v1 op ... op v(n-1): start from mine, lower ranks join
    // from the left, higher ones from the right.
    BufRef o = out.at(g.lo);
    s.copy(o, mine.at(g.lo), bytes);
    for (int p = r - 1; p >= 0; --p) s.reduce(from[static_cast<size_t>(p)], o, g.n());
    for (int p = r + 1; p < n; ++p) reduce_ordered(s, a, from[static_cast<size_t>(p)], o, g.n(), bytes, false);
  }
  s.begin_round();
}

}  // namespace gyre::coll
