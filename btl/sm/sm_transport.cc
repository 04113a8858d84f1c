#include "btl/sm/sm_transport.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include "btl/sm/cma.h"
#include "btl/sm/sm_address.h"
#include "btl/sm/sm_layout.h"
#include "runtime/log.h"
#include "runtime/params.h"
#include "runtime/pmix/identity.h"
#include "runtime/pmix/modex.h"

namespace gyre::btl::sm {
namespace {

// Frames taken from one ring per poll(): bounds the time one busy sender can
// hold the receiver before the other rings (and the caller) get a turn.
constexpr int kMaxFramesPerRing = 64;
constexpr uint64_t kProbePattern = 0x5a17c0de0b5e55edULL;

// Map every page of a peer's ring into this process now, with a read of
// each (safe while the ring is in use: it stores nothing). The owner
// populated its rings before it marked its segment ready (publish()), so each read fault
// maps the next 16 pages as well (the kernel's fault-around, for pages the
// page cache holds up to date): ~0.15 us a page here, against ~1.6 for
// pages only reserved, and MADV_POPULATE_WRITE's ~0.75.
void prefault(std::byte* ring, size_t bytes) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  for (size_t at = 0; at < bytes; at += page)
    (void)std::atomic_ref<std::byte>(ring[at]).load(std::memory_order_relaxed);
}

std::atomic_ref<uint32_t> attached_count(const SharedSegment& seg) {
  return std::atomic_ref<uint32_t>(header_of(seg).attached);
}

}  // namespace

SmTransport::SmTransport(const ProcessIdentity& me, const SmConfig& config)
    : world_rank_(me.world_rank),
      nspace_(me.nspace),
      sizing_(size_for(config, me.local_peers.size())),
      cma_wanted_(config.cma),
      probe_word_(kProbePattern ^ static_cast<uint64_t>(getpid())) {
  int table_size = me.world_size;
  for (int r : me.local_peers) {
    table_size = std::max(table_size, r + 1);
    if (r == world_rank_)
      local_index_ = static_cast<uint32_t>(peers_.size());
    else
      peers_.push_back(r);
  }
  slot_of_rank_.assign(static_cast<size_t>(table_size), -1);
  for (size_t i = 0; i < peers_.size(); ++i) slot_of_rank_[peers_[i]] = static_cast<int32_t>(i);
  // At start-up, before any peer tries to read us.
  if (cma_wanted_) allow_cma_readers();
}

SmTransport::~SmTransport() = default;

Capabilities SmTransport::caps() const {
  Capabilities c;
  c.max_frame = sizing_.max_frame;
  c.eager_limit = sizing_.eager_limit;
  c.single_copy = single_copy_;
  c.single_copy_put = single_copy_;
  c.can_block = true;
  return c;
}

bool SmTransport::reaches(int world_rank) const {
  return world_rank >= 0 && static_cast<size_t>(world_rank) < slot_of_rank_.size() &&
         slot_of_rank_[world_rank] >= 0;
}

// Nothing goes into the modex: peers derive the segment's name from the
// nspace and our rank, and read our pid and probe word from its header.
Error SmTransport::publish(Modex&) {
  const size_t capacity = sizing_.ring_capacity;
  GYRE_TRY(SharedSegment::create(segment_name(nspace_, world_rank_), segment_bytes(num_rings(), capacity), own_,
                                 /*hold=*/true));
  init_segment(own_, num_rings(), capacity, probe_word_);
  own_bell_ = Doorbell(&header_of(own_).doorbell);
  // Ring i of my segment is written by peers_[i] (see ring_slot).
  inbound_.resize(peers_.size());
  for (uint32_t i = 0; i < num_rings(); ++i)
    inbound_[i] = Inbound{peers_[i], RingConsumer(ring_at(own_, i), capacity), Doorbell()};
  // The rings this process reads, mapped now, before the exchange that
  // every rank waits in anyway, and before peers may take the segment:
  // they then map the rings they write here cheaply (prefault()).
  (void)SharedSegment::populate(ring_at(own_, 0), num_rings() * ring_footprint(capacity));
  // The peers that are ready, mapped before we say we are: a peer waiting
  // in await_local_peers() for us then leaves once we are done here, not
  // while we still work (it would start its first collective early and
  // wait there for us).
  early_.clear();
  early_.resize(peers_.size());
  bool all = false;
  (void)map_ready_peers(/*ring_new=*/false, all);  // a bad one is reported by connect() or the meeting
  mark_ready(own_);
  // A peer arming its doorbell now must see us ready or be seen asleep:
  // no store may wait in the store buffer past our look at its sleepers.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  for (Outbound& peer : early_) peer.bell.ring_if_sleeping();  // (unmapped: no bell)
  return Error::ok();
}

