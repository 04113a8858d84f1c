#include "pml/rendezvous.h"

#include <sched.h>

#include <algorithm>
#include <atomic>

#include "pml/headers.h"
#include "runtime/log.h"
#include "runtime/monotonic_clock.h"

namespace gyre::pml {

namespace {

// get() into a non-contiguous buffer goes through a scratch buffer of this
// size: big enough to amortize the system call, small enough to stay in cache.
constexpr size_t kPullChunk = 256 * 1024;

// Largest DATA payload. Bigger fragments buy nothing (each is already copied
// at memory speed) and would make staging buffers huge on transports with
// enormous frames (self accepts 1 GiB).
constexpr size_t kMaxFragment = 128 * 1024;

// Path (c) from this size up. Each get()/put() costs ~1.5 us before it
// copies a byte (system call, page-table walk; measured on the 2-core VM)
// and the sender makes four, so below this the split saves nothing.
constexpr size_t kSplitMin = 128 * 1024;
// The receiver starts at once and the sender only after the split CTS and
// three small system calls: the receiver keeps this much more than half
// (~5.5 us at ~12 GB/s) so both finish together.
constexpr size_t kSplitHeadStart = 64 * 1024;
static_assert(kSplitMin > kSplitHeadStart);
// Offsets travel in 31 bits of a claim word.
constexpr size_t kSplitMax = size_t{1} << 31;
// Splits under way with one peer at most (a window of large Isends); more
// messages matched at once are pulled alone.
constexpr size_t kSplitsPerPeer = 64;
// For the sender's "too late to help" test: the receiver's copy rate
// (bytes per ns, a low guess) and the sender's cost before its first byte.
constexpr long kReceiverBytesPerNs = 8;
constexpr long kHelperStartNs = 4500;
// A peer that did not help (it was busy, e.g. sending to us at the same
// time, as in an exchange) is not offered the next this many splits: the
// receiver's cost of offering is one more get() and the CTS.
constexpr uint8_t kSplitBackoff = 16;

template <class H>
void send_header(Outbox& outbox, int peer, const H& h) {
  iovec part{const_cast<H*>(&h), sizeof(H)};
  outbox.send(peer, std::span<const iovec>(&part, 1));
}

// The split CTS: a CTS (so pml.cc hands it to on_cts) that also names the
// receiver's buffer and its claim words. Told apart from a plain CTS by its
// length.
struct SplitCtsHeader {
  CtsHeader cts;
  uint64_t recv_addr;    // the receiver's contiguous buffer
  uint64_t owner_addr;   // SplitCopy::owner_word
  uint64_t helper_addr;  // SplitCopy::helper_word
  uint64_t split;        // the sender may write [0, split)
  uint64_t generation;
  int64_t deadline_ns;   // monotonic_ns() (one clock: same host) after which the receiver is likely done
};
static_assert(sizeof(SplitCtsHeader) % 8 == 0);

// A claim word: the generation in the high half (so a word left over from
// an earlier split with the same peer never counts), a byte offset in the
// low half. The helper's offset is shifted left once, bit 0 = finished.
uint64_t claim_word(uint32_t generation, uint32_t value) { return uint64_t{generation} << 32 | value; }
uint32_t generation_of(uint64_t word) { return static_cast<uint32_t>(word >> 32); }
uint32_t offset_of(uint64_t word) { return static_cast<uint32_t>(word); }
uint64_t helper_word(uint32_t generation, size_t end, bool finished) {
  return claim_word(generation, static_cast<uint32_t>(end << 1 | (finished ? 1 : 0)));
}

}  // namespace

// Receiver-side state of one split copy (path (c)); each peer has a pool of
// them (one per split under way), reused.
//
// The receiver offers the sender the bytes [0, split) and reads [split,
// bytes) itself at once. Then it claims the whole buffer (owner_word = 0)
// and loads helper_word. The sender first claims [0, split) (helper_word,
// through put()), then loads owner_word (get()), and writes only if that
// still says `split`. Each side stores its claim and then loads the other's
// with a fence between, so at least one sees the other's claim (Dekker):
//  * the receiver sees no claim: the sender, whenever it looks, sees 0 and
//    writes nothing; the receiver reads [0, split) too and never waits (a
//    sender busy elsewhere costs nothing);
//  * it sees a claim: it waits until the sender says it finished and how far
//    it wrote, and reads the rest.
// So no write of the sender's lands after the receive completed.
class SplitCopy final : public FragmentSource {
 public:
  explicit SplitCopy(RendezvousProtocol& protocol) : protocol_(protocol) {}

