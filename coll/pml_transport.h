// The engine's Transport over the pml: comm ranks become world ranks, every
// message travels on the communicator's collective context.
#pragma once
#include "coll/schedule/engine.h"
#include "runtime/datatype.h"

namespace gyre {
class Communicator;
namespace pml {
class Pml;
}
}  // namespace gyre

namespace gyre::coll {

class PmlTransport : public Transport {
 public:
  PmlTransport(const Communicator& comm, pml::Pml& pml);
  std::unique_ptr<Request> isend(const void* buf, size_t count, const Datatype& type, int peer, int tag) override;
  std::unique_ptr<Request> irecv(void* buf, size_t count, const Datatype& type, int peer, int tag) override;
  const Datatype& byte_type() const override { return bytes_; }

 private:
  const Communicator& comm_;
  pml::Pml& pml_;
  Datatype bytes_;
};

}  // namespace gyre::coll
