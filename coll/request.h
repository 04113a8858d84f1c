// A nonblocking or persistent collective: a Request that owns its schedule
// and the Run executing it. The module's progress poller advances active
// requests and completes them; a persistent request is started again and
// again on the same schedule (built once, at *_init).
//
// The request keeps its own copies of the reduction op and datatype (the
// schedule keeps those of its typed steps): MPI lets the program free the
// handles while the operation is pending (MPI-4.0 §2.5.1, §6.12), so nothing
// here may point at the handles' objects.
#pragma once
#include <memory>
#include <optional>

#include "coll/schedule/engine.h"
#include "runtime/datatype.h"
#include "runtime/op.h"
#include "runtime/request.h"

namespace gyre::coll {

class Module;

class CollRequest : public Request {
 public:
  CollRequest(Module& module, std::unique_ptr<Schedule> schedule, const RunBuffers& buffers, bool persistent);
  ~CollRequest() override;

  Error start() override;  // persistent requests only
  // Advance; true once the run finished (the request is then complete).
  bool advance();
  // First run of a nonblocking request.
  void begin();

 private:
  Module* module_;
  std::unique_ptr<Schedule> schedule_;
  std::optional<Op> op_;                  // copies buffers_.op points at
  std::optional<Datatype> reduce_type_;
  RunBuffers buffers_;
  Run run_;
  bool in_flight_ = false;
};

}  // namespace gyre::coll
