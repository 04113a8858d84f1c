// Segmentation shared by the pipelined chain algorithms: a long message is
// cut into segments so that rank v forwards segment k while receiving k+1.
#pragma once
#include <cstddef>

namespace gyre::coll {

constexpr size_t kChainSegmentBytes = 64 * 1024;  // large enough to amortize a message, small enough to pipeline

inline size_t segment_elems(size_t stride) {
  if (stride == 0) return 1;
  size_t e = kChainSegmentBytes / stride;
  return e == 0 ? 1 : e;
}

}  // namespace gyre::coll
