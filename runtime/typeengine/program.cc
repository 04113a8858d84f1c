#include "runtime/typeengine/program.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "runtime/accel/accel.h"

namespace gyre::typeengine {

namespace {

inline uintptr_t advance(uintptr_t a, std::ptrdiff_t d) { return a + static_cast<uintptr_t>(d); }
inline uintptr_t advance(uintptr_t a, size_t i, std::ptrdiff_t stride) {
  return a + static_cast<uintptr_t>(i) * static_cast<uintptr_t>(stride);
}

// Pieces of one instance up to which a list of leaves counts as flat.
constexpr size_t kFlatPieces = 16;

size_t sat_mul(size_t a, size_t b) {
  if (a != 0 && b > std::numeric_limits<size_t>::max() / a) return std::numeric_limits<size_t>::max();
  return a * b;
}
size_t sat_add(size_t a, size_t b) {
  return a > std::numeric_limits<size_t>::max() - b ? std::numeric_limits<size_t>::max() : a + b;
}

// Strided gather/scatter of `count` blocks of B bytes, the packed side
// every `ostride` bytes (B for a plain gather): a fixed-size memcpy compiles
// to plain loads and stores.
template <size_t B>
void gather_fixed(std::byte* out, std::ptrdiff_t ostride, uintptr_t a, std::ptrdiff_t stride, size_t count) {
  for (size_t i = 0; i < count; ++i, out += ostride, a = advance(a, stride))
    std::memcpy(out, reinterpret_cast<const void*>(a), B);
}
template <size_t B>
void scatter_fixed(const std::byte* in, std::ptrdiff_t istride, uintptr_t a, std::ptrdiff_t stride, size_t count) {
  for (size_t i = 0; i < count; ++i, in += istride, a = advance(a, stride))
    std::memcpy(reinterpret_cast<void*>(a), in, B);
}

void gather(std::byte* out, std::ptrdiff_t ostride, uintptr_t a, std::ptrdiff_t stride, size_t bs, size_t count) {
  switch (bs) {
    case 1: return gather_fixed<1>(out, ostride, a, stride, count);
    case 2: return gather_fixed<2>(out, ostride, a, stride, count);
    case 4: return gather_fixed<4>(out, ostride, a, stride, count);
    case 8: return gather_fixed<8>(out, ostride, a, stride, count);
    case 12: return gather_fixed<12>(out, ostride, a, stride, count);
    case 16: return gather_fixed<16>(out, ostride, a, stride, count);
    case 24: return gather_fixed<24>(out, ostride, a, stride, count);
    case 32: return gather_fixed<32>(out, ostride, a, stride, count);
    case 48: return gather_fixed<48>(out, ostride, a, stride, count);
    case 64: return gather_fixed<64>(out, ostride, a, stride, count);
    default:
      for (size_t i = 0; i < count; ++i, out += ostride, a = advance(a, stride))
        std::memcpy(out, reinterpret_cast<const void*>(a), bs);
  }
}

void scatter(const std::byte* in, std::ptrdiff_t istride, uintptr_t a, std::ptrdiff_t stride, size_t bs,
             size_t count) {
  switch (bs) {
    case 1: return scatter_fixed<1>(in, istride, a, stride, count);
    case 2: return scatter_fixed<2>(in, istride, a, stride, count);
    case 4: return scatter_fixed<4>(in, istride, a, stride, count);
    case 8: return scatter_fixed<8>(in, istride, a, stride, count);
    case 12: return scatter_fixed<12>(in, istride, a, stride, count);
    case 16: return scatter_fixed<16>(in, istride, a, stride, count);
    case 24: return scatter_fixed<24>(in, istride, a, stride, count);
    case 32: return scatter_fixed<32>(in, istride, a, stride, count);
    case 48: return scatter_fixed<48>(in, istride, a, stride, count);
    case 64: return scatter_fixed<64>(in, istride, a, stride, count);
    default:
      for (size_t i = 0; i < count; ++i, in += istride, a = advance(a, stride))
        std::memcpy(reinterpret_cast<void*>(a), in, bs);
  }
}

// `count` whole instances of a flat node (entries es[0, n), all leaves),
// instances every `stride` bytes from a, packed instances every `size`
// bytes: each piece of the node is one strided copy over all instances.
template <class Copy>
void flat_pieces(const Entry* es, uint32_t n, size_t size, size_t count, uintptr_t a, std::ptrdiff_t stride,
                 Copy copy) {
  const auto ps = static_cast<std::ptrdiff_t>(size);
  for (uint32_t k = 0; k < n; ++k) {
    const Entry& x = es[k];
    for (size_t r = 0; r < x.reps; ++r)
      copy(x.prefix + r * x.child_size, ps, advance(advance(a, x.disp), r, x.stride), stride, x.child_size, count);
  }
}

// The generic form, for movers without a strided 2-D copy: instance by
// instance, piece by piece.
template <class Mover>
void flat_each(Mover& m, const Entry* es, uint32_t n, size_t count, uintptr_t a, std::ptrdiff_t stride) {
  for (size_t i = 0; i < count; ++i, a = advance(a, stride))
    for (uint32_t k = 0; k < n; ++k) m.strided(advance(a, es[k].disp), es[k].stride, es[k].child_size, es[k].reps);
}

// Movers: what the walk does with each piece. The stream side is a cursor.
struct HostPack {
  std::byte* out;
  void block(uintptr_t a, size_t n) {
    std::memcpy(out, reinterpret_cast<const void*>(a), n);
    out += n;
  }
  void strided(uintptr_t a, std::ptrdiff_t stride, size_t bs, size_t count) {
    gather(out, static_cast<std::ptrdiff_t>(bs), a, stride, bs, count);
    out += bs * count;
  }
  void flat(const Entry* es, uint32_t n, size_t size, size_t count, uintptr_t a, std::ptrdiff_t stride) {
    std::byte* o = out;
    flat_pieces(es, n, size, count, a, stride,
                [o](size_t at, std::ptrdiff_t ostride, uintptr_t src, std::ptrdiff_t sstride, size_t bs, size_t c) {
                  gather(o + at, ostride, src, sstride, bs, c);
                });
    out += size * count;
  }
};

struct HostUnpack {
  const std::byte* in;
  void block(uintptr_t a, size_t n) {
    std::memcpy(reinterpret_cast<void*>(a), in, n);
    in += n;
  }
  void strided(uintptr_t a, std::ptrdiff_t stride, size_t bs, size_t count) {
    scatter(in, static_cast<std::ptrdiff_t>(bs), a, stride, bs, count);
    in += bs * count;
  }
  void flat(const Entry* es, uint32_t n, size_t size, size_t count, uintptr_t a, std::ptrdiff_t stride) {
    const std::byte* i = in;
    flat_pieces(es, n, size, count, a, stride,
                [i](size_t at, std::ptrdiff_t istride, uintptr_t dst, std::ptrdiff_t dstride, size_t bs, size_t c) {
                  scatter(i + at, istride, dst, dstride, bs, c);
                });
    in += size * count;
  }
};

// Device-capable movers: every piece through accel::copy.
struct AccelPack {
  std::byte* out;
  void block(uintptr_t a, size_t n) {
    accel::copy(out, reinterpret_cast<const void*>(a), n);
    out += n;
  }
  void strided(uintptr_t a, std::ptrdiff_t stride, size_t bs, size_t count) {
    for (size_t i = 0; i < count; ++i, a = advance(a, stride)) block(a, bs);
  }
  void flat(const Entry* es, uint32_t n, size_t, size_t count, uintptr_t a, std::ptrdiff_t stride) {
    flat_each(*this, es, n, count, a, stride);
  }
};

struct AccelUnpack {
  const std::byte* in;
  void block(uintptr_t a, size_t n) {
    accel::copy(reinterpret_cast<void*>(a), in, n);
    in += n;
  }
  void strided(uintptr_t a, std::ptrdiff_t stride, size_t bs, size_t count) {
    for (size_t i = 0; i < count; ++i, a = advance(a, stride)) block(a, bs);
  }
  void flat(const Entry* es, uint32_t n, size_t, size_t count, uintptr_t a, std::ptrdiff_t stride) {
    flat_each(*this, es, n, count, a, stride);
  }
};

struct BlockCollector {
  std::vector<std::pair<std::ptrdiff_t, size_t>> blocks;
  void block(uintptr_t a, size_t n) {
    auto off = static_cast<std::ptrdiff_t>(a);
    if (n == 0) return;
    if (!blocks.empty() && blocks.back().first + static_cast<std::ptrdiff_t>(blocks.back().second) == off)
      blocks.back().second += n;
    else
      blocks.emplace_back(off, n);
  }
  void strided(uintptr_t a, std::ptrdiff_t stride, size_t bs, size_t count) {
    for (size_t i = 0; i < count; ++i, a = advance(a, stride)) block(a, bs);
  }
  void flat(const Entry* es, uint32_t n, size_t, size_t count, uintptr_t a, std::ptrdiff_t stride) {
    flat_each(*this, es, n, count, a, stride);
  }
};

}  // namespace

Program Program::leaf(size_t bytes) {
  Program p;
  p.root_ = p.add_leaf(bytes);
  p.pieces_ = 1;
  return p;
}

uint32_t Program::add_leaf(size_t bytes) {
  nodes_.push_back(Node{bytes, 0, 0});
  return static_cast<uint32_t>(nodes_.size() - 1);
}

uint32_t Program::import(const Program& p) { return import_node(p, p.root_); }

// Copy only the nodes reachable from `node` (simplification leaves some
// behind), so programs of deeply nested types stay compact.
uint32_t Program::import_node(const Program& p, uint32_t node) {
  const Node& src = p.nodes_[node];
  if (src.n == 0) return add_leaf(src.size);
  std::vector<Entry> es(p.entries_.begin() + src.first, p.entries_.begin() + src.first + src.n);
  for (Entry& e : es) e.child = import_node(p, e.child);
  Node n = src;
  n.first = static_cast<uint32_t>(entries_.size());
  entries_.insert(entries_.end(), es.begin(), es.end());
  nodes_.push_back(n);
  return static_cast<uint32_t>(nodes_.size() - 1);
}

// Normalize one entry: drop empty ones, hoist single-entry children, fold
// loops that tile, turn dense repeats of a leaf into one longer leaf.
// Returns false when the entry copies nothing.
bool Program::simplify(Raw& e) {
  for (;;) {
    if (e.reps == 0 || nodes_[e.child].size == 0) return false;
    if (e.reps == 1) e.stride = 0;
    const Node& ch = nodes_[e.child];
    if (ch.n == 1) {
      const Entry& ce = entries_[ch.first];
      if (e.reps == 1) {
        e = Raw{e.disp + ce.disp, ce.child, ce.reps, ce.stride};
        continue;
      }
      if (ce.reps == 1) {
        e = Raw{e.disp + ce.disp, ce.child, e.reps, e.stride};
        continue;
      }
      if (ce.reps > 1 && static_cast<std::ptrdiff_t>(ce.reps) * ce.stride == e.stride) {
        e = Raw{e.disp + ce.disp, ce.child, e.reps * ce.reps, ce.stride};
        continue;
      }
    }
    if (ch.n == 0 && e.reps > 1 && e.stride == static_cast<std::ptrdiff_t>(ch.size)) {
      e = Raw{e.disp, add_leaf(e.reps * ch.size), 1, 0};
      continue;
    }
    return true;
  }
}

uint32_t Program::add_list(std::vector<Raw> raws) {
  std::vector<Raw> out;
  out.reserve(raws.size());
  for (Raw e : raws) {
    if (!simplify(e)) continue;
    if (!out.empty()) {
      Raw& p = out.back();
      const Node& pc = nodes_[p.child];
      const Node& ec = nodes_[e.child];
      if (pc.n == 0 && ec.n == 0 && e.reps == 1) {
        // Adjacent single blocks merge into one.
        if (p.reps == 1 && p.disp + static_cast<std::ptrdiff_t>(pc.size) == e.disp) {
          p.child = add_leaf(pc.size + ec.size);
          continue;
        }
        // Equal blocks at a regular distance become (or extend) a vector.
        if (pc.size == ec.size) {
          if (p.reps == 1 && e.disp != p.disp) {
            p.reps = 2;
            p.stride = e.disp - p.disp;
            continue;
          }
          if (p.reps > 1 && e.disp == p.disp + static_cast<std::ptrdiff_t>(p.reps) * p.stride) {
            ++p.reps;
            continue;
          }
        }
      }
    }
    out.push_back(e);
  }
  if (out.empty()) return add_leaf(0);
  if (out.size() == 1 && out[0].disp == 0 && out[0].reps == 1) return out[0].child;
  Node node;
  node.first = static_cast<uint32_t>(entries_.size());
  node.n = static_cast<uint32_t>(out.size());
  size_t prefix = 0;
  for (const Raw& r : out) {
    Entry e;
    e.disp = r.disp;
    e.stride = r.stride;
    e.reps = r.reps;
    e.child = r.child;
    e.child_size = nodes_[r.child].size;
    e.leaf = nodes_[r.child].n == 0;
    e.flat_child = nodes_[r.child].flat;
    e.prefix = prefix;
    prefix += r.reps * e.child_size;
    entries_.push_back(e);
  }
  node.size = prefix;
  size_t pieces = 0;
  node.flat = true;
  for (uint32_t k = 0; k < node.n && node.flat; ++k) {
    const Entry& e = entries_[node.first + k];
    pieces += e.reps;
    node.flat = e.leaf && pieces <= kFlatPieces;
  }
  nodes_.push_back(node);
  return static_cast<uint32_t>(nodes_.size() - 1);
}

size_t Program::count_pieces(uint32_t node) const {
  const Node& nd = nodes_[node];
  if (nd.n == 0) return nd.size == 0 ? 0 : 1;
  size_t total = 0;
  for (uint32_t i = 0; i < nd.n; ++i) {
    const Entry& e = entries_[nd.first + i];
    total = sat_add(total, sat_mul(e.reps, count_pieces(e.child)));
  }
  return total;
}

Program Program::compose(const std::vector<Item>& items) {
  Program p;
  std::vector<Raw> raws;
  raws.reserve(items.size());
  for (const Item& it : items) {
    uint32_t c = p.import(*it.child);
    if (it.reps == 1) {
      raws.push_back(Raw{it.disp, c, it.inner, it.inner_stride});
      continue;
    }
    uint32_t group = p.add_list({Raw{0, c, it.inner, it.inner_stride}});
    raws.push_back(Raw{it.disp, group, it.reps, it.stride});
  }
  p.root_ = p.add_list(std::move(raws));
  // Keep only what the root reaches.
  Program q;
  q.root_ = q.import(p);
  q.pieces_ = q.count_pieces(q.root_);
  return q;
}

template <class Mover>
size_t Program::walk_entry(const Entry& e, uintptr_t base, size_t within, size_t len, Mover& m) const {
  const size_t cs = e.child_size;
  size_t i = within / cs;
  size_t off = within % cs;
  uintptr_t b = advance(advance(base, e.disp), i, e.stride);
  size_t done = 0;
  if (e.leaf) {
    if (off != 0) {
      size_t n = std::min(cs - off, len);
      m.block(b + off, n);
      done = n;
      if (done == len) return done;
      ++i;
      b = advance(b, e.stride);
    }
    size_t full = std::min(e.reps - i, (len - done) / cs);
    if (full != 0) {
      m.strided(b, e.stride, cs, full);
      done += full * cs;
      i += full;
      b = advance(b, full, e.stride);
    }
    if (i < e.reps && done < len) {
      size_t n = std::min(len - done, cs);
      m.block(b, n);
      done += n;
    }
    return done;
  }
  if (e.flat_child) {
    // Whole instances of a flat child at once; a partial first or last
    // instance through the general walk.
    if (off != 0) {
      done = walk(e.child, b, off, len, m);
      if (done == len) return done;
      ++i;
      b = advance(b, e.stride);
    }
    size_t full = std::min(e.reps - i, (len - done) / cs);
    if (full != 0) {
      const Node& ch = nodes_[e.child];
      m.flat(&entries_[ch.first], ch.n, cs, full, b, e.stride);
      done += full * cs;
      i += full;
      b = advance(b, full, e.stride);
    }
    if (i < e.reps && done < len) done += walk(e.child, b, 0, len - done, m);
    return done;
  }
  for (; i < e.reps && done < len; ++i, b = advance(b, e.stride)) {
    done += walk(e.child, b, off, len - done, m);
    off = 0;
  }
  return done;
}

template <class Mover>
size_t Program::walk(uint32_t node, uintptr_t base, size_t skip, size_t len, Mover& m) const {
  const Node& nd = nodes_[node];
  if (nd.n == 0) {
    size_t n = std::min(len, nd.size - skip);
    m.block(base + skip, n);
    return n;
  }
  const Entry* e = &entries_[nd.first];
  const Entry* end = e + nd.n;
  if (skip != 0 && nd.n > 1)
    e = std::upper_bound(e, end, skip, [](size_t s, const Entry& x) { return s < x.prefix; }) - 1;
  size_t within = skip - e->prefix;
  size_t done = 0;
  for (; e != end && done < len; ++e) {
    done += walk_entry(*e, base, within, len - done, m);
    within = 0;
  }
  return done;
}

template <class Mover>
size_t Program::walk_top(uintptr_t base, size_t count, std::ptrdiff_t extent, size_t offset, size_t len,
                         Mover& m) const {
  const Node& r = nodes_[root_];
  if (r.size == 0 || count == 0) return 0;
  Entry top;
  top.disp = 0;
  top.stride = extent;
  top.reps = count;
  top.child = root_;
  top.child_size = r.size;
  top.leaf = r.n == 0;
  top.flat_child = r.flat;
  return walk_entry(top, base, offset, len, m);
}

size_t Program::pack(const void* buf, size_t count, std::ptrdiff_t extent, size_t offset, void* dst,
                     size_t len) const {
  auto base = reinterpret_cast<uintptr_t>(buf);
  if (!accel::device_backend_active()) {
    HostPack m{static_cast<std::byte*>(dst)};
    return walk_top(base, count, extent, offset, len, m);
  }
  AccelPack m{static_cast<std::byte*>(dst)};
  return walk_top(base, count, extent, offset, len, m);
}

size_t Program::unpack(void* buf, size_t count, std::ptrdiff_t extent, size_t offset, const void* src,
                       size_t len) const {
  auto base = reinterpret_cast<uintptr_t>(buf);
  if (!accel::device_backend_active()) {
    HostUnpack m{static_cast<const std::byte*>(src)};
    return walk_top(base, count, extent, offset, len, m);
  }
  AccelUnpack m{static_cast<const std::byte*>(src)};
  return walk_top(base, count, extent, offset, len, m);
}

std::vector<std::pair<std::ptrdiff_t, size_t>> Program::blocks() const {
  BlockCollector c;
  walk_top(0, 1, 0, 0, size(), c);
  return std::move(c.blocks);
}

}  // namespace gyre::typeengine
