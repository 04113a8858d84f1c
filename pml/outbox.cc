#include "pml/outbox.h"

#include <algorithm>
#include <cstring>

#include "pml/headers.h"

namespace gyre::pml {

Outbox::Outbox(std::vector<btl::Transport*> transports, int world_size, Limits limits)
    : transports_(std::move(transports)), peers_(static_cast<size_t>(world_size)), limits_(limits) {}

void Outbox::bind(int peer) {
  Route& r = peers_[static_cast<size_t>(peer)].route;
  for (btl::Transport* t : transports_) {
    if (t == nullptr || !t->reaches(peer)) continue;
    btl::Capabilities caps = t->caps();
    r.transport = t;
    r.max_frame = caps.max_frame;
    r.single_copy = caps.single_copy;
    r.single_copy_min = limits_.single_copy_min;
    size_t limit = limits_.rndv_limit != 0 ? limits_.rndv_limit : caps.eager_limit;
    size_t room = caps.max_frame > kMaxEagerHeader ? caps.max_frame - kMaxEagerHeader : 0;
    r.eager_limit = std::min(limit, room);
    return;
  }
  r.max_frame = 1;  // bound, unreachable: transport stays nullptr
}

void Outbox::activate(int peer) {
  PeerState& p = peers_[static_cast<size_t>(peer)];
  if (p.active) return;
  p.active = true;
  active_.push_back(peer);
}

void Outbox::queue(int peer, PeerState& p, std::span<const iovec> parts) {
  size_t total = 0;
  for (const iovec& v : parts) total += v.iov_len;
  std::vector<std::byte> copy(total);
  size_t at = 0;
  for (const iovec& v : parts) {
    if (v.iov_len != 0) std::memcpy(copy.data() + at, v.iov_base, v.iov_len);
    at += v.iov_len;
  }
  p.frames.push_back(std::move(copy));
  activate(peer);
}

void Outbox::add_stream(int peer, FragmentSource* source) {
  peers_[static_cast<size_t>(peer)].streams.push_back(source);
  activate(peer);
}

int Outbox::flush_peer(int peer, PeerState& p) {
  int done = 0;
  btl::Transport& t = *p.route.transport;
  while (!p.frames.empty()) {
    std::vector<std::byte>& f = p.frames.front();
    iovec one{f.data(), f.size()};
    if (!t.try_send(peer, std::span<const iovec>(&one, 1))) return done;
    p.frames.pop_front();
    ++done;
  }
  while (!p.streams.empty()) {
    FragmentSource* s = p.streams.front();
    p.streams.pop_front();  // forget it before pump() may complete (and free) its request
    if (!s->pump(t, peer)) {
      p.streams.push_front(s);
      return done;
    }
    ++done;
  }
  return done;
}

int Outbox::flush() {
  if (active_.empty()) return 0;
  int done = 0;
  for (size_t i = 0; i < active_.size();) {
    int peer = active_[i];
    PeerState& p = peers_[static_cast<size_t>(peer)];
    done += flush_peer(peer, p);
    if (p.frames.empty() && p.streams.empty()) {
      p.active = false;
      active_[i] = active_.back();
      active_.pop_back();
    } else {
      ++i;
    }
  }
  return done;
}

}  // namespace gyre::pml
