// The standard fold that lets power-of-two algorithms run on any n: with
// p = the largest power of two <= n and rem = n - p, ranks below 2*rem pair
// up (even sends its data to odd, which combines them and stands in for
// both); the p survivors run the algorithm as virtual ranks 0..p-1, in rank
// order, so order-preserving algorithms stay order-preserving.
#pragma once
#include "coll/schedule/builder_util.h"

namespace gyre::coll {

struct Fold {
  int p = 1;        // power of two taking part
  int rem = 0;      // ranks folded away
  int vrank = -1;   // this rank's virtual rank, -1 when folded away

  static Fold make(int n, int rank) {
    Fold f;
    f.p = floor_pof2(n);
    f.rem = n - f.p;
    if (rank < 2 * f.rem)
      f.vrank = rank % 2 == 1 ? rank / 2 : -1;
    else
      f.vrank = rank - f.rem;
    return f;
  }
  int real(int v) const { return v < rem ? 2 * v + 1 : v + rem; }
};

// Fold in: even ranks below 2*rem send the accumulator to rank+1, which
// combines (even's data is lower: W = even (op) W). `tmp` holds count elements.
inline void fold_in(Schedule& s, const CollArgs& a, const Fold& f, const Vec& w, BufRef tmp) {
  if (a.rank >= 2 * f.rem) return;
  s.begin_round();
  if (f.vrank < 0) {
    s.send(a.rank + 1, w.base, w.bytes(a.count));
  } else {
    s.recv(a.rank - 1, tmp, w.bytes(a.count));
    s.reduce(tmp, w.base, a.count);
  }
}

// Fold out: the odd ranks hand the result back to their even partner.
inline void fold_out(Schedule& s, const CollArgs& a, const Fold& f, const Vec& w) {
  if (a.rank >= 2 * f.rem) return;
  s.begin_round();
  if (f.vrank < 0)
    s.recv(a.rank + 1, w.base, w.bytes(a.count));
  else
    s.send(a.rank - 1, w.base, w.bytes(a.count));
}

}  // namespace gyre::coll
