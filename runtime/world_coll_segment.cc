#include "runtime/world_coll_segment.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "btl/sm/sm_address.h"
#include "coll/shm/shm_comm.h"
#include "runtime/log.h"
#include "runtime/pmix/identity.h"
#include "runtime/pmix/modex.h"

namespace gyre {
namespace {

constexpr const char* kModexKey = "coll.shm.world";

}  // namespace

WorldCollSegment::WorldCollSegment(const ProcessIdentity& id, bool huge_slots)
    : id_(id),
      wanted_(id.world_size > 1 && id.local_size == id.world_size),
      bytes_(coll::shm::ShmComm::segment_bytes(id.world_size, huge_slots) + coll::shm::kLine) {}

Error WorldCollSegment::publish(Modex& modex) {
  if (!wanted_ || id_.world_rank != 0) return Error::ok();
  // The name the world's module would make lazily (context id 0): mpirun's
  // clean-up knows its form.
  std::string name = btl::sm::segment_name(id_.nspace, id_.world_rank, getpid()) + "-coll0";
  if (Error e = btl::sm::SharedSegment::create(name, bytes_, segment_)) {
    log::info("coll/shm: MPI_COMM_WORLD's segment is made at its first collective instead (" + e.what() + ")");
    name.clear();
  }
  std::vector<std::byte> blob(name.size());
  std::memcpy(blob.data(), name.data(), name.size());
  return modex.put(kModexKey, blob);
}

Error WorldCollSegment::attach(Modex& modex) {
  if (!wanted_) return Error::ok();
  if (id_.world_rank != 0) {
    auto blob = modex.get(0, kModexKey);
    if (!blob || blob->empty()) return Error::ok();  // rank 0 made none: made lazily, agreed there
    std::string name(reinterpret_cast<const char*>(blob->data()), blob->size());
    Error e = btl::sm::SharedSegment::open(name, segment_);
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
