// Rendezvous protocol, for messages above the eager limit. The sender sends
// an RTS (envelope, total length, its request id, and the buffer address
// when the buffer is contiguous) and waits. Once a receive matches it, the
// receiver either
//  (a) pulls the data with the transport's single-copy get() — straight into
//      a contiguous receive buffer, or in chunks through a scratch buffer
//      into a non-contiguous one — and sends FIN so the sender completes; or
//  (b) sends CTS naming its request and how many bytes it wants, and the
//      sender streams DATA fragments (at most max_frame each) that the
//      receiver unpacks at their stream offset. The outbox retries refused
//      fragments, which is the flow control. This path is used when the
//      transport has no get(), when get() fails (CMA not permitted), and
//      when the send buffer is not contiguous, and below
//      GYRE_PML_SINGLE_COPY_MIN, where a get()'s system call and page pinning
//      cost more than the second copy.
// Either way the sender completes only after the receiver matched, so this
// is also the synchronous-mode protocol for large messages.
#pragma once
#include <span>
#include <vector>

#include "pml/matching.h"
#include "pml/outbox.h"
#include "pml/requests.h"

namespace gyre::pml {

class RendezvousProtocol {
 public:
  explicit RendezvousProtocol(Outbox& outbox) : outbox_(outbox) {}

  void send_rts(SendRequest& r);

  // A receive matched an RTS (its fields were kept in `rts`).
  void start_receive(RecvRequest& r, const UnexpectedMessage& rts);

  // Frames other than the RTS.
  void on_cts(int peer, std::span<const std::byte> frame);
  static void on_data(std::span<const std::byte> frame);

  // An unexpected entry holding an RTS's fields (no payload).
  static std::unique_ptr<UnexpectedMessage> make_unexpected(int peer, std::span<const std::byte> frame);

 private:
  bool pull(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes);
  void request_fragments(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes);
  void send_fin(int peer, uint64_t sender_id);

  Outbox& outbox_;
  std::vector<std::byte> scratch_;  // get() staging for non-contiguous receives
};

}  // namespace gyre::pml
