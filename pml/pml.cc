#include "pml/pml.h"

#include <sched.h>

#include <cstring>

#include "pml/headers.h"
#include "runtime/log.h"
#include "runtime/params.h"

namespace gyre::pml {

// The common frame, handled in the transport's callback itself: a plain
// eager message, whose receive is usually posted already (streaming,
// ping-pong): match it and copy the payload from the transport's memory
// straight into the user buffer. false: any other frame (on_frame).
[[gnu::always_inline]] inline bool Pml::on_eager_frame(int src, std::span<const std::byte> frame) {
  if (frame.size() < sizeof(MatchHeader) || frame_type(frame) != FrameType::eager) [[unlikely]] return false;
  MatchHeader h;
  std::memcpy(&h, frame.data(), sizeof(h));
  const Envelope env{h.context, h.source, h.tag};
  if (auto* posted = static_cast<RecvRequest*>(matching_.match_arrival(env))) [[likely]]
    EagerProtocol::deliver(*posted, env, payload_of<MatchHeader>(frame));
  else
    matching_.add_unexpected(EagerProtocol::make_unexpected(src, env, h.type, 0, payload_of<MatchHeader>(frame)));
  return true;
}

Pml::Pml(const ProcessIdentity& me, std::vector<btl::Transport*> transports, ProgressEngine& engine)
    : transports_(transports),
      engine_(engine),
      outbox_(std::move(transports), me.world_size,
              Outbox::Limits{static_cast<size_t>(params::get_int("GYRE_PML_RNDV_LIMIT")),
                             static_cast<size_t>(params::get_int("GYRE_PML_SINGLE_COPY_MIN"))}),
      eager_(outbox_),
      rendezvous_(outbox_),
      handler_([this](int src, std::span<const std::byte> frame) {
        if (!on_eager_frame(src, frame)) on_frame(src, frame);
      }),
      stall_spin_(params::get_int("GYRE_WAIT_SPIN")) {
  poller_token_ = engine_.add_poller([this] { return progress(); });
}

Pml::~Pml() { engine_.remove_poller(poller_token_); }

std::unique_ptr<Request> Pml::isend(const void* buf, size_t count, const Datatype& type, int dest_world_rank,
                                    uint32_t context, int my_comm_rank, int tag, SendMode mode) {
  std::unique_ptr<SendRequest> r =
      send_pool_.make(*this, buf, count, type, dest_world_rank, Envelope{context, my_comm_rank, tag}, mode);
  r->make_recyclable();
  start_send(*r);
  return r;
}

// send_now of a non-contiguous buffer (packed by the eager protocol), or
// of a synchronous send (which is never sent now).
bool Pml::send_now_packed(const void* buf, size_t count, const Datatype& type, int dest_world_rank, uint32_t context,
                   int my_comm_rank, int tag, SendMode mode) {
  if (mode == SendMode::synchronous) return false;
  const Route& route = outbox_.route(dest_world_rank);
  const MessageBuffer buffer(buf, count, type);
  if (route.transport == nullptr || buffer.bytes() > route.eager_limit) return false;
  eager_.transmit(dest_world_rank, FrameType::eager, Envelope{context, my_comm_rank, tag}, 0, buffer, route);
  return true;
}

std::unique_ptr<Request> Pml::irecv(void* buf, size_t count, const Datatype& type, uint32_t context, int source,
                                    int tag) {
  std::unique_ptr<RecvRequest> r = recv_pool_.make(*this, buf, count, type, Envelope{context, source, tag});
  r->make_recyclable();
  start_recv(*r);
  return r;
}

std::unique_ptr<Request> Pml::send_init(const void* buf, size_t count, const Datatype& type, int dest_world_rank,
                                        uint32_t context, int my_comm_rank, int tag, SendMode mode) {
  auto r = std::make_unique<SendRequest>(*this, buf, count, type, dest_world_rank,
                                         Envelope{context, my_comm_rank, tag}, mode);
  r->make_persistent();
  return r;
}

std::unique_ptr<Request> Pml::recv_init(void* buf, size_t count, const Datatype& type, uint32_t context,
                                        int source, int tag) {
  auto r = std::make_unique<RecvRequest>(*this, buf, count, type, Envelope{context, source, tag});
  r->make_persistent();
  return r;
}

void Pml::start_send(SendRequest& r) {
  const Route& route = outbox_.route(r.dest);
  if (route.transport == nullptr) return fail_unreachable(r);
  if (r.buffer.bytes() <= route.eager_limit)
    eager_.send(r, route);
  else
    rendezvous_.send_rts(r);
}

void Pml::fail_unreachable(SendRequest& r) {
  log::warn("pml: no transport reaches world rank " + std::to_string(r.dest));
  r.status().error = ErrClass::other;
  r.done();
}

bool Pml::cancel_recv(RecvRequest& r) {
  if (!matching_.cancel(&r)) return false;
  r.status().cancelled = true;
  r.done();
  return true;
}

// A receive matched a message that was waiting in the unexpected queue.
void Pml::consume(RecvRequest& r, const UnexpectedMessage& m) {
  auto type = static_cast<FrameType>(m.protocol);
  if (type == FrameType::rts) return rendezvous_.start_receive(r, m);
  if (type == FrameType::eager_sync) eager_.acknowledge(m.peer, m.sender_id);
  EagerProtocol::deliver(r, m.env, m.data);
}

bool Pml::iprobe(uint32_t context, int source, int tag, CompletionStatus* status) {
  const UnexpectedMessage* m = matching_.peek(Envelope{context, source, tag});
  if (m == nullptr) return false;
  *status = CompletionStatus{};
  status->source = m->env.source;
  status->tag = m->env.tag;
  status->bytes = m->length;
  return true;
}

std::unique_ptr<MatchedMessage> Pml::improbe(uint32_t context, int source, int tag, CompletionStatus* status) {
  std::unique_ptr<UnexpectedMessage> m = matching_.take(Envelope{context, source, tag});
  if (!m) return nullptr;
  *status = CompletionStatus{};
  status->source = m->env.source;
  status->tag = m->env.tag;
  status->bytes = m->length;
  return std::make_unique<MatchedMessage>(std::move(m));
}

std::unique_ptr<Request> Pml::imrecv(void* buf, size_t count, const Datatype& type,
                                     std::unique_ptr<MatchedMessage> message) {
  const UnexpectedMessage& m = *message->message;
  auto r = std::make_unique<RecvRequest>(*this, buf, count, type, m.env);
  consume(*r, m);
  return r;
}

int Pml::progress() {
  int events = 0;
  outbox_.set_deferring(true);
  for (btl::Transport* t : transports_) events += t->poll(handler_);
  outbox_.set_deferring(false);
  if (outbox_.has_work()) events += flush_outbox();
  return events;
}

// Sends refused by full peer queues wait for the peer to drain them. A
// transport wakes a sleeping rank only when a frame arrives for it, not
// when room appears, so a stalled outbox must keep the progress engine
// from sleeping: it counts as activity, and after GYRE_WAIT_SPIN stalled
// rounds it gives the CPU away (the peer that must drain may need it).
int Pml::flush_outbox() {
  int sent = outbox_.flush();
  if (sent > 0 || !outbox_.has_work()) {
    stalled_ = 0;
    return sent;
  }
  if (++stalled_ > stall_spin_) sched_yield();
  return 1;
}

void Pml::on_frame(int src_world_rank, std::span<const std::byte> frame) {
  if (frame.empty()) return;
  switch (frame_type(frame)) {
    case FrameType::eager:
    case FrameType::eager_sync:
    case FrameType::rts: return on_match_frame(src_world_rank, frame);
    case FrameType::cts: return rendezvous_.on_cts(src_world_rank, frame);
    case FrameType::data: return RendezvousProtocol::on_data(frame);
    case FrameType::fin:
    case FrameType::ack: return EagerProtocol::on_sender_done(frame);
  }
  log::warn("pml: dropped a frame of unknown type " + std::to_string(static_cast<int>(frame[0])) +
            " from rank " + std::to_string(src_world_rank));
}

// The first frame of a message: match it or keep it as unexpected.
void Pml::on_match_frame(int src, std::span<const std::byte> frame) {
  MatchHeader h;
  if (!read_header(frame, &h)) return;
  const Envelope env{h.context, h.source, h.tag};
  auto* posted = static_cast<RecvRequest*>(matching_.match_arrival(env));
  if (h.type == FrameType::rts) {
    std::unique_ptr<UnexpectedMessage> rts = RendezvousProtocol::make_unexpected(src, frame);
    if (posted != nullptr)
      rendezvous_.start_receive(*posted, *rts);
    else
      matching_.add_unexpected(std::move(rts));
    return;
  }
  uint64_t sender_id = 0;
  std::span<const std::byte> payload = payload_of<MatchHeader>(frame);
  if (h.type == FrameType::eager_sync) {
    SyncHeader s;
    if (!read_header(frame, &s)) return;
    sender_id = s.sender_id;
    payload = payload_of<SyncHeader>(frame);
    if (posted != nullptr) eager_.acknowledge(src, sender_id);
  }
  if (posted != nullptr)
    EagerProtocol::deliver(*posted, env, payload);
  else
    matching_.add_unexpected(EagerProtocol::make_unexpected(src, env, h.type, sender_id, payload));
}

}  // namespace gyre::pml
