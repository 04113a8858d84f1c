// The sm transport between real processes (fork), with a file-backed modex.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "btl/btl.h"
#include "btl/sm/sm_address.h"
#include "btl/sm/sm_config.h"
#include "btl/sm/segment.h"
#include "btl/sm/sm_layout.h"
#include "btl/sm/sm_transport.h"
#include "test/unit/btl_forked_ranks.h"

using namespace gyre;
using namespace gyre::btl;
using gyre::btl::sm::SmConfig;

namespace {

int fail(const ProcessIdentity& me, const std::string& why) {
  std::fprintf(stderr, "rank %d: %s\n", me.world_rank, why.c_str());
  return 1;
}

// publish, exchange, connect: what the runtime does in MPI_Init.
std::unique_ptr<Transport> start(const ProcessIdentity& me, Modex& modex, const SmConfig& config,
                                 std::string& error) {
  auto t = sm::make_sm_transport(me, config);
  Error e;
  if (!t) e = Error(ErrClass::intern, "no sm transport");
  if (!e) e = t->publish(modex);
  if (!e) e = modex.exchange();
  if (!e) e = t->connect(modex);
  if (e) error = e.what();
  return e ? nullptr : std::move(t);
}

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

// Frame `seq` from `src`: its size (mostly small, some up to max_frame) and
// bytes follow from (src, seq), so the receiver can check order and content.
size_t frame_size(int src, uint64_t seq, size_t max_frame) {
  uint64_t h = mix(seq * 1000003 + static_cast<uint64_t>(src));
  size_t limit = h % 10 < 5 ? 64 : h % 10 < 8 ? 4096 : max_frame;
  return (h >> 8) % (std::min(limit, max_frame) + 1);
}

std::byte frame_byte(int src, uint64_t seq, size_t i) {
  return static_cast<std::byte>((mix(seq ^ (uint64_t(src) << 40)) + i * 7) & 0xff);
}

std::vector<std::byte> make_frame(int src, uint64_t seq, size_t max_frame) {
  std::vector<std::byte> f(frame_size(src, seq, max_frame));
  for (size_t i = 0; i < f.size(); ++i) f[i] = frame_byte(src, seq, i);
  return f;
}

bool frame_ok(int src, uint64_t seq, std::span<const std::byte> f, size_t max_frame) {
  if (f.size() != frame_size(src, seq, max_frame)) return false;
  for (size_t i = 0; i < f.size(); ++i)
    if (f[i] != frame_byte(src, seq, i)) return false;
  return true;
}

// The frame as three gather pieces cut at places that vary with seq.
std::vector<iovec> gather(std::vector<std::byte>& f, uint64_t seq) {
  size_t a = mix(seq) % (f.size() + 1);
  size_t b = a + mix(seq + 1) % (f.size() - a + 1);
  return {{f.data(), a}, {f.data() + a, b - a}, {f.data() + b, f.size() - b}};
}

// Every rank sends `count` frames to every other rank while receiving theirs.
int exchange_frames(const ProcessIdentity& me, Modex& modex, const SmConfig& config,
                    uint64_t count) {
  std::string error;
  auto t = start(me, modex, config, error);
  if (!t) return fail(me, error);
  const size_t max_frame = t->caps().max_frame;
  const int n = me.world_size;
  std::vector<uint64_t> sent(n, 0), received(n, 0);
  std::vector<std::vector<std::byte>> next(n);
  for (int p = 0; p < n; ++p) next[p] = make_frame(me.world_rank, 0, max_frame);

  FrameHandler check = [&](int src, std::span<const std::byte> f) {
    if (error.empty() && !frame_ok(src, received[src], f, max_frame))
      error = "frame " + std::to_string(received[src]) + " from " + std::to_string(src) + " is wrong";
    ++received[src];
  };
  for (bool done = false; !done;) {
    int progress = t->poll(check);
    done = true;
    for (int p = 0; p < n; ++p) {
      if (p == me.world_rank) continue;
      if (sent[p] < count && t->try_send(p, gather(next[p], sent[p]))) {
        next[p] = make_frame(me.world_rank, ++sent[p], max_frame);
        ++progress;
      }
      done = done && sent[p] == count && received[p] == count;
    }
    if (!error.empty()) return fail(me, error);
    if (progress == 0) sched_yield();  // fewer cores than ranks
  }
  t->shutdown();
  return 0;
}

// An empty frame to every peer and one from every peer: each has connected.
void handshake(Transport& t, const ProcessIdentity& me) {
  int got = 0;
  FrameHandler count = [&](int, std::span<const std::byte>) { ++got; };
  for (int p = 0; p < me.world_size; ++p) {
    iovec none{nullptr, 0};
    while (p != me.world_rank && !t.try_send(p, {&none, 1})) t.poll(count);
  }
  while (got < me.world_size - 1) t.poll(count);
}

}  // namespace

