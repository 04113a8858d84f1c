// Context-id agreement logic: N simulated processes, each with its own pool;
// an "agreement" over a subset ANDs their offers. Random nested/overlapping
// create and free cycles must never give two live communicators that share a
// member the same context id, and must never leak ids.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "runtime/context_id.h"

using gyre::ContextIdPool;

namespace {

struct Live {
  std::set<int> members;
  uint32_t context;
};

// Run one agreement among members (blocking, nothing else in flight).
int64_t agree(std::vector<ContextIdPool>& pools, const std::set<int>& members) {
  for (;;) {
    std::map<int, ContextIdPool::Mask> offers;
    ContextIdPool::Mask all;
    all.fill(~uint64_t{0});
    for (int p : members) {
      offers[p] = pools[static_cast<size_t>(p)].offer();
      for (size_t w = 0; w < all.size(); ++w) all[w] &= offers[p][w];
    }
    int64_t id = -1;
    bool retry = false;
    for (int p : members) {
      int64_t got = pools[static_cast<size_t>(p)].settle(offers[p], all, &retry);
      if (id >= 0) REQUIRE(got == id);
      id = got;
    }
    if (id >= 0 || !retry) return id;
  }
}

}  // namespace

TEST_CASE("context ids: world and self are reserved; pairs are even", "[context]") {
  ContextIdPool pool;
  REQUIRE_FALSE(pool.is_free(0));
  REQUIRE_FALSE(pool.is_free(2));
  REQUIRE(pool.free_pairs() == ContextIdPool::kPairs - 2);
  std::vector<ContextIdPool> pools(1);
  int64_t id = agree(pools, {0});
  REQUIRE(id == 4);
  pools[0].release(4);
  REQUIRE(agree(pools, {0}) == 4);  // freed ids are reused: 10 000 cycles never run out
}

TEST_CASE("context ids: 10000 random create/free cycles never collide or leak", "[context]") {
  const int n = 8;
  std::vector<ContextIdPool> pools(n);
  std::mt19937 rng(7);
  std::vector<Live> live;
  for (int step = 0; step < 10000; ++step) {
    if (!live.empty() && (rng() % 2 == 0 || live.size() > 300)) {
      size_t k = rng() % live.size();
      for (int p : live[k].members) pools[static_cast<size_t>(p)].release(live[k].context);
      live.erase(live.begin() + static_cast<long>(k));
      continue;
    }
    std::set<int> members;
    for (int p = 0; p < n; ++p)
      if (rng() % 2) members.insert(p);
    if (members.empty()) members.insert(static_cast<int>(rng() % n));
    int64_t id = agree(pools, members);
    REQUIRE(id >= 4);
    for (const Live& l : live) {
      bool share = false;
      for (int p : members) share = share || l.members.count(p);
      if (share) REQUIRE(l.context != static_cast<uint32_t>(id));
    }
    live.push_back({members, static_cast<uint32_t>(id)});
  }
  for (const Live& l : live)
    for (int p : l.members) pools[static_cast<size_t>(p)].release(l.context);
  for (auto& p : pools) REQUIRE(p.free_pairs() == ContextIdPool::kPairs - 2);
}

TEST_CASE("context ids: overlapping agreements are offered disjoint bits", "[context]") {
  // Process 0 is in two agreements at once (an idup and a dup): its two
  // offers must not share a bit, so the two results cannot collide.
  std::vector<ContextIdPool> pools(3);
  auto a0 = pools[0].offer();
  auto b0 = pools[0].offer();  // everything was handed to the first one
  for (size_t w = 0; w + 1 < a0.size(); ++w) REQUIRE((a0[w] & b0[w]) == 0);
  REQUIRE(b0.back() == 0);  // it withheld bits
  auto a1 = pools[1].offer();
  auto b2 = pools[2].offer();
  ContextIdPool::Mask ra, rb;
  for (size_t w = 0; w < ra.size(); ++w) {
    ra[w] = a0[w] & a1[w];
    rb[w] = b0[w] & b2[w];
  }
  bool retry = false;
  int64_t ida = pools[0].settle(a0, ra, &retry);
  pools[1].settle(a1, ra, &retry);
  REQUIRE(ida >= 4);
  int64_t idb = pools[0].settle(b0, rb, &retry);
  REQUIRE(idb == -1);
  REQUIRE(retry);  // b ran empty because bits were withheld: run it again
  pools[2].settle(b2, rb, &retry);
  auto b0again = pools[0].offer(), b2again = pools[2].offer();
  for (size_t w = 0; w < rb.size(); ++w) rb[w] = b0again[w] & b2again[w];
  idb = pools[0].settle(b0again, rb, &retry);
  REQUIRE(idb >= 4);
  REQUIRE(idb != ida);
}

TEST_CASE("context ids: exhaustion is reported, not retried forever", "[context]") {
  std::vector<ContextIdPool> pools(1);
  for (int i = 0; i < ContextIdPool::kPairs - 2; ++i) REQUIRE(agree(pools, {0}) >= 0);
  REQUIRE(agree(pools, {0}) == -1);
}
