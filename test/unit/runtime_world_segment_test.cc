// MPI_COMM_WORLD's collective segment made around the PMIx exchange
// (runtime/world_coll_segment.h): ranks are objects of one process here.
// Checks who creates and maps it, that its name is gone once every rank
// mapped it, that the shm collectives run on the adopted segment (ranks as
// threads), that a crashed job's leftover of its name is replaced, and both
// failures: no segment from rank 0 (every rank falls back alike) and one a
// rank cannot map (an error).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "btl/sm/sm_address.h"
#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "runtime/op.h"
#include "runtime/pmix/identity.h"
#include "runtime/world_coll_segment.h"
#include "test/unit/coll_test_types.h"

using namespace gyre;
using gyre::test::op_sum;
using gyre::test::t_int;

namespace {

ProcessIdentity identity(int rank, int size, int local_size) {
  ProcessIdentity id;
  id.world_rank = rank;
  id.world_size = size;
  id.local_size = local_size;
  id.nspace = "world-segment-test-" + std::to_string(getpid());
  return id;
}

bool name_exists(const std::string& name) {
  int fd = shm_open(name.c_str(), O_RDONLY, 0);
  if (fd < 0) return false;
  close(fd);
  return true;
}

}  // namespace

TEST_CASE("world segment: rank 0 creates, the others map, the last removes the name", "[runtime][shm]") {
  for (int n : {2, 3, 5}) {
    std::vector<ProcessIdentity> ids;
    for (int r = 0; r < n; ++r) ids.push_back(identity(r, n, n));
    const std::string name = btl::sm::world_coll_segment_name(ids[0].nspace);
    std::vector<std::unique_ptr<WorldCollSegment>> segs;
    for (int r = 0; r < n; ++r) {
      segs.push_back(std::make_unique<WorldCollSegment>(ids[r], false));
      REQUIRE_FALSE(segs[r]->publish());
      CHECK(name_exists(name));  // rank 0 made it first
    }
    for (int r = 0; r < n; ++r) {
      CHECK(name_exists(name));  // until the last rank has mapped it
      REQUIRE_FALSE(segs[r]->attach());
    }
    CHECK_FALSE(name_exists(name));

    // The members adopt it and run shm collectives on it (threads as ranks).
    std::atomic<int> failures{0};
    std::vector<std::thread> ranks;
    for (int me = 0; me < n; ++me)
      ranks.emplace_back([&, me, seg = segs[me]->take()]() mutable {
        auto c = coll::shm::ShmComm::adopt(me, n, std::move(seg), nullptr, {}, false);
        if (c == nullptr) {
          failures.fetch_add(1);
          return;
        }
        for (int it = 0; it < 50; ++it) {
          coll::CollArgs a;
          a.op = coll::CollOp::allreduce;
          a.rank = me;
          a.size = n;
          a.count = a.rcount = 3;
          a.type = a.rtype = &t_int();
          a.commutative = true;
          int32_t in[3] = {me, it, 1}, out[3] = {};
          if (coll::shm::allreduce(*c, a, {in, out, &op_sum(), &t_int()}) || out[0] != n * (n - 1) / 2 ||
              out[1] != n * it || out[2] != n)
            failures.fetch_add(1);
        }
      });
    for (auto& t : ranks) t.join();
    INFO("ranks: " << n);
    CHECK(failures.load() == 0);
  }
}

TEST_CASE("world segment: none for one rank or ranks on several nodes", "[runtime][shm]") {
  for (ProcessIdentity id : {identity(0, 1, 1), identity(0, 4, 2)}) {
    WorldCollSegment seg(id, false);
    REQUIRE_FALSE(seg.publish());
    CHECK_FALSE(name_exists(btl::sm::world_coll_segment_name(id.nspace)));
    REQUIRE_FALSE(seg.attach());
    CHECK_FALSE(seg.take().mapped());
  }
}

TEST_CASE("world segment: rank 0 made none, so every rank makes it lazily", "[runtime][shm]") {
  // No name after the exchange: what rank 0 leaves when it cannot create one.
  for (int r = 1; r < 3; ++r) {
    WorldCollSegment seg(identity(r, 3, 3), false);
    REQUIRE_FALSE(seg.attach());
    CHECK_FALSE(seg.take().mapped());
  }
}

TEST_CASE("world segment: a crashed job's leftover of the same name is replaced", "[runtime][shm]") {
  const ProcessIdentity id0 = identity(0, 2, 2), id1 = identity(1, 2, 2);
  const std::string name = btl::sm::world_coll_segment_name(id0.nspace);
  int fd = shm_open(name.c_str(), O_CREAT | O_RDWR, 0600);
  REQUIRE(fd >= 0);
  const char junk[] = "leftover";
  REQUIRE(write(fd, junk, sizeof junk) == static_cast<ssize_t>(sizeof junk));
  close(fd);
  WorldCollSegment rank0(id0, false), rank1(id1, false);
  REQUIRE_FALSE(rank0.publish());
  REQUIRE_FALSE(rank1.attach());
  REQUIRE_FALSE(rank0.attach());
  btl::sm::SharedSegment seen = rank1.take();
  REQUIRE(seen.mapped());
  CHECK(seen.size() >= coll::shm::ShmComm::segment_bytes(2, false));
  CHECK(std::memcmp(seen.base(), junk, sizeof junk) != 0);
  CHECK_FALSE(name_exists(name));
}

TEST_CASE("world segment: a rank that cannot map rank 0's segment fails with the reason", "[runtime][shm]") {
  // A segment of the world's name that does not hold the layout (as if rank
  // 0 ran another build).
  const ProcessIdentity id1 = identity(1, 2, 2);
  const std::string name = btl::sm::world_coll_segment_name(id1.nspace);
  btl::sm::SharedSegment small;
  REQUIRE_FALSE(btl::sm::SharedSegment::create(name, 4096, small));
  WorldCollSegment seg(id1, false);
  Error e = seg.attach();
  REQUIRE(e);
  CHECK(e.what().find("MPI_COMM_WORLD") != std::string::npos);
  CHECK(e.what().find(name) != std::string::npos);
}

TEST_CASE("an adopted segment must hold the layout", "[coll][shm]") {
  btl::sm::SharedSegment small;
  std::string name = "/gyre-world-segment-test-small-" + std::to_string(getpid());
  REQUIRE_FALSE(btl::sm::SharedSegment::create(name, coll::shm::ShmComm::segment_bytes(2, false) - 64, small));
  CHECK(coll::shm::ShmComm::adopt(0, 2, std::move(small), nullptr, {}, false) == nullptr);
  CHECK(coll::shm::ShmComm::adopt(0, 2, btl::sm::SharedSegment(), nullptr, {}, false) == nullptr);
}
