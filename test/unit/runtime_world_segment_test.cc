// MPI_COMM_WORLD's collective segment made around the PMIx exchange
// (runtime/world_coll_segment.h): ranks are objects of one process here,
// the exchange a map. Checks who creates and maps it, that its name is gone
// once every rank mapped it, that the shm collectives run on the adopted
// segment (ranks as threads), and both failures: no segment from rank 0
// (every rank falls back alike) and one a rank cannot map (an error).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <thread>
#include <vector>

#include "coll/shm/shm.h"
#include "coll/shm/shm_comm.h"
#include "runtime/op.h"
#include "runtime/pmix/identity.h"
#include "runtime/pmix/modex.h"
#include "runtime/world_coll_segment.h"
#include "test/unit/coll_test_types.h"

using namespace gyre;
using gyre::test::op_sum;
using gyre::test::t_int;

namespace {

// The exchange: what each rank put, readable by all after exchange().
class MapModex final : public Modex {
 public:
  explicit MapModex(int rank, std::map<std::pair<int, std::string>, std::vector<std::byte>>& store)
      : rank_(rank), store_(store) {}
  Error put(const std::string& key, const std::vector<std::byte>& value) override {
    store_[{rank_, key}] = value;
    return Error::ok();
  }
  Error exchange() override { return Error::ok(); }
  std::optional<std::vector<std::byte>> get(int rank, const std::string& key) override {
    auto it = store_.find({rank, key});
    if (it == store_.end()) return std::nullopt;
    return it->second;
  }

 private:
  int rank_;
  std::map<std::pair<int, std::string>, std::vector<std::byte>>& store_;
};

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

std::string published_name(std::map<std::pair<int, std::string>, std::vector<std::byte>>& store) {
  for (auto& [key, value] : store)
    if (key.first == 0) return std::string(reinterpret_cast<const char*>(value.data()), value.size());
  return {};
}

}  // namespace

TEST_CASE("world segment: rank 0 creates, the others map, the last removes the name", "[runtime][shm]") {
  for (int n : {2, 3, 5}) {
    std::map<std::pair<int, std::string>, std::vector<std::byte>> store;
    std::vector<ProcessIdentity> ids;
    for (int r = 0; r < n; ++r) ids.push_back(identity(r, n, n));
    std::vector<std::unique_ptr<WorldCollSegment>> segs;
    for (int r = 0; r < n; ++r) {
      segs.push_back(std::make_unique<WorldCollSegment>(ids[r], false));
      MapModex m(r, store);
      REQUIRE_FALSE(segs[r]->publish(m));
    }
    std::string name = published_name(store);
    REQUIRE_FALSE(name.empty());
    CHECK(store.size() == 1);  // only rank 0 puts the name
    for (int r = 0; r < n; ++r) {
      CHECK(name_exists(name));  // until the last rank has mapped it
      MapModex m(r, store);
      REQUIRE_FALSE(segs[r]->attach(m));
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
  std::map<std::pair<int, std::string>, std::vector<std::byte>> store;
  for (ProcessIdentity id : {identity(0, 1, 1), identity(0, 4, 2)}) {
    WorldCollSegment seg(id, false);
    MapModex m(0, store);
    REQUIRE_FALSE(seg.publish(m));
    REQUIRE_FALSE(seg.attach(m));
    CHECK_FALSE(seg.take().mapped());
  }
  CHECK(store.empty());
}

TEST_CASE("world segment: rank 0 made none, so every rank makes it lazily", "[runtime][shm]") {
  std::map<std::pair<int, std::string>, std::vector<std::byte>> store;
  store[{0, "coll.shm.world"}] = {};  // what rank 0 publishes when it cannot create one
  for (int r = 1; r < 3; ++r) {
    WorldCollSegment seg(identity(r, 3, 3), false);
    MapModex m(r, store);
    REQUIRE_FALSE(seg.attach(m));
    CHECK_FALSE(seg.take().mapped());
  }
}

TEST_CASE("world segment: a rank that cannot map rank 0's segment fails with the reason", "[runtime][shm]") {
  std::map<std::pair<int, std::string>, std::vector<std::byte>> store;
  std::string gone = "/gyre-world-segment-test-missing-" + std::to_string(getpid());
  std::vector<std::byte> blob(gone.size());
  std::memcpy(blob.data(), gone.data(), gone.size());
  store[{0, "coll.shm.world"}] = blob;
  WorldCollSegment seg(identity(1, 2, 2), false);
  MapModex m(1, store);
  Error e = seg.attach(m);
  REQUIRE(e);
  CHECK(e.what().find("MPI_COMM_WORLD") != std::string::npos);
  CHECK(e.what().find(gone) != std::string::npos);
}

TEST_CASE("an adopted segment must hold the layout", "[coll][shm]") {
  btl::sm::SharedSegment small;
  std::string name = "/gyre-world-segment-test-small-" + std::to_string(getpid());
  REQUIRE_FALSE(btl::sm::SharedSegment::create(name, coll::shm::ShmComm::segment_bytes(2, false) - 64, small));
  CHECK(coll::shm::ShmComm::adopt(0, 2, std::move(small), nullptr, {}, false) == nullptr);
  CHECK(coll::shm::ShmComm::adopt(0, 2, btl::sm::SharedSegment(), nullptr, {}, false) == nullptr);
}
