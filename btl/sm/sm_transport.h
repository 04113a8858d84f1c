// The shared-memory transport between the ranks of one node.
//
// Each rank creates one segment (see sm_layout.h) holding an inbound ring
// per local peer, before the exchange, under a name every rank can derive
// (sm_address.h), with its pid and probe word in the header; after the
// exchange it maps every peer's segment (those already made when it made
// its own, before), where it is the one writer of the ring meant for it.
// The modex carries nothing for it, so where the whole job shares the node
// the ranks need no exchange: await_local_peers() returns once every peer
// has made its segment (each rank rings the doorbells of the peers it
// maps, so the last to come wakes the others). Frames are copied once, straight from the
// caller's gather list into the peer's ring, and handed to the receiver in
// place. An idle receiver sleeps on its segment's doorbell (doorbell.h), as
// does a sender refused by a full ring; large messages can move by
// single-copy reads (cma.h). caps().single_copy is true only when the probe
// read of every peer worked (and GYRE_SM_CMA is on).
//
// Segment lifetime: each peer, once it has mapped a segment, counts itself
// in the segment's `attached` word, and the peer that completes the count
// removes the name (shm_unlink). So once every local rank has connected
// (inside MPI_Init) no name is left and nothing can leak, whether the job
// then finishes, aborts or is killed; the mappings live until the processes
// exit. The owner also unlinks at shutdown and in its destructor (for a
// peer that never came).
// Only a job that dies during start-up can leave names behind; they carry
// the nspace, and remove_leftover_segments() (sm_address.h) sweeps them. A
// leftover that escaped the sweep (the launcher killed too) and meets a
// later job with the same nspace is replaced by its new owner before the
// exchange, so no peer maps it after; before, peers take only a segment
// whose owner holds it (a lock the kernel drops when its holder dies).
//
// Calls on one transport must not run concurrently (the pml serializes).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "btl/btl.h"
#include "btl/sm/doorbell.h"
#include "btl/sm/segment.h"
#include "btl/sm/sm_config.h"
#include "btl/sm/spsc_ring.h"

namespace gyre::btl::sm {

class SmTransport final : public Transport {
 public:
  SmTransport(const ProcessIdentity& me, const SmConfig& config);
  ~SmTransport() override;

  std::string_view name() const override { return "sm"; }
  Capabilities caps() const override;
  bool reaches(int world_rank) const override;

  Error publish(Modex& modex) override;
  bool meets_local_peers() const override { return true; }
  Error await_local_peers() override;
  Error connect(Modex& modex) override;

  bool try_send(int peer, std::span<const iovec> parts) override;
  bool try_send_pair(int peer, const void* header, size_t header_len, const void* payload, size_t len) override;
  int poll(const FrameHandler& handler) override;
  Error get(int peer, void* dst, uint64_t remote_addr, size_t len) override;
  Error put(int peer, uint64_t remote_addr, const void* src, size_t len) override;
  void sleep_until_frame(int timeout_us, const WakeCheck& woken = {}) override;
  void wake(int peer) override;
  void shutdown() override;

 private:
  struct Inbound {
    int src = -1;       // world rank of the sender
    RingConsumer ring;
    Doorbell src_bell;  // the sender's, rung when it waits for room here
  };
  struct Outbound {
    pid_t pid = 0;          // for process_vm_readv
    SharedSegment segment;  // the peer's segment, mapped
    RingProducer ring;
    Doorbell bell;
    bool cma_ok = false;    // a single-copy read of the peer worked
  };

  Error map_ready_peers(bool ring_new, bool& all);
  Error connect_peer(size_t index);
  Error map_peer(size_t index, Outbound& out, bool* not_ready = nullptr);
  Outbound* outbound_for(int peer);  // nullptr: not a connected local peer
  Error single_copy_peer(int peer, const char* what, pid_t& pid);  // get()/put() target
  int drain(Inbound& in, const FrameHandler& handler);
  // Out of line: the poll that finds nothing then saves no registers.
  [[gnu::noinline]] int drain_all(const FrameHandler& handler);
  void release(Inbound& in);
  bool any_frame_ready() const;
  bool any_room_appeared();
  bool something_arrives_within(long grace_ns, const WakeCheck& woken);
  uint32_t num_rings() const { return static_cast<uint32_t>(peers_.size()); }

  int world_rank_;
  uint32_t local_index_ = 0;          // my position among the node's ranks
  std::vector<int> peers_;            // other local ranks, ascending
  std::vector<int32_t> slot_of_rank_; // world rank -> index in peers_, or -1
  std::string nspace_;
  SmSizing sizing_;
  bool cma_wanted_;
  bool single_copy_ = false;
  uint64_t probe_word_;               // peers read it to test single-copy

  SharedSegment own_;
  Doorbell own_bell_;
  std::vector<Inbound> inbound_;      // index = peer index
  std::vector<Outbound> outbound_;
  std::vector<Outbound> early_;       // index = peer index: mapped before the exchange, or unmapped
  std::vector<Outbound*> outbound_by_rank_;  // world rank -> outbound_ entry, or nullptr (send fast path)
  bool polling_ = false;
};

// For tests and benchmarks: an sm transport with explicit settings (nullptr
// when no other rank shares the node).
std::unique_ptr<Transport> make_sm_transport(const ProcessIdentity& me, const SmConfig& config);

}  // namespace gyre::btl::sm
