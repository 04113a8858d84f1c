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

namespace {

// One direction of the copy: readv (remote -> local) or writev (local -> remote).
template <bool kWrite>
Error cma_copy(pid_t pid, char* local, uint64_t remote_addr, size_t len) {
  while (len > 0) {
    size_t n = len < kChunk ? len : kChunk;
    iovec mine{local, n};
    iovec theirs{reinterpret_cast<void*>(remote_addr), n};
    ssize_t got = kWrite ? process_vm_writev(pid, &mine, 1, &theirs, 1, 0) : process_vm_readv(pid, &mine, 1, &theirs, 1, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      int err = got < 0 ? errno : EFAULT;
      return Error(ErrClass::other, std::string(kWrite ? "process_vm_writev to" : "process_vm_readv from") + " pid " +
                                        std::to_string(pid) + " failed: " + std::strerror(err));
    }
    // Short count: the kernel stopped at a page boundary; go on from there.
    local += got;
    remote_addr += static_cast<uint64_t>(got);
    len -= static_cast<size_t>(got);
  }
  return Error::ok();
}

}  // namespace

Error cma_read(pid_t pid, void* dst, uint64_t remote_addr, size_t len) {
  return cma_copy<false>(pid, static_cast<char*>(dst), remote_addr, len);
}

Error cma_write(pid_t pid, uint64_t remote_addr, const void* src, size_t len) {
  return cma_copy<true>(pid, const_cast<char*>(static_cast<const char*>(src)), remote_addr, len);
}

bool cma_probe(pid_t pid, uint64_t remote_addr, uint64_t expected) {
  uint64_t word = ~expected;
  if (cma_read(pid, &word, remote_addr, sizeof word).failed()) return false;
  return word == expected;
}

}  // namespace gyre::btl::sm
