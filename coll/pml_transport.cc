#include "coll/pml_transport.h"

#include "pml/pml.h"
#include "runtime/comm.h"

namespace gyre::coll {

PmlTransport::PmlTransport(const Communicator& comm, pml::Pml& pml)
    : comm_(comm), pml_(pml), bytes_(Datatype::predefined("MPI_BYTE", 1, BasicType::none, TypeClass::byte)) {}

std::unique_ptr<Request> PmlTransport::isend(const void* buf, size_t count, const Datatype& type, int peer, int tag) {
  return pml_.isend(buf, count, type, comm_.world_rank(peer), comm_.coll_context(), comm_.rank(), tag,
                    pml::SendMode::standard);
}

std::unique_ptr<Request> PmlTransport::irecv(void* buf, size_t count, const Datatype& type, int peer, int tag) {
  return pml_.irecv(buf, count, type, comm_.coll_context(), peer, tag);
}

}  // namespace gyre::coll
