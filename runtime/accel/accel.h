// The accelerator interface: the one place that knows whether a buffer lives
// on a device. Every buffer copy and every reduction in pml and coll goes
// through here, so device buffers work without those layers knowing.
//
// Host-only today; the CUDA backend (loaded at run time with dlopen, so one
// build runs with and without GPUs) plugs in behind the same calls.
#pragma once
#include <cstddef>
#include <cstring>

namespace gyre {
class Datatype;
class Op;
}

namespace gyre::accel {

enum class MemoryKind { host, device };

// True once a device backend is loaded and has seen device memory; lets the
// host fast path stay a plain memcpy. Inline: every message's copy asks
// (an out-of-line call here cost ~5 instructions a message). Host-only
// today, so never; a device backend makes this a load of the flag it sets.
constexpr bool device_backend_active() { return false; }

MemoryKind memory_kind(const void* p);

// Copy between any two buffers (host or device, any direction).
void copy_slow(void* dst, const void* src, size_t n);
inline void copy(void* dst, const void* src, size_t n) {
  if (!device_backend_active()) {
    std::memcpy(dst, src, n);
    return;
  }
  copy_slow(dst, src, n);
}

// A copy whose destination this process will not read again soon (a
// collective placing its own block in the receive buffer). On the host,
// from 4 MiB up, it stores around the cache (non-temporal
// stores): no read-for-ownership of each destination line, and the cache
// stays with the data still to be moved. Smaller copies are a plain copy.
void copy_streaming(void* dst, const void* src, size_t n);

// inout[i] = in[i] op inout[i] for count elements of type (host or device).
void reduce(const Op& op, const Datatype& type, const void* in, void* inout, size_t count);

}  // namespace gyre::accel