TEST_CASE("sm: no transport when the node has one rank", "[btl][sm]") {
  ProcessIdentity alone;
  alone.local_peers = {0};
  CHECK(make_sm_transport(alone) == nullptr);
}

TEST_CASE("sm: sizes derived from the parameters", "[btl][sm]") {
  auto s = sm::size_for(SmConfig{});
  CHECK(s.ring_capacity == 262144);
  CHECK(s.max_frame == 32768 + sm::kProtocolRoom);
  CHECK(s.eager_limit == 8192);
  SmConfig small{5000, 65536, 32768, true};
  s = sm::size_for(small);
  CHECK(s.ring_capacity == 8192);
  CHECK(s.max_frame == 2048);
  CHECK(s.eager_limit == 2048 - sm::kProtocolRoom);
}

TEST_CASE("sm: an unset queue size grows the ring when few ranks share the node", "[btl][sm]") {
  SmConfig config;
  config.auto_queue = true;
  CHECK(sm::size_for(config, 0).ring_capacity == 262144);  // node size unknown
  CHECK(sm::size_for(config, 2).ring_capacity == 1048576);
  CHECK(sm::size_for(config, 3).ring_capacity == 1048576);
  CHECK(sm::size_for(config, 4).ring_capacity == 524288);
  CHECK(sm::size_for(config, 5).ring_capacity == 524288);
  CHECK(sm::size_for(config, 6).ring_capacity == 262144);
  CHECK(sm::size_for(config, 64).ring_capacity == 262144);
  // The frame and eager limits do not follow the ring.
  CHECK(sm::size_for(config, 2).max_frame == 32768 + sm::kProtocolRoom);
  CHECK(sm::size_for(config, 2).eager_limit == 8192);
  // A size the user set is kept whatever the node.
  config.auto_queue = false;
  CHECK(sm::size_for(config, 2).ring_capacity == 262144);
}

TEST_CASE("sm: the eager limit stays put when the ring grows", "[btl][sm]") {
  // Far-apart ranks pay for a two-copy eager message of 16 KiB and more
  // (sm_config.h), so a larger auto ring keeps the 8 KiB limit.
  SmConfig config;
  config.auto_queue = true;
  CHECK(sm::size_for(config, 2).ring_capacity == 1048576);
  CHECK(sm::size_for(config, 2).eager_limit == 8192);
  CHECK(sm::size_for(config, 8).eager_limit == 8192);
  // Never more than one frame holds: a smaller fragment size caps it.
  config.eager_limit = 65536;
  config.fragment_size = 8192;
  CHECK(sm::size_for(config, 2).eager_limit == 8192);
}

TEST_CASE("sm: segment names", "[btl][sm]") {
  CHECK(sm::segment_name("prterun-host-77@1", 3) == "/gyre-prterun-host-77_1-sm3");
  CHECK(sm::segment_name("prterun-host-77@1", 3, 99) == "/gyre-prterun-host-77_1-3-99");
  CHECK(sm::segment_name("", 0, 5) == "/gyre-pid-0-5");
  CHECK(sm::world_coll_segment_name("gyre.12") == "/gyre-gyre.12-world");
}

