// The shm collectives with threads as the ranks of one communicator: each
// thread maps the segment itself (as a process would) and runs long mixed
// sequences with rotating roots, so roots run ahead of their readers and
// every slot is reused; results are checked against serial references.
// Waiting needs no progress engine here (ShmComm yields without one).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <barrier>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "runtime/op.h"
#include "runtime/progress.h"
#include "test/unit/btl_recording_transport.h"
#include "test/unit/coll_test_types.h"

using namespace gyre;
using namespace gyre::coll;
using gyre::test::op_sum;
using gyre::test::t_int;

namespace {

// x -> 3x + r composed in rank order, on int32: associative, not commutative.
// inout = in (op) inout means "in first, then inout": (a, b) -> b(a(x)).
const Datatype& t_affine() {
  static Datatype t = Datatype::from_blocks({{0, 8}}, 0, 8, BasicType::none);
  return t;
}
const Op& op_compose() {
  static Op o = Op::user(
      [](const void* in, void* inout, size_t n, const Datatype&) {
        const auto* f = static_cast<const int32_t*>(in);
        auto* g = static_cast<int32_t*>(inout);
        for (size_t i = 0; i < n; ++i) {  // g(f(x)) = g.m (f.m x + f.c) + g.c
          g[2 * i + 1] = g[2 * i] * f[2 * i + 1] + g[2 * i + 1];
          g[2 * i] = g[2 * i] * f[2 * i];
        }
      },
      false);
  return o;
}

// Rank 0's bytes to all, and everyone's to all, through shared memory and a barrier.
struct Exchange {
  explicit Exchange(int n) : sync(n), buf(4096) {}
  std::barrier<> sync;
  std::vector<std::byte> buf;
};

class ThreadBootstrap final : public shm::Bootstrap {
 public:
  ThreadBootstrap(Exchange& x, int rank, int size) : x_(x), rank_(rank), size_(size) {}
  Error bcast(void* buf, size_t n) override {
    if (rank_ == 0) std::memcpy(x_.buf.data(), buf, n);
    x_.sync.arrive_and_wait();
    if (rank_ != 0) std::memcpy(buf, x_.buf.data(), n);
    x_.sync.arrive_and_wait();
    return Error::ok();
  }
  Error allgather(const void* mine, void* all, size_t n) override {
    std::memcpy(x_.buf.data() + static_cast<size_t>(rank_) * n, mine, n);
    x_.sync.arrive_and_wait();
    std::memcpy(all, x_.buf.data(), static_cast<size_t>(size_) * n);
    x_.sync.arrive_and_wait();
    return Error::ok();
  }

