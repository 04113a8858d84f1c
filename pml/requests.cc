#include "pml/requests.h"

#include "pml/pml.h"

namespace gyre::pml {

SendRequest::SendRequest(Pml& pml, const void* buf, size_t count, const Datatype& type, int dest_world,
                         Envelope env, SendMode mode)
    : Request(Kind::send), pml(pml), buffer(buf, count, type), dest(dest_world), env(env), mode(mode) {}

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

RecvRequest::RecvRequest(Pml& pml, void* buf, size_t count, const Datatype& type, Envelope wanted)
    : Request(Kind::recv), pml(pml), buffer(buf, count, type) {
  this->wanted = wanted;
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

}  // namespace gyre::pml