TEST_CASE("sm: two processes exchange 100000 frames of random sizes", "[btl][sm][fork]") {
  SmConfig config;
  config.queue_size = GENERATE(size_t{262144}, size_t{8192});  // default, and one that wraps often
  std::string failure = test::run_forked_ranks(2, [&](const ProcessIdentity& me, Modex& modex) {
    return exchange_frames(me, modex, config, 100000);
  });
  CHECK(failure == "");
}

TEST_CASE("sm: four processes, every pair at once", "[btl][sm][fork]") {
  SmConfig config;
  config.queue_size = 16384;
  std::string failure = test::run_forked_ranks(4, [&](const ProcessIdentity& me, Modex& modex) {
    return exchange_frames(me, modex, config, 5000);
  });
  CHECK(failure == "");
}

TEST_CASE("sm: a sleeping receiver is woken by the sender", "[btl][sm][fork]") {
  // Both sides wait only by sleeping, with a timeout far beyond the test's
  // watchdog: a lost wake-up hangs a rank, and the watchdog fails the test.
  std::string failure = test::run_forked_ranks(2, [](const ProcessIdentity& me, Modex& modex) {
    std::string error;
    auto t = start(me, modex, SmConfig{}, error);
    if (!t) return fail(me, error);
    if (!t->caps().can_block) return fail(me, "sm says it cannot block");
    const int peer = 1 - me.world_rank;
    int got = 0;
    FrameHandler count = [&](int, std::span<const std::byte>) { ++got; };
    std::mt19937 rng(me.world_rank);
    for (int round = 0; round < 2000; ++round) {
      if (me.world_rank == 0) usleep(rng() % 200);  // the ping lands before or during the sleep
      if (me.world_rank == round % 2) {
        uint64_t word = round;
        iovec part{&word, sizeof word};
        while (!t->try_send(peer, {&part, 1})) t->poll(count);
      }
      while (got <= round / 2 && me.world_rank != round % 2) {
        if (t->poll(count) == 0) t->sleep_until_frame(INT_MAX);
      }
    }
    t->shutdown();
    return 0;
  });
  CHECK(failure == "");
}

TEST_CASE("sm: a sender refused for room sleeps until the receiver frees it", "[btl][sm][fork]") {
  // As above, every wait is a sleep far longer than the watchdog: the
  // sender on a full ring must be woken by the receiver's release.
  SmConfig config;
  config.queue_size = 4096;
  std::string failure = test::run_forked_ranks(2, [&](const ProcessIdentity& me, Modex& modex) {
    std::string error;
    auto t = start(me, modex, config, error);
    if (!t) return fail(me, error);
    const int frames = 3000;
    std::vector<std::byte> frame(t->caps().max_frame);
    int got = 0;
    FrameHandler count = [&](int, std::span<const std::byte>) { ++got; };
    std::mt19937 rng(7);
    if (me.world_rank == 0) {
      for (int i = 0; i < frames; ++i) {
        iovec part{frame.data(), frame.size()};
        while (!t->try_send(1, {&part, 1})) t->sleep_until_frame(INT_MAX);
      }
      while (got == 0)  // the receiver's "all arrived"
        if (t->poll(count) == 0) t->sleep_until_frame(INT_MAX);
    } else {
      while (got < frames) {
        if (rng() % 8 == 0) usleep(rng() % 100);  // let the ring fill up
        if (t->poll(count) == 0) t->sleep_until_frame(INT_MAX);
      }
      iovec none{nullptr, 0};
      while (!t->try_send(0, {&none, 1})) t->poll(count);
    }
    t->shutdown();
    return 0;
  });
  CHECK(failure == "");
}