 private:
  Exchange& x_;
  int rank_, size_;
};

CollArgs args(CollOp op, int rank, int n, int root, size_t count, const Datatype& t) {
  CollArgs a;
  a.op = op;
  a.rank = rank;
  a.size = n;
  a.root = root;
  a.count = count;
  a.type = &t;
  a.rcount = count;
  a.rtype = &t;
  return a;
}

// One rank's whole test sequence; failures are counted, not thrown (threads).
void run_rank(shm::ShmComm& c, int me, int n, std::atomic<int>& arrived, std::atomic<int>& failures) {
  auto check = [&](bool ok) {
    if (!ok) failures.fetch_add(1);
  };
  std::vector<int32_t> v(64 * 8), r(64 * 8);
  for (int it = 0; it < 200; ++it) {
    int root = it % n;
    size_t count = 1 + static_cast<size_t>(it) % 13;
    for (size_t i = 0; i < count; ++i) v[i] = me == root ? it * 100 + static_cast<int>(i) : -1;
    shm::bcast(c, args(CollOp::bcast, me, n, root, count, t_int()), {nullptr, v.data(), nullptr, nullptr});
    for (size_t i = 0; i < count; ++i) check(v[i] == it * 100 + static_cast<int>(i));

    for (size_t i = 0; i < count; ++i) v[i] = me + it + static_cast<int>(i);
    int rroot = (root + 1) % n;
    shm::reduce(c, args(CollOp::reduce, me, n, rroot, count, t_int()), {v.data(), r.data(), &op_sum(), &t_int()});
    if (me == rroot)
      for (size_t i = 0; i < count; ++i) check(r[i] == n * (n - 1) / 2 + n * (it + static_cast<int>(i)));

    shm::gather(c, args(CollOp::gather, me, n, root, count, t_int()), {v.data(), r.data(), nullptr, nullptr});
    if (me == root)
      for (int q = 0; q < n; ++q)
        for (size_t i = 0; i < count; ++i) check(r[q * count + i] == q + it + static_cast<int>(i));

    if (it % 4 == 0) {
      arrived.fetch_add(1);
      shm::barrier(c, args(CollOp::barrier, me, n, 0, 0, t_int()), {});
      check(arrived.load() >= n * (it / 4 + 1));  // nobody leaves before all arrived
      shm::allreduce(c, args(CollOp::allreduce, me, n, 0, count, t_int()), {v.data(), r.data(), &op_sum(), &t_int()});
      for (size_t i = 0; i < count; ++i) check(r[i] == n * (n - 1) / 2 + n * (it + static_cast<int>(i)));
    }
  }
  // Non-commutative: (x -> 3x + q) composed for q = 0 .. n-1 in rank order.
  int32_t f[2] = {3, me}, expect[2] = {1, 0};
  for (int q = 0; q < n; ++q) expect[1] = 3 * expect[1] + q, expect[0] *= 3;
  int32_t g[2];
  shm::allreduce(c, args(CollOp::allreduce, me, n, 0, 1, t_affine()), {f, g, &op_compose(), &t_affine()});
  check(g[0] == expect[0] && g[1] == expect[1]);
  // alltoall, allgather, reduce_scatter_block
  for (int q = 0; q < n; ++q) v[q * 2] = me * 10 + q, v[q * 2 + 1] = -me;
  shm::alltoall(c, args(CollOp::alltoall, me, n, 0, 2, t_int()), {v.data(), r.data(), nullptr, nullptr});
  for (int q = 0; q < n; ++q) check(r[q * 2] == q * 10 + me && r[q * 2 + 1] == -q);
  shm::allgather(c, args(CollOp::allgather, me, n, 0, 2, t_int()), {v.data(), r.data(), nullptr, nullptr});
  for (int q = 0; q < n; ++q) check(r[q * 2] == q * 10 && r[q * 2 + 1] == -q);
  for (int i = 0; i < 3 * n; ++i) v[i] = me + i;
  CollArgs rs = args(CollOp::reduce_scatter_block, me, n, 0, 3 * static_cast<size_t>(n), t_int());
  rs.rcount = 3;
  shm::reduce_scatter(c, rs, {v.data(), r.data(), &op_sum(), &t_int()});
  for (int i = 0; i < 3; ++i) check(r[i] == n * (n - 1) / 2 + n * (me * 3 + i));

  // Small, big and huge slots in turn (up to kSlotBytes), rotating roots, so
  // that each tier's slots are reused while roots run ahead of their readers.
  const size_t counts[] = {3, shm::kSmallBytes / 4 + 1, shm::kBigBytes / 4, shm::kBigBytes / 4 + 1, shm::kSlotBytes / 4};
  std::vector<int32_t> big(shm::kSlotBytes / 4 * static_cast<size_t>(n));
  for (int it = 0; it < 6 * static_cast<int>(shm::kBigSlotsOversub + shm::kHugeSlots); ++it) {
    int root = it % n;
    size_t count = counts[static_cast<size_t>(it) % std::size(counts)];
    for (size_t i = 0; i < count; ++i) big[i] = me == root ? it * 7 + static_cast<int>(i) : -1;
    shm::bcast(c, args(CollOp::bcast, me, n, root, count, t_int()), {nullptr, big.data(), nullptr, nullptr});
    check(big[0] == it * 7 && big[count - 1] == it * 7 + static_cast<int>(count) - 1);
  }
  size_t block = shm::kSlotBytes / 4;
  std::vector<int32_t> mine(block, me * 1000 + 1);
  mine[block - 1] = -me;
  shm::allgather(c, args(CollOp::allgather, me, n, 0, block, t_int()), {mine.data(), big.data(), nullptr, nullptr});
  for (int q = 0; q < n; ++q) check(big[q * block] == q * 1000 + 1 && big[q * block + block - 1] == -q);
}

// For each size n: n threads map one segment (named after `tag`) and each
// runs rank_body(comm, rank, n, shared, failures); `shared` is a counter
// the n ranks of one size share, `failures` counts failed checks.
// huge_slots: the segment's layout (ShmComm::create).
void run_on_threads(const std::string& tag, std::initializer_list<int> sizes,
                    void (*rank_body)(shm::ShmComm&, int, int, std::atomic<int>&, std::atomic<int>&),
                    bool huge_slots = true) {
  for (int n : sizes) {
    Exchange x(n);
    std::atomic<int> shared{0}, failures{0}, setup_errors{0};
    std::string name = "/gyre-test-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(n);
    std::vector<std::thread> ranks;
    for (int me = 0; me < n; ++me)
      ranks.emplace_back([&, me] {
        ThreadBootstrap boot(x, me, n);
        std::unique_ptr<shm::ShmComm> c;
        if (shm::ShmComm::create(me, n, name, boot, nullptr, &c, {}, huge_slots)) {
          setup_errors.fetch_add(1);
          return;
        }
        rank_body(*c, me, n, shared, failures);
      });
    for (auto& t : ranks) t.join();
    INFO(tag << ", ranks: " << n);
    REQUIRE(setup_errors.load() == 0);
    CHECK(failures.load() == 0);
  }
}

}  // namespace

