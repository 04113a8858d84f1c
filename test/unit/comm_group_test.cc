// Group algebra against a brute-force model (plain vectors), randomized,
// and the compactness of world-sized groups.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "runtime/group.h"

using gyre::Group;
using Model = std::vector<int>;

namespace {

bool has(const Model& m, int w) { return std::find(m.begin(), m.end(), w) != m.end(); }

Model model_union(const Model& a, const Model& b) {
  Model r = a;
  for (int w : b)
    if (!has(a, w)) r.push_back(w);
  return r;
}
Model model_intersection(const Model& a, const Model& b) {
  Model r;
  for (int w : a)
    if (has(b, w)) r.push_back(w);
  return r;
}
Model model_difference(const Model& a, const Model& b) {
  Model r;
  for (int w : a)
    if (!has(b, w)) r.push_back(w);
  return r;
}

// A random group of distinct world ranks below `world`, sometimes strided runs.
Model random_model(std::mt19937& rng, int world) {
  Model all(static_cast<size_t>(world));
  for (int i = 0; i < world; ++i) all[static_cast<size_t>(i)] = i;
  int kind = static_cast<int>(rng() % 3);
  if (kind == 0) {
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(rng() % (world + 1));
    return all;
  }
  if (kind == 1) {  // a strided slice, maybe reversed
    int stride = 1 + static_cast<int>(rng() % 4), first = static_cast<int>(rng() % world);
    Model m;
    for (int w = first; w < world; w += stride) m.push_back(w);
    if (rng() % 2) std::reverse(m.begin(), m.end());
    return m;
  }
  Model m;  // a few runs
  for (int w = 0; w < world; ++w)
    if ((w / 5) % 2 == static_cast<int>(rng() % 2)) m.push_back(w);
  return m;
}

void check_same(const Group& g, const Model& m) {
  REQUIRE(g.size() == static_cast<int>(m.size()));
  REQUIRE(g.world_ranks() == m);
  for (int r = 0; r < g.size(); ++r) REQUIRE(g.world_rank(r) == m[static_cast<size_t>(r)]);
  for (int w = -1; w < 70; ++w) {
    auto it = std::find(m.begin(), m.end(), w);
    REQUIRE(g.rank_of_world(w) == (it == m.end() ? -1 : static_cast<int>(it - m.begin())));
  }
}

}  // namespace

TEST_CASE("group: world-sized groups cost O(1) memory", "[group]") {
  Group small = Group::range(4);
  Group huge = Group::range(100000);
  Group giant = Group::range(10000000);
  REQUIRE(huge.runs().size() == 1);
  REQUIRE(huge.memory_bytes() == small.memory_bytes());
  REQUIRE(giant.memory_bytes() == small.memory_bytes());
  REQUIRE(huge.memory_bytes() < 256);
  REQUIRE(huge.world_rank(99999) == 99999);
  REQUIRE(huge.rank_of_world(54321) == 54321);
  REQUIRE(huge.rank_of_world(100000) == -1);
  // Building a world-sized group from an explicit list compresses it too.
  std::vector<int> list(100000);
  for (int i = 0; i < 100000; ++i) list[static_cast<size_t>(i)] = i;
  REQUIRE(Group(list).runs().size() == 1);
  // Even ranks of the world (a split by parity) stay one strided run.
  Group even;
  std::vector<int> ranks;
  for (int i = 0; i < 100000; i += 2) ranks.push_back(i);
  REQUIRE(Group::incl(huge, ranks, &even).failed() == false);
  REQUIRE(even.runs().size() == 1);
  REQUIRE(even.memory_bytes() == small.memory_bytes());
  REQUIRE(Group::difference(huge, even).runs().size() == 1);
}

