#include "btl/sm/sm_layout.h"

#include <unistd.h>

#include <atomic>
#include <string>

#include "btl/sm/segment.h"

namespace gyre::btl::sm {
namespace {

constexpr size_t kHeaderBytes =
    (sizeof(SegmentHeader) + kFalseSharingRange - 1) & ~(kFalseSharingRange - 1);

}  // namespace

size_t segment_bytes(uint32_t num_rings, size_t ring_capacity) {
  return kHeaderBytes + num_rings * ring_footprint(ring_capacity);
}

SegmentHeader& header_of(const SharedSegment& seg) {
  return *reinterpret_cast<SegmentHeader*>(seg.base());
}

std::byte* ring_at(const SharedSegment& seg, uint32_t index) {
  size_t capacity = header_of(seg).ring_capacity;
  return seg.base() + kHeaderBytes + index * ring_footprint(capacity);
}

void init_segment(const SharedSegment& seg, uint32_t num_rings, size_t ring_capacity,
                  const uint64_t& probe_word) {
  SegmentHeader& h = header_of(seg);
  h.version = kSegmentVersion;
  h.num_rings = num_rings;
  h.ring_capacity = ring_capacity;
  h.owner_pid = getpid();
  h.probe_addr = reinterpret_cast<uint64_t>(&probe_word);
  h.probe_value = probe_word;
  h.owner_holds = seg.held() ? 1 : 0;
}

bool ready_and_live(const SharedSegment& seg) {
  if (seg.size() < kHeaderBytes) return false;
  SegmentHeader& h = header_of(seg);
  if (std::atomic_ref<uint64_t>(h.magic).load(std::memory_order_acquire) != kSegmentMagic) return false;
  return h.owner_holds == 0 || seg.held();
}

void mark_ready(const SharedSegment& seg) {
  std::atomic_ref<uint64_t>(header_of(seg).magic).store(kSegmentMagic, std::memory_order_release);
}

Error check_segment(const SharedSegment& seg, uint32_t num_rings, size_t ring_capacity) {
  auto bad = [&](const std::string& why) {
    return Error(ErrClass::intern, "shared memory segment " + seg.name() + ": " + why);
  };
  if (seg.size() < kHeaderBytes) return bad("too small");
  SegmentHeader& h = header_of(seg);
  if (std::atomic_ref<uint64_t>(h.magic).load(std::memory_order_acquire) != kSegmentMagic)
    return bad("not a Gyre sm segment");
  if (h.version != kSegmentVersion) return bad("made by another Gyre version");
  if (h.num_rings != num_rings) return bad("made for another number of local ranks");
  if (h.ring_capacity != ring_capacity)
    return bad("ring size " + std::to_string(h.ring_capacity) + " differs from ours (" +
               std::to_string(ring_capacity) + "): set GYRE_SM_QUEUE_SIZE alike on every rank");
  if (seg.size() < segment_bytes(num_rings, ring_capacity)) return bad("truncated");
  return Error::ok();
}

}  // namespace gyre::btl::sm