TEST_CASE("shm collectives on threads sharing one segment", "[coll][shm]") {
  run_on_threads("shm", {1, 2, 3, 4, 5, 8}, run_rank);
}

// Every slot of every tier lies apart from every other, inside the
// segment, and each tier has its count: in both layouts, with two ranks so
// that rank 1's area ends where the segment does.
TEST_CASE("shm slots of all tiers are disjoint", "[coll][shm]") {
  for (bool oversub : {true, false}) {
    INFO("oversubscribed layout: " << oversub);
    constexpr int n = 2;
    Exchange x(n);
    std::vector<std::unique_ptr<shm::ShmComm>> comms(n);
    std::string name = "/gyre-test-shm-layout-" + std::to_string(getpid()) + (oversub ? "-o" : "-p");
    std::vector<std::thread> ranks;
    std::atomic<int> setup_errors{0};
    for (int me = 0; me < n; ++me)
      ranks.emplace_back([&, me] {
        ThreadBootstrap boot(x, me, n);
        if (shm::ShmComm::create(me, n, name, boot, nullptr, &comms[static_cast<size_t>(me)], {}, oversub))
          setup_errors.fetch_add(1);
      });
    for (auto& t : ranks) t.join();
    REQUIRE(setup_errors.load() == 0);
    shm::ShmComm& c = *comms[0];
    struct Tier {
      size_t bytes, slots;
    };
    std::vector<Tier> tiers{{shm::kSmallBytes, oversub ? shm::kSmallSlotsOversub : shm::kSmallSlots},
                            {shm::kBigBytes, oversub ? shm::kBigSlotsOversub : shm::kBigSlots}};
    if (oversub) tiers.push_back({shm::kSlotBytes, shm::kHugeSlots});
    std::vector<std::pair<const std::byte*, size_t>> seen;  // (data, capacity)
    for (Tier t : tiers) {
      std::vector<const std::byte*> tier;
      for (size_t i = 0; i < 3 * t.slots; ++i) {
        uint64_t s = c.begin(t.bytes);
        for (int r = 0; r < n; ++r) {
          const std::byte* p = c.slot(r, s);
          if (std::find(tier.begin(), tier.end(), p) == tier.end()) tier.push_back(p);
        }
      }
      CHECK(tier.size() == n * t.slots);
      for (const std::byte* p : tier) seen.emplace_back(p, t.bytes);
    }
    std::sort(seen.begin(), seen.end());
    for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i - 1].first + seen[i - 1].second <= seen[i].first);
    // The last slot's data (and the waiter line after the areas) fit the
    // segment, which starts with rank 0's `finished` line, then its first slot.
    const std::byte* end = seen.front().first - shm::kDataOffset - shm::kLine + shm::ShmComm::segment_bytes(n, oversub);
    CHECK(seen.back().first + seen.back().second + shm::kLine <= end);
  }
}