  bool busy() const { return request_ != nullptr; }
  size_t receiver_share() const { return bytes_ - split_; }
  // `ahead`: bytes this process copies for earlier splits with the peer first.
  void start(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes, size_t ahead);
  void send_cts(Outbox& outbox, int peer);
  // The outbox calls this after the CTS went (not from inside a poll): copy
  // our share and what the sender left, then FIN.
  bool pump(btl::Transport& transport, int peer) override;

  alignas(64) std::atomic<uint64_t> owner_word{0};   // written here
  alignas(64) std::atomic<uint64_t> helper_word{0};  // written by the sender's put()

 private:
  bool read(btl::Transport& t, size_t from, size_t to);  // false on a get() failure
  // Our share and whatever the sender left; false on a get() failure.
  bool copy(btl::Transport& t);
  // Once the sender claimed: wait until it finished; returns how far it wrote.
  size_t wait_for_helper();

  RendezvousProtocol& protocol_;
  RecvRequest* request_ = nullptr;
  int peer_ = -1;
  uint64_t sender_id_ = 0;
  uint64_t sender_addr_ = 0;
  size_t bytes_ = 0;
  size_t split_ = 0;
  uint32_t generation_ = 0;
  long deadline_ns_ = 0;
  bool helped_ = false;  // the last split's sender claimed its part
};

void SplitCopy::start(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes, size_t ahead) {
  request_ = &r;
  peer_ = rts.peer;
  sender_id_ = rts.sender_id;
  sender_addr_ = rts.sender_addr;
  bytes_ = bytes;
  split_ = ((bytes - kSplitHeadStart) / 2) & ~size_t{4095};  // whole pages each
  if (++generation_ == 0) ++generation_;  // 0 marks a word never written
  owner_word.store(claim_word(generation_, static_cast<uint32_t>(split_)), std::memory_order_seq_cst);
  deadline_ns_ = monotonic_ns() + static_cast<long>((ahead + bytes - split_) / kReceiverBytesPerNs) - kHelperStartNs;
  helped_ = false;
}

bool SplitCopy::read(btl::Transport& t, size_t from, size_t to) {
  if (from >= to) return true;
  return !t.get(peer_, request_->buffer.data() + from, sender_addr_ + from, to - from);
}

size_t SplitCopy::wait_for_helper() {
  for (unsigned spins = 1;; ++spins) {
    uint64_t h = helper_word.load(std::memory_order_acquire);
    if (generation_of(h) == generation_ && (h & 1) != 0) return offset_of(h) >> 1;
    if ((spins & 255) == 0) sched_yield();  // the sender may share our core
  }
}

bool SplitCopy::copy(btl::Transport& t) {
  bool ok = read(t, split_, bytes_);
  // Even after a failed read: once this returns, no sender write may come.
  owner_word.store(claim_word(generation_, 0), std::memory_order_seq_cst);  // all of it is ours now...
  uint64_t h = helper_word.load(std::memory_order_seq_cst);                 // ...unless the sender claimed first
  helped_ = generation_of(h) == generation_;
  size_t written = helped_ ? wait_for_helper() : 0;
  return ok && read(t, std::min(written, split_), split_);
}

void SplitCopy::send_cts(Outbox& outbox, int peer) {
  SplitCtsHeader h{};
  h.cts = make_control<CtsHeader>(FrameType::cts);
  h.cts.sender_id = sender_id_;
  h.cts.receiver_id = id_of(request_);
  h.cts.length = bytes_;
  h.recv_addr = reinterpret_cast<uintptr_t>(request_->buffer.data());
  h.owner_addr = reinterpret_cast<uintptr_t>(&owner_word);
  h.helper_addr = reinterpret_cast<uintptr_t>(&helper_word);
  h.split = split_;
  h.generation = generation_;
  h.deadline_ns = deadline_ns_;
  send_header(outbox, peer, h);
}

bool SplitCopy::pump(btl::Transport& transport, int peer) {
  bool ok = copy(transport);
  RecvRequest& r = *request_;
  request_ = nullptr;  // free for the next split with this peer
  if (!ok) {
    // get() failed (CMA refused). The sender has finished or will write
    // nothing (copy() claimed everything): stream fragments instead.
    log::debug(1, "pml: split copy from rank " + std::to_string(peer) + " failed; using fragments");
    protocol_.outbox_.disable_single_copy(peer);
    protocol_.request_fragments(r, peer, sender_id_, bytes_);
    return true;
  }
  if (!helped_) protocol_.split_backoff_[static_cast<size_t>(peer)] = kSplitBackoff;
  protocol_.send_fin(peer, sender_id_);
  r.done();
  return true;
}

namespace {

// The sender's side of path (c), run when the split CTS arrives: claim the
// offered bytes, check the receiver has not claimed them back, write them,
// and say how far it got.
void help_split(btl::Transport& t, int peer, const SplitCtsHeader& h) {
  const auto* src = reinterpret_cast<SendRequest*>(static_cast<uintptr_t>(h.cts.sender_id))->buffer.data();
  const auto generation = static_cast<uint32_t>(h.generation);
  if (monotonic_ns() > h.deadline_ns) return;  // the receiver has (nearly) copied it all: claim nothing
  size_t written = 0;
  uint64_t claim = helper_word(generation, h.split, false);
  if (!t.put(peer, h.helper_addr, &claim, sizeof claim).failed()) {
    std::atomic_thread_fence(std::memory_order_seq_cst);  // claim, then look (Dekker)
    uint64_t owner = 0;
    bool offered = !t.get(peer, &owner, h.owner_addr, sizeof owner).failed() &&
                   generation_of(owner) == generation && offset_of(owner) == h.split;
    if (offered && !t.put(peer, h.recv_addr, src, h.split).failed()) written = h.split;
  }
  uint64_t finished = helper_word(generation, written, true);
  (void)t.put(peer, h.helper_addr, &finished, sizeof finished);
}

}  // namespace

RendezvousProtocol::RendezvousProtocol(Outbox& outbox) : outbox_(outbox) {}
RendezvousProtocol::~RendezvousProtocol() = default;

void RendezvousProtocol::send_rts(SendRequest& r) {
  RtsHeader h{};
  h.match = make_match_header(FrameType::rts, r.env.context, r.env.source, r.env.tag);
  h.length = r.buffer.bytes();
  h.sender_id = id_of(&r);
  h.sender_addr = r.buffer.contiguous() ? reinterpret_cast<uintptr_t>(r.buffer.data()) : 0;
  r.receiver_id = 0;
  r.stream_offset = r.stream_end = 0;
  r.staged_len = 0;
  send_header(outbox_, r.dest, h);
}

std::unique_ptr<UnexpectedMessage> RendezvousProtocol::make_unexpected(int peer, std::span<const std::byte> frame) {
  RtsHeader h;
  if (!read_header(frame, &h)) return nullptr;
  auto m = std::make_unique<UnexpectedMessage>();
  m->env = Envelope{h.match.context, h.match.source, h.match.tag};
  m->peer = peer;
  m->protocol = static_cast<uint8_t>(FrameType::rts);
  m->length = h.length;
  m->sender_id = h.sender_id;
  m->sender_addr = h.sender_addr;
  return m;
}

void RendezvousProtocol::start_receive(RecvRequest& r, const UnexpectedMessage& rts) {
  r.matched(rts.env, rts.length);
  const size_t bytes = std::min<size_t>(rts.length, r.buffer.bytes());
  const Route& route = outbox_.route(rts.peer);
  bool single_copy = rts.sender_addr != 0 && route.single_copy && bytes >= route.single_copy_min;
  if (single_copy && bytes >= kSplitMin && bytes <= kSplitMax && r.buffer.contiguous() && start_split(r, rts, bytes))
    return;
  if (single_copy && pull(r, rts, bytes)) {
    send_fin(rts.peer, rts.sender_id);
    r.done();
    return;
  }
  request_fragments(r, rts.peer, rts.sender_id, bytes);
}

// Path (c), when the transport can put() and no split with this peer is
// under way; the copying happens in SplitCopy::pump, after the CTS went.
bool RendezvousProtocol::start_split(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes) {
  const Route& route = outbox_.route(rts.peer);
  if (!route.transport->caps().single_copy_put) return false;
  size_t peer = static_cast<size_t>(rts.peer);
  if (splits_.size() <= peer) {
    splits_.resize(peer + 1);
    split_backoff_.resize(peer + 1);
  }
  if (split_backoff_[peer] > 0) {
    --split_backoff_[peer];
    return false;
  }
  std::vector<std::unique_ptr<SplitCopy>>& pool = splits_[peer];
  SplitCopy* split = nullptr;
  size_t ahead = 0;
  for (auto& s : pool) {
    if (s->busy())
      ahead += s->receiver_share();
    else
      split = s.get();
  }
  if (split == nullptr) {
    if (pool.size() >= kSplitsPerPeer) return false;
    split = pool.emplace_back(std::make_unique<SplitCopy>(*this)).get();
  }
  split->start(r, rts, bytes, ahead);
  // The CTS goes out now (queued ahead of every stream), so with many
  // messages matched at once the sender works on its shares while we copy ours.
  split->send_cts(outbox_, rts.peer);
  outbox_.add_stream(rts.peer, split);
  return true;
}

bool RendezvousProtocol::pull(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes) {
  btl::Transport& t = *outbox_.route(rts.peer).transport;
  Error e;
  if (r.buffer.contiguous()) {
    if (bytes != 0) e = t.get(rts.peer, r.buffer.data(), rts.sender_addr, bytes);
  } else {
    scratch_.resize(std::min(bytes, kPullChunk));
    for (size_t off = 0; off < bytes && !e; off += kPullChunk) {
      size_t n = std::min(kPullChunk, bytes - off);
      e = t.get(rts.peer, scratch_.data(), rts.sender_addr + off, n);
      if (!e) r.buffer.unpack(off, scratch_.data(), n);
    }
  }
  if (!e) return true;
  // CMA refused (ptrace scope, containers): stream fragments from now on.
  log::debug(1, "pml: single-copy get from rank " + std::to_string(rts.peer) + " failed (" + e.what() +
                    "); using fragments");
  outbox_.disable_single_copy(rts.peer);
  return false;
}

void RendezvousProtocol::request_fragments(RecvRequest& r, int peer, uint64_t sender_id, size_t bytes) {
  r.expected = bytes;
  r.received = 0;
  CtsHeader h = make_control<CtsHeader>(FrameType::cts);
  h.sender_id = sender_id;
  h.receiver_id = id_of(&r);
  h.length = bytes;
  send_header(outbox_, peer, h);
  if (bytes == 0) r.done();  // truncated to nothing: no DATA will come
}

void RendezvousProtocol::send_fin(int peer, uint64_t sender_id) {
  ControlHeader h = make_control<ControlHeader>(FrameType::fin);
  h.sender_id = sender_id;
  send_header(outbox_, peer, h);
}

void RendezvousProtocol::on_cts(int peer, std::span<const std::byte> frame) {
  SplitCtsHeader split;
  if (read_header(frame, &split)) return help_split(*outbox_.route(peer).transport, peer, split);
  CtsHeader h;
  if (!read_header(frame, &h)) return;
  auto* s = reinterpret_cast<SendRequest*>(static_cast<uintptr_t>(h.sender_id));
  s->receiver_id = h.receiver_id;
  s->stream_offset = 0;
  s->stream_end = h.length;
  if (h.length == 0) {
    s->finish();
    return;
  }
  outbox_.add_stream(peer, s);
}

void RendezvousProtocol::on_data(std::span<const std::byte> frame) {
  DataHeader h;
  if (!read_header(frame, &h)) return;
  auto* r = reinterpret_cast<RecvRequest*>(static_cast<uintptr_t>(h.receiver_id));
  std::span<const std::byte> payload = payload_of<DataHeader>(frame);
  r->buffer.unpack(h.offset, payload.data(), payload.size());
  r->received += payload.size();
  if (r->received >= r->expected) r->done();
}

// The sender's side of path (b): called by the outbox whenever the
// transport may have room. Contiguous fragments are gathered from the user
// buffer; non-contiguous ones are packed once and kept until accepted.
bool SendRequest::pump(btl::Transport& transport, int peer) {
  const size_t fragment = std::min(transport.caps().max_frame - sizeof(DataHeader), kMaxFragment);
  DataHeader h = make_control<DataHeader>(FrameType::data);
  h.receiver_id = receiver_id;
  while (stream_offset < stream_end) {
    size_t len = std::min(fragment, stream_end - stream_offset);
    h.offset = stream_offset;
    iovec parts[2] = {{&h, sizeof(h)}, {nullptr, len}};
    if (buffer.contiguous()) {
      parts[1].iov_base = buffer.data() + stream_offset;
    } else {
      if (staged_len == 0) {
        if (staged.size() < len) staged.resize(len);
        staged_len = buffer.pack(stream_offset, staged.data(), len);
      }
      parts[1].iov_base = staged.data();
    }
    if (!transport.try_send(peer, std::span<const iovec>(parts, 2))) return false;
    staged_len = 0;
    stream_offset += len;
  }
  std::vector<std::byte>().swap(staged);
  finish();
  return true;
}

}  // namespace gyre::pml
