// Moving typed user data in and out of a slot, where it is always packed
// (the datatype's packed stream): a plain copy for contiguous types, the
// datatype engine otherwise. And the one reduction step the shm reductions
// use, on packed vectors of a contiguous type.
#pragma once
#include <cstddef>

#include "runtime/accel/accel.h"
#include "runtime/datatype.h"
#include "runtime/op.h"

namespace gyre::coll::shm {

// count elements of type at buf (the user's pointer) into dst, packed.
inline void pack(std::byte* dst, const void* buf, size_t count, const Datatype& type) {
  size_t bytes = count * type.size();
  if (bytes == 0) return;
  if (type.contiguous())
    accel::copy(dst, static_cast<const std::byte*>(buf) + type.true_lb(), bytes);
  else
    type.pack(buf, count, 0, dst, bytes);
}

// The reverse: packed bytes at src into count elements of type at buf.
inline void unpack(void* buf, size_t count, const Datatype& type, const std::byte* src) {
  size_t bytes = count * type.size();
  if (bytes == 0) return;
  if (type.contiguous())
    accel::copy(static_cast<std::byte*>(buf) + type.true_lb(), src, bytes);
  else
    type.unpack(buf, count, 0, src, bytes);
}

// Bytes [offset, offset + len) of the packed stream of count elements of
// type at buf into dst (a message that crosses the slots in parts).
inline void pack_part(std::byte* dst, const void* buf, size_t count, const Datatype& type, size_t offset, size_t len) {
  if (len == 0) return;
  if (type.contiguous())
    accel::copy(dst, static_cast<const std::byte*>(buf) + type.true_lb() + offset, len);
  else
    type.pack(buf, count, offset, dst, len);
}

// The reverse: len packed bytes at src into bytes [offset, offset + len)
// of the packed stream of count elements of type at buf.
inline void unpack_part(void* buf, size_t count, const Datatype& type, size_t offset, const std::byte* src,
                        size_t len) {
  if (len == 0) return;
  if (type.contiguous())
    accel::copy(static_cast<std::byte*>(buf) + type.true_lb() + offset, src, len);
  else
    type.unpack(buf, count, offset, src, len);
}

// A rank's own block from its send layout to its receive layout, through
// `bounce` (at least the block's packed size) when either is not contiguous.
inline void copy_typed(void* dst, size_t dcount, const Datatype& dtype, const void* src, size_t scount,
                       const Datatype& stype, std::byte* bounce) {
  if (dtype.contiguous()) {
    pack(static_cast<std::byte*>(dst) + dtype.true_lb(), src, scount, stype);
    return;
  }
  pack(bounce, src, scount, stype);
  unpack(dst, dcount, dtype, bounce);
}

// A packed vector of a contiguous type seen as the type's elements: what
// the op applies to (the op works on the user's layout, whose data starts
// true_lb bytes after the element's start).
inline const void* as_elements(const std::byte* packed, const Datatype& type) { return packed - type.true_lb(); }

// inout = in (op) inout over count elements (in: packed; inout: user layout).
inline void combine(const Op& op, const Datatype& type, const std::byte* in, void* inout, size_t count) {
  accel::reduce(op, type, as_elements(in, type), inout, count);
}

}  // namespace gyre::coll::shm
