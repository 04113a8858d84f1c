// Speed of the sm transport alone (no pml): two forked processes on this
// node ping-pong small frames and stream large ones. Not a test: it prints
// figures and asserts nothing.
//
//   btl/sm/sm_pingpong_bench [--iters N] [--pin CPU0,CPU1] [--no-stream]
//                            [--stream-only] [--window W]
//
// --window W: the sender waits for the receiver's empty "got them" frame
// after every W frames, as gyre-bench's bandwidth test does (W = 64) after
// each window of MPI_Isend; without it the sender streams and only a full
// ring holds it back. Streams run from 8 B (small frames are what the
// window case measures) to 64 KiB, at most 4 GiB or 20 x iters frames each.
//
// Latency is one way: the round-trip time halved. Bandwidth counts payload
// bytes the receiver copied out of the ring into its own buffer (what an
// eager or pipelined receive does). Latencies are medians of 100 batches,
// bandwidths medians of 50 (overall figures too): a loaded machine preempts
// the odd batch. The "floor" line is
// a bare cache line bounced between the two processes, for context. Payloads
// up to 64 KiB are allowed by raising GYRE_SM_FRAGMENT_SIZE to 128 KiB unless
// it is set already.
#include <sched.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "btl/sm/sm_config.h"
#include "btl/sm/sm_transport.h"
#include "test/unit/btl_forked_ranks.h"

using namespace gyre;
using namespace gyre::btl;
using Clock = std::chrono::steady_clock;

namespace {

// The pml's eager header is 16 bytes (pml/headers.h); each frame carries one.
constexpr size_t kHeaderBytes = 16;

struct Options {
  long iters = 200000;
  bool stream = true;
  bool latency = true;
  long window = 0;  // 0: no acks
  int cpu[2] = {-1, -1};
  uint64_t* flags = nullptr;  // two cache-line-apart words shared by the ranks
};

struct Peer {
  Transport& t;
  int rank;
  int other;
  std::vector<std::byte> sink;  // where received bytes are copied
  long got = 0;
  FrameHandler on_frame = [this](int, std::span<const std::byte> f) {
    if (f.size() > kHeaderBytes) std::memcpy(sink.data(), f.data() + kHeaderBytes, f.size() - kHeaderBytes);
    ++got;
  };

