// MPI_Dims_create and Cartesian arithmetic.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include "runtime/topology.h"

using gyre::dims_create;
using gyre::Topology;

namespace {
std::vector<int> dims(int n, std::vector<int> d) {
  REQUIRE_FALSE(dims_create(n, d).failed());
  return d;
}
}  // namespace

TEST_CASE("dims_create: balanced, non-increasing", "[topo]") {
  REQUIRE(dims(6, {0, 0}) == std::vector<int>{3, 2});
  REQUIRE(dims(6, {0, 3, 0}) == std::vector<int>{2, 3, 1});
  REQUIRE(dims(8, {0, 0, 0}) == std::vector<int>{2, 2, 2});
  REQUIRE(dims(12, {0, 0}) == std::vector<int>{4, 3});
  REQUIRE(dims(16, {0, 0, 0}) == std::vector<int>{4, 2, 2});
  REQUIRE(dims(1, {0, 0}) == std::vector<int>{1, 1});
  REQUIRE(dims(13, {0, 0}) == std::vector<int>{13, 1});
  REQUIRE(dims(36, {0, 0}) == std::vector<int>{6, 6});
  REQUIRE(dims(24, {0, 0, 0}) == std::vector<int>{4, 3, 2});
  REQUIRE(dims(4, {2, 0}) == std::vector<int>{2, 2});
  REQUIRE(dims(1000000, {0, 0, 0}) == std::vector<int>{100, 100, 100});
  std::vector<int> bad{0, 4};
  REQUIRE(dims_create(6, bad).cls() == gyre::ErrClass::dims);
  std::vector<int> neg{-1, 0};
  REQUIRE(dims_create(6, neg).cls() == gyre::ErrClass::dims);
}

TEST_CASE("dims_create: nnodes = 0 is MPI_ERR_DIMS, never a crash", "[topo]") {
  std::vector<int> free2{0, 0};
  REQUIRE(dims_create(0, free2).cls() == gyre::ErrClass::dims);
  REQUIRE(free2 == std::vector<int>{0, 0});  // untouched
  std::vector<int> mixed{3, 0};
  REQUIRE(dims_create(0, mixed).cls() == gyre::ErrClass::dims);
  std::vector<int> fixed{2, 2};
  REQUIRE(dims_create(0, fixed).cls() == gyre::ErrClass::dims);
  std::vector<int> none;
  REQUIRE(dims_create(0, none).cls() == gyre::ErrClass::dims);
}

TEST_CASE("dims_create: exhaustive check of balance for small n", "[topo]") {
  for (int n = 1; n <= 200; ++n)
    for (int k = 1; k <= 4; ++k) {
      std::vector<int> d(static_cast<size_t>(k), 0);
      REQUIRE_FALSE(dims_create(n, d).failed());
      long long p = 1;
      for (int x : d) p *= x;
      REQUIRE(p == n);
      REQUIRE(std::is_sorted(d.rbegin(), d.rend()));
      // No factorisation has a smaller spread.
      int best = n;
      std::function<void(int, int, int, int)> f = [&](int rest, int left, int cap, int top) {
        if (left == 0) {
          if (rest == 1) best = std::min(best, top);
          return;
        }
        for (int x = std::min(rest, cap); x >= 1; --x)
          if (rest % x == 0) f(rest / x, left - 1, x, left == 1 ? top - x : top);
      };
      for (int top = n; top >= 1; --top)
        if (n % top == 0) f(n / top, k - 1, top, k == 1 ? 0 : top);
      REQUIRE(d.front() - d.back() == best);
    }
}

TEST_CASE("cart: coords, rank and shifts with periodic and open dims", "[topo]") {
  auto t = Topology::cart({3, 4}, {1, 0}, 5);  // rank 5 = (1, 1)
  int c[2];
  t->coords(5, c);
  REQUIRE((c[0] == 1 && c[1] == 1));
  int r = -9;
  int wrap[2] = {-1, 2};
  REQUIRE_FALSE(t->rank_of(wrap, &r).failed());
  REQUIRE(r == 2 * 4 + 2);
  int off[2] = {0, 4};
  REQUIRE(t->rank_of(off, &r).cls() == gyre::ErrClass::rank);
  int src, dst;
  t->shift(0, 0, 1, &src, &dst);  // periodic: (0,0) -> from (2,0), to (1,0)
  REQUIRE((src == 8 && dst == 4));
  t->shift(0, 1, 1, &src, &dst);  // open: from PROC_NULL, to (0,1)
  REQUIRE((src == -1 && dst == 1));
  t->shift(3, 1, 1, &src, &dst);
  REQUIRE((src == 2 && dst == -1));
  REQUIRE(t->in_neighbors() == std::vector<int>{1, 9, 4, 6});
}
