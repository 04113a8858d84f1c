// A nonblocking or persistent collective: a Request that owns its schedule
// and the Run executing it. The module's progress poller advances active
// requests and completes them; a persistent request is started again and
// again on the same schedule (built once, at *_init).
#pragma once
#include <memory>

#include "coll/schedule/engine.h"
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
  RunBuffers buffers_;
  Run run_;
  bool in_flight_ = false;
};

}  // namespace gyre::coll
