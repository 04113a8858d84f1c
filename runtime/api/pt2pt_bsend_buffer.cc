#include "runtime/api/pt2pt_bsend_buffer.h"

#include <algorithm>

#include "runtime/api/binding_state.h"

namespace gyre::api {

BsendBuffer& bsend_buffer() { return Runtime::get().bindings().bsend; }

Error BsendBuffer::attach(void* buffer, size_t size) {
  if (attached_) return Error(ErrClass::buffer, "a buffer is already attached (detach it first)");
  base_ = static_cast<std::byte*>(buffer);
  size_ = size;
  attached_ = true;
  return Error::ok();
}

Error BsendBuffer::detach(ProgressEngine& progress, void** buffer, size_t* size) {
  if (!attached_) return Error(ErrClass::buffer, "no buffer is attached");
  progress.wait_until([this] {
    reap();
    return blocks_.empty();
  });
  *buffer = base_;
  *size = size_;
  base_ = nullptr;
  size_ = 0;
  attached_ = false;
  return Error::ok();
}

void BsendBuffer::reap() {
  std::erase_if(blocks_, [](const Block& b) { return b.send->complete(); });
}

size_t BsendBuffer::find_space(size_t need) const {
  size_t free_from = 0;
  for (const Block& b : blocks_) {
    if (b.offset - free_from >= need) return free_from;
    free_from = b.offset + b.length;
  }
  return size_ - free_from >= need ? free_from : kNoSpace;
}

Error BsendBuffer::send(Runtime& rt, const Target& t, const void* buf, size_t count, int tag) {
  const size_t packed = t.type->size() * count;
  const size_t need = block_size(packed);
  if (!attached_)
    return Error(ErrClass::buffer, "no buffer attached for a buffered send of " + std::to_string(packed) +
                                       " bytes (call MPI_Buffer_attach)");
  reap();
  size_t offset = find_space(need);
  if (offset == kNoSpace) {
    rt.progress().poll();  // earlier buffered sends may just have finished
    reap();
    offset = find_space(need);
  }
  if (offset == kNoSpace)
    return Error(ErrClass::buffer, "the attached buffer (" + std::to_string(size_) + " bytes) has no room for a " +
                                       std::to_string(packed) + "-byte message (needs " + std::to_string(need) +
                                       " bytes including MPI_BSEND_OVERHEAD)");
  std::byte* at = base_ + offset;
  if (packed != 0) t.type->pack(buf, count, 0, at, packed);
  auto request = rt.pml().isend(at, packed, byte_type(rt), t.world, t.comm->context_id(), t.comm->rank(), tag,
                                pml::SendMode::standard);
  if (request->complete()) return Error::ok();  // eager: the block is free again at once
  auto pos = std::lower_bound(blocks_.begin(), blocks_.end(), offset,
                              [](const Block& b, size_t off) { return b.offset < off; });
  blocks_.insert(pos, Block{offset, need, std::move(request)});
  return Error::ok();
}

}  // namespace gyre::api