// Threads that each map `count` segments (communicators) of one layout and
// run rank_body(comms, rank) on them.
void run_on_comms(const std::string& tag, int n, int count, bool oversub,
                  const std::function<void(std::vector<std::unique_ptr<shm::ShmComm>>&, int)>& rank_body) {
  std::vector<std::unique_ptr<Exchange>> xs;
  for (int k = 0; k < count; ++k) xs.push_back(std::make_unique<Exchange>(n));
  std::atomic<int> setup_errors{0};
  std::string name = "/gyre-test-" + tag + "-" + std::to_string(getpid()) + (oversub ? "-o-" : "-p-");
  std::vector<std::thread> ranks;
  for (int me = 0; me < n; ++me)
    ranks.emplace_back([&, me] {
      std::vector<std::unique_ptr<shm::ShmComm>> comms(static_cast<size_t>(count));
      for (int k = 0; k < count; ++k) {
        ThreadBootstrap boot(*xs[static_cast<size_t>(k)], me, n);
        if (shm::ShmComm::create(me, n, name + std::to_string(k), boot, nullptr, &comms[static_cast<size_t>(k)], {},
                                 oversub)) {
          setup_errors.fetch_add(1);
          return;
        }
      }
      rank_body(comms, me);
    });
  for (auto& t : ranks) t.join();
  REQUIRE(setup_errors.load() == 0);
}

// A root runs ahead of readers that have not started by every slot of its
// message's tier in the layout and no further (it would overwrite a message
// nobody has read), and every message still arrives; the same for the
// senders of a reduce whose root has not started.
TEST_CASE("shm roots run ahead by their tier's slots and no further", "[coll][shm]") {
  for (bool oversub : {false, true}) {
    for (bool big : {false, true}) {
      for (int n : {2, 3}) {
        INFO("oversubscribed layout: " << oversub << ", big slots: " << big << ", ranks: " << n);
        const int slots = static_cast<int>(big ? (oversub ? shm::kBigSlotsOversub : shm::kBigSlots)
                                               : (oversub ? shm::kSmallSlotsOversub : shm::kSmallSlots));
        const size_t count = big ? shm::kSmallBytes / 4 + 1 : 3;
        const int calls = 3 * slots + 5, tri = n * (n - 1) / 2, last = static_cast<int>(count) - 1;
        std::vector<std::atomic<int>> done(static_cast<size_t>(n));
        std::atomic<int> failures{0}, ahead_bcast{-1}, ahead_reduce{-1};
        auto check = [&](bool ok) {
          if (!ok) failures.fetch_add(1);
        };
        run_on_comms("shm-ahead", n, 1, oversub, [&](std::vector<std::unique_ptr<shm::ShmComm>>& comms, int me) {
          shm::ShmComm& c = *comms[0];
          auto& mine = done[static_cast<size_t>(me)];
          std::vector<int32_t> v(count), r(count);
          // bcast from rank 0; the others start late.
          if (me != 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (me == 1) ahead_bcast.store(done[0].load());
          }
          for (int i = 0; i < calls; ++i) {
            for (size_t k = 0; k < count; ++k) v[k] = me == 0 ? i + static_cast<int>(k) : -1;
            shm::bcast(c, args(CollOp::bcast, me, n, 0, count, t_int()), {nullptr, v.data(), nullptr, nullptr});
            check(v[0] == i && v[count - 1] == i + last);
            mine.fetch_add(1);
          }
          shm::barrier(c, args(CollOp::barrier, me, n, 0, 0, t_int()), {});
          // reduce to rank 0, which starts late.
          if (me == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            int most = 0;
            for (int q = 1; q < n; ++q) most = std::max(most, done[static_cast<size_t>(q)].load() - calls);
            ahead_reduce.store(most);
          }
          for (int i = 0; i < calls; ++i) {
            for (size_t k = 0; k < count; ++k) v[k] = me + i + static_cast<int>(k);
            shm::reduce(c, args(CollOp::reduce, me, n, 0, count, t_int()), {v.data(), r.data(), &op_sum(), &t_int()});
            if (me == 0) check(r[0] == tri + n * i && r[count - 1] == tri + n * (i + last));
            mine.fetch_add(1);
          }
        });
        CHECK(failures.load() == 0);
        CHECK(ahead_bcast.load() >= 0);
        CHECK(ahead_bcast.load() <= slots);
        CHECK(ahead_reduce.load() >= 0);
        CHECK(ahead_reduce.load() <= slots);
      }
    }
  }
}

