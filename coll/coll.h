// The collectives framework entry points the runtime uses. (The collectives
// issue fills in the schedule engine and components behind this.)
#pragma once
#include <memory>

#include "runtime/error.h"

namespace gyre {
class Communicator;
}

namespace gyre::coll {

// Per-communicator collective state: the selected algorithms and cached
// schedules. Created when the communicator is.
class Module {
 public:
  virtual ~Module() = default;
};

// Build the module of a new communicator (collective over its members only
// where it must agree on inputs; cheap otherwise).
std::unique_ptr<Module> create_module(Communicator& comm);

}  // namespace gyre::coll
