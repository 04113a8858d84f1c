// The point-to-point messaging layer: MPI matching over the transports.
//
// Ranks in the API: destinations are world ranks (the binding layer maps
// comm → world), envelopes carry the sender's communicator rank, so that
// sources and MPI_ANY_SOURCE are comm ranks as MPI reports them.
// MPI_PROC_NULL never reaches the pml.
//
// Threading: the pml is not thread-safe; the runtime serializes calls
// (MPI_THREAD_SERIALIZED at most).
//
// Pieces: matching.h (posted and unexpected queues), headers.h (wire
// format), message_buffer.h (user buffer as a packed stream), outbox.h
// (routes, refused frames, fragment streams), requests.h, eager.h and
// rendezvous.h (the protocols). This class owns them and dispatches frames.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "btl/btl.h"
#include "pml/eager.h"
#include "pml/matching.h"
#include "pml/outbox.h"
#include "pml/rendezvous.h"
#include "pml/request_pool.h"
#include "pml/requests.h"
#include "runtime/datatype.h"
#include "runtime/pmix/identity.h"
#include "runtime/progress.h"
#include "runtime/request.h"

namespace gyre::pml {

class Pml {
 public:
  // transports in preference order (self, sm, ofi): each peer uses the first
  // that reaches it. The pml registers its poller with `progress`.
  Pml(const ProcessIdentity& me, std::vector<btl::Transport*> transports, ProgressEngine& progress);
  ~Pml();
  Pml(const Pml&) = delete;
  Pml& operator=(const Pml&) = delete;

  std::unique_ptr<Request> isend(const void* buf, size_t count, const Datatype& type, int dest_world_rank,
                                 uint32_t context, int my_comm_rank, int tag, SendMode mode);
  // A standard or ready send small enough for one eager frame is complete as
  // soon as the frame is queued, so it needs no request at all: true when
  // the message went that way (MPI_Send and MPI_Isend try this first).
  // Inline for a contiguous buffer: header and payload go straight from
  // the caller's memory into the transport.
  [[gnu::always_inline]] bool send_now(const void* buf, size_t count, const Datatype& type, int dest_world_rank,
                                       uint32_t context, int my_comm_rank, int tag, SendMode mode) {
    if (mode == SendMode::synchronous || !type.contiguous()) [[unlikely]]
      return send_now_packed(buf, count, type, dest_world_rank, context, my_comm_rank, tag, mode);
    const Route& route = outbox_.route(dest_world_rank);
    const size_t bytes = type.size() * count;
    if (route.transport == nullptr || bytes > route.eager_limit) return false;
    const MatchHeader h = make_match_header(FrameType::eager, context, my_comm_rank, tag);
    outbox_.send_pair(dest_world_rank, &h, sizeof(h), static_cast<const std::byte*>(buf) + type.true_lb(), bytes);
    return true;
  }
  std::unique_ptr<Request> irecv(void* buf, size_t count, const Datatype& type, uint32_t context, int source,
                                 int tag);

  // Frames the transports refused (a full peer queue) are still waiting to
  // go: a request-less eager send may be among them, so MPI_Finalize must
  // progress until this is false before it leaves the job.
  bool has_unsent_frames() const { return outbox_.has_work(); }

  // A request from isend/irecv that the program is done with: kept for reuse
  // (any other request is simply destroyed). Inline: every retired request
  // of a streaming program comes through here.
  [[gnu::always_inline]] void recycle(std::unique_ptr<Request> r) {
    if (r == nullptr || !r->recyclable() || !r->complete()) return;
    if (r->kind() == Request::Kind::send)
      send_pool_.put(std::unique_ptr<SendRequest>(static_cast<SendRequest*>(r.release())));
    else
      recv_pool_.put(std::unique_ptr<RecvRequest>(static_cast<RecvRequest*>(r.release())));
  }

  // Persistent requests (MPI_*send_init, MPI_Recv_init): inactive until start().
  std::unique_ptr<Request> send_init(const void* buf, size_t count, const Datatype& type, int dest_world_rank,
                                     uint32_t context, int my_comm_rank, int tag, SendMode mode);
  std::unique_ptr<Request> recv_init(void* buf, size_t count, const Datatype& type, uint32_t context, int source,
                                     int tag);

  // status: source, tag and bytes of the message found (bytes = its full length).
  bool iprobe(uint32_t context, int source, int tag, CompletionStatus* status);
  // Like iprobe, but takes the message off the queue (nullptr when none).
  std::unique_ptr<MatchedMessage> improbe(uint32_t context, int source, int tag, CompletionStatus* status);
  std::unique_ptr<Request> imrecv(void* buf, size_t count, const Datatype& type,
                                  std::unique_ptr<MatchedMessage> message);

  // Poll every transport, dispatch frames, retry refused sends.
  int progress();

  // Start an operation on a request the caller made itself: the requests'
  // start() and cancel() use these, and the blocking bindings, whose
  // request lives on their stack (no allocation on the fast path).
  void start_send(SendRequest& r);
  void start_recv(RecvRequest& r) {
    if (std::unique_ptr<UnexpectedMessage> m = matching_.post(&r)) consume(r, *m);
  }
  bool cancel_recv(RecvRequest& r);

  const MatchingEngine& matching() const { return matching_; }

 private:
  bool send_now_packed(const void* buf, size_t count, const Datatype& type, int dest_world_rank, uint32_t context,
                       int my_comm_rank, int tag, SendMode mode);
  bool on_eager_frame(int src_world_rank, std::span<const std::byte> frame);
  void on_frame(int src_world_rank, std::span<const std::byte> frame);
  void on_match_frame(int src_world_rank, std::span<const std::byte> frame);
  void consume(RecvRequest& r, const UnexpectedMessage& m);
  void fail_unreachable(SendRequest& r);
  int flush_outbox();

  std::vector<btl::Transport*> transports_;
  ProgressEngine& engine_;
  size_t poller_token_;
  MatchingEngine matching_;
  Outbox outbox_;
  EagerProtocol eager_;
  RendezvousProtocol rendezvous_;
  RequestPool<SendRequest> send_pool_;
  RequestPool<RecvRequest> recv_pool_;
  btl::FrameHandler handler_;  // built once: poll() takes it by reference
  long stall_spin_;             // GYRE_WAIT_SPIN: stalled flushes before yielding
  long stalled_ = 0;            // consecutive flushes that sent nothing
};

}  // namespace gyre::pml