TEST_CASE("sm: single-copy get reads the peer's memory", "[btl][sm][fork]") {
  std::string failure = test::run_forked_ranks(2, [](const ProcessIdentity& me, Modex& modex) {
    std::string error;
    auto t = start(me, modex, SmConfig{}, error);
    if (!t) return fail(me, error);
    const size_t len = (8 << 20) + 3;  // several kernel page walks, odd end
    std::vector<std::byte> buf(len);
    for (size_t i = 0; i < len; ++i) buf[i] = static_cast<std::byte>(i * 13 + 5);
    uint64_t result = 2;
    FrameHandler take = [&](int, std::span<const std::byte> f) { std::memcpy(&result, f.data(), 8); };
    if (me.world_rank == 0) {  // owns the data, waits for the verdict
      uint64_t addr = reinterpret_cast<uint64_t>(buf.data());
      iovec part{&addr, sizeof addr};
      while (!t->try_send(1, {&part, 1})) t->poll(take);
      while (result == 2) t->poll(take);
      return result == 0 ? 0 : fail(me, "peer read wrong bytes");
    }
    uint64_t addr = 0;
    FrameHandler take_addr = [&](int, std::span<const std::byte> f) { std::memcpy(&addr, f.data(), 8); };
    while (addr == 0) t->poll(take_addr);
    uint64_t verdict = 0;
    if (t->caps().single_copy) {
      std::vector<std::byte> mine(len);
      if (t->get(0, mine.data(), addr, len)) verdict = 1;
      if (mine != buf) verdict = 1;
      std::byte small[5];
      if (t->get(0, small, addr + 1001, 5) || std::memcmp(small, buf.data() + 1001, 5) != 0) verdict = 1;
    } else {
      std::fprintf(stderr, "note: process_vm_readv not permitted here; get() not exercised\n");
      if (!t->get(0, buf.data(), addr, 8)) verdict = 1;  // must refuse
    }
    iovec part{&verdict, sizeof verdict};
    while (!t->try_send(0, {&part, 1})) t->poll(take);
    return static_cast<int>(verdict);
  });
  CHECK(failure == "");
}

TEST_CASE("sm: GYRE_SM_CMA=0 turns single copy off", "[btl][sm][fork]") {
  std::string failure = test::run_forked_ranks(2, [](const ProcessIdentity& me, Modex& modex) {
    SmConfig config;
    config.cma = false;
    std::string error;
    auto t = start(me, modex, config, error);
    if (!t) return fail(me, error);
    uint64_t word = 0;
    if (t->caps().single_copy) return fail(me, "single_copy with cma off");
    if (!t->get(1 - me.world_rank, &word, reinterpret_cast<uint64_t>(&word), 8))
      return fail(me, "get() worked with cma off");
    handshake(*t, me);  // so that neither unlinks before the other attached
    return 0;
  });
  CHECK(failure == "");
}

TEST_CASE("sm: segment names are removed once every peer attached", "[btl][sm][fork]") {
  std::string failure = test::run_forked_ranks(3, [](const ProcessIdentity& me, Modex& modex) {
    std::string error;
    auto t = start(me, modex, SmConfig{}, error);
    if (!t) return fail(me, error);
    // A frame from each peer proves the peer finished connect(), hence attached.
    handshake(*t, me);
    std::string name = sm::segment_name(me.nspace, me.world_rank);
    int fd = shm_open(name.c_str(), O_RDONLY, 0);
    if (fd >= 0) return fail(me, name + " still exists");
    if (!t->reaches((me.world_rank + 1) % 3)) return fail(me, "lost a peer");
    t->shutdown();
    if (t->reaches((me.world_rank + 1) % 3)) return fail(me, "reaches after shutdown");
    return 0;
  });
  CHECK(failure == "");
}

