#include "btl/sm/sm_config.h"

#include <algorithm>
#include <bit>

#include "btl/sm/spsc_ring.h"
#include "runtime/params.h"

namespace gyre::btl::sm {
namespace {

constexpr size_t kMinRing = 4096;
constexpr size_t kMaxRing = size_t{1} << 30;  // frame lengths stay 32-bit

size_t as_size(int64_t v) { return v < 0 ? 0 : static_cast<size_t>(v); }

}  // namespace

SmConfig SmConfig::from_params() {
  SmConfig c;
  c.queue_size = as_size(params::get_int("GYRE_SM_QUEUE_SIZE"));
  c.eager_limit = as_size(params::get_int("GYRE_SM_EAGER_LIMIT"));
  c.fragment_size = as_size(params::get_int("GYRE_SM_FRAGMENT_SIZE"));
  c.cma = params::get_bool("GYRE_SM_CMA");
  return c;
}

SmSizing size_for(const SmConfig& config) {
  SmSizing s{};
  s.ring_capacity = std::bit_ceil(std::clamp(config.queue_size, kMinRing, kMaxRing));
  size_t quarter = s.ring_capacity / 4;  // always below ring_max_frame()
  s.max_frame = std::min(quarter, std::max(config.fragment_size, size_t{1}) + kProtocolRoom);
  s.eager_limit = std::min(config.eager_limit, s.max_frame - kProtocolRoom);
  return s;
}

}  // namespace gyre::btl::sm