// Peers whose segments are ready, mapped now, while this rank would wait
// for the slowest anyway, rather than after the exchange, where ranks
// sharing cores take turns (at np 4 on 2 cores each peer costs ~45 us:
// open, probe, prefault). ring_new: tell each one mapped now (its
// doorbell), in case it waits in await_local_peers(). all: whether every
// peer is mapped. Fails for a peer whose segment is ready but unusable
// (another build, another ring size): waiting would not change it.
Error SmTransport::map_ready_peers(bool ring_new, bool& all) {
  all = true;
  Error bad;
  for (size_t i = 0; i < peers_.size(); ++i) {
    if (early_[i].segment.mapped()) continue;
    bool not_ready = false;
    if (Error e = map_peer(i, early_[i], &not_ready)) {
      early_[i] = Outbound();  // not there yet, not ready, a dead process's, or bad
      all = false;
      if (!not_ready && !bad)
        bad = Error(e.cls(), "btl/sm: rank " + std::to_string(peers_[i]) + " shares this node but " + e.what());
    } else if (ring_new) {
      early_[i].bell.ring_if_sleeping();
    }
  }
  return bad;
}

// No wake-up is lost: a rank marks its segment ready, fences, then rings
// every peer it has mapped (publish) or maps later; so a peer that becomes
// ready after our last look (arm() fences too) either is rung by us or
// finds us ready and rings us. The timeout is only a safety net.
Error SmTransport::await_local_peers() {
  if (!own_.mapped()) return Error(ErrClass::intern, "btl/sm: await_local_peers() before publish()");
  constexpr int kRecheckUs = 1000;
  for (;;) {
    const uint32_t seen = own_bell_.arm();
    bool all = false;
    Error e = map_ready_peers(/*ring_new=*/true, all);
    if (!e && !all) own_bell_.wait(seen, kRecheckUs);
    own_bell_.disarm();
    if (e || all) return e;
  }
}

Error SmTransport::connect(Modex&) {
  if (!own_.mapped()) return Error(ErrClass::intern, "btl/sm: connect() before publish()");
  outbound_.clear();
  outbound_.reserve(peers_.size());
  single_copy_ = cma_wanted_;
  outbound_by_rank_.assign(slot_of_rank_.size(), nullptr);
  for (size_t i = 0; i < peers_.size(); ++i) GYRE_TRY(connect_peer(i));
  early_.clear();
  return Error::ok();
}

// After the exchange the peer's segment exists under its derived name (the
// peer made it, replacing any leftover, before the exchange) until every
// peer has attached, this one included. A segment mapped before the
// exchange is kept if the name still leads to it (it could have been a
// crashed job's leftover that its new owner has since replaced).
Error SmTransport::connect_peer(size_t index) {
  const int peer = peers_[index];
  // Appended only once usable: a failed connect leaves later peers unreachable.
  Outbound out;
  if (index < early_.size()) out = std::move(early_[index]);
  if (out.segment.mapped() && !out.segment.still_named()) out = Outbound();
  if (!out.segment.mapped())
    if (Error e = map_peer(index, out))
      return Error(e.cls(), "btl/sm: rank " + std::to_string(peer) + " shares this node but " + e.what());
  inbound_[index].src_bell = out.bell;  // the same peer writes our ring `index`
  // The last peer to map a segment removes its name: from then on nothing
  // can leak, however the job ends, and the owner need not be polling.
  if (attached_count(out.segment).fetch_add(1, std::memory_order_acq_rel) + 1 == num_rings())
    shm_unlink(out.segment.name().c_str());

  if (single_copy_ && !out.cma_ok) {
    single_copy_ = false;
    log::info("btl/sm: process_vm_readv to rank " + std::to_string(peer) +
              " is not permitted (ptrace rules); large messages use pipelined copies");
  }
  outbound_.push_back(std::move(out));  // reserved: earlier entries do not move
  outbound_by_rank_[static_cast<size_t>(peer)] = &outbound_.back();
  return Error::ok();
}