// Long back-to-back sequences of mixed operations and sizes (small and big
// slots, rotating roots) on three communicators used in turn by the same
// ranks, each wrapping its slots many times over.
TEST_CASE("shm mixed collectives on several communicators", "[coll][shm]") {
  for (bool oversub : {false, true}) {
    constexpr int n = 3, kComms = 3;
    INFO("oversubscribed layout: " << oversub);
    std::atomic<int> failures{0};
    auto check = [&](bool ok) {
      if (!ok) failures.fetch_add(1);
    };
    const int calls = 4 * static_cast<int>(shm::kSmallSlotsOversub) + 7;
    run_on_comms("shm-mixed", n, kComms, oversub, [&](std::vector<std::unique_ptr<shm::ShmComm>>& comms, int me) {
      std::vector<int32_t> v(shm::kBigBytes / 4), r(shm::kBigBytes / 4);
      for (int it = 0; it < calls; ++it) {
        shm::ShmComm& c = *comms[static_cast<size_t>(it * 7 % kComms)];
        const size_t step = static_cast<size_t>(it);
        size_t count = it % 11 == 0 ? shm::kSmallBytes / 4 + 1 + step % 100 : 1 + step % 13;  // big or small slots
        const int tri = n * (n - 1) / 2, last = static_cast<int>(count) - 1;
        int root = it % n;
        switch (it % 4) {
          case 0:
            for (size_t i = 0; i < count; ++i) v[i] = me == root ? it + static_cast<int>(i) : -1;
            shm::bcast(c, args(CollOp::bcast, me, n, root, count, t_int()), {nullptr, v.data(), nullptr, nullptr});
            check(v[0] == it && v[count - 1] == it + last);
            break;
          case 1:
            for (size_t i = 0; i < count; ++i) v[i] = me * it + static_cast<int>(i);
            shm::reduce(c, args(CollOp::reduce, me, n, root, count, t_int()),
                        {v.data(), r.data(), &op_sum(), &t_int()});
            if (me == root) check(r[0] == tri * it && r[count - 1] == tri * it + n * last);
            break;
          case 2:
            for (size_t i = 0; i < count; ++i) v[i] = me - it + static_cast<int>(i);
            shm::allreduce(c, args(CollOp::allreduce, me, n, 0, count, t_int()),
                           {v.data(), r.data(), &op_sum(), &t_int()});
            check(r[0] == tri - n * it && r[count - 1] == tri - n * it + n * last);
            break;
          default:
            shm::barrier(c, args(CollOp::barrier, me, n, 0, 0, t_int()), {});
        }
      }
    });
    CHECK(failures.load() == 0);
  }
}

