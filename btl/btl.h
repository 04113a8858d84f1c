// A btl ("byte transfer layer") moves frames between two processes. The pml
// above it does matching and protocols; a btl only knows peers by world rank.
//
// Contract:
//  * A frame is an opaque byte string of at most caps().max_frame bytes. The
//    sender gives it as a gather list (header + payload) so no staging copy is
//    needed. Frames between one pair of processes arrive in the order sent
//    (the pml's non-overtaking rule relies on it).
//  * try_send() either queues the whole frame (returns true; the caller's
//    buffers may be reused at once) or queues nothing (returns false: the
//    peer's queue is full; the caller progresses and retries).
//  * poll() hands received frames to the handler, in order, and returns how
//    many it delivered. The frame memory is valid only during the call.
//  * get() copies len bytes from remote_addr in the peer's address space
//    into dst (single-copy rendezvous), when caps().single_copy is true;
//    put() copies the other way, into the peer, when caps().single_copy_put
//    is (the sender of a large message then copies part of it itself).
//  * A btl that can make a waiting process sleep until a frame arrives says so
//    (caps().can_block) and implements sleep_until_frame() and wake().
#pragma once
#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "runtime/error.h"

namespace gyre {
struct ProcessIdentity;
class Modex;
}

namespace gyre::btl {

struct Capabilities {
  size_t max_frame = 0;     // largest frame try_send accepts
  size_t eager_limit = 0;   // payload bytes the pml should send eagerly
  bool single_copy = false; // get() works (CMA, RDMA read)
  bool single_copy_put = false;  // put() works (CMA, RDMA write)
  bool can_block = false;   // sleep_until_frame() really sleeps
  bool device_memory = false;
};

using FrameHandler = std::function<void(int src_world_rank, std::span<const std::byte> frame)>;
// What a sleeper waits for besides frames: true when it need not sleep.
using WakeCheck = std::function<bool()>;

class Transport {
 public:
  virtual ~Transport() = default;
  virtual std::string_view name() const = 0;
  virtual Capabilities caps() const = 0;
  virtual bool reaches(int world_rank) const = 0;

  // Start-up happens in two phases around one modex exchange.
  virtual Error publish(Modex& modex) = 0;   // before the exchange
  virtual Error connect(Modex& modex) = 0;   // after it
  // Whether, when every rank of the job shares this node, the transport
  // can stand in for the exchange (it needs nothing from the modex, and
  // await_local_peers() returns once every local peer has published).
  virtual bool meets_local_peers() const { return false; }
  virtual Error await_local_peers() { return Error::ok(); }

  virtual bool try_send(int peer, std::span<const iovec> parts) = 0;
  // try_send of a frame in two parts (a header and a payload, len may be
  // 0): the pml's small eager message, the hot path of every small send.
  // A transport that can copy it more cheaply than through a gather list
  // (shared memory) overrides this; same contract as try_send.
  virtual bool try_send_pair(int peer, const void* header, size_t header_len, const void* payload, size_t len) {
    iovec parts[2] = {{const_cast<void*>(header), header_len}, {const_cast<void*>(payload), len}};
    return try_send(peer, std::span<const iovec>(parts, len != 0 ? 2 : 1));
  }
  virtual int poll(const FrameHandler& handler) = 0;
  virtual Error get(int peer, void* dst, uint64_t remote_addr, size_t len) {
    return Error(ErrClass::intern, std::string(name()) + " has no single-copy get");
  }
  virtual Error put(int peer, uint64_t remote_addr, const void* src, size_t len) {
    return Error(ErrClass::intern, std::string(name()) + " has no single-copy put");
  }

  // Sleep until a frame may have arrived for this process, a peer called
  // wake() for it, or timeout_us passes. `woken` (if set) is checked after
  // the process counts itself asleep: what a peer published before calling
  // wake() is then either seen there or wakes the sleep. Spurious wake-ups
  // are fine; a missed wake-up must be impossible (or bounded by the timeout).
  virtual void sleep_until_frame(int timeout_us, const WakeCheck& woken = {}) {}
  // Another process's layer above published something (a shared-memory
  // flag) that `peer` may be asleep waiting for: wake it. Cheap when it is
  // awake; a no-op where nothing sleeps.
  virtual void wake(int peer) {}

  // Release everything (called at MPI_Finalize after the final barrier).
  virtual void shutdown() {}
};

// Component constructors (each btl folder provides one).
std::unique_ptr<Transport> make_self_transport(const ProcessIdentity& me);
// nullptr when no other rank shares this node.
std::unique_ptr<Transport> make_sm_transport(const ProcessIdentity& me);

}  // namespace gyre::btl
