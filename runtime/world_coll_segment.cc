#include "runtime/world_coll_segment.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>

#include "btl/sm/sm_address.h"
#include "coll/shm/shm_comm.h"
#include "runtime/log.h"
#include "runtime/pmix/identity.h"

namespace gyre {

WorldCollSegment::WorldCollSegment(const ProcessIdentity& id, bool huge_slots)
    : id_(id),
      wanted_(id.world_size > 1 && id.local_size == id.world_size),
      bytes_(coll::shm::ShmComm::segment_bytes(id.world_size, huge_slots) + coll::shm::kLine) {}

Error WorldCollSegment::publish() {
  if (!wanted_) return Error::ok();
  const std::string name = btl::sm::world_coll_segment_name(id_.nspace);
  if (id_.world_rank != 0) {
    // Rank 0 usually got here first: map its segment now, while waiting
    // for the slowest rank anyway (attach() checks it is still the named one).
    if (btl::sm::SharedSegment::open(name, segment_) || segment_.size() < bytes_) segment_ = {};
    return Error::ok();
  }
  if (Error e = btl::sm::SharedSegment::create(name, bytes_, segment_)) {
    log::info("coll/shm: MPI_COMM_WORLD's segment is made at its first collective instead (" + e.what() + ")");
    shm_unlink(name.c_str());  // whatever stopped us, the others must not find a name
  }
  return Error::ok();
}

Error WorldCollSegment::attach() {
  if (!wanted_) return Error::ok();
  if (id_.world_rank != 0 && !(segment_.mapped() && segment_.still_named())) {
    const std::string name = btl::sm::world_coll_segment_name(id_.nspace);
    segment_ = {};
    bool missing = false;
    Error e = btl::sm::SharedSegment::open(name, segment_, &missing);
    if (missing) return Error::ok();  // rank 0 made none: made lazily, agreed there
    if (!e && segment_.size() < bytes_)
      e = Error(ErrClass::intern, "shared memory " + name + " is too small");
    if (e) return Error(e.cls(), "coll/shm: cannot map MPI_COMM_WORLD's segment: " + e.what());
  }
  if (segment_.mapped()) count_attached();
  return Error::ok();
}

void WorldCollSegment::count_attached() {
  auto count = std::atomic_ref<uint32_t>(*reinterpret_cast<uint32_t*>(segment_.base() + bytes_ - coll::shm::kLine));
  if (count.fetch_add(1, std::memory_order_acq_rel) + 1 != static_cast<uint32_t>(id_.world_size)) return;
  if (segment_.owns_name())
    segment_.unlink();
  else
    shm_unlink(segment_.name().c_str());
}

}  // namespace gyre