// A segment made for a node that is not oversubscribed has no huge slots:
// the big ones are its largest, and it is 176 KiB a rank smaller (the huge
// slots, and 96 small ones fewer).
TEST_CASE("shm segment without huge slots", "[coll][shm]") {
  Exchange x(1);
  ThreadBootstrap boot(x, 0, 1);
  std::unique_ptr<shm::ShmComm> plain, huge;
  std::string name = "/gyre-test-shm-nohuge-" + std::to_string(getpid());
  REQUIRE_FALSE(shm::ShmComm::create(0, 1, name, boot, nullptr, &plain, {}, false));
  REQUIRE_FALSE(shm::ShmComm::create(0, 1, name + "-h", boot, nullptr, &huge, {}, true));
  CHECK(plain->max_slot_bytes() == shm::kBigBytes);
  CHECK(huge->max_slot_bytes() == shm::kHugeBytes);
  std::vector<const std::byte*> big;
  for (size_t i = 0; i < 3 * shm::kBigSlots; ++i) {
    const std::byte* p = plain->slot(0, plain->begin(shm::kBigBytes));
    if (std::find(big.begin(), big.end(), p) == big.end()) big.push_back(p);
  }
  CHECK(big.size() == shm::kBigSlots);
  // The bcast a rank runs through it still works at the largest size.
  std::vector<int32_t> v(shm::kBigBytes / 4, 5);
  REQUIRE_FALSE(shm::bcast(*plain, args(CollOp::bcast, 0, 1, 0, v.size(), t_int()), {nullptr, v.data(), nullptr, nullptr}));
  CHECK(v.back() == 5);
}

TEST_CASE("what shm declines", "[coll][shm]") {
  CHECK(shm::fits(CollOp::allreduce, shm::kSlotBytes, 8, true));
  CHECK_FALSE(shm::fits(CollOp::allreduce, shm::kSlotBytes + 1, 2, true));
  CHECK(shm::fits(CollOp::alltoall, shm::kBigBytes / 4, 4, true));  // scatter and alltoall: the big slots only
  CHECK_FALSE(shm::fits(CollOp::alltoall, shm::kBigBytes / 4 + 1, 4, true));
  CHECK_FALSE(shm::fits(CollOp::scatter, shm::kBigBytes / 2 + 1, 2, true));
  CHECK(shm::fits(CollOp::bcast, shm::kSlotBytes, 4, true));
  CHECK_FALSE(shm::fits(CollOp::allgatherv, 8, 2, true));
  // Without huge slots (a node that is not oversubscribed) the big slots are the limit.
  CHECK(shm::fits(CollOp::bcast, shm::kBigBytes, 4, false));
  CHECK_FALSE(shm::fits(CollOp::bcast, shm::kBigBytes + 1, 4, false));
  CHECK_FALSE(shm::fits(CollOp::allgather, shm::kBigBytes + 1, 2, false));
  NodeLayout one{1, {0, 0}, {{0, 1}}, 2}, two{2, {0, 1}, {{0}, {1}}, 1};
  CollArgs a = args(CollOp::allreduce, 0, 2, 0, 4, t_int());
  CHECK(shm::unsupported_reason(a) == "the communicator has no node layout");
  a.nodes = &two;
  CHECK(shm::unsupported_reason(a) == "the communicator spans several nodes");
  a.nodes = &one;
  CHECK(shm::unsupported_reason(a).empty());
  Datatype holes = Datatype::from_blocks({{0, 4}, {8, 4}}, 0, 12, BasicType::int32);
  a.type = &holes;
  CHECK(shm::unsupported_reason(a) == "the datatype is not contiguous");
}

using WakeRecorder = testing::RecordingTransport;

