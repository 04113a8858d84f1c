// Host implementation of the accelerator interface.
#include "runtime/accel/accel.h"

#include <cstdint>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "runtime/op.h"

namespace gyre::accel {

namespace {

// From this size up a streaming copy bypasses the cache. Measured at np 2
// on the 2-core VM (32 MiB L3), each rank reading its peer's block with
// process_vm_readv and copying its own: with 8 MiB blocks the own copy took
// 550-650 us instead of 700-850 and the whole exchange 1.8-2.0 ms instead of
// 2.1-2.4 (the read gains too: the cache is not filled with a block nobody
// reads); with 1-2 MiB blocks everything stays in the cache and the plain
// copy is as fast or faster.
constexpr size_t kStreamingCopyMin = size_t{4} << 20;

#if defined(__x86_64__)
// 64 bytes a step, stores aligned to 16: SSE2 is in every x86-64 and the
// copy is bound by memory, not by the width of a register.
void stream_copy(std::byte* dst, const std::byte* src, size_t n) {
  size_t head = (16 - reinterpret_cast<uintptr_t>(dst) % 16) % 16;
  std::memcpy(dst, src, head);
  dst += head;
  src += head;
  n -= head;
  auto* d = reinterpret_cast<__m128i*>(dst);
  const auto* s = reinterpret_cast<const __m128i*>(src);
  for (size_t blocks = n / 64; blocks > 0; --blocks, d += 4, s += 4) {
    __m128i a = _mm_loadu_si128(s), b = _mm_loadu_si128(s + 1), c = _mm_loadu_si128(s + 2), e = _mm_loadu_si128(s + 3);
    _mm_stream_si128(d, a);
    _mm_stream_si128(d + 1, b);
    _mm_stream_si128(d + 2, c);
    _mm_stream_si128(d + 3, e);
  }
  std::memcpy(d, s, n % 64);
  _mm_sfence();  // streaming stores are weakly ordered: visible before whatever follows
}
#else
void stream_copy(std::byte* dst, const std::byte* src, size_t n) { std::memcpy(dst, src, n); }
#endif

}  // namespace

MemoryKind memory_kind(const void*) { return MemoryKind::host; }

void copy_slow(void* dst, const void* src, size_t n) { std::memcpy(dst, src, n); }

void copy_streaming(void* dst, const void* src, size_t n) {
  if (device_backend_active() || n < kStreamingCopyMin) {
    copy(dst, src, n);
    return;
  }
  stream_copy(static_cast<std::byte*>(dst), static_cast<const std::byte*>(src), n);
}

void reduce(const Op& op, const Datatype& type, const void* in, void* inout, size_t count) {
  op.apply_host(in, inout, count, type);
}

}  // namespace gyre::accel
