// The standard fold that lets power-of-two algorithms run on any n: with
// p = the largest power of two <= n and rem = n - p, ranks below 2*rem pair
// up (even sends its data to odd, which combines them and stands in for
// both); the p survivors run the algorithm as virtual ranks 0..p-1, in rank
// order, so order-preserving algorithms stay order-preserving.
#pragma once
#include "coll/schedule/builder_util.h"
#include "coll/schedule/vector_fold.h"

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

// Fold in: even ranks below 2*rem send their input `mine` to rank+1, which
// folds it with its own into w as it lands (even's data is lower: w = even
// (op) mine). Returns where this rank's contribution now is: w for the
// odd ranks that folded, else mine.
inline Vec fold_in(Schedule& s, const CollArgs& a, const Fold& f, const Vec& mine, const Vec& w, uint16_t* tmp) {
  if (a.rank >= 2 * f.rem) return mine;
  if (f.vrank < 0) {
    s.begin_round();
    send_vector(s, a.rank + 1, mine, a.count, false);
    s.begin_round();
    return mine;
  }
  recv_fold(s, a, a.rank - 1, mine, w, a.count, true, tmp);
  return w;
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
