// What one rank's shared segment holds: a header (identity, the doorbell)
// and one inbound ring per other local rank. The identity holds what peers
// need besides the rings: the owner's pid and a word of its memory for the
// single-copy probe (cma.h), so the name alone (sm_address.h) suffices. Only the sender assigned to a
// ring writes its data; only the owner reads it.
//
//   [SegmentHeader: line pair 0 = identity, line pair 1 = doorbell]
//   [ring for sender 0][ring for sender 1] ... (local peers in order, owner skipped)
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "btl/sm/doorbell.h"
#include "btl/sm/spsc_ring.h"
#include "runtime/error.h"

namespace gyre::btl::sm {

class SharedSegment;

inline constexpr uint64_t kSegmentMagic = 0x316d732d65727967;  // "gyre-sm1"
inline constexpr uint32_t kSegmentVersion = 2;

struct SegmentHeader {
  alignas(kFalseSharingRange) uint64_t magic;  // stored last (release) at creation
  uint32_t version;
  uint32_t num_rings;
  uint64_t ring_capacity;
  int32_t owner_pid;
  uint32_t attached;     // peers that have mapped the segment (atomic)
  uint64_t probe_addr;   // address of a word in the owner's memory
  uint64_t probe_value;  // what that word holds
  uint32_t owner_holds;  // 1: the owner holds a lock on the file while it lives (SharedSegment::held)
  alignas(kFalseSharingRange) DoorbellWords doorbell;
};

size_t segment_bytes(uint32_t num_rings, size_t ring_capacity);

// Fill a freshly created (zero) segment's header; probe_word is the word
// of this process's memory that peers read to test single-copy. Peers
// take it for a segment only once mark_ready() has run.
void init_segment(const SharedSegment& seg, uint32_t num_rings, size_t ring_capacity,
                  const uint64_t& probe_word);
// A segment a peer may take before the PMIx exchange: made (mark_ready)
// by an owner that is alive (a crashed job's leftover of the name is not,
// and its new owner replaces it).
bool ready_and_live(const SharedSegment& seg);
void mark_ready(const SharedSegment& seg);

// A peer's segment is what this build expects and has the agreed geometry.
Error check_segment(const SharedSegment& seg, uint32_t num_rings, size_t ring_capacity);

SegmentHeader& header_of(const SharedSegment& seg);
std::byte* ring_at(const SharedSegment& seg, uint32_t index);

// Index of the ring that the rank at local position `sender` writes in the
// segment of the rank at local position `receiver` (sender != receiver).
constexpr uint32_t ring_slot(uint32_t sender, uint32_t receiver) {
  return sender < receiver ? sender : sender - 1;
}

}  // namespace gyre::btl::sm
