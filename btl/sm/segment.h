// A POSIX shared-memory segment mapped into this process (RAII). The creator
// owns the name and removes it (unlink) as soon as nobody needs to open it
// any more; the mapping stays valid after that, and is released with the
// object.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <string>

#include "runtime/error.h"

namespace gyre::btl::sm {

class SharedSegment {
 public:
  SharedSegment() = default;
  ~SharedSegment();
  SharedSegment(SharedSegment&& other) noexcept;
  SharedSegment& operator=(SharedSegment&& other) noexcept;
  SharedSegment(const SharedSegment&) = delete;
  SharedSegment& operator=(const SharedSegment&) = delete;

  // Create `name` ("/..." as for shm_open) with `bytes` zero-filled bytes and
  // map it. A leftover of the same name (from a crashed job) is replaced:
  // names are unique among live jobs (sm_address.h). hold: keep a lock on
  // the segment's file while this object lives, so that open() can tell
  // this process's segment from a leftover of one that died.
  static Error create(const std::string& name, size_t bytes, SharedSegment& out, bool hold = false);
  // Map an existing segment, whole. missing (if given) says whether it
  // failed because no segment has that name.
  static Error open(const std::string& name, SharedSegment& out, bool* missing = nullptr);

  // Creator: whether it holds the lock (create's hold). Opener: whether
  // some live process held it when open() looked (an OFD lock, which the
  // kernel drops when its holder exits).
  bool held() const { return held_; }

  // Whether the name still refers to the segment mapped here: false once
  // it was removed, or replaced by another segment of the same name (a
  // mapping made before the owner replaced a crashed job's leftover).
  bool still_named() const;

  // Remove the name (idempotent; only the creator does it). Mappings stay.
  void unlink();
  bool owns_name() const { return owner_ && !unlinked_; }

  std::byte* base() const { return base_; }
  size_t size() const { return size_; }
  const std::string& name() const { return name_; }
  bool mapped() const { return base_ != nullptr; }

  // Map every page of [at, at + bytes) into this process's page tables now,
  // writable, without changing its contents (safe while peers use it): a
  // page first touched inside a timed loop costs a fault there. One
  // MADV_POPULATE_WRITE, ~0.75 us a page here, against ~1.6 us for a read
  // of each reserved page (kernels before 5.14 get the reads). It also
  // leaves the pages up to date in the page cache, so another process's
  // read fault then maps 16 of them at once (fault-around).
  // Returns false where the kernel could not map the memory.
  static bool populate(std::byte* at, size_t bytes);

 private:
  void release();

  std::string name_;
  std::byte* base_ = nullptr;
  size_t size_ = 0;
  bool owner_ = false;
  bool unlinked_ = false;
  dev_t dev_ = 0;  // the file mapped (for still_named)
  ino_t ino_ = 0;
  int held_fd_ = -1;  // creator with hold: the descriptor that holds the lock
  bool held_ = false;
};

}  // namespace gyre::btl::sm
