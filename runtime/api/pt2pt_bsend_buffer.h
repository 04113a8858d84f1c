// The buffer attached with MPI_Buffer_attach, and the allocator that places
// buffered sends (MPI_Bsend, MPI_Ibsend, MPI_Bsend_init) in it.
//
// A buffered message is packed into a block of the user's buffer and sent
// from there as bytes; the block is reused once that send completes. A
// block takes the packed size rounded up to 8 plus 88 bytes, which never
// exceeds packed size + MPI_BSEND_OVERHEAD, so a buffer sized by the MPI
// rule (sum of MPI_Pack_size + MPI_BSEND_OVERHEAD) always suffices.
// Blocks are kept sorted by offset; allocation is first fit.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "runtime/api/pt2pt_common.h"

namespace gyre::api {

class BsendBuffer {
 public:
  Error attach(void* buffer, size_t size);
  // Waits until every buffered message has left, then forgets the buffer.
  Error detach(ProgressEngine& progress, void** buffer, size_t* size);
  // Copy the message into the buffer and start sending it from there.
  Error send(Runtime& rt, const Target& t, const void* buf, size_t count, int tag);

  static size_t block_size(size_t packed) { return (packed + 7) / 8 * 8 + 88; }

 private:
  struct Block {
    size_t offset;
    size_t length;
    std::unique_ptr<Request> send;
  };
  static constexpr size_t kNoSpace = ~size_t{0};

  size_t find_space(size_t need) const;
  void reap();

  std::byte* base_ = nullptr;
  size_t size_ = 0;
  bool attached_ = false;
  std::vector<Block> blocks_;  // sorted by offset
};

// The process's attached buffer (MPI has one per process).
BsendBuffer& bsend_buffer();

}  // namespace gyre::api