// A member asleep on its doorbell must hear of a raised flag. Rank 1 enters
// the barrier only once rank 0 sleeps in it (its engine called the
// sleeper), so rank 1's publish must wake rank 0 by world rank; no rank
// ever wakes itself, and nobody is woken while nobody waits.
TEST_CASE("shm flags wake a member that sleeps", "[coll][shm]") {
  constexpr int n = 2;
  const std::vector<int> world{7, 3};
  Exchange x(n);
  std::vector<WakeRecorder> recorders(n);
  // Rank 0's first sleep lasts until rank 1 is through the barrier, as a
  // real sleep lasts until someone rings: rank 1 publishes while rank 0
  // sleeps, so it must find a waiter to wake (and rank 0 must not see the
  // flag by polling first).
  std::atomic<bool> rank0_slept{false}, rank1_done{false};
  recorders[0].on_sleep = [&](const btl::WakeCheck&) {
    rank0_slept.store(true);
    while (!rank1_done.load()) std::this_thread::yield();
  };
  std::atomic<int> setup_errors{0};
  std::string name = "/gyre-test-shm-wake-" + std::to_string(getpid());
  std::vector<std::thread> ranks;
  for (int me = 0; me < n; ++me)
    ranks.emplace_back([&, me] {
      ProgressEngine engine;
      engine.set_sleeper(&recorders[static_cast<size_t>(me)]);
      ThreadBootstrap boot(x, me, n);
      std::unique_ptr<shm::ShmComm> c;
      if (shm::ShmComm::create(me, n, name, boot, &engine, &c, world)) {
        setup_errors.fetch_add(1);
        return;
      }
      if (me == 1)
        while (!rank0_slept.load()) std::this_thread::yield();
      shm::barrier(*c, args(CollOp::barrier, me, n, 0, 0, t_int()), {});
      if (me == 1) rank1_done.store(true);
    });
  for (auto& t : ranks) t.join();
  REQUIRE(setup_errors.load() == 0);
  const std::vector<int>& w0 = recorders[0].woken;
  const std::vector<int>& w1 = recorders[1].woken;
  CHECK(std::count(w1.begin(), w1.end(), 7) >= 1);
  CHECK(std::count(w1.begin(), w1.end(), 3) == 0);
  CHECK(std::count(w0.begin(), w0.end(), 7) == 0);
}

namespace {

// bcast_stream with rotating roots: sizes below a chunk, across chunk
// edges and over the whole ring (the root then waits for room), a
// non-contiguous type (a hole after every int), small slot collectives in
// between (the ring's creation runs on the slots too).
void run_stream_rank(shm::ShmComm& c, int me, int n, std::atomic<int>&, std::atomic<int>& failures) {
  auto check = [&](bool ok) {
    if (!ok) failures.fetch_add(1);
  };
  const size_t ring = shm::kStageChunks * shm::kStageChunkBytes / 4;  // ints
  const size_t counts[] = {0, 1, shm::kStageChunkBytes / 4 - 1, shm::kStageChunkBytes / 4 + 3, ring + 777, 3 * ring};
  std::vector<int32_t> v(3 * ring);
  for (int it = 0; it < 18; ++it) {
    int root = it % n;
    size_t count = counts[static_cast<size_t>(it) % std::size(counts)];
    for (size_t i = 0; i < count; ++i) v[i] = me == root ? it * 31 + static_cast<int>(i) : -1;
    shm::bcast_stream(c, args(CollOp::bcast, me, n, root, count, t_int()), {nullptr, v.data(), nullptr, nullptr});
    for (size_t i = 0; i < count; ++i) check(v[i] == it * 31 + static_cast<int>(i));
    int32_t small = me == root ? it : -1;
    shm::bcast(c, args(CollOp::bcast, me, n, root, 1, t_int()), {nullptr, &small, nullptr, nullptr});
    check(small == it);
  }
  Datatype holes = Datatype::from_blocks({{0, 4}}, 0, 8, BasicType::int32);  // an int, then a 4-byte hole
  const size_t count = ring / 2 + 5;                                          // more than half the ring, packed
  std::vector<int32_t> h(2 * count);
  for (int it = 0; it < 2 * n; ++it) {
    int root = (it + 1) % n;
    for (size_t i = 0; i < count; ++i) {
      h[2 * i] = me == root ? it - static_cast<int>(i) : -1;
      h[2 * i + 1] = 99;
    }
    shm::bcast_stream(c, args(CollOp::bcast, me, n, root, count, holes), {nullptr, h.data(), nullptr, nullptr});
    for (size_t i = 0; i < count; ++i) check(h[2 * i] == it - static_cast<int>(i) && h[2 * i + 1] == 99);
  }
  check(c.stage().usable(c));  // the ring carried them, not the slot fallback
}

}  // namespace

