#include "runtime/datatype.h"

#include <algorithm>

#include "runtime/accel/accel.h"

namespace gyre {

Datatype Datatype::predefined(std::string name, size_t size, BasicType basic, TypeClass cls) {
  Datatype t;
  t.name_ = std::move(name);
  t.blocks_ = {{0, size}};
  t.lb_ = 0;
  t.extent_ = static_cast<std::ptrdiff_t>(size);
  t.basic_ = basic;
  t.class_ = cls;
  t.predefined_ = true;
  t.finish();
  return t;
}

Datatype Datatype::pair(std::string name, size_t value_size, size_t value_align, BasicType basic) {
  // struct { T value; int index; } with the C layout rules.
  size_t index_offset = (value_size + alignof(int) - 1) / alignof(int) * alignof(int);
  size_t align = std::max(value_align, alignof(int));
  size_t extent = (index_offset + sizeof(int) + align - 1) / align * align;
  Datatype t;
  t.name_ = std::move(name);
  t.blocks_ = {{0, value_size}, {static_cast<std::ptrdiff_t>(index_offset), sizeof(int)}};
  if (index_offset == value_size) t.blocks_ = {{0, value_size + sizeof(int)}};
  t.lb_ = 0;
  t.extent_ = static_cast<std::ptrdiff_t>(extent);
  t.basic_ = basic;
  t.class_ = TypeClass::pair;
  t.predefined_ = true;
  t.finish();
  return t;
}

Datatype Datatype::from_blocks(std::vector<TypeBlock> blocks, std::ptrdiff_t lb, std::ptrdiff_t extent,
                               BasicType basic) {
  Datatype t;
  // Merge adjacent blocks but keep the type-map order: the packed stream
  // follows the order in which the constructor listed the blocks.
  std::vector<TypeBlock> merged;
  for (const TypeBlock& b : blocks) {
    if (b.length == 0) continue;
    if (!merged.empty() && merged.back().offset + static_cast<std::ptrdiff_t>(merged.back().length) == b.offset)
      merged.back().length += b.length;
    else
      merged.push_back(b);
  }
  t.blocks_ = std::move(merged);
  t.lb_ = lb;
  t.extent_ = extent;
  t.basic_ = basic;
  t.finish();
  return t;
}

void Datatype::finish() {
  size_ = 0;
  if (blocks_.empty()) {
    true_lb_ = 0;
    true_extent_ = 0;
    contiguous_ = true;
    return;
  }
  std::ptrdiff_t lo = blocks_.front().offset, hi = lo;
  for (const TypeBlock& b : blocks_) {
    size_ += b.length;
    lo = std::min(lo, b.offset);
    hi = std::max(hi, b.offset + static_cast<std::ptrdiff_t>(b.length));
  }
  true_lb_ = lo;
  true_extent_ = hi - lo;
  contiguous_ = blocks_.size() == 1 && static_cast<std::ptrdiff_t>(size_) == extent_;
}

namespace {

// Walk the stream range [offset, offset+len) of count elements and call
// f(element_byte_address_offset, stream_position, bytes) for each piece.
template <class F>
size_t walk(const Datatype& t, size_t count, size_t offset, size_t len, F&& f) {
  size_t total = t.size() * count;
  if (offset >= total || len == 0) return 0;
  len = std::min(len, total - offset);
  if (t.contiguous()) {
    f(t.true_lb() + static_cast<std::ptrdiff_t>(offset), 0, len);
    return len;
  }
  size_t element = offset / t.size();
  size_t within = offset % t.size();
  size_t done = 0;
  const auto& blocks = t.blocks();
  size_t bi = 0;
  while (within >= blocks[bi].length) within -= blocks[bi++].length;
  while (done < len) {
    const TypeBlock& b = blocks[bi];
    size_t piece = std::min(b.length - within, len - done);
    std::ptrdiff_t addr = static_cast<std::ptrdiff_t>(element) * t.extent() + b.offset +
                          static_cast<std::ptrdiff_t>(within);
    f(addr, done, piece);
    done += piece;
    within = 0;
    if (++bi == blocks.size()) {
      bi = 0;
      ++element;
    }
  }
  return len;
}

}  // namespace

size_t Datatype::pack(const void* buf, size_t count, size_t offset, void* dst, size_t len) const {
  auto* out = static_cast<std::byte*>(dst);
  const auto* in = static_cast<const std::byte*>(buf);
  return walk(*this, count, offset, len,
              [&](std::ptrdiff_t addr, size_t pos, size_t n) { accel::copy(out + pos, in + addr, n); });
}

size_t Datatype::unpack(void* buf, size_t count, size_t offset, const void* src, size_t len) const {
  auto* out = static_cast<std::byte*>(buf);
  const auto* in = static_cast<const std::byte*>(src);
  return walk(*this, count, offset, len,
              [&](std::ptrdiff_t addr, size_t pos, size_t n) { accel::copy(out + addr, in + pos, n); });
}

}  // namespace gyre
