#include "btl/sm/segment.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif

namespace gyre::btl::sm {
namespace {

Error sys_error(const std::string& what, const std::string& name, int err) {
  return Error(ErrClass::other, what + " " + name + ": " + std::strerror(err));
}

// Closes the descriptor on every path; the mapping does not need it.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

Error map_fd(int fd, size_t bytes, const std::string& name, std::byte*& base) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return sys_error("cannot map shared memory", name, errno);
  base = static_cast<std::byte*>(p);
  return Error::ok();
}

// MADV_POPULATE_WRITE over whole pages: 0 or its errno (EINVAL: a kernel
// without it).
int populate_write(std::byte* at, size_t bytes) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t start = reinterpret_cast<uintptr_t>(at) & ~(page - 1);
  const uintptr_t end = reinterpret_cast<uintptr_t>(at) + bytes;
  if (bytes == 0) return 0;
  return madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_WRITE) == 0 ? 0 : errno;
}

// An OFD lock on the whole file: F_RDLCK to hold it, or a test (F_OFD_GETLK
// with F_WRLCK) for whether anyone holds one.
bool whole_file_lock(int fd, int cmd, short type, short* found = nullptr) {
  struct flock lk {};
  lk.l_type = type;
  lk.l_whence = SEEK_SET;
  if (fcntl(fd, cmd, &lk) != 0) return false;
  if (found != nullptr) *found = lk.l_type;
  return true;
}

}  // namespace

bool SharedSegment::populate(std::byte* at, size_t bytes) {
  int err = populate_write(at, bytes);
  if (err != EINVAL) return err == 0;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  for (size_t off = 0; off < bytes; off += page)
    (void)std::atomic_ref<std::byte>(at[off]).load(std::memory_order_relaxed);
  return true;
}

SharedSegment::~SharedSegment() { release(); }

SharedSegment::SharedSegment(SharedSegment&& other) noexcept { *this = std::move(other); }

SharedSegment& SharedSegment::operator=(SharedSegment&& other) noexcept {
  if (this != &other) {
    release();
    name_ = std::move(other.name_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
    owner_ = std::exchange(other.owner_, false);
    unlinked_ = std::exchange(other.unlinked_, false);
    dev_ = std::exchange(other.dev_, 0);
    ino_ = std::exchange(other.ino_, 0);
    held_fd_ = std::exchange(other.held_fd_, -1);
    held_ = std::exchange(other.held_, false);
  }
  return *this;
}

void SharedSegment::release() {
  unlink();
  if (base_ != nullptr) munmap(base_, size_);
  if (held_fd_ >= 0) close(held_fd_);
  base_ = nullptr;
  size_ = 0;
  held_fd_ = -1;
  held_ = false;
}

bool SharedSegment::still_named() const {
  Fd f{shm_open(name_.c_str(), O_RDONLY, 0)};
  struct stat st {};
  return f.fd >= 0 && fstat(f.fd, &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_;
}

void SharedSegment::unlink() {
  if (owner_ && !unlinked_) shm_unlink(name_.c_str());
  unlinked_ = true;
}

Error SharedSegment::create(const std::string& name, size_t bytes, SharedSegment& out, bool hold) {
  Fd f{shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600)};
  if (f.fd < 0 && errno == EEXIST) {
    shm_unlink(name.c_str());  // a crashed job's leftover: names are unique among live jobs
    f.fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  }
  if (f.fd < 0) return sys_error("cannot create shared memory", name, errno);

  SharedSegment seg;
  seg.name_ = name;
  seg.owner_ = true;  // from here on the destructor unlinks on failure
  if (ftruncate(f.fd, static_cast<off_t>(bytes)) != 0)
    return sys_error("cannot size shared memory", name, errno);
  // Reserve the pages now: a full /dev/shm (64 MiB in a default container)
  // then fails here with a message instead of SIGBUS on first touch later.
  // (posix_fallocate, ~0.85 us a page here; MADV_POPULATE_WRITE of the
  // unreserved pages would map them too but costs ~2.2.)
  if (int err = posix_fallocate(f.fd, 0, static_cast<off_t>(bytes)); err != 0)
    return Error(ErrClass::no_mem, "cannot reserve " + std::to_string(bytes) +
                                       " bytes of shared memory for " + name + ": " +
                                       std::strerror(err) +
                                       " (is /dev/shm too small? lower GYRE_SM_QUEUE_SIZE)");
  GYRE_TRY(map_fd(f.fd, bytes, name, seg.base_));
  seg.size_ = bytes;
  if (struct stat st {}; fstat(f.fd, &st) == 0) {
    seg.dev_ = st.st_dev;
    seg.ino_ = st.st_ino;
  }
  if (hold && whole_file_lock(f.fd, F_OFD_SETLK, F_RDLCK)) {
    seg.held_fd_ = std::exchange(f.fd, -1);
    seg.held_ = true;
  }
  out = std::move(seg);
  return Error::ok();
}

Error SharedSegment::open(const std::string& name, SharedSegment& out, bool* missing) {
  Fd f{shm_open(name.c_str(), O_RDWR, 0)};
  if (missing != nullptr) *missing = f.fd < 0 && errno == ENOENT;
  if (f.fd < 0) return sys_error("cannot open shared memory", name, errno);
  struct stat st {};
  if (fstat(f.fd, &st) != 0) return sys_error("cannot stat shared memory", name, errno);

  SharedSegment seg;
  seg.name_ = name;
  GYRE_TRY(map_fd(f.fd, static_cast<size_t>(st.st_size), name, seg.base_));
  seg.size_ = static_cast<size_t>(st.st_size);
  seg.dev_ = st.st_dev;
  seg.ino_ = st.st_ino;
  short holder = F_UNLCK;
  seg.held_ = whole_file_lock(f.fd, F_OFD_GETLK, F_WRLCK, &holder) && holder != F_UNLCK;
  out = std::move(seg);
  return Error::ok();
}

}  // namespace gyre::btl::sm
