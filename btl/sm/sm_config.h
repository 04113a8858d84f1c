// The sm transport's tunables and the sizes derived from them.
//
// Sizing policy (why these numbers):
//  * ring_capacity: GYRE_SM_QUEUE_SIZE rounded up to a power of two (cheap
//    index masking), at least 4 KiB. One ring per sender, so a node with n
//    ranks uses n*(n-1) rings in /dev/shm. Left unset, the ring grows when
//    few ranks share the node: the largest power of two that keeps a rank's
//    rings within 2 MiB, between the default (256 KiB) and 1 MiB, so 1 MiB
//    for 2 or 3 ranks, 512 KiB for 4 or 5, 256 KiB from 6 on (as before).
//    Measured at np 2 (gyre-bench bandwidth, 6 interleaved runs, min):
//    2 KiB 0.29 -> 0.19 us a message, 4 KiB 0.50 -> 0.23, 8 KiB 0.96 ->
//    0.28; latency 2 KiB 0.38 -> 0.29, 8 KiB 1.26 -> 0.91. A window of 64
//    messages of 4-8 KiB no longer overflows the ring into the outbox.
//  * max_frame: min(ring/4, GYRE_SM_FRAGMENT_SIZE + kProtocolRoom). A quarter
//    of the ring keeps at least three large frames in flight, so a streaming
//    sender and receiver overlap; the fragment term makes max_frame the
//    pml's pipelining unit (payload fragment + its header) when single-copy
//    is unavailable. Defaults: 256 KiB ring, max_frame 33 024 bytes.
//  * eager_limit: GYRE_SM_EAGER_LIMIT, but never more than fits in one frame
//    with the pml's header (an eager message is one frame). 8 KiB by
//    default, whatever the ring: an 8 KiB message sent eagerly skips the RTS/CTS round trip
//    (measured at np 2: one-way 2.3 us instead of 3.0-3.4, streaming 10.2
//    instead of 8.0 GB/s); at 16 KiB and above the two-copy eager path
//    loses to fragments or single copy where the two ranks sit far apart.
//    A 32 KiB limit with the 1 MiB ring was tried (2256ee6) and reverted:
//    np 2, 5 interleaved runs, us, eager 8 KiB vs 32 KiB, on the VM's fast
//    placement latency 16 KiB 3.0 vs 1.7, 32 KiB 4.1 vs 2.9, streaming
//    16 KiB 2.8 vs 0.5 a message; on its slow one (ranks far apart, 8 B
//    latency 0.36 instead of 0.12) latency 16 KiB 3.4 vs 8.4, 32 KiB 4.5 vs
//    16.4, streaming 16 KiB 2.9 vs 7.3. Single copy holds in both. Larger messages
//    go by rendezvous: single-copy get() when caps().single_copy, else
//    max_frame-sized fragments through the ring.
#pragma once
#include <cstddef>

namespace gyre::btl::sm {

// Bytes kept for the pml's own header inside a frame.
inline constexpr size_t kProtocolRoom = 256;

struct SmConfig {
  size_t queue_size = 262144;
  size_t eager_limit = 8192;
  size_t fragment_size = 32768;
  bool cma = true;
  bool auto_queue = false;  // GYRE_SM_QUEUE_SIZE unset: size_for() sizes the ring by the node's ranks

  static SmConfig from_params();  // GYRE_SM_*
};

struct SmSizing {
  size_t ring_capacity;
  size_t max_frame;
  size_t eager_limit;
};

// local_ranks: ranks on the node (0: unknown; the auto ring then stays at
// queue_size). Every rank of a node must get the same answer.
SmSizing size_for(const SmConfig& config, size_t local_ranks = 0);

}  // namespace gyre::btl::sm