TEST_CASE("group: algebra matches the brute-force model", "[group]") {
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 400; ++iter) {
    int world = 1 + static_cast<int>(rng() % 64);
    Model ma = random_model(rng, world), mb = random_model(rng, world);
    Group a(ma), b(mb);
    check_same(a, ma);
    check_same(b, mb);
    check_same(Group::set_union(a, b), model_union(ma, mb));
    check_same(Group::intersection(a, b), model_intersection(ma, mb));
    check_same(Group::difference(a, b), model_difference(ma, mb));

    // incl / excl with a random subset in random order.
    Model idx(ma.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
    std::shuffle(idx.begin(), idx.end(), rng);
    idx.resize(rng() % (ma.size() + 1));
    Group inc, exc;
    REQUIRE_FALSE(Group::incl(a, idx, &inc).failed());
    Model minc, mexc;
    for (int r : idx) minc.push_back(ma[static_cast<size_t>(r)]);
    check_same(inc, minc);
    REQUIRE_FALSE(Group::excl(a, idx, &exc).failed());
    for (size_t r = 0; r < ma.size(); ++r)
      if (std::find(idx.begin(), idx.end(), static_cast<int>(r)) == idx.end()) mexc.push_back(ma[r]);
    check_same(exc, mexc);

    // compare
    Model shuffled = ma;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    auto cmp = Group::compare(a, Group(shuffled));
    REQUIRE(cmp == (shuffled == ma ? Group::Comparison::ident : Group::Comparison::similar));
    if (ma != mb) {
      bool same_set = ma.size() == mb.size() && std::is_permutation(ma.begin(), ma.end(), mb.begin());
      REQUIRE(Group::compare(a, b) == (same_set ? Group::Comparison::similar : Group::Comparison::unequal));
    }

    // range_incl / range_excl with one random triplet.
    if (!ma.empty()) {
      int n = static_cast<int>(ma.size());
      int first = static_cast<int>(rng() % n), last = static_cast<int>(rng() % n);
      int stride = 1 + static_cast<int>(rng() % 3);
      if (last < first) stride = -stride;
      int triplet[3] = {first, last, stride};
      Model ranks;
      for (int r = first; stride > 0 ? r <= last : r >= last; r += stride) ranks.push_back(r);
      Group ri, re;
      REQUIRE_FALSE(Group::range_incl(a, triplet, &ri).failed());
      Model mri, mre;
      for (int r : ranks) mri.push_back(ma[static_cast<size_t>(r)]);
      check_same(ri, mri);
      REQUIRE_FALSE(Group::range_excl(a, triplet, &re).failed());
      for (int r = 0; r < n; ++r)
        if (std::find(ranks.begin(), ranks.end(), r) == ranks.end()) mre.push_back(ma[static_cast<size_t>(r)]);
      check_same(re, mre);
    }
  }
}

TEST_CASE("group: bad ranks are rejected with the right class", "[group]") {
  Group g = Group::range(5), out;
  int dup[] = {1, 2, 1};
  REQUIRE(Group::incl(g, dup, &out).cls() == gyre::ErrClass::rank);
  int high[] = {0, 5};
  REQUIRE(Group::incl(g, high, &out).cls() == gyre::ErrClass::rank);
  int neg[] = {-1};
  REQUIRE(Group::excl(g, neg, &out).cls() == gyre::ErrClass::rank);
  int zero_stride[] = {0, 4, 0};
  REQUIRE(Group::range_incl(g, zero_stride, &out).cls() == gyre::ErrClass::arg);
  int wrong_way[] = {4, 0, 1};
  REQUIRE(Group::range_incl(g, wrong_way, &out).cls() == gyre::ErrClass::arg);
  int overlap[] = {0, 2, 1, 2, 4, 1};
  REQUIRE(Group::range_excl(g, overlap, &out).cls() == gyre::ErrClass::rank);
  int outside[] = {0, 7, 1};
  REQUIRE(Group::range_incl(g, outside, &out).cls() == gyre::ErrClass::rank);
}

TEST_CASE("group: standard's order rules on a worked example", "[group]") {
  Group a(std::vector<int>{5, 1, 3}), b(std::vector<int>{3, 7, 1, 9});
  REQUIRE(Group::set_union(a, b).world_ranks() == std::vector<int>{5, 1, 3, 7, 9});
  REQUIRE(Group::intersection(a, b).world_ranks() == std::vector<int>{1, 3});
  REQUIRE(Group::intersection(b, a).world_ranks() == std::vector<int>{3, 1});
  REQUIRE(Group::difference(b, a).world_ranks() == std::vector<int>{7, 9});
  REQUIRE(Group::set_union(Group(), Group()).empty());
}

// MPI_COMM_TYPE_HW_GUIDED colours (runtime/comm.h): node ids of any size and
// resource indices of any size stay distinct and never overflow (the old
// node * 65536 + index overflowed int from node 32768 and let index 65536 of
// node n collide with index 0 of node n + 1).
#include "runtime/comm.h"

TEST_CASE("hw_guided_colour: distinct for large node ids and indices", "[comm]") {
  using gyre::hw_guided_colour;
  static_assert(hw_guided_colour(40000, 3) != hw_guided_colour(40001, 3));  // constexpr: UB would not compile
  REQUIRE(hw_guided_colour(0, 65536) != hw_guided_colour(1, 0));
  REQUIRE(hw_guided_colour(32768, 0) != hw_guided_colour(0, 0));
  REQUIRE(hw_guided_colour(2147483647, 2147483647) != hw_guided_colour(2147483646, 2147483647));
  std::vector<uint64_t> seen;
  for (int node : {0, 1, 2, 32767, 32768, 65535, 65536, 1 << 20, 2147483647})
    for (int index : {0, 1, 65535, 65536, 1 << 24, 2147483647}) seen.push_back(hw_guided_colour(node, index));
  std::sort(seen.begin(), seen.end());
  REQUIRE(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
}