TEST_CASE("shm bcast_stream through the chunk ring", "[coll][shm]") {
  run_on_threads("shm-stream", {1, 2, 3, 4, 8}, run_stream_rank);
}

namespace {

// reduce_stream with rotating roots: vectors below a chunk, across chunk
// edges and over the whole per-rank ring (ranks then wait for the root to
// copy results out), in place at the root, a non-commutative op (chunks
// folded by different ranks must still see rank order), bcast_stream in
// between (the two share the chunk count).
void run_reduce_stream_rank(shm::ShmComm& c, int me, int n, std::atomic<int>&, std::atomic<int>& failures) {
  auto check = [&](bool ok) {
    if (!ok) failures.fetch_add(1);
  };
  const size_t chunk = shm::kStageChunkBytes / 4;  // ints
  const size_t counts[] = {1, chunk - 1, chunk + 3, 5 * chunk + 11, shm::kMaxFoldChunks * chunk * 3 + 7};
  const size_t most = shm::kMaxFoldChunks * chunk * 3 + 7;
  std::vector<int32_t> v(most), r(most);
  for (int it = 0; it < 15; ++it) {
    int root = (it * 3 + 1) % n;
    size_t count = counts[static_cast<size_t>(it) % std::size(counts)];
    bool in_place = it % 3 == 2 && me == root;
    for (size_t i = 0; i < count; ++i) (in_place ? r : v)[i] = me * 3 + it + static_cast<int>(i);
    CollArgs a = args(CollOp::reduce, me, n, root, count, t_int());
    a.in_place = in_place;
    shm::reduce_stream(c, a, {in_place ? nullptr : v.data(), r.data(), &op_sum(), &t_int()});
    if (me == root)
      for (size_t i = 0; i < count; ++i) check(r[i] == 3 * n * (n - 1) / 2 + n * (it + static_cast<int>(i)));
    int32_t x = me == root ? it : -1;
    shm::bcast_stream(c, args(CollOp::bcast, me, n, root, 1, t_int()), {nullptr, &x, nullptr, nullptr});
    check(x == it);
  }
  // (x -> 3x + q) composed in rank order, per element, over several chunks.
  const size_t pairs = 3 * shm::kStageChunkBytes / 8 + 5;
  std::vector<int32_t> f(2 * pairs), g(2 * pairs);
  for (size_t i = 0; i < pairs; ++i) f[2 * i] = 3, f[2 * i + 1] = me + static_cast<int>(i % 7);
  int root = n - 1 - (n > 2 ? 1 : 0);
  shm::reduce_stream(c, args(CollOp::reduce, me, n, root, pairs, t_affine()), {f.data(), g.data(), &op_compose(), &t_affine()});
  if (me == root)
    for (size_t i = 0; i < pairs; ++i) {
      int32_t m = 1, k = 0;
      for (int q = 0; q < n; ++q) k = 3 * k + q + static_cast<int>(i % 7), m *= 3;
      check(g[2 * i] == m && g[2 * i + 1] == k);
    }
}

}  // namespace

TEST_CASE("shm reduce_stream through the chunk rings", "[coll][shm]") {
  run_on_threads("shm-rstream", {1, 2, 3, 4, 8}, run_reduce_stream_rank);
}
