// The one monotonic clock the runtime's back-off and timing code reads.
#pragma once
#include <ctime>

namespace gyre {

// Nanoseconds since an arbitrary fixed point; never goes backwards.
inline long monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

}  // namespace gyre
