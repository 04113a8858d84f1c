// Recursive-halving reduce_scatter_block for a power-of-two n: in round k
// each rank keeps the half of its segment that holds its own block and
// sends the other half to the partner at distance n/2^(k+1). log2 n rounds,
// (n-1)/n of the vector sent. Needs a commutative op.
//
// The input is never copied up front: the first round sends straight from
// it and folds the partner's half into a working half-vector as it lands
// (vector_fold.h); the last round folds straight into the receive buffer
// when the type allows. Every offer but an in-place first one goes out in
// the background: its source is never written again.
#include "coll/builders.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/vector_fold.h"

namespace gyre::coll {

namespace {

// Elements [b * blk, (b + k) * blk): k blocks from block b.
struct Blocks {
  size_t blk;
  Range operator()(int b, int k) const {
    return {blk * static_cast<size_t>(b), blk * static_cast<size_t>(b + k)};
  }
};

}  // namespace

void build_reduce_scatter_block_rhd(const CollArgs& a, Schedule& s) {
  if (a.count == 0) return;
  int n = a.size, r = a.rank;
  Blocks blocks{a.rcount};
  Vec mine = stage_in(s, a.in_place ? kRecvBuf : kSendBuf, a.count, *a.type, true);
  if (n == 1) {
    copy_out_range(s, a, mine, 0, a.rcount);
    return;
  }
  // The working half: elements of the half kept in round 0, addressed by
  // their index in the whole vector.
  // Straight into the receive buffer in the last round: its block is the
  // user's buffer (contiguous type) and not the input we may still send from.
  bool direct_out = a.type->contiguous() && !a.in_place;
  int half = n / 2, first = r < half ? 0 : half;
  Vec w = mine;  // n == 2 straight into the receive buffer: no working half
  if (n > 2 || !direct_out) {
    w = temp_vec(s, a.count / 2, *a.type, true);
    w.base.offset -= static_cast<std::ptrdiff_t>(w.bytes(blocks(first, 0).lo));
  }
  Vec result{{kRecvBuf, a.type->true_lb()}, w.stride};
  uint16_t tmp = 0;
  Vec from = mine;
  int lo = 0, hi = n;  // my segment, in blocks
  for (int mask = half; mask > 0; mask /= 2) {
    int partner = r ^ mask, mid = (lo + hi) / 2;
    bool lower = r < partner;
    Range keep = lower ? blocks(lo, mid - lo) : blocks(mid, hi - mid);
    Range give = lower ? blocks(mid, hi - mid) : blocks(lo, mid - lo);
    Vec out = mask == 1 && direct_out ? result : Vec{w.at(keep.lo), w.stride};
    bool background = from.base.buf != kRecvBuf;  // an in-place input is overwritten at the end
    exchange_fold(s, a, partner, Vec{from.at(give.lo), from.stride}, give.n(), background,
                  Vec{from.at(keep.lo), from.stride}, out, keep.n(), false, &tmp);
    from = w;
    lo = lower ? lo : mid;
    hi = lower ? mid : hi;
  }
  if (!direct_out) copy_out_range(s, a, w, blocks(r, 1).lo, a.rcount);
}

}  // namespace gyre::coll
