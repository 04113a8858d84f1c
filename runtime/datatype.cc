#include "runtime/datatype.h"

#include <algorithm>
#include <cstring>

#include "runtime/accel/accel.h"
#include "runtime/datatype_core.h"

namespace gyre {

namespace {

const TypeContents& named_contents() {
  static const TypeContents c;
  return c;
}

std::vector<Ext32Component> predefined_ext32(const std::string& name, size_t size, BasicType basic) {
  using K = Ext32Kind;
  auto one = [](uint8_t native, uint8_t ext, K kind) { return std::vector<Ext32Component>{{0, native, ext, kind}}; };
  auto two = [](uint8_t half, K kind) {
    return std::vector<Ext32Component>{{0, half, half, kind}, {half, half, half, kind}};
  };
  // MPI-4.0 Table 5.? (external32 sizes): long is 4 bytes, wchar_t 2.
  if (name == "MPI_LONG") return one(8, 4, K::sint);
  if (name == "MPI_UNSIGNED_LONG") return one(8, 4, K::uint);
  if (name == "MPI_WCHAR") return one(static_cast<uint8_t>(size), 2, K::uint);
  switch (basic) {
    case BasicType::none:
      return size == 0 ? std::vector<Ext32Component>{} : one(static_cast<uint8_t>(size), static_cast<uint8_t>(size), K::raw);
    case BasicType::long_double: return one(sizeof(long double), 16, K::long_double);
    case BasicType::complex_float: return two(4, K::swap);
    case BasicType::complex_double: return two(8, K::swap);
    case BasicType::complex_long_double:
      return {{0, sizeof(long double), 16, K::long_double}, {sizeof(long double), sizeof(long double), 16, K::long_double}};
    default: return one(static_cast<uint8_t>(size), static_cast<uint8_t>(size), K::swap);
  }
}

size_t predefined_align(size_t size, BasicType basic) {
  switch (basic) {
    case BasicType::complex_float: return 4;
    case BasicType::complex_double: return 8;
    case BasicType::complex_long_double: return alignof(long double);
    default: return size == 0 ? 1 : std::min<size_t>(size, 16);
  }
}

}  // namespace

Datatype::Datatype() = default;
Datatype::~Datatype() = default;
Datatype::Datatype(const Datatype&) = default;
Datatype& Datatype::operator=(const Datatype&) = default;
Datatype::Datatype(Datatype&&) noexcept = default;
Datatype& Datatype::operator=(Datatype&&) noexcept = default;

void Datatype::finish_properties() {
  const TypeCore& c = *core_;
  size_ = c.size;
  lb_ = c.lb;
  extent_ = c.extent;
  true_lb_ = c.true_lb;
  true_extent_ = c.true_extent;
  align_ = c.align;
  basic_ = c.basic;
  class_ = c.cls;
  predefined_ = c.predefined;
  contiguous_ = size_ == 0 || (c.program.pieces() == 1 && static_cast<std::ptrdiff_t>(size_) == extent_);
}

Datatype Datatype::predefined(std::string name, size_t size, BasicType basic, TypeClass cls) {
  auto core = std::make_shared<TypeCore>();
  core->size = size;
  core->extent = static_cast<std::ptrdiff_t>(size);
  core->true_extent = core->extent;
  core->align = predefined_align(size, basic);
  core->elements = size == 0 ? 0 : 1;
  core->predefined = true;
  core->explicit_bounds = name == "MPI_LB" || name == "MPI_UB";
  core->basic = basic;
  core->cls = cls;
  core->ext32 = predefined_ext32(name, size, basic);
  for (const auto& e : core->ext32) core->ext32_size += e.ext;
  core->program = typeengine::Program::leaf(size);
  Datatype t;
  t.core_ = std::move(core);
  t.name_ = std::move(name);
  t.finish_properties();
  return t;
}

Datatype Datatype::pair(std::string name, size_t value_size, size_t value_align, BasicType basic) {
  // struct { T value; int index; } with the C layout rules; 2REAL and
  // 2DOUBLE_PRECISION are a pair of the same type.
  bool same = basic == BasicType::real_real || basic == BasicType::double_double;
  size_t second = same ? value_size : sizeof(int);
  size_t second_align = same ? value_align : alignof(int);
  size_t index_offset = (value_size + second_align - 1) / second_align * second_align;
  size_t align = std::max(value_align, second_align);
  size_t extent = (index_offset + second + align - 1) / align * align;
  auto core = std::make_shared<TypeCore>();
  core->size = value_size + second;
  core->extent = static_cast<std::ptrdiff_t>(extent);
  core->true_extent = static_cast<std::ptrdiff_t>(index_offset + second);
  core->align = align;
  core->elements = 2;
  core->predefined = true;
  core->basic = basic;
  core->cls = TypeClass::pair;
  core->pair_value_size = value_size;
  typeengine::Program value = typeengine::Program::leaf(value_size);
  typeengine::Program index = typeengine::Program::leaf(second);
  core->program = typeengine::Program::compose(
      {{0, 1, 0, 1, 0, &value}, {static_cast<std::ptrdiff_t>(index_offset), 1, 0, 1, 0, &index}});
  using K = Ext32Kind;
  K value_kind = basic == BasicType::long_double_int ? K::long_double : K::swap;
  uint8_t value_ext = basic == BasicType::long_double_int ? 16 : basic == BasicType::long_int ? 4 : static_cast<uint8_t>(value_size);
  if (basic == BasicType::long_int) value_kind = K::sint;
  core->ext32 = {{0, static_cast<uint8_t>(value_size), value_ext, value_kind},
                 {static_cast<uint16_t>(index_offset), static_cast<uint8_t>(second), static_cast<uint8_t>(second), K::swap}};
  for (const auto& e : core->ext32) core->ext32_size += e.ext;
  Datatype t;
  t.core_ = std::move(core);
  t.name_ = std::move(name);
  t.finish_properties();
  return t;
}

Datatype Datatype::from_parts(std::vector<TypePart> parts, bool is_struct) {
  auto core = std::make_shared<TypeCore>();
  bool any = false, any_data = false, uniform = true;
  std::ptrdiff_t lo = 0, hi = 0, tlo = 0, thi = 0;
  const TypeCore* first_basic = nullptr;
  std::vector<typeengine::Program::Item> items;
  items.reserve(parts.size());
  for (const TypePart& p : parts) {
    const Datatype& t = p.type;
    const TypeCore& c = t.core();
    core->align = std::max(core->align, c.align);
    core->explicit_bounds = core->explicit_bounds || c.explicit_bounds;
    if (p.reps == 0 || p.inner == 0) continue;
    core->size += p.reps * p.inner * c.size;
    core->elements += p.reps * p.inner * c.elements;
    auto span = [](size_t n, std::ptrdiff_t s) { return static_cast<std::ptrdiff_t>(n - 1) * s; };
    std::ptrdiff_t a = span(p.reps, p.stride), b = span(p.inner, p.inner_stride);
    std::ptrdiff_t off_lo = p.disp + std::min<std::ptrdiff_t>(0, a) + std::min<std::ptrdiff_t>(0, b);
    std::ptrdiff_t off_hi = p.disp + std::max<std::ptrdiff_t>(0, a) + std::max<std::ptrdiff_t>(0, b);
    std::ptrdiff_t l = off_lo + t.lb(), u = off_hi + t.ub();
    lo = any ? std::min(lo, l) : l;
    hi = any ? std::max(hi, u) : u;
    any = true;
    if (c.size != 0) {
      std::ptrdiff_t tl = off_lo + t.true_lb(), tu = off_hi + t.true_lb() + t.true_extent();
      tlo = any_data ? std::min(tlo, tl) : tl;
      thi = any_data ? std::max(thi, tu) : tu;
      any_data = true;
      if (first_basic == nullptr)
        first_basic = &c;
      else if (c.basic != first_basic->basic || c.cls != first_basic->cls)
        uniform = false;
    }
    items.push_back({p.disp, p.reps, p.stride, p.inner, p.inner_stride, &c.program});
  }
  core->lb = lo;
  core->extent = hi - lo;
  core->true_lb = tlo;
  core->true_extent = thi - tlo;
  if (is_struct && !core->explicit_bounds && core->align > 1) {
    auto a = static_cast<std::ptrdiff_t>(core->align);
    core->extent = (core->extent + a - 1) / a * a;
  }
  if (uniform && first_basic != nullptr) {
    core->basic = first_basic->basic;
    core->cls = first_basic->cls;
  }
  core->program = typeengine::Program::compose(items);
  core->parts = std::move(parts);
  Datatype t;
  t.core_ = std::move(core);
  t.finish_properties();
  return t;
}

Datatype Datatype::from_blocks(std::vector<TypeBlock> blocks, std::ptrdiff_t lb, std::ptrdiff_t extent,
                               BasicType basic) {
  static const Datatype byte = predefined("MPI_BYTE", 1, BasicType::uint8, TypeClass::byte);
  std::vector<TypePart> parts;
  parts.reserve(blocks.size());
  for (const TypeBlock& b : blocks) parts.push_back({b.offset, 1, 0, b.length, 1, byte});
  Datatype t = resized(from_parts(std::move(parts), false), lb, extent);
  auto core = std::const_pointer_cast<TypeCore>(t.core_);
  core->basic = basic;
  core->cls = basic == BasicType::none ? TypeClass::other : TypeClass::byte;
  t.finish_properties();
  return t;
}

Datatype Datatype::contiguous(size_t count, const Datatype& old) {
  return from_parts({{0, 1, 0, count, old.extent(), old}}, false);
}

Datatype Datatype::vector(size_t count, size_t blocklength, std::ptrdiff_t stride_bytes, const Datatype& old) {
  return from_parts({{0, count, stride_bytes, blocklength, old.extent(), old}}, false);
}

Datatype Datatype::indexed(const std::vector<size_t>& blocklengths, const std::vector<std::ptrdiff_t>& displs,
                           const Datatype& old) {
  std::vector<TypePart> parts;
  parts.reserve(blocklengths.size());
  for (size_t i = 0; i < blocklengths.size(); ++i)
    parts.push_back({displs[i], 1, 0, blocklengths[i], old.extent(), old});
  return from_parts(std::move(parts), false);
}

Datatype Datatype::structure(const std::vector<size_t>& blocklengths, const std::vector<std::ptrdiff_t>& displs,
                             const std::vector<const Datatype*>& types) {
  std::vector<TypePart> parts;
  parts.reserve(blocklengths.size());
  for (size_t i = 0; i < blocklengths.size(); ++i)
    parts.push_back({displs[i], 1, 0, blocklengths[i], types[i]->extent(), *types[i]});
  return from_parts(std::move(parts), true);
}

Datatype Datatype::resized(const Datatype& old, std::ptrdiff_t lb, std::ptrdiff_t extent) {
  Datatype t = from_parts({{0, 1, 0, 1, 0, old}}, false);
  auto core = std::const_pointer_cast<TypeCore>(t.core_);  // not shared yet
  core->lb = lb;
  core->extent = extent;
  core->explicit_bounds = true;
  if (old.size() == 0) core->true_lb = core->true_extent = 0;
  t.finish_properties();
  return t;
}

Datatype Datatype::duplicate() const {
  Datatype t = *this;
  t.contents_.reset();
  t.handle_ = 0x0c000000;
  t.committed_ = committed();
  t.predefined_ = false;  // a dup of a predefined type is a derived handle
  return t;
}

const std::vector<TypeBlock>& Datatype::blocks() const {
  const TypeCore& c = *core_;
  std::call_once(c.blocks_once, [&c] {
    for (auto [off, len] : c.program.blocks()) c.blocks.push_back({off, len});
  });
  return c.blocks;
}

size_t Datatype::block_count() const { return core_->program.pieces(); }
size_t Datatype::elements() const { return core_->elements; }
size_t Datatype::program_footprint() const { return core_->program.footprint(); }

long long Datatype::elements_in(size_t bytes) const {
  const TypeCore& c = *core_;
  if (c.size == 0) return bytes == 0 ? 0 : -1;
  long long whole = static_cast<long long>(bytes / c.size) * static_cast<long long>(c.elements);
  size_t rem = bytes % c.size;
  if (rem == 0) return whole;
  if (c.parts.empty()) {
    if (c.pair_value_size != 0 && rem == c.pair_value_size) return whole + 1;
    return -1;
  }
  for (const TypePart& p : c.parts) {
    const TypeCore& ch = p.type.core();
    size_t part_bytes = p.reps * p.inner * ch.size;
    if (rem >= part_bytes) {
      whole += static_cast<long long>(p.reps * p.inner * ch.elements);
      rem -= part_bytes;
      continue;
    }
    // rem < part_bytes, so ch.size > 0
    whole += static_cast<long long>(rem / ch.size * ch.elements);
    long long tail = p.type.elements_in(rem % ch.size);
    return tail < 0 ? -1 : whole + tail;
  }
  return whole;
}

size_t Datatype::pack(const void* buf, size_t count, size_t offset, void* dst, size_t len) const {
  size_t total = size_ * count;
  if (offset >= total || len == 0) return 0;
  len = std::min(len, total - offset);
  if (contiguous_) {
    accel::copy(dst, static_cast<const std::byte*>(buf) + true_lb_ + static_cast<std::ptrdiff_t>(offset), len);
    return len;
  }
  return core_->program.pack(buf, count, extent_, offset, dst, len);
}

size_t Datatype::unpack(void* buf, size_t count, size_t offset, const void* src, size_t len) const {
  size_t total = size_ * count;
  if (offset >= total || len == 0) return 0;
  len = std::min(len, total - offset);
  if (contiguous_) {
    accel::copy(static_cast<std::byte*>(buf) + true_lb_ + static_cast<std::ptrdiff_t>(offset), src, len);
    return len;
  }
  return core_->program.unpack(buf, count, extent_, offset, src, len);
}

const TypeContents& Datatype::contents() const { return contents_ ? *contents_ : named_contents(); }
void Datatype::set_contents(TypeContents c) { contents_ = std::make_shared<const TypeContents>(std::move(c)); }

namespace {
void visit_elements(const Datatype& t, uintptr_t addr, size_t count, Datatype::ElementVisitor f, void* ctx) {
  const TypeCore& c = t.core();
  if (c.parts.empty()) {
    if (c.size == 0 || count == 0) return;
    if (t.extent() == static_cast<std::ptrdiff_t>(c.size) || count == 1) {
      f(ctx, addr, t, count);
      return;
    }
    for (size_t k = 0; k < count; ++k) f(ctx, addr + static_cast<uintptr_t>(k) * static_cast<uintptr_t>(t.extent()), t, 1);
    return;
  }
  for (size_t k = 0; k < count; ++k) {
    uintptr_t base = addr + static_cast<uintptr_t>(k) * static_cast<uintptr_t>(t.extent());
    for (const TypePart& p : c.parts) {
      for (size_t i = 0; i < p.reps; ++i) {
        uintptr_t b = base + static_cast<uintptr_t>(p.disp) + static_cast<uintptr_t>(i) * static_cast<uintptr_t>(p.stride);
        if (p.inner_stride == p.type.extent()) {
          visit_elements(p.type, b, p.inner, f, ctx);
        } else {
          for (size_t j = 0; j < p.inner; ++j)
            visit_elements(p.type, b + static_cast<uintptr_t>(j) * static_cast<uintptr_t>(p.inner_stride), 1, f, ctx);
        }
      }
    }
  }
}
}  // namespace

void Datatype::for_each_element(uintptr_t buf, size_t count, ElementVisitor f, void* ctx) const {
  visit_elements(*this, buf, count, f, ctx);
}

}  // namespace gyre
