// Where frames go: the route to each peer (the transport that reaches it and
// the limits the protocols need) and the frames that transport refused.
//
// A transport may refuse a frame when the peer's queue is full; the pml must
// then neither block nor drop it. The outbox keeps, per peer, a FIFO of
// copied frames (small: headers and eager payloads) and a FIFO of fragment
// streams (large rendezvous messages, sent straight from the user buffer as
// room appears). Frames to one peer always leave in the order they were
// given, which the non-overtaking rule needs; streams carry no matching
// information, so they need no order against frames.
#pragma once
#include <sys/uio.h>

#include <cstddef>
#include <deque>
#include <span>
#include <vector>

#include "btl/btl.h"

namespace gyre::pml {

// Something that sends many fragments as the transport accepts them.
class FragmentSource {
 public:
  virtual ~FragmentSource() = default;
  // Send fragments until refused; true once the last one went (the source
  // may then be destroyed by its owner: the outbox forgets it first).
  virtual bool pump(btl::Transport& transport, int peer) = 0;
};

struct Route {
  btl::Transport* transport = nullptr;  // nullptr: no transport reaches the peer
  size_t eager_limit = 0;  // payload bytes sent in one eager frame
  size_t max_frame = 0;
  bool single_copy = false;
  size_t single_copy_min = 0;  // smaller rendezvous messages use fragments
};

class Outbox {
 public:
  struct Limits {
    size_t rndv_limit = 0;       // GYRE_PML_RNDV_LIMIT (0 = each transport's eager limit)
    size_t single_copy_min = 0;  // GYRE_PML_SINGLE_COPY_MIN
  };
  Outbox(std::vector<btl::Transport*> transports, int world_size, Limits limits);

  const Route& route(int peer) {
    Route& r = peers_[static_cast<size_t>(peer)].route;
    if (r.max_frame == 0) bind(peer);
    return r;
  }
  // After a failed get(): use the fragment path with this peer from now on.
  void disable_single_copy(int peer) { peers_[static_cast<size_t>(peer)].route.single_copy = false; }

  // Send a frame now if possible, else queue a copy. Never refuses.
  // Inline: it is on the path of every small message.
  void send(int peer, std::span<const iovec> parts) {
    PeerState& p = peers_[static_cast<size_t>(peer)];
    if (p.route.max_frame == 0) bind(peer);  // replies may go to a peer never sent to before
    if (!deferring_ && p.frames.empty() && p.route.transport->try_send(peer, parts)) return;
    queue(peer, p, parts);
  }
  // send() of a header and a payload (the eager message), through the
  // transport's try_send_pair.
  void send_pair(int peer, const void* header, size_t header_len, const void* payload, size_t len) {
    PeerState& p = peers_[static_cast<size_t>(peer)];
    if (p.route.max_frame == 0) bind(peer);
    if (!deferring_ && p.frames.empty() && p.route.transport->try_send_pair(peer, header, header_len, payload, len))
      return;
    iovec parts[2] = {{const_cast<void*>(header), header_len}, {const_cast<void*>(payload), len}};
    queue(peer, p, std::span<const iovec>(parts, 2));
  }
  void add_stream(int peer, FragmentSource* source);

  // While a transport is polling, frames are queued rather than sent, so a
  // frame handler never re-enters a transport (flush() sends them after).
  void set_deferring(bool on) { deferring_ = on; }

  // Retry queued frames and streams; returns how many finished.
  int flush();
  bool has_work() const { return !active_.empty(); }

 private:
  struct PeerState {
    Route route;
    std::deque<std::vector<std::byte>> frames;
    std::deque<FragmentSource*> streams;
    bool active = false;  // listed in active_
  };

  void bind(int peer);
  void activate(int peer);
  void queue(int peer, PeerState& p, std::span<const iovec> parts);
  int flush_peer(int peer, PeerState& p);

  std::vector<btl::Transport*> transports_;
  std::vector<PeerState> peers_;
  std::vector<int> active_;  // peers with queued work
  Limits limits_;
  bool deferring_ = false;
};

}  // namespace gyre::pml