namespace {

// What a crashed job with the same nspace (run_forked_ranks names it after
// this process) leaves: segments of ranks 0..n-1 that pass every check but
// whose rings nobody reads. A peer that took one would never see its
// handshake answered. owner_holds: the dead owner had held it (what a
// segment says where the lock worked), so no peer takes it early.
void leave_stale_segments(int n, uint32_t owner_holds) {
  const std::string nspace = "btltest" + std::to_string(getpid());
  const uint32_t rings = static_cast<uint32_t>(n - 1);
  const size_t capacity = sm::size_for(SmConfig{}, static_cast<size_t>(n)).ring_capacity;
  for (int rank = 0; rank < n; ++rank) {
    const std::string name = sm::segment_name(nspace, rank);
    int fd = shm_open(name.c_str(), O_CREAT | O_RDWR, 0600);
    REQUIRE(fd >= 0);
    const size_t bytes = sm::segment_bytes(rings, capacity);
    REQUIRE(ftruncate(fd, static_cast<off_t>(bytes)) == 0);
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    REQUIRE(p != MAP_FAILED);
    auto* h = static_cast<sm::SegmentHeader*>(p);
    h->version = sm::kSegmentVersion;
    h->num_rings = rings;
    h->ring_capacity = capacity;
    h->owner_pid = 1;
    h->owner_holds = owner_holds;
    h->magic = sm::kSegmentMagic;
    munmap(p, bytes);
  }
}

bool no_segment_left(int n) {
  const std::string nspace = "btltest" + std::to_string(getpid());
  for (int rank = 0; rank < n; ++rank)
    if (shm_open(sm::segment_name(nspace, rank).c_str(), O_RDONLY, 0) >= 0) return false;
  return true;
}

// publish, wait for every peer's segment without any exchange, connect:
// what MPI_Init does when the whole job shares the node. Rank r starts
// late by (n-1-r) * delay_ms, so the last ranks come first.
int meet_and_handshake(const ProcessIdentity& me, Modex& modex, int delay_ms) {
  usleep(static_cast<useconds_t>((me.world_size - 1 - me.world_rank) * delay_ms * 1000));
  auto t = sm::make_sm_transport(me, SmConfig{});
  if (!t || !t->meets_local_peers()) return fail(me, "no transport that meets its peers");
  Error e = t->publish(modex);
  if (!e) e = t->await_local_peers();
  if (!e) e = t->connect(modex);
  if (e) return fail(me, e.what());
  handshake(*t, me);
  return 0;
}

}  // namespace

TEST_CASE("sm: a leftover segment of the same name is replaced, never used", "[btl][sm][fork]") {
  // Dead owners that held their segment are never taken early; one that
  // did not (its lock failed) may be, and connect() finds it replaced.
  leave_stale_segments(2, GENERATE(0u, 1u));
  std::string failure = test::run_forked_ranks(2, [](const ProcessIdentity& me, Modex& modex) {
    std::string error;
    auto t = start(me, modex, SmConfig{}, error);
    if (!t) return fail(me, error);
    handshake(*t, me);
    return 0;
  });
  CHECK(failure == "");
  CHECK(no_segment_left(2));
}

TEST_CASE("sm: ranks of one node meet without the exchange", "[btl][sm][fork]") {
  const int n = GENERATE(2, 4);
  const int delay_ms = GENERATE(0, 30);
  INFO("ranks " << n << ", delay " << delay_ms << " ms");
  std::string failure = test::run_forked_ranks(n, [&](const ProcessIdentity& me, Modex& modex) {
    return meet_and_handshake(me, modex, delay_ms);
  });
  CHECK(failure == "");
  CHECK(no_segment_left(n));
}

TEST_CASE("sm: meeting peers waits for the owners of a crashed job's segments", "[btl][sm][fork]") {
  // The leftovers are there (ready, valid) before any rank starts; a rank
  // that took one for its peer's would hang in the handshake.
  leave_stale_segments(3, 1);
  std::string failure = test::run_forked_ranks(3, [](const ProcessIdentity& me, Modex& modex) {
    return meet_and_handshake(me, modex, 30);
  });
  CHECK(failure == "");
  CHECK(no_segment_left(3));
}

