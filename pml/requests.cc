#include "pml/requests.h"

#include "pml/pml.h"

namespace gyre::pml {

SendRequest::SendRequest(Pml& pml, const void* buf, size_t count, const Datatype& type, int dest_world,
                         Envelope env, SendMode mode)
    : PmlRequest(Kind::send), pml(pml), buffer(buf, count, type), dest(dest_world), env(env), mode(mode) {}

void SendRequest::make_persistent() {
  set_persistent();
  set_active(false);
}

Error SendRequest::start() {
  if (!persistent()) return Request::start();
  if (active() && !complete()) return Error(ErrClass::request, "persistent send started while still active");
  reset_for_start();
  pml.start_send(*this);
  return Error::ok();
}

void RecvRequest::make_persistent() {
  set_persistent();
  set_active(false);
}

Error RecvRequest::start() {
  if (!persistent()) return Request::start();
  if (active() && !complete()) return Error(ErrClass::request, "persistent receive started while still active");
  reset_for_start();
  expected = received = 0;
  pml.start_recv(*this);
  return Error::ok();
}

bool RecvRequest::cancel() { return pml.cancel_recv(*this); }

JointRequest::JointRequest(std::unique_ptr<Request> recv, std::unique_ptr<Request> send,
                           std::unique_ptr<std::byte[]> staging)
    : Request(Kind::recv), recv_(std::move(recv)), send_(std::move(send)), staging_(std::move(staging)) {
  adopt(*recv_);
  adopt(*send_);
  if (pending_ == 0) finish();
}

JointRequest::~JointRequest() = default;

void JointRequest::adopt(Request& part) {
  if (part.complete()) return;
  static_cast<PmlRequest&>(part).joint = this;  // only pml requests can be incomplete here
  ++pending_;
}

void JointRequest::part_done() {
  if (--pending_ == 0) finish();
}

void JointRequest::finish() {
  status() = recv_->status();
  if (status().error == ErrClass::success) status().error = send_->status().error;
  mark_complete();
}

}  // namespace gyre::pml