// Map the peer's segment by its name, check it, find the ring this process
// writes there and the peer's doorbell, and try a single-copy read of it.
// not_ready (before the exchange): only a segment its live owner has made
// will do; set when it failed for want of one.
Error SmTransport::map_peer(size_t index, Outbound& out, bool* not_ready) {
  const std::string name = segment_name(nspace_, peers_[index]);
  if (not_ready != nullptr) *not_ready = true;
  GYRE_TRY(SharedSegment::open(name, out.segment));
  if (not_ready != nullptr && !ready_and_live(out.segment))
    return Error(ErrClass::intern, "shared memory segment " + name + " is not ready");
  if (not_ready != nullptr) *not_ready = false;
  GYRE_TRY(check_segment(out.segment, num_rings(), sizing_.ring_capacity));
  SegmentHeader& header = header_of(out.segment);
  out.pid = header.owner_pid;
  const uint32_t peer_local = index < local_index_ ? index : index + 1;
  std::byte* ring = ring_at(out.segment, ring_slot(local_index_, peer_local));
  out.ring = RingProducer(ring, sizing_.ring_capacity);
  out.bell = Doorbell(&header.doorbell);
  out.cma_ok = cma_wanted_ && cma_probe(out.pid, header.probe_addr, header.probe_value);
  // The ring this process writes, mapped before any timed loop touches it:
  // a page first touched there costs a fault, ~1 us, which at 32 bytes a
  // small message showed up as 20 ns more per message for the first laps.
  prefault(ring, ring_footprint(sizing_.ring_capacity));
  return Error::ok();
}

SmTransport::Outbound* SmTransport::outbound_for(int peer) {
  if (!reaches(peer)) return nullptr;
  auto slot = static_cast<size_t>(slot_of_rank_[peer]);
  return slot < outbound_.size() ? &outbound_[slot] : nullptr;
}

bool SmTransport::try_send(int peer, std::span<const iovec> parts) {
  Outbound* out = outbound_for(peer);
  if (out == nullptr || !out->ring.try_push(parts)) return false;
  out->bell.ring_if_sleeping();
  return true;
}

bool SmTransport::try_send_pair(int peer, const void* header, size_t header_len, const void* payload,
                                size_t len) {
  if (static_cast<size_t>(peer) >= outbound_by_rank_.size()) return false;
  Outbound* out = outbound_by_rank_[static_cast<size_t>(peer)];
  if (out == nullptr) return false;
  // The pml's eager header is 16 bytes: copied with two constant-size moves.
  const bool pushed = header_len == 16 ? out->ring.try_push_pair(header, 16, payload, len)
                                       : out->ring.try_push_pair(header, header_len, payload, len);
  if (!pushed) return false;
  out->bell.ring_if_sleeping();
  return true;
}

// Room goes back to the sender once per batch, or sooner when a batch holds
// much of the ring: a sender streaming large frames must not wait for the
// whole ring to drain, or sender and receiver take turns instead of overlapping.
void SmTransport::release(Inbound& in) {
  // A sender refused for lack of room may be asleep: tell it room is back.
  if (in.ring.release()) in.src_bell.ring_if_sleeping();
}

int SmTransport::drain(Inbound& in, const FrameHandler& handler) {
  const size_t early_release = sizing_.ring_capacity / 8;
  int n = 0;
  std::span<const std::byte> frame;
  while (n < kMaxFramesPerRing && in.ring.peek(frame)) {
    handler(in.src, frame);
    in.ring.pop();
    ++n;
    if (in.ring.unreleased() >= early_release) release(in);
  }
  release(in);
  return n;
}

int SmTransport::poll(const FrameHandler& handler) {
  // A handler that polls again would be handed the frame it is holding.
  // The common answer is "nothing": one load per ring and no call, so the
  // empty poll that a waiting rank spins on stays a few instructions.
  if (polling_) return 0;
  for (const Inbound& in : inbound_)
    if (in.ring.ready()) return drain_all(handler);
  return 0;
}

int SmTransport::drain_all(const FrameHandler& handler) {
  polling_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{polling_};
  int n = 0;
  for (Inbound& in : inbound_)
    if (in.ring.ready()) n += drain(in, handler);
  return n;
}

bool SmTransport::any_frame_ready() const {
  return std::any_of(inbound_.begin(), inbound_.end(),
                     [](const Inbound& in) { return in.ring.ready(); });
}