TEST_CASE("sm: meeting peers with another ring size fails with the reason, not a hang", "[btl][sm][fork]") {
  // Rank 1 finds rank 0's segment ready but made for another ring: waiting
  // would not change that. (Rank 0 keeps its segment until rank 1 is done:
  // the exchange here only says when.)
  std::string failure = test::run_forked_ranks(2, [](const ProcessIdentity& me, Modex& modex) {
    SmConfig config;
    config.queue_size = me.world_rank == 0 ? 8192 : 16384;
    auto t = sm::make_sm_transport(me, config);
    if (!t) return fail(me, "no transport");
    if (Error e = t->publish(modex)) return fail(me, e.what());
    if (me.world_rank == 0) return modex.exchange() ? 1 : 0;
    Error e = t->await_local_peers();
    if (modex.exchange()) return fail(me, "exchange failed");
    if (!e) return fail(me, "met a peer with another ring size");
    if (e.what().find("GYRE_SM_QUEUE_SIZE") == std::string::npos) return fail(me, "unclear: " + e.what());
    return 0;
  });
  CHECK(failure == "");
}

TEST_CASE("sm: a segment's creator holds it while it lives", "[btl][sm][fork]") {
  const std::string name = "/gyre-held-test-" + std::to_string(getpid());
  {
    sm::SharedSegment mine, seen;
    REQUIRE_FALSE(sm::SharedSegment::create(name, 4096, mine, /*hold=*/true));
    CHECK(mine.held());
    REQUIRE_FALSE(sm::SharedSegment::open(name, seen));
    CHECK(seen.held());
  }
  {
    sm::SharedSegment mine, seen;
    REQUIRE_FALSE(sm::SharedSegment::create(name, 4096, mine));
    CHECK_FALSE(mine.held());
    REQUIRE_FALSE(sm::SharedSegment::open(name, seen));
    CHECK_FALSE(seen.held());
  }
  // A creator that died leaves its segment unheld.
  pid_t child = fork();
  if (child == 0) {
    sm::SharedSegment dying;
    std::_Exit(sm::SharedSegment::create(name, 4096, dying, true) || !dying.held() ? 1 : 0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  sm::SharedSegment left;
  REQUIRE_FALSE(sm::SharedSegment::open(name, left));
  CHECK_FALSE(left.held());
  shm_unlink(name.c_str());
}

TEST_CASE("sm: the launcher's sweep removes one job's leftovers only", "[btl][sm]") {
  const std::string job = "sweep" + std::to_string(getpid());
  const std::string other_job = job + "-7";  // a prefix of ours must not confuse it
  // A rank's segment, MPI_COMM_WORLD's made in MPI_Init and its stream
  // ring, a communicator's coll/shm segment (coll/framework.cc names it) and
  // its stream ring (coll/shm/shm_stage.cc).
  std::vector<std::string> ours{sm::segment_name(job, 0),
                                sm::world_coll_segment_name(job),
                                sm::world_coll_segment_name(job) + "-stage",
                                sm::segment_name(job, 12, 13) + "-coll5",
                                sm::segment_name(job, 12, 13) + "-coll5-stage"};
  std::vector<std::string> theirs{sm::segment_name(other_job, 1), sm::segment_name(other_job, 1, 2) + "-coll3",
                                  sm::segment_name(other_job, 1, 2) + "-coll3-stage",
                                  sm::world_coll_segment_name(other_job),
                                  sm::world_coll_segment_name(other_job) + "-stage"};
  for (const auto* names : {&ours, &theirs})
    for (const std::string& name : *names) {
      int fd = shm_open(name.c_str(), O_CREAT | O_RDWR, 0600);
      REQUIRE(fd >= 0);
      close(fd);
    }
  CHECK(sm::remove_leftover_segments(job) == static_cast<int>(ours.size()));
  for (const std::string& name : ours) CHECK(shm_open(name.c_str(), O_RDONLY, 0) < 0);
  for (const std::string& name : theirs) {
    int fd = shm_open(name.c_str(), O_RDONLY, 0);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
  }
  CHECK(sm::remove_leftover_segments(other_job) == static_cast<int>(theirs.size()));
}
