// The sm transport's tunables and the sizes derived from them.
//
// Sizing policy (why these numbers):
//  * ring_capacity: GYRE_SM_QUEUE_SIZE rounded up to a power of two (cheap
//    index masking), at least 4 KiB. One ring per sender, so a node with n
//    ranks uses n*(n-1) rings in /dev/shm.
//  * max_frame: min(ring/4, GYRE_SM_FRAGMENT_SIZE + kProtocolRoom). A quarter
//    of the ring keeps at least three large frames in flight, so a streaming
//    sender and receiver overlap; the fragment term makes max_frame the
//    pml's pipelining unit (payload fragment + its header) when single-copy
//    is unavailable. Defaults: 256 KiB ring, max_frame 33 024 bytes.
//  * eager_limit: GYRE_SM_EAGER_LIMIT, but never more than fits in one frame
//    with the pml's header (an eager message is one frame). 8 KiB by
//    default: an 8 KiB message sent eagerly skips the RTS/CTS round trip
//    (measured at np 2: one-way 2.3 us instead of 3.0-3.4, streaming 10.2
//    instead of 8.0 GB/s); at 16 KiB and above the two-copy eager path
//    loses to fragments or single copy. Larger messages
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

  static SmConfig from_params();  // GYRE_SM_*
};

struct SmSizing {
  size_t ring_capacity;
  size_t max_frame;
  size_t eager_limit;
};

SmSizing size_for(const SmConfig& config);

}  // namespace gyre::btl::sm