bool SmTransport::any_room_appeared() {
  return std::any_of(outbound_.begin(), outbound_.end(),
                     [](Outbound& out) { return out.ring.room_appeared(); });
}

// Sleeps until a frame arrives or a peer frees room this rank was refused
// (its pending sends can then go on): the peer rings our doorbell for both.
// After arming, the re-check lasts a grace period: a peer's frame or room
// published just before it saw us asleep may still be in its store buffer
// (doorbell.h explains why senders do not fence).
void SmTransport::sleep_until_frame(int timeout_us, const WakeCheck& woken) {
  if (!own_.mapped()) return;
  uint32_t seen = own_bell_.arm();
  if (!something_arrives_within(kSleepGraceNs, woken)) own_bell_.wait(seen, timeout_us);
  own_bell_.disarm();
}

void SmTransport::wake(int peer) {
  if (Outbound* out = outbound_for(peer)) out->bell.ring_if_sleeping();
}

bool SmTransport::something_arrives_within(long grace_ns, const WakeCheck& woken) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    if (any_frame_ready() || any_room_appeared() || (woken && woken())) return true;
    if (std::chrono::steady_clock::now() - start >= std::chrono::nanoseconds(grace_ns)) return false;
  }
}

// The single-copy peer's pid, or the error that names the unreachable rank.
Error SmTransport::single_copy_peer(int peer, const char* what, pid_t& pid) {
  const Outbound* out = outbound_for(peer);
  if (out == nullptr)
    return Error(ErrClass::intern, std::string("btl/sm: ") + what + " rank " +
                                       std::to_string(peer) + ", which this transport does not reach");
  pid = out->pid;
  return {};
}

Error SmTransport::get(int peer, void* dst, uint64_t remote_addr, size_t len) {
  if (!single_copy_) return Transport::get(peer, dst, remote_addr, len);
  pid_t pid = 0;
  if (Error e = single_copy_peer(peer, "get() from", pid)) return e;
  return cma_read(pid, dst, remote_addr, len);
}

// The sender's half of a split single copy (pml/rendezvous): it writes into
// the receiver's buffer while the receiver reads the rest.
Error SmTransport::put(int peer, uint64_t remote_addr, const void* src, size_t len) {
  if (!single_copy_) return Transport::put(peer, remote_addr, src, len);
  pid_t pid = 0;
  if (Error e = single_copy_peer(peer, "put() to", pid)) return e;
  return cma_write(pid, remote_addr, src, len);
}

void SmTransport::shutdown() {
  // Nothing reaches anyone any more; peers' segments are unmapped, ours is
  // unmapped and its name removed if a peer never attached.
  std::fill(slot_of_rank_.begin(), slot_of_rank_.end(), -1);
  outbound_by_rank_.clear();
  outbound_.clear();
  early_.clear();
  inbound_.clear();
  own_bell_ = Doorbell();
  own_ = SharedSegment();
  single_copy_ = false;
}

std::unique_ptr<Transport> make_sm_transport(const ProcessIdentity& me, const SmConfig& config) {
  const auto& peers = me.local_peers;
  if (me.local_size <= 1 || peers.size() <= 1) return nullptr;
  if (std::find(peers.begin(), peers.end(), me.world_rank) == peers.end()) {
    log::warn("btl/sm: rank " + std::to_string(me.world_rank) +
              " is missing from its own node's rank list; shared memory disabled");
    return nullptr;
  }
  return std::make_unique<SmTransport>(me, config);
}

}  // namespace gyre::btl::sm

namespace gyre::btl {

std::unique_ptr<Transport> make_sm_transport(const ProcessIdentity& me) {
  sm::SmConfig config = sm::SmConfig::from_params();
  auto t = sm::make_sm_transport(me, config);
  // An eager limit the user asked for but one frame cannot hold is said
  // aloud, once, on the first rank of the node only.
  size_t eager = sm::size_for(config, me.local_peers.size()).eager_limit;
  if (t && eager < config.eager_limit && me.local_rank == 0 &&
      params::value("GYRE_SM_EAGER_LIMIT").source == params::Source::environment)
    log::warn("GYRE_SM_EAGER_LIMIT=" + std::to_string(config.eager_limit) +
              " does not fit in one shared-memory frame; using " + std::to_string(eager) +
              " (raise GYRE_SM_FRAGMENT_SIZE or GYRE_SM_QUEUE_SIZE to allow more)");
  return t;
}

}  // namespace gyre::btl
