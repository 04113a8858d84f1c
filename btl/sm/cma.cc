#include "btl/sm/cma.h"

#include <sys/prctl.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace gyre::btl::sm {
namespace {

// One call moves at most this much, so a huge transfer cannot sit in the
// kernel for long (and lengths stay far from ssize_t limits).
constexpr size_t kChunk = size_t{1} << 30;

}  // namespace

void allow_cma_readers() {
#ifdef PR_SET_PTRACER
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
#endif
}

Error cma_read(pid_t pid, void* dst, uint64_t remote_addr, size_t len) {
  auto* out = static_cast<char*>(dst);
  while (len > 0) {
    size_t n = len < kChunk ? len : kChunk;
    iovec local{out, n};
    iovec remote{reinterpret_cast<void*>(remote_addr), n};
    ssize_t got = process_vm_readv(pid, &local, 1, &remote, 1, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      int err = got < 0 ? errno : EFAULT;
      return Error(ErrClass::other, "process_vm_readv from pid " + std::to_string(pid) +
                                        " failed: " + std::strerror(err));
    }
    // Short count: the kernel stopped at a page boundary; go on from there.
    out += got;
    remote_addr += static_cast<uint64_t>(got);
    len -= static_cast<size_t>(got);
  }
  return Error::ok();
}

bool cma_probe(pid_t pid, uint64_t remote_addr, uint64_t expected) {
  uint64_t word = ~expected;
  if (cma_read(pid, &word, remote_addr, sizeof word).failed()) return false;
  return word == expected;
}

}  // namespace gyre::btl::sm
