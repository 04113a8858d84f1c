// The pml wire format: the header at the start of every frame.
//
// The first byte names the frame. A message starts with one matching frame
// (eager, eager_sync or rts) carrying the envelope; the other frames refer
// to a request on the peer by its id (the request's address there, which
// stays valid until the peer completes it). Headers are multiples of 8 bytes
// so payloads stay aligned in the transports' rings. Frames are parsed with
// memcpy (read_header) because a transport need not align them.
//
//   eager       MatchHeader + payload                         16 B header
//   eager_sync  SyncHeader + payload; receiver answers ack    24 B
//   rts         RtsHeader (total length, sender id, address)  40 B
//   cts         CtsHeader: receiver id, bytes to stream       32 B
//   data        DataHeader + fragment at a stream offset      24 B
//   fin         ControlHeader: single-copy get finished       16 B
//   ack         ControlHeader: eager_sync was matched         16 B
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace gyre::pml {

enum class FrameType : uint8_t { eager = 1, eager_sync, rts, cts, data, fin, ack };

struct MatchHeader {
  FrameType type;
  uint8_t reserved[3];
  uint32_t context;
  int32_t source;  // sender's rank in the communicator
  int32_t tag;
};

struct SyncHeader {
  MatchHeader match;
  uint64_t sender_id;
};

struct RtsHeader {
  MatchHeader match;
  uint64_t length;       // total message bytes
  uint64_t sender_id;
  uint64_t sender_addr;  // start of a contiguous send buffer, 0 when not contiguous
};

struct CtsHeader {
  FrameType type;
  uint8_t reserved[7];
  uint64_t sender_id;
  uint64_t receiver_id;
  uint64_t length;  // bytes the receiver wants streamed (less than total when truncating)
};

struct DataHeader {
  FrameType type;
  uint8_t reserved[7];
  uint64_t receiver_id;
  uint64_t offset;  // position of this fragment in the packed stream
};

struct ControlHeader {
  FrameType type;
  uint8_t reserved[7];
  uint64_t sender_id;
};

static_assert(sizeof(MatchHeader) == 16);
static_assert(sizeof(SyncHeader) == 24);
static_assert(sizeof(RtsHeader) == 40);
static_assert(sizeof(CtsHeader) == 32);
static_assert(sizeof(DataHeader) == 24);
static_assert(sizeof(ControlHeader) == 16);

// Largest header before an eager payload: what the eager limit must leave room for.
constexpr size_t kMaxEagerHeader = sizeof(SyncHeader);

inline FrameType frame_type(std::span<const std::byte> frame) { return static_cast<FrameType>(frame[0]); }

// Copy the header out of a frame; false when the frame is too short.
template <class H>
bool read_header(std::span<const std::byte> frame, H* out) {
  if (frame.size() < sizeof(H)) return false;
  std::memcpy(out, frame.data(), sizeof(H));
  return true;
}

template <class H>
std::span<const std::byte> payload_of(std::span<const std::byte> frame) {
  return frame.subspan(sizeof(H));
}

inline MatchHeader make_match_header(FrameType type, uint32_t context, int source, int tag) {
  MatchHeader h{};
  h.type = type;
  h.context = context;
  h.source = source;
  h.tag = tag;
  return h;
}

template <class H>
H make_control(FrameType type) {
  H h{};
  h.type = type;
  return h;
}

inline uint64_t id_of(const void* request) { return reinterpret_cast<uintptr_t>(request); }

}  // namespace gyre::pml
