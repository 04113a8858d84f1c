// Host implementation of the accelerator interface.
#include "runtime/accel/accel.h"

#include "runtime/op.h"

namespace gyre::accel {

bool device_backend_active() { return false; }

MemoryKind memory_kind(const void*) { return MemoryKind::host; }

void copy_slow(void* dst, const void* src, size_t n) { std::memcpy(dst, src, n); }

void reduce(const Op& op, const Datatype& type, const void* in, void* inout, size_t count) {
  op.apply_host(in, inout, count, type);
}

}  // namespace gyre::accel
