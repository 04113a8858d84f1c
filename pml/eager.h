// Eager protocol: a message no larger than the route's eager limit goes in
// one frame, header and payload gathered straight from a contiguous user
// buffer (a non-contiguous one is packed into a scratch buffer first). A
// standard send is complete as soon as the transport (or the outbox) has
// the frame. A synchronous send uses eager_sync and completes on the
// receiver's ack, which is sent when a receive matches the message.
#pragma once
#include <memory>
#include <span>
#include <vector>

#include "pml/headers.h"
#include "pml/matching.h"
#include "pml/outbox.h"
#include "pml/requests.h"

namespace gyre::pml {

class EagerProtocol {
 public:
  explicit EagerProtocol(Outbox& outbox) : outbox_(outbox) {}

  void send(SendRequest& r, const Route& route);
  // The frame of a message: header (sender_id only for eager_sync) and payload.
  void transmit(int dest, FrameType type, const Envelope& env, uint64_t sender_id, const MessageBuffer& buffer,
                const Route& route);

  // Copy a matched message's payload into the receive and complete it.
  // Inline: on the path of every message that finds its receive posted.
  static void deliver(RecvRequest& r, const Envelope& env, std::span<const std::byte> payload) {
    r.matched(env, payload.size());
    r.buffer.unpack(0, payload.data(), payload.size());
    r.done();
  }
  // Keep an arrived message no receive wanted yet (the payload is copied).
  static std::unique_ptr<UnexpectedMessage> make_unexpected(int peer, const Envelope& env, FrameType type,
                                                            uint64_t sender_id,
                                                            std::span<const std::byte> payload);

  // An eager_sync message was matched: tell its sender.
  void acknowledge(int peer, uint64_t sender_id);
  // The ack (or a rendezvous fin) names a send request to complete.
  static void on_sender_done(std::span<const std::byte> frame);

 private:
  Outbox& outbox_;
  std::vector<std::byte> scratch_;  // packed payload of a non-contiguous send
};

}  // namespace gyre::pml
