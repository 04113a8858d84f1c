// A group: an ordered set of world ranks, stored compactly as a list of
// strided runs (first, stride, count). MPI_COMM_WORLD's group of any size is
// one run; the groups that splits and includes produce are usually a few
// runs, so no communicator pays an array of world ranks. Groups are
// immutable once built; the algebra (union, incl, ...) builds new ones.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/error.h"

namespace gyre {

class Group {
 public:
  struct Run {
    int first;   // world rank of the run's first member
    int stride;  // difference between consecutive members (never 0 unless count == 1)
    int count;
  };

  Group() = default;
  // From an explicit list (compressed into runs).
  explicit Group(std::span<const int> world_ranks);
  explicit Group(const std::vector<int>& world_ranks) : Group(std::span<const int>(world_ranks)) {}
  // 0..n-1 (the world group): one run, whatever n is.
  static Group range(int n);
  static Group strided(int first, int stride, int count);

  int size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The world rank of group rank `rank`, or -1 when out of range. Inline for
  // a group of one run (the world, contiguous splits): every send asks.
  int world_rank(int rank) const {
    if (one_run_ && static_cast<unsigned>(rank) < static_cast<unsigned>(size_)) [[likely]]
      return first_ + rank * stride_;
    return world_rank_in_runs(rank);
  }
  // The group rank of a world rank, or -1 when it is not a member.
  int rank_of_world(int world) const;
  // The whole list (O(size) memory; for algebra and tests, not hot paths).
  std::vector<int> world_ranks() const;
  const std::vector<Run>& runs() const { return runs_; }
  // Bytes this group occupies (O(runs), plus the lazy index for scattered groups).
  size_t memory_bytes() const;

  bool operator==(const Group& o) const;  // same members in the same order

  // MPI group algebra (MPI-4 §7.3.2). Order rules are the standard's:
  // union = a, then b's members not in a (in b's order); intersection and
  // difference keep a's order; incl/range_incl follow the given ranks.
  static Group set_union(const Group& a, const Group& b);
  static Group intersection(const Group& a, const Group& b);
  static Group difference(const Group& a, const Group& b);
  // Errors name the bad argument: MPI_ERR_RANK for out-of-range ranks,
  // MPI_ERR_RANK/ARG for duplicates, MPI_ERR_ARG for bad counts/strides.
  static Error incl(const Group& g, std::span<const int> ranks, Group* out);
  static Error excl(const Group& g, std::span<const int> ranks, Group* out);
  // ranges: (first, last, stride) triplets.
  static Error range_incl(const Group& g, std::span<const int> ranges, Group* out);
  static Error range_excl(const Group& g, std::span<const int> ranges, Group* out);

  enum class Comparison { ident, similar, unequal };
  static Comparison compare(const Group& a, const Group& b);

 private:
  void append(int world);
  void finish();
  int run_of(int rank) const;
  int world_rank_in_runs(int rank) const;
  void build_index();

  std::vector<Run> runs_;
  std::vector<int> offsets_;  // group rank of each run's first member
  int size_ = 0;
  // runs_[0] copied for the inline world_rank() when it is the only run.
  bool one_run_ = false;
  int first_ = 0;
  int stride_ = 0;
  // Sorted (world, rank) pairs, only for scattered groups (many runs).
  std::vector<std::pair<int, int>> index_;
};

}  // namespace gyre
