#include "pml/rendezvous.h"

#include <algorithm>

#include "pml/headers.h"
#include "runtime/log.h"

namespace gyre::pml {

namespace {

// get() into a non-contiguous buffer goes through a scratch buffer of this
// size: big enough to amortize the system call, small enough to stay in cache.
constexpr size_t kPullChunk = 256 * 1024;

// Largest DATA payload. Bigger fragments buy nothing (each is already copied
// at memory speed) and would make staging buffers huge on transports with
// enormous frames (self accepts 1 GiB).
constexpr size_t kMaxFragment = 128 * 1024;

template <class H>
void send_header(Outbox& outbox, int peer, const H& h) {
  iovec part{const_cast<H*>(&h), sizeof(H)};
  outbox.send(peer, std::span<const iovec>(&part, 1));
}

}  // namespace

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
  if (single_copy && pull(r, rts, bytes)) {
    send_fin(rts.peer, rts.sender_id);
    r.done();
    return;
  }
  request_fragments(r, rts, bytes);
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

void RendezvousProtocol::request_fragments(RecvRequest& r, const UnexpectedMessage& rts, size_t bytes) {
  r.expected = bytes;
  r.received = 0;
  CtsHeader h = make_control<CtsHeader>(FrameType::cts);
  h.sender_id = rts.sender_id;
  h.receiver_id = id_of(&r);
  h.length = bytes;
  send_header(outbox_, rts.peer, h);
  if (bytes == 0) r.done();  // truncated to nothing: no DATA will come
}

void RendezvousProtocol::send_fin(int peer, uint64_t sender_id) {
  ControlHeader h = make_control<ControlHeader>(FrameType::fin);
  h.sender_id = sender_id;
  send_header(outbox_, peer, h);
}

void RendezvousProtocol::on_cts(int peer, std::span<const std::byte> frame) {
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
