// The pml's requests. Each holds the operation's arguments (so a persistent
// request can start again) and the protocol state the frames advance. The
// caller owns a request; the pml keeps a plain pointer until it calls
// done() and never touches it afterwards.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "pml/matching.h"
#include "pml/message_buffer.h"
#include "pml/outbox.h"
#include "runtime/request.h"

namespace gyre::pml {

class Pml;

enum class SendMode : uint8_t { standard, synchronous, ready };

class JointRequest;

// Base of the pml's requests: every completion goes through done(), so a
// JointRequest made of this one (MPI_Isendrecv) hears of it.
class PmlRequest : public Request {
 public:
  using Request::Request;
  inline void done();  // defined below JointRequest
  // Pml::isend/irecv hand out requests the pml takes back (Pml::recycle).
  void make_recyclable() { set_recyclable(); }
  JointRequest* joint = nullptr;
};

class SendRequest final : public PmlRequest, public FragmentSource {
 public:
  SendRequest(Pml& pml, const void* buf, size_t count, const Datatype& type, int dest_world, Envelope env,
              SendMode mode);

  // Persistent sends (MPI_Send_init and friends) start again here.
  void make_persistent();
  Error start() override;

  // Rendezvous: stream DATA fragments after the receiver's CTS (rendezvous.cc).
  bool pump(btl::Transport& transport, int peer) override;

  void finish() {
    status().bytes = buffer.bytes();
    done();
  }

  Pml& pml;
  MessageBuffer buffer;
  int dest;  // world rank
  Envelope env;
  SendMode mode;

  // Fragment stream state, set by the CTS.
  uint64_t receiver_id = 0;
  size_t stream_offset = 0;
  size_t stream_end = 0;
  std::vector<std::byte> staged;  // a packed fragment the transport refused (non-contiguous)
  size_t staged_len = 0;
};

class RecvRequest final : public PmlRequest, public PostedReceive {
 public:
  // Inline: MPI_Irecv makes one per message (from the pool).
  RecvRequest(Pml& pml, void* buf, size_t count, const Datatype& type, Envelope wanted)
      : PmlRequest(Kind::recv), pml(pml), buffer(buf, count, type) {
    this->wanted = wanted;
  }

  void make_persistent();
  Error start() override;
  bool cancel() override;

  // Matched: record who sent it and how much will land in the buffer.
  void matched(const Envelope& env, size_t message_bytes) {
    status().source = env.source;
    status().tag = env.tag;
    status().bytes = message_bytes < buffer.bytes() ? message_bytes : buffer.bytes();
    if (message_bytes > buffer.bytes()) status().error = ErrClass::truncate;
  }

  Pml& pml;
  MessageBuffer buffer;

  // Fragment stream state (rendezvous via CTS).
  size_t expected = 0;
  size_t received = 0;
};

// MPI_Message: a message taken off the unexpected queue by MPI_Mprobe, to
// be received by MPI_Mrecv. It is a request (complete from the start) so it
// lives in the request handle table, as in MPICH where MPI_Message handles
// are request handles.
class MatchedMessage : public Request {
 public:
  explicit MatchedMessage(std::unique_ptr<UnexpectedMessage> m) : Request(Kind::recv), message(std::move(m)) {
    mark_complete();
  }
  std::unique_ptr<UnexpectedMessage> message;
};

// MPI_Isendrecv: a receive and a send that complete as one request, with
// the receive's status. Owns both parts (and the packed copy of
// MPI_Isendrecv_replace's outgoing data, which must outlive the send).
class JointRequest : public Request {
 public:
  JointRequest(std::unique_ptr<Request> recv, std::unique_ptr<Request> send,
               std::unique_ptr<std::byte[]> staging = nullptr);
  ~JointRequest() override;
  // A part finished (called by PmlRequest::done()).
  void part_done();

 private:
  void adopt(Request& part);
  void finish();

  std::unique_ptr<Request> recv_;
  std::unique_ptr<Request> send_;
  std::unique_ptr<std::byte[]> staging_;
  int pending_ = 0;
};

// Inline: every message completes through here.
void PmlRequest::done() {
  JointRequest* j = joint;  // read first: a completed request may be freed
  mark_complete();
  if (j != nullptr) [[unlikely]] j->part_done();
}

}  // namespace gyre::pml
