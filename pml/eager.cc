#include "pml/eager.h"

#include "pml/headers.h"

namespace gyre::pml {

void EagerProtocol::send(SendRequest& r, const Route& route) {
  const bool sync = r.mode == SendMode::synchronous;
  transmit(r.dest, sync ? FrameType::eager_sync : FrameType::eager, r.env, id_of(&r), r.buffer, route);
  // The frame now lives in the transport or the outbox: the buffer is free.
  if (!sync) r.finish();
}

void EagerProtocol::transmit(int dest, FrameType type, const Envelope& env, uint64_t sender_id,
                             const MessageBuffer& buffer, const Route& route) {
  const bool sync = type == FrameType::eager_sync;
  SyncHeader h;
  h.match = make_match_header(type, env.context, env.source, env.tag);
  h.sender_id = sender_id;
  const size_t bytes = buffer.bytes();
  iovec parts[2] = {{&h, sync ? sizeof(SyncHeader) : sizeof(MatchHeader)}, {nullptr, bytes}};
  if (buffer.contiguous()) {
    parts[1].iov_base = buffer.data();
  } else {
    if (scratch_.size() < bytes) scratch_.resize(route.eager_limit > bytes ? route.eager_limit : bytes);
    buffer.pack(0, scratch_.data(), bytes);
    parts[1].iov_base = scratch_.data();
  }
  outbox_.send(dest, std::span<const iovec>(parts, bytes != 0 ? 2 : 1));
}

std::unique_ptr<UnexpectedMessage> EagerProtocol::make_unexpected(int peer, const Envelope& env, FrameType type,
                                                                  uint64_t sender_id,
                                                                  std::span<const std::byte> payload) {
  auto m = std::make_unique<UnexpectedMessage>();
  m->env = env;
  m->peer = peer;
  m->protocol = static_cast<uint8_t>(type);
  m->length = payload.size();
  m->sender_id = sender_id;
  m->data.assign(payload.begin(), payload.end());
  return m;
}

void EagerProtocol::acknowledge(int peer, uint64_t sender_id) {
  ControlHeader h = make_control<ControlHeader>(FrameType::ack);
  h.sender_id = sender_id;
  iovec part{&h, sizeof(h)};
  outbox_.send(peer, std::span<const iovec>(&part, 1));
}

void EagerProtocol::on_sender_done(std::span<const std::byte> frame) {
  ControlHeader h;
  if (!read_header(frame, &h)) return;
  reinterpret_cast<SendRequest*>(static_cast<uintptr_t>(h.sender_id))->finish();
}

}  // namespace gyre::pml
