#include "runtime/comm.h"

#include "coll/coll.h"

namespace gyre {

Communicator::Communicator(std::shared_ptr<const Group> group, int rank, uint32_t context_id, std::string name)
    : group_(std::move(group)), rank_(rank), context_id_(context_id), name_(std::move(name)) {}

Communicator::~Communicator() = default;

void Communicator::set_coll(std::unique_ptr<coll::Module> m) { coll_ = std::move(m); }

}  // namespace gyre
