#include "btl/sm/sm_config.h"

#include <algorithm>
#include <bit>

#include "btl/sm/spsc_ring.h"
#include "runtime/params.h"

namespace gyre::btl::sm {
namespace {

constexpr size_t kMinRing = 4096;
constexpr size_t kMaxRing = size_t{1} << 30;  // frame lengths stay 32-bit

constexpr size_t kAutoRingBudget = size_t{2} << 20;  // a rank's inbound rings, all senders together
constexpr size_t kAutoRingMax = size_t{1} << 20;

size_t as_size(int64_t v) { return v < 0 ? 0 : static_cast<size_t>(v); }

// See sm_config.h: larger rings when few ranks share the node.
size_t auto_ring(size_t floor, size_t local_ranks) {
  if (local_ranks < 2) return floor;
  size_t share = std::bit_floor(kAutoRingBudget / (local_ranks - 1));
  return std::max(std::min(share, kAutoRingMax), floor);
}

}  // namespace

SmConfig SmConfig::from_params() {
  SmConfig c;
  c.queue_size = as_size(params::get_int("GYRE_SM_QUEUE_SIZE"));
  c.eager_limit = as_size(params::get_int("GYRE_SM_EAGER_LIMIT"));
  c.fragment_size = as_size(params::get_int("GYRE_SM_FRAGMENT_SIZE"));
  c.cma = params::get_bool("GYRE_SM_CMA");
  c.auto_queue = params::value("GYRE_SM_QUEUE_SIZE").source == params::Source::default_value;
  return c;
}

SmSizing size_for(const SmConfig& config, size_t local_ranks) {
  SmSizing s{};
  const size_t queue = config.auto_queue ? auto_ring(config.queue_size, local_ranks) : config.queue_size;
  s.ring_capacity = std::bit_ceil(std::clamp(queue, kMinRing, kMaxRing));
  size_t quarter = s.ring_capacity / 4;  // always below ring_max_frame()
  s.max_frame = std::min(quarter, std::max(config.fragment_size, size_t{1}) + kProtocolRoom);
  s.eager_limit = std::min(config.eager_limit, s.max_frame - kProtocolRoom);
  return s;
}

}  // namespace gyre::btl::sm
