#include "coll/request.h"

#include "coll/coll.h"
#include "runtime/runtime.h"

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
  if (in_flight_) {
    module_->deactivate(this);
    Runtime::get().async_progress().operation_finished();
  }
}

void CollRequest::begin() {
  reset_for_start();
  run_.start(*schedule_, *module_->transport_, buffers_, module_->next_tag());
  in_flight_ = true;
  // Until it completes, the async progress thread (if any) advances it;
  // once that thread runs, it takes even the first step (often a copy of
  // the whole buffer), so the caller returns at once to compute.
  AsyncProgress& async = Runtime::get().async_progress();
  async.operation_started();
  if (async.thread_polling() || !advance()) module_->activate(this);
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
  if (in_flight_) Runtime::get().async_progress().operation_finished();
  in_flight_ = false;
  mark_complete();
  return true;
}

}  // namespace gyre::coll
