// Moving whole reduction vectors between ranks in cache-sized segments, and
// folding what arrives into a result while it is still in cache.
//
// On one node a large message is read by the receiver straight from the
// sender's buffer (single copy). Two things make that fast: reading data the
// sender has not just written (a user's send buffer, not a copy of it: a
// line still dirty in the other core's cache costs about twice as much to
// pull), and combining each piece right after it lands instead of streaming
// the whole vector through memory twice. So the helpers here send from
// wherever the caller's vector already is and fold per segment: one round
// per segment on the receiving side, the sender's segments all posted at
// once. Sender and receiver cut the vector identically (same count, same
// element stride), so segment k always matches segment k.
#pragma once
#include <cstddef>

#include "coll/args.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/schedule.h"

namespace gyre::coll {

// Bytes of one segment (rounded down to whole elements, at least one).
constexpr size_t kFoldSegmentBytes = size_t{1} << 20;

size_t fold_segment_elems(size_t stride);
inline size_t fold_segments(size_t count, size_t stride) {
  size_t per = fold_segment_elems(stride);
  return (count + per - 1) / per;
}

// Send count elements of v to peer, one message per segment, in the current
// round (background: awaited only at the schedule's end).
void send_vector(Schedule& s, int peer, const Vec& v, size_t count, bool background);
// Receive what send_vector sent, into v, in the current round.
void recv_vector(Schedule& s, int peer, const Vec& v, size_t count);

// Receive the peer's count elements (sent with send_vector) and fold them
// with `mine` into `out`, one round per segment: out = peer op mine when the
// peer's data comes from lower ranks, else mine op peer (either for a
// commutative op). `mine` may be `out`. A segment-sized temporary is
// allocated into *tmp on first need (pass the same slot to later calls).
void recv_fold(Schedule& s, const CollArgs& a, int peer, const Vec& mine, const Vec& out, size_t count,
               bool peer_is_lower, uint16_t* tmp);

// Swap with peer: offer give_count elements of `give` while receiving the
// peer's count elements and folding them as recv_fold does. The offer goes
// out with the first segment's receive, so a round-per-segment exchange
// costs one round when the vector fits one segment. background: all of
// `give` is offered at once and awaited at the schedule's end, so `give`
// must stay unchanged until then (the untouched input, or a range this rank
// never writes again). Otherwise give's segment k travels in round k and
// completes before that round's fold, so `give` may be `out` (when `mine`
// is `out` too: a rank swapping its running result).
void exchange_fold(Schedule& s, const CollArgs& a, int peer, const Vec& give, size_t give_count, bool background,
                   const Vec& mine, const Vec& out, size_t count, bool peer_is_lower, uint16_t* tmp);

// Every other rank sends this rank count elements (send_vector); fold them
// all with `mine` into `out` in rank order, per segment. `out` must not be
// `mine`.
void recv_fold_all(Schedule& s, const CollArgs& a, const Vec& mine, const Vec& out, size_t count);

}  // namespace gyre::coll
