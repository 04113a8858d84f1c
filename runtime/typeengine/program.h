// The datatype engine's compiled form of a type: a compact loop nest.
//
// A Program is a small tree of nodes kept in two flat arrays. A node is
// either a leaf (`size` contiguous bytes at offset 0) or a list of entries;
// an entry places `reps` copies of a child node at disp, disp + stride, ...
// A vector of a million blocks is one entry, not a million; struct and
// indexed types are lists; nested vectors are nested entries. Building a
// program merges contiguous runs (adjacent blocks, vectors whose stride
// equals the block size, vectors of vectors that tile) so the copy loops
// are as long as the layout allows.
//
// pack/unpack copy any byte range [offset, offset+len) of the packed stream
// of `count` elements: the walk seeks to `offset` in O(depth * log(entries))
// and then copies piece by piece, so the pml can pipeline a large message in
// segments without a full temporary copy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gyre::typeengine {

struct Node {
  size_t size = 0;     // packed bytes of one instance
  uint32_t first = 0;  // entries [first, first + n)
  uint32_t n = 0;      // 0: a leaf
  // A list whose entries are all leaves, with few pieces in all (a struct
  // of scalars, a short indexed type): runs of whole instances are copied a
  // piece at a time for all instances at once (Mover::flat), not by
  // walking each instance.
  bool flat = false;
};

struct Entry {
  std::ptrdiff_t disp = 0;
  std::ptrdiff_t stride = 0;
  size_t reps = 0;
  size_t child_size = 0;  // nodes[child].size, kept here for the walk
  size_t prefix = 0;      // stream offset of this entry within its node
  uint32_t child = 0;
  bool leaf = false;      // nodes[child] is a leaf
  bool flat_child = false;  // nodes[child].flat
};

class Program {
 public:
  // `bytes` contiguous bytes at offset 0 (a predefined type).
  static Program leaf(size_t bytes);

  // One constructor argument: `inner` copies of `child` every inner_stride
  // bytes form a group; `reps` groups every `stride` bytes, at `disp`.
  struct Item {
    std::ptrdiff_t disp = 0;
    size_t reps = 1;
    std::ptrdiff_t stride = 0;
    size_t inner = 1;
    std::ptrdiff_t inner_stride = 0;
    const Program* child = nullptr;
  };
  // A program whose stream is the items' streams in order.
  static Program compose(const std::vector<Item>& items);

  size_t size() const { return nodes_[root_].size; }
  // Contiguous pieces one element is copied in (saturates at SIZE_MAX).
  size_t pieces() const { return pieces_; }
  // Nodes + entries: what the program costs in memory.
  size_t footprint() const { return nodes_.size() + entries_.size(); }

  // Stream bytes [offset, offset + len) of count elements at buf (elements
  // every `extent` bytes) to dst; returns bytes copied. Caller clips len.
  size_t pack(const void* buf, size_t count, std::ptrdiff_t extent, size_t offset, void* dst, size_t len) const;
  size_t unpack(void* buf, size_t count, std::ptrdiff_t extent, size_t offset, const void* src, size_t len) const;

  // Every contiguous block of one element in stream order, as (offset, bytes)
  // pairs; adjacent blocks merged.
  std::vector<std::pair<std::ptrdiff_t, size_t>> blocks() const;

  template <class Mover>
  size_t walk_top(uintptr_t base, size_t count, std::ptrdiff_t extent, size_t offset, size_t len, Mover& m) const;

 private:
  struct Raw {
    std::ptrdiff_t disp;
    uint32_t child;
    size_t reps;
    std::ptrdiff_t stride;
  };
  uint32_t import(const Program& p);
  uint32_t import_node(const Program& p, uint32_t node);
  uint32_t add_leaf(size_t bytes);
  bool simplify(Raw& e);
  uint32_t add_list(std::vector<Raw> raws);
  size_t count_pieces(uint32_t node) const;

  template <class Mover>
  size_t walk(uint32_t node, uintptr_t base, size_t skip, size_t len, Mover& m) const;
  template <class Mover>
  size_t walk_entry(const Entry& e, uintptr_t base, size_t within, size_t len, Mover& m) const;

  std::vector<Node> nodes_;
  std::vector<Entry> entries_;
  uint32_t root_ = 0;
  size_t pieces_ = 1;
};

}  // namespace gyre::typeengine
