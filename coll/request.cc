#include "coll/request.h"

#include "coll/coll.h"

namespace gyre::coll {

CollRequest::CollRequest(Module& module, std::unique_ptr<Schedule> schedule, const RunBuffers& buffers,
                         bool persistent)
    : Request(Kind::collective), module_(&module), schedule_(std::move(schedule)), buffers_(buffers) {
  if (buffers.op != nullptr) buffers_.op = &op_.emplace(*buffers.op);
  if (buffers.reduce_type != nullptr) buffers_.reduce_type = &reduce_type_.emplace(*buffers.reduce_type);
  if (persistent) {
    set_persistent();
    set_active(false);
    mark_complete();  // an inactive persistent request counts as complete
  }
}

CollRequest::~CollRequest() {
  // Normally complete (and so already off the active list); a request
  // destroyed in flight must not be advanced any more.
  if (in_flight_) module_->deactivate(this);
}

void CollRequest::begin() {
  reset_for_start();
  run_.start(*schedule_, *module_->transport_, buffers_, module_->next_tag());
  in_flight_ = true;
  if (!advance()) module_->activate(this);
}

Error CollRequest::start() {
  if (!persistent()) return Request::start();
  if (in_flight_) return Error(ErrClass::request, "MPI_Start on a persistent collective that is still active");
  begin();
  return Error::ok();
}

bool CollRequest::advance() {
  if (!run_.advance()) return false;
  if (run_.error().failed()) status().error = run_.error().cls();
  in_flight_ = false;
  mark_complete();
  return true;
}

}  // namespace gyre::coll