  // As the pml's eager path sends: a header and the payload as one frame.
  void send(const void* data, size_t len) {
    const uint64_t header[kHeaderBytes / 8] = {static_cast<uint64_t>(len), 0};
    while (!t.try_send_pair(other, header, kHeaderBytes, data, len)) t.poll(on_frame);
  }
  void wait_for(long frames) {
    while (got < frames) t.poll(on_frame);
  }
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Latency {
  double median_us;  // of the batches: robust to the odd preemption
  double mean_us;
};

// One-way latency of `iters` round trips of `len` bytes, timed in batches.
Latency pingpong(Peer& p, size_t len, long iters) {
  constexpr int kBatches = 100;
  std::vector<std::byte> msg(len);
  std::vector<double> batch_us;
  long per_batch = std::max(1L, iters / kBatches);
  p.got = 0;
  auto start = Clock::now();
  for (long done = 0; done < iters;) {
    auto batch_start = Clock::now();
    for (long end = std::min(iters, done + per_batch); done < end; ++done) {
      if (p.rank == 0) {
        p.send(msg.data(), len);
        p.wait_for(done + 1);
      } else {
        p.wait_for(done + 1);
        p.send(msg.data(), len);
      }
    }
    batch_us.push_back(seconds_since(batch_start) * 1e6 / (2.0 * per_batch));
  }
  double mean = seconds_since(start) * 1e6 / (2.0 * iters);
  std::nth_element(batch_us.begin(), batch_us.begin() + batch_us.size() / 2, batch_us.end());
  return {batch_us[batch_us.size() / 2], mean};
}

// The machine's floor for the same exchange: one cache line written by one
// process and spun on by the other, each way, nothing else. It puts the
// transport's figure in context (virtual machines and SMT siblings vary).
double raw_line_pingpong(const Options& opt, int rank, long iters) {
  std::atomic_ref<uint64_t> ping(opt.flags[0]);
  std::atomic_ref<uint64_t> pong(opt.flags[16]);
  std::vector<double> batch_us;
  const long per_batch = std::max(1L, iters / 100);
  for (uint64_t i = 1; i <= static_cast<uint64_t>(iters);) {
    auto batch_start = Clock::now();
    for (long k = 0; k < per_batch; ++k, ++i) {
      if (rank == 0) {
        ping.store(i, std::memory_order_release);
        while (pong.load(std::memory_order_acquire) != i) {}
      } else {
        while (ping.load(std::memory_order_acquire) != i) {}
        pong.store(i, std::memory_order_release);
      }
    }
    batch_us.push_back(seconds_since(batch_start) * 1e6 / (2.0 * per_batch));
  }
  std::nth_element(batch_us.begin(), batch_us.begin() + batch_us.size() / 2, batch_us.end());
  return batch_us[batch_us.size() / 2];
}

struct Bandwidth {
  double median_gbs;  // of the sender's batches (a full ring paces it to the receiver)
  double overall_gbs;
};

// GB/s (1e9 bytes) of `count` frames of `len` bytes, rank 0 to rank 1.
Bandwidth stream(Peer& p, size_t len, long count, long window) {
  constexpr long kBatches = 50;
  std::vector<std::byte> msg(len, std::byte{1});
  std::vector<double> batch_gbs;
  const long per_batch = std::max(1L, count / kBatches);
  p.got = 0;
  auto start = Clock::now();
  if (p.rank == 0) {
    for (long sent = 0; sent < count;) {
      auto batch_start = Clock::now();
      long end = std::min(count, sent + per_batch);
      for (; sent < end; ++sent) {
        p.send(msg.data(), len);
        if (window > 0 && (sent + 1) % window == 0) p.wait_for((sent + 1) / window);  // the window's ack
      }
      batch_gbs.push_back(static_cast<double>(len) * per_batch / seconds_since(batch_start) / 1e9);
    }
    // The receiver's "all arrived", after the windows' acks (one poll may take both).
    p.wait_for((window > 0 ? count / window : 0) + 1);
  } else {
    for (long k = window; window > 0 && k <= count; k += window) {
      p.wait_for(k);
      p.send(msg.data(), 0);
    }
    p.wait_for(count);
    p.send(msg.data(), 0);
    batch_gbs.push_back(0);
  }
  double overall = static_cast<double>(len) * count / seconds_since(start) / 1e9;
  std::nth_element(batch_gbs.begin(), batch_gbs.begin() + batch_gbs.size() / 2, batch_gbs.end());
  return {batch_gbs[batch_gbs.size() / 2], overall};
}

void pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
}

int run_rank(const ProcessIdentity& me, Modex& modex, const Options& opt) {
  pin(opt.cpu[me.world_rank]);
  auto t = sm::make_sm_transport(me, sm::SmConfig::from_params());
  Error e = t->publish(modex);
  if (!e) e = modex.exchange();
  if (!e) e = t->connect(modex);
  if (e) {
    std::fprintf(stderr, "rank %d: %s\n", me.world_rank, e.what().c_str());
    return 1;
  }
  const Capabilities caps = t->caps();
  Peer p{*t, me.world_rank, 1 - me.world_rank, std::vector<std::byte>(caps.max_frame)};
  bool report = me.world_rank == 0;
  if (report)
    std::printf("sm: max_frame %zu, eager_limit %zu, single_copy %d, can_block %d\n",
                caps.max_frame, caps.eager_limit, caps.single_copy, caps.can_block);

  double floor_us = raw_line_pingpong(opt, me.world_rank, opt.iters);
  if (report) std::printf("floor    raw cache line %.3f us one-way median\n", floor_us);
  pingpong(p, 8, opt.iters / 10);  // warm-up: pages, caches, branch predictors
  for (size_t len : {size_t{8}, size_t{64}, size_t{256}, size_t{1024}, size_t{2048}, size_t{4096}}) {
    if (!opt.latency) break;
    Latency l = pingpong(p, len, opt.iters);
    if (report)
      std::printf("latency  %6zu B  %8.3f us one-way median, %.3f mean  (%ld round trips)\n", len,
                  l.median_us, l.mean_us, opt.iters);
  }
  for (size_t len : {size_t{8}, size_t{64}, size_t{1024}, size_t{4096}, size_t{32768}, size_t{65536}}) {
    if (len + kHeaderBytes > caps.max_frame || !opt.stream) continue;
    // 4 GiB per size, fewer frames for small ones (they would take minutes).
    long count = std::min(static_cast<long>((size_t{4} << 30) / len), 20 * opt.iters);
    if (opt.window > 0) count -= count % opt.window;
    stream(p, len, count / 8 - count / 8 % std::max(1L, opt.window), opt.window);
    Bandwidth b = stream(p, len, count, opt.window);
    if (report)
      std::printf("stream   %6zu B  %8.2f GB/s median, %.2f overall, %.4f us a frame  (%ld frames, window %ld)\n",
                  len, b.median_gbs, b.overall_gbs, len / b.overall_gbs / 1e3, count, opt.window);
  }
  t->shutdown();
  return 0;
}

Options parse(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--no-stream") opt.stream = false;
    if (arg == "--stream-only") opt.latency = false;
    if (i + 1 == argc) break;
    if (arg == "--iters") opt.iters = std::atol(argv[++i]);
    if (arg == "--window") opt.window = std::atol(argv[++i]);
    if (arg == "--pin") std::sscanf(argv[++i], "%d,%d", &opt.cpu[0], &opt.cpu[1]);
  }
  if (opt.iters < 10) opt.iters = 10;
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = parse(argc, argv);
  void* shared = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) return 1;
  opt.flags = static_cast<uint64_t*>(shared);  // zero; inherited by the forked ranks
  setenv("GYRE_SM_FRAGMENT_SIZE", "131072", 0);  // allow 64 KiB payloads plus the header (see top)
  std::string failure = test::run_forked_ranks(
      2, [&](const ProcessIdentity& me, Modex& modex) { return run_rank(me, modex, opt); }, 900);
  if (!failure.empty()) std::fprintf(stderr, "sm_pingpong_bench: %s\n", failure.c_str());
  return failure.empty() ? 0 : 1;
}
