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
//      GYRE_PML_SINGLE_COPY_MIN (16 KiB), where a get()'s system call and
//      page pinning may cost more than the second copy. That depends on how
//      dearly the two cores trade freshly written lines: at 16 KiB on the
//      2-core VM the pipelined copy took 2.7 us one way on a fast placement
//      but 9.6 us on a slow one, where the get() took 3.5 (streaming 2.1
//      vs 5.5 GB/s); on a 16-core VM the get() won too (2.9 vs 4.7 us).
//  (c) for a large message (128 KiB up) with both buffers contiguous, over
//      a transport that can also put() (CMA both ways), split the single
//      copy between the two cores: the receiver sends a split CTS offering
//      the sender the first part of the message (a little less than half)
//      and reads the rest at once; the sender, on seeing the CTS, writes its
//      part straight into the receiver's buffer. Who copies the offered part
//      is settled by two claim words in the receiver's memory (SplitCopy in
//      rendezvous.cc has the argument): a sender busy elsewhere claims
//      nothing and the receiver copies everything as in (a) without waiting.
//      A peer that did not help (busy sending to us, as in an exchange) is
//      not offered the next few splits. gyre-bench np 2 on the 2-core VM,
//      one-way latency: 128 KiB 11.1 -> 10.5 us, 256 KiB 20 -> 15, 1 MiB 81
//      -> 46, 4 MiB ~500 -> 182; streaming 128 KiB 11.4 -> 13.6 GB/s, 1 MiB
//      ~8 -> ~10; bcast and reduce gain like the latency.
// Either way the sender completes only after the receiver matched, so this
// is also the synchronous-mode protocol for large messages.
#pragma once
#include <memory>
#include <span>
#include <vector>

#include "pml/matching.h"
#include "pml/outbox.h"
#include "pml/requests.h"

namespace gyre::pml {

class SplitCopy;

class RendezvousProtocol {
 public:
  explicit RendezvousProtocol(Outbox& outbox);
  ~RendezvousProtocol();

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
  bool start_split(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes);
  void request_fragments(RecvRequest& r, int peer, uint64_t sender_id, size_t bytes);
  void send_fin(int peer, uint64_t sender_id);
  friend class SplitCopy;  // finishes its receive like pull() does

  Outbox& outbox_;
  std::vector<std::byte> scratch_;  // get() staging for non-contiguous receives
  // Receiver side of path (c), per peer, made on first use and reused
  // (addresses stay put: the sender writes into them).
  std::vector<std::vector<std::unique_ptr<SplitCopy>>> splits_;
  std::vector<uint8_t> split_backoff_;  // per peer: splits not to offer (it did not help)
};

}  // namespace gyre::pml
