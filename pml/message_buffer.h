// A user buffer as the protocols see it: `count` elements of a datatype,
// read or written as a packed byte stream at any offset. Contiguous buffers
// (the common case) are one pointer and a length; only non-contiguous ones
// keep a copy of the type's layout, because MPI lets the program free the
// datatype while the operation is still in flight.
#pragma once
#include <cstddef>
#include <optional>

#include "runtime/accel/accel.h"
#include "runtime/datatype.h"

namespace gyre::pml {

class MessageBuffer {
 public:
  MessageBuffer() = default;
  MessageBuffer(const void* buf, size_t count, const Datatype& type)
      : base_(static_cast<std::byte*>(const_cast<void*>(buf))), count_(count), bytes_(type.size() * count) {
    // One element of a single-block type is contiguous even when the
    // extent is padded (resized types), so only count > 1 needs contiguous().
    bool flat = type.contiguous() || (count <= 1 && type.block_count() <= 1);
    if (flat)
      data_ = base_ + type.true_lb();
    else
      layout_.emplace(type);
  }

  size_t bytes() const { return bytes_; }
  bool contiguous() const { return !layout_.has_value(); }
  // Start of the bytes of a contiguous buffer.
  std::byte* data() const { return data_; }

  // Copy stream bytes [offset, offset+len) out of the buffer; clipped to bytes().
  size_t pack(size_t offset, void* dst, size_t len) const {
    if (layout_) return layout_->pack(base_, count_, offset, dst, len);
    len = clip(offset, len);
    if (len != 0) accel::copy(dst, data_ + offset, len);
    return len;
  }

  // Scatter stream bytes into the buffer at offset; clipped to bytes(), so
  // the tail of a truncated message is dropped here.
  size_t unpack(size_t offset, const void* src, size_t len) const {
    if (layout_) return layout_->unpack(base_, count_, offset, src, len);
    len = clip(offset, len);
    if (len != 0) accel::copy(data_ + offset, src, len);
    return len;
  }

 private:
  size_t clip(size_t offset, size_t len) const {
    if (offset >= bytes_) return 0;
    return len < bytes_ - offset ? len : bytes_ - offset;
  }

  std::byte* base_ = nullptr;
  std::byte* data_ = nullptr;
  size_t count_ = 0;
  size_t bytes_ = 0;
  std::optional<Datatype> layout_;
};

}  // namespace gyre::pml
