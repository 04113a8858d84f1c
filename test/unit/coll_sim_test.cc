// Every collective algorithm run for N in-process ranks on a simulated
// network and checked against a serial reference: each algorithm x comm
// size x count x datatype (contiguous, strided derived, padded pair) x op
// (commutative, non-commutative) x MPI_IN_PLACE x root; plus the known
// costs (rounds, bytes, critical path) of the classic algorithms.
#include <catch2/catch.hpp>

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"  // CollArgs{op, rank, size, ...}

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <numeric>
#include <sstream>

#include "coll/algorithms.h"
#include "coll/coll.h"
#include "coll/decision_table.h"
#include "coll/schedule/builder_util.h"
#include "coll/schedule/vector_fold.h"
#include "coll/tree/binomial.h"
#include "runtime/accel/accel.h"
#include "runtime/op.h"
#include "test/unit/coll_sim_network.h"
#include "test/unit/coll_test_types.h"

using namespace gyre;
using namespace gyre::coll;
using gyre::test::op_sum;
using gyre::test::t_int;
using Bytes = std::vector<std::byte>;

namespace {

// ---- datatypes and ops under test ----
const Datatype& t_double() { static Datatype t = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating); return t; }
const Datatype& t_pair() { static Datatype t = Datatype::pair("MPI_DOUBLE_INT", 8, 8, BasicType::double_int); return t; }
// Two ints with a 4-byte hole: non-contiguous, extent 12.
const Datatype& t_vec() { static Datatype t = Datatype::from_blocks({{0, 4}, {8, 4}}, 0, 12, BasicType::int32); return t; }
// An affine map x -> m x + c as two uint64: composition is associative, not commutative.
const Datatype& t_affine() { static Datatype t = Datatype::from_blocks({{0, 16}}, 0, 16, BasicType::none); return t; }

const Op& op_max() { static Op o = Op::predefined(OpKind::max, "MPI_MAX"); return o; }
const Op& op_maxloc() { static Op o = Op::predefined(OpKind::maxloc, "MPI_MAXLOC"); return o; }
const Op& op_vec_sum() {
  static Op o = Op::user([](const void* in, void* inout, size_t n, const Datatype& t) {
    for (size_t i = 0; i < n; ++i)
      for (const TypeBlock& b : t.blocks()) {
        const auto* a = static_cast<const std::byte*>(in) + i * static_cast<size_t>(t.extent()) + b.offset;
        auto* c = static_cast<std::byte*>(inout) + i * static_cast<size_t>(t.extent()) + b.offset;
        int32_t x, y;
        std::memcpy(&x, a, 4);
        std::memcpy(&y, c, 4);
        y += x;
        std::memcpy(c, &y, 4);
      }
  }, true);
  return o;
}
const Op& op_compose() {
  static Op o = Op::user([](const void* in, void* inout, size_t n, const Datatype&) {
    const auto* l = static_cast<const uint64_t*>(in);
    auto* r = static_cast<uint64_t*>(inout);
    for (size_t i = 0; i < n; ++i) {  // in first, then inout
      uint64_t m = r[2 * i] * l[2 * i], c = r[2 * i] * l[2 * i + 1] + r[2 * i + 1];
      r[2 * i] = m;
      r[2 * i + 1] = c;
    }
  }, false);
  return o;
}

// Packed-stream contents for count elements of t on `rank`, seed varies data.
Bytes packed_data(const Datatype& t, size_t count, int rank, int seed = 0) {
  Bytes out(t.size() * count);
  for (size_t i = 0; i < count; ++i) {
    std::byte* e = out.data() + i * t.size();
    if (&t == &t_double()) {
      double v = static_cast<double>((rank * 7 + static_cast<int>(i) * 3 + seed) % 101);
      std::memcpy(e, &v, 8);
    } else if (&t == &t_pair()) {
      double v = static_cast<double>((rank * 13 + static_cast<int>(i) * 7 + seed) % 17);
      int32_t idx = rank;
      std::memcpy(e, &v, 8);
      std::memcpy(e + 8, &idx, 4);
    } else if (&t == &t_affine()) {
      uint64_t m = 2u * static_cast<uint64_t>(rank) + i + 3, c = static_cast<uint64_t>(rank) * 5 + i + static_cast<uint64_t>(seed);
      std::memcpy(e, &m, 8);
      std::memcpy(e + 8, &c, 8);
    } else {
      for (size_t k = 0; k < t.size() / 4; ++k) {
        int32_t v = rank * 100000 + static_cast<int32_t>(i * 10 + k) + seed * 7;
        std::memcpy(e + 4 * k, &v, 4);
      }
    }
  }
  return out;
}

constexpr std::byte kSentinel{0xA5};

// A user buffer for count elements of t, holes filled with the sentinel.
Bytes user_buffer(const Datatype& t, size_t count, const Bytes& packed = {}) {
  Bytes b(std::max<size_t>(1, count * static_cast<size_t>(t.extent()) + 16), kSentinel);
  if (!packed.empty()) t.unpack(b.data(), count, 0, packed.data(), packed.size());
  return b;
}

Bytes pack(const Datatype& t, size_t count, const Bytes& user) {
  Bytes out(t.size() * count);
  if (!out.empty()) t.pack(user.data(), count, 0, out.data(), out.size());
  return out;
}

// ---- running a schedule on every rank ----
struct Outcome {
  std::vector<ScheduleCost> costs;
  int depth = 0;
};

// A rank's view of the network when its peers are not the network's ranks
// (an intercommunicator's remote group): peer p is network rank map(p).
class MappedTransport : public Transport {
 public:
  MappedTransport(sim::SimTransport& inner, std::function<int(int)> map) : inner_(inner), map_(std::move(map)) {}
  std::unique_ptr<Request> isend(const void* buf, size_t count, const Datatype& type, int peer, int tag) override {
    return inner_.isend(buf, count, type, map_(peer), tag);
  }
  std::unique_ptr<Request> irecv(void* buf, size_t count, const Datatype& type, int peer, int tag) override {
    return inner_.irecv(buf, count, type, map_(peer), tag);
  }
  const Datatype& byte_type() const override { return inner_.byte_type(); }

 private:
  sim::SimTransport& inner_;
  std::function<int(int)> map_;
};

// The node layout node-aware algorithms get in these tests: pairs of
// consecutive ranks dealt round-robin to 3 nodes (members not contiguous,
// nodes of unequal size).
NodeLayout test_layout(int n) {
  std::vector<int> node_of(static_cast<size_t>(n));
  for (int r = 0; r < n; ++r) node_of[static_cast<size_t>(r)] = (r / 2) % 3;
  return make_node_layout(node_of);
}

// peer_map: for intercommunicator schedules, rank r's peer p is network
// rank peer_map(r, p).
// Rendezvous by default: what large messages do on the real transports, and
// the stricter check (see coll_sim_network.h).
Outcome simulate(const Algorithm& alg, const std::vector<CollArgs>& given, const std::vector<RunBuffers>& bufs,
                 std::function<int(int, int)> peer_map = nullptr, sim::Protocol protocol = sim::Protocol::rendezvous) {
  int n = static_cast<int>(given.size());
  sim::Network net(n, protocol);
  std::vector<std::unique_ptr<Schedule>> scheds;
  std::vector<std::unique_ptr<Run>> runs;
  std::vector<std::unique_ptr<MappedTransport>> mapped;
  std::vector<CollArgs> args = given;
  NodeLayout layout = test_layout(n);
  Outcome out;
  for (int r = 0; r < n; ++r) {
    if (alg.scope == Scope::nodes && args[static_cast<size_t>(r)].nodes == nullptr) args[static_cast<size_t>(r)].nodes = &layout;
    scheds.push_back(std::make_unique<Schedule>());
    alg.build(args[static_cast<size_t>(r)], *scheds.back());
    scheds.back()->finish();
    out.costs.push_back(scheds.back()->cost());
    runs.push_back(std::make_unique<Run>());
    net.transport(r).run = runs.back().get();
    Transport* t = &net.transport(r);
    if (peer_map) {
      mapped.push_back(std::make_unique<MappedTransport>(net.transport(r), [peer_map, r](int p) { return peer_map(r, p); }));
      t = mapped.back().get();
    }
    runs.back()->start(*scheds.back(), *t, bufs[static_cast<size_t>(r)], 42);
  }
  for (bool all_done = false; !all_done;) {
    all_done = true;
    size_t before = net.messages, rounds_before = 0, rounds_after = 0;
    for (auto& run : runs) rounds_before += run->rounds_done() + (run->done() ? 1 : 0);
    for (auto& run : runs) all_done = run->advance() && all_done;
    for (auto& run : runs) rounds_after += run->rounds_done() + (run->done() ? 1 : 0);
    if (!all_done && net.messages == before && rounds_after == rounds_before) FAIL("deadlock in " << alg.name);
  }
  for (auto& run : runs) REQUIRE_FALSE(run->error().failed());
  REQUIRE(net.idle());  // no unmatched message
  std::vector<size_t> rounds;
  for (auto& s : scheds) rounds.push_back(s->num_rounds());
  out.depth = net.critical_path(rounds);
  return out;
}

// The intracommunicator algorithms of op (node-aware ones run on test_layout()).
std::vector<const Algorithm*> algs_of(CollOp op) {
  std::vector<const Algorithm*> v;
  for (const Algorithm& a : algorithms())
    if (a.op == op && a.scope != Scope::inter && a.build != nullptr) v.push_back(&a);  // direct (shm) ones: coll_shm_test
  return v;
}

const std::vector<int> kSizes{1, 2, 3, 4, 5, 7, 8, 16, 33};
const std::vector<size_t> kCounts{0, 1, 7, 300};

struct ReduceCase {
  const Datatype* type;
  const Op* op;
};
std::vector<ReduceCase> reduce_cases() {
  return {{&t_int(), &op_sum()}, {&t_double(), &op_max()}, {&t_pair(), &op_maxloc()}, {&t_vec(), &op_vec_sum()},
          {&t_affine(), &op_compose()}};
}

// Rank-order fold of every rank's vector over ranks [0, upto].
Bytes fold(const Datatype& t, const Op& op, size_t count, int upto) {
  Bytes acc = user_buffer(t, count, packed_data(t, count, 0));
  for (int r = 1; r <= upto; ++r) {
    Bytes next = user_buffer(t, count, packed_data(t, count, r));
    op.apply_host(acc.data() + t.true_lb(), next.data() + t.true_lb(), count, t);  // next = acc op next
    acc = next;
  }
  return pack(t, count, acc);
}

// reduce_scatter_block for n ranks, count elements a block, checked
// against the serial fold block by block; returns the run's costs.
Outcome check_reduce_scatter_block(const Algorithm& alg, int n, size_t count, ReduceCase rc, bool in_place) {
  const Datatype& t = *rc.type;
  INFO("reduce_scatter_block " << alg.name << " n=" << n << " type=" << t.name() << " in_place=" << in_place);
  std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
  std::vector<CollArgs> args(static_cast<size_t>(n));
  std::vector<RunBuffers> bufs(static_cast<size_t>(n));
  size_t total = count * static_cast<size_t>(n);
  for (int r = 0; r < n; ++r) {
    size_t i = static_cast<size_t>(r);
    send[i] = user_buffer(t, total, packed_data(t, total, r));
    recv[i] = in_place ? send[i] : user_buffer(t, total);
    args[i] = CollArgs{CollOp::reduce_scatter_block, r, n, 0, total, &t, count, nullptr, {}, {}, {}, {}, {}, {},
                       rc.op, rc.op->commutative(), in_place};
    bufs[i] = {in_place ? nullptr : send[i].data(), recv[i].data(), rc.op, &t};
  }
  Outcome out = simulate(alg, args, bufs);
  Bytes all = fold(t, *rc.op, total, n - 1);
  for (int r = 0; r < n; ++r) {
    size_t i = static_cast<size_t>(r);
    Bytes want(all.begin() + static_cast<std::ptrdiff_t>(i * count * t.size()),
               all.begin() + static_cast<std::ptrdiff_t>((i + 1) * count * t.size()));
    REQUIRE(pack(t, count, recv[i]) == want);
  }
  return out;
}

// One reduction (allreduce, reduce, scan, exscan) for n ranks, checked
// against the serial fold; returns the run's costs.
Outcome check_reduction(CollOp op, const Algorithm& alg, int n, size_t count, ReduceCase rc, bool in_place,
                        int root) {
  bool comm = rc.op->commutative();
  const Datatype& t = *rc.type;
  INFO(op_name(op) << " " << alg.name << " n=" << n << " count=" << count << " type=" << t.name()
                   << " op=" << rc.op->name() << " in_place=" << in_place << " root=" << root);
  std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
  std::vector<CollArgs> args(static_cast<size_t>(n));
  std::vector<RunBuffers> bufs(static_cast<size_t>(n));
  for (int r = 0; r < n; ++r) {
    size_t i = static_cast<size_t>(r);
    bool ip = in_place && (op != CollOp::reduce || r == root);
    send[i] = user_buffer(t, count, packed_data(t, count, r));
    recv[i] = ip ? send[i] : user_buffer(t, count);
    args[i] = CollArgs{op, r, n, root, count, &t, 0, nullptr, {}, {}, {}, {}, {}, {}, rc.op, comm, ip};
    bufs[i] = {ip ? nullptr : send[i].data(), recv[i].data(), rc.op, &t};
  }
  Outcome out = simulate(alg, args, bufs);
  for (int r = 0; r < n; ++r) {
    size_t i = static_cast<size_t>(r);
    if (op == CollOp::reduce && r != root) continue;
    if (op == CollOp::exscan && r == 0) continue;
    int upto = op == CollOp::scan ? r : op == CollOp::exscan ? r - 1 : n - 1;
    Bytes want = user_buffer(t, count, fold(t, *rc.op, count, upto));
    if (in_place && count > 0 && op != CollOp::reduce) {
      // holes of an in-place buffer keep the user's bytes
      want = send[i];
      Bytes p = fold(t, *rc.op, count, upto);
      t.unpack(want.data(), count, 0, p.data(), p.size());
    } else if (in_place && r == root) {
      want = send[i];
      Bytes p = fold(t, *rc.op, count, upto);
      if (count > 0) t.unpack(want.data(), count, 0, p.data(), p.size());
    }
    INFO("rank " << r);
    REQUIRE(recv[i] == want);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- reductions

TEST_CASE("allreduce, reduce, scan, exscan: every algorithm matches the serial reference", "[coll][reduce]") {
  for (CollOp op : {CollOp::allreduce, CollOp::reduce, CollOp::scan, CollOp::exscan})
    for (const Algorithm* alg : algs_of(op))
      for (int n : kSizes)
        for (size_t count : kCounts)
          for (ReduceCase rc : reduce_cases())
            for (bool in_place : {false, true})
              for (int root : {0, n - 1}) {
                if (op != CollOp::reduce && root != 0) continue;
                if (alg->needs_commutative && !rc.op->commutative()) continue;
                check_reduction(op, *alg, n, count, rc, in_place, root);
              }
}

TEST_CASE("reduce_scatter and reduce_scatter_block match the reference", "[coll][reduce]") {
  for (CollOp op : {CollOp::reduce_scatter, CollOp::reduce_scatter_block})
    for (const Algorithm* alg : algs_of(op))
      for (int n : kSizes)
        for (size_t per : {size_t{0}, size_t{1}, size_t{5}})
          for (ReduceCase rc : reduce_cases())
            for (bool in_place : {false, true}) {
              bool comm = rc.op->commutative();
              if (alg->needs_commutative && !comm) continue;
              if (alg->needs_pof2 && (n & (n - 1)) != 0) continue;
              const Datatype& t = *rc.type;
              std::vector<int> counts(static_cast<size_t>(n));
              for (int r = 0; r < n; ++r)
                counts[static_cast<size_t>(r)] = op == CollOp::reduce_scatter_block ? static_cast<int>(per)
                                                                                    : static_cast<int>((per + static_cast<size_t>(r)) % 3 * per);
              size_t total = static_cast<size_t>(std::accumulate(counts.begin(), counts.end(), 0));
              INFO(op_name(op) << " " << alg->name << " n=" << n << " per=" << per << " type=" << t.name()
                               << " in_place=" << in_place);
              std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
              std::vector<CollArgs> args(static_cast<size_t>(n));
              std::vector<RunBuffers> bufs(static_cast<size_t>(n));
              for (int r = 0; r < n; ++r) {
                size_t i = static_cast<size_t>(r);
                send[i] = user_buffer(t, total, packed_data(t, total, r));
                recv[i] = in_place ? send[i] : user_buffer(t, total);
                args[i] = CollArgs{op, r, n, 0, total, &t, per, nullptr, {}, {}, counts, {}, {}, {}, rc.op, comm, in_place};
                bufs[i] = {in_place ? nullptr : send[i].data(), recv[i].data(), rc.op, &t};
              }
              simulate(*alg, args, bufs);
              Bytes all = fold(t, *rc.op, total, n - 1);
              size_t lo = 0;
              for (int r = 0; r < n; ++r) {
                size_t i = static_cast<size_t>(r), c = static_cast<size_t>(counts[i]);
                Bytes mine(all.begin() + static_cast<std::ptrdiff_t>(lo * t.size()),
                           all.begin() + static_cast<std::ptrdiff_t>((lo + c) * t.size()));
                Bytes got = pack(t, c, recv[i]);
                INFO("rank " << r);
                REQUIRE(got == mine);
                lo += c;
              }
            }
}

// ---------------------------------------------------------------- data movement

TEST_CASE("bcast: every algorithm, every root", "[coll][bcast]") {
  for (const Algorithm* alg : algs_of(CollOp::bcast))
    for (int n : kSizes)
      for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{300}, size_t{40000}})
        for (const Datatype* t : {&t_int(), &t_vec()})
          for (int root : {0, n / 2, n - 1}) {
            INFO("bcast " << alg->name << " n=" << n << " count=" << count << " type=" << t->name() << " root=" << root);
            std::vector<Bytes> buf(static_cast<size_t>(n));
            std::vector<CollArgs> args(static_cast<size_t>(n));
            std::vector<RunBuffers> bufs(static_cast<size_t>(n));
            for (int r = 0; r < n; ++r) {
              size_t i = static_cast<size_t>(r);
              buf[i] = r == root ? user_buffer(*t, count, packed_data(*t, count, r)) : user_buffer(*t, count);
              args[i] = CollArgs{CollOp::bcast, r, n, root, count, t};
              bufs[i] = {nullptr, buf[i].data(), nullptr, nullptr};
            }
            simulate(*alg, args, bufs);
            for (int r = 0; r < n; ++r) REQUIRE(buf[static_cast<size_t>(r)] == buf[static_cast<size_t>(root)]);
          }
}

namespace {
// Send/receive type pairs with equal signatures: c elements of the first
// type carry the same ints as the count of the second.
struct TypePair {
  const Datatype* s;
  size_t smul;
  const Datatype* r;
  size_t rmul;
};
std::vector<TypePair> type_pairs() { return {{&t_int(), 2, &t_int(), 2}, {&t_vec(), 1, &t_int(), 2}, {&t_int(), 2, &t_vec(), 1}}; }

int vcount(int r, size_t count) { return r % 3 == 1 ? 0 : static_cast<int>(count) + r % 2; }
}  // namespace

TEST_CASE("gather, scatter, allgather and their v forms", "[coll][gather]") {
  for (CollOp op : {CollOp::gather, CollOp::gatherv, CollOp::allgather, CollOp::allgatherv, CollOp::scatter, CollOp::scatterv})
    for (const Algorithm* alg : algs_of(op))
      for (int n : kSizes)
        for (size_t count : {size_t{0}, size_t{1}, size_t{5}, size_t{200}})
          for (TypePair tp : type_pairs())
            for (bool in_place : {false, true})
              for (int root : {0, n - 1}) {
                bool rooted = op == CollOp::gather || op == CollOp::gatherv || op == CollOp::scatter || op == CollOp::scatterv;
                bool scatter = op == CollOp::scatter || op == CollOp::scatterv;
                bool v = op == CollOp::gatherv || op == CollOp::allgatherv || op == CollOp::scatterv;
                if (!rooted && root != 0) continue;
                if (alg->needs_pof2 && (n & (n - 1)) != 0) continue;
                INFO(op_name(op) << " " << alg->name << " n=" << n << " count=" << count << " types=" << tp.s->name()
                                 << "/" << tp.r->name() << " in_place=" << in_place << " root=" << root);
                // Blocks in units of the "block side" type (receive for gathers, send for scatter).
                const Datatype* bt = scatter ? tp.s : tp.r;
                size_t bmul = scatter ? tp.smul : tp.rmul;
                std::vector<int> counts(static_cast<size_t>(n)), displs(static_cast<size_t>(n));
                int at = 0;
                for (int r = n - 1; r >= 0; --r) {  // reversed order with holes: displacements matter
                  counts[static_cast<size_t>(r)] = static_cast<int>(bmul) * (v ? vcount(r, count) : static_cast<int>(count));
                  displs[static_cast<size_t>(r)] = at;
                  at += counts[static_cast<size_t>(r)] + 1;
                }
                if (!v)
                  for (int r = 0; r < n; ++r) displs[static_cast<size_t>(r)] = r * counts[0];
                size_t span = static_cast<size_t>(at);
                auto own_count = [&](int r, size_t mul) { return (v ? static_cast<size_t>(vcount(r, count)) : count) * mul; };
                std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
                std::vector<CollArgs> args(static_cast<size_t>(n));
                std::vector<RunBuffers> bufs(static_cast<size_t>(n));
                for (int r = 0; r < n; ++r) {
                  size_t i = static_cast<size_t>(r);
                  bool big_side = !scatter ? (!rooted || r == root) : r == root;
                  bool ip = in_place && (rooted ? r == root : true);
                  if (scatter) {
                    send[i] = r == root ? user_buffer(*bt, span, packed_data(*bt, span, 0, r)) : Bytes(1);
                    recv[i] = user_buffer(*tp.r, own_count(r, tp.rmul));
                  } else {
                    send[i] = user_buffer(*tp.s, own_count(r, tp.smul), packed_data(*tp.s, own_count(r, tp.smul), r));
                    recv[i] = big_side ? user_buffer(*bt, span) : Bytes(1);
                    if (ip) {  // my contribution already sits in my block
                      Bytes p = packed_data(*tp.s, own_count(r, tp.smul), r);
                      if (!p.empty())
                        bt->unpack(recv[i].data() + displs[i] * bt->extent(), counts[i] / static_cast<int>(1), 0, p.data(), p.size());
                    }
                  }
                  CollArgs a{op, r, n, root};
                  if (scatter) {
                    a.count = count * tp.smul; a.type = tp.s; a.rcount = own_count(r, tp.rmul); a.rtype = tp.r;
                    a.scounts = counts; a.sdispls = displs;
                  } else {
                    a.count = own_count(r, tp.smul); a.type = tp.s; a.rcount = count * tp.rmul; a.rtype = tp.r;
                    a.rcounts = counts; a.rdispls = displs;
                  }
                  a.in_place = ip;
                  args[i] = a;
                  bufs[i] = {ip && !scatter ? nullptr : send[i].data(), ip && scatter ? nullptr : recv[i].data(), nullptr, nullptr};
                }
                simulate(*alg, args, bufs);
                for (int r = 0; r < n; ++r) {
                  size_t i = static_cast<size_t>(r);
                  INFO("rank " << r);
                  if (scatter) {
                    if (in_place && r == root) continue;
                    Bytes got = pack(*tp.r, own_count(r, tp.rmul), recv[i]);
                    Bytes block(bt->size() * static_cast<size_t>(counts[i]));
                    if (!block.empty()) bt->pack(send[static_cast<size_t>(root)].data() + displs[i] * bt->extent(), static_cast<size_t>(counts[i]), 0, block.data(), block.size());
                    REQUIRE(got == block);
                  } else if (!rooted || r == root) {
                    Bytes want = user_buffer(*bt, span);
                    for (int p = 0; p < n; ++p) {
                      Bytes pd = packed_data(*tp.s, own_count(p, tp.smul), p);
                      if (!pd.empty()) bt->unpack(want.data() + displs[static_cast<size_t>(p)] * bt->extent(), static_cast<size_t>(counts[static_cast<size_t>(p)]), 0, pd.data(), pd.size());
                    }
                    REQUIRE(recv[i] == want);
                  }
                }
              }
}

TEST_CASE("alltoall and alltoallv: every algorithm", "[coll][alltoall]") {
  for (CollOp op : {CollOp::alltoall, CollOp::alltoallv})
    for (const Algorithm* alg : algs_of(op))
      for (int n : kSizes)
        for (size_t count : {size_t{0}, size_t{1}, size_t{3}, size_t{100}})
          for (TypePair tp : type_pairs())
            for (bool in_place : {false, true}) {
              if (in_place && tp.s != tp.r) continue;
              bool v = op == CollOp::alltoallv;
              INFO(op_name(op) << " " << alg->name << " n=" << n << " count=" << count << " types=" << tp.s->name()
                               << "/" << tp.r->name() << " in_place=" << in_place);
              // symmetric counts: MPI_IN_PLACE sends block p with recvcounts[p]
              auto c = [&](int from, int to) { return v ? ((from + to) % 3 == 0 ? size_t{0} : count + static_cast<size_t>((from + to) % 2)) : count; };
              std::vector<std::vector<int>> sc(static_cast<size_t>(n)), sd(sc), rc(sc), rd(sc);
              std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
              std::vector<CollArgs> args(static_cast<size_t>(n));
              std::vector<RunBuffers> bufs(static_cast<size_t>(n));
              std::vector<int> sspan(static_cast<size_t>(n)), rspan(static_cast<size_t>(n));
              for (int r = 0; r < n; ++r) {
                size_t i = static_cast<size_t>(r);
                int s_at = 0, r_at = 0;
                for (int p = n - 1; p >= 0; --p) {
                  sc[i].insert(sc[i].begin(), static_cast<int>(c(r, p) * tp.smul));
                  rc[i].insert(rc[i].begin(), static_cast<int>(c(p, r) * tp.rmul));
                }
                sd[i].resize(static_cast<size_t>(n));
                rd[i].resize(static_cast<size_t>(n));
                for (int p = n - 1; p >= 0; --p) {
                  sd[i][static_cast<size_t>(p)] = v ? s_at : p * static_cast<int>(count * tp.smul);
                  s_at += sc[i][static_cast<size_t>(p)] + (v ? 1 : 0);
                  rd[i][static_cast<size_t>(p)] = v ? r_at : p * static_cast<int>(count * tp.rmul);
                  r_at += rc[i][static_cast<size_t>(p)] + (v ? 1 : 0);
                }
                if (!v) { s_at = n * static_cast<int>(count * tp.smul); r_at = n * static_cast<int>(count * tp.rmul); }
                if (in_place) { sc[i] = rc[i]; sd[i] = rd[i]; s_at = r_at; }
                Bytes sbuf = user_buffer(*tp.s, static_cast<size_t>(s_at));
                for (int p = 0; p < n; ++p) {
                  Bytes pd = packed_data(*tp.s, static_cast<size_t>(sc[i][static_cast<size_t>(p)]), r, p);
                  if (!pd.empty()) tp.s->unpack(sbuf.data() + sd[i][static_cast<size_t>(p)] * tp.s->extent(), static_cast<size_t>(sc[i][static_cast<size_t>(p)]), 0, pd.data(), pd.size());
                }
                send[i] = sbuf;
                recv[i] = in_place ? sbuf : user_buffer(*tp.r, static_cast<size_t>(r_at));
                CollArgs a{op, r, n, 0, count * tp.smul, tp.s, count * tp.rmul, tp.r, sc[i], sd[i], rc[i], rd[i]};
                a.in_place = in_place;
                args[i] = a;
                bufs[i] = {in_place ? nullptr : send[i].data(), recv[i].data(), nullptr, nullptr};
              }
              simulate(*alg, args, bufs);
              for (int r = 0; r < n; ++r) {
                size_t i = static_cast<size_t>(r);
                for (int p = 0; p < n; ++p) {
                  size_t pp = static_cast<size_t>(p);
                  Bytes got(tp.r->size() * static_cast<size_t>(rc[i][pp]));
                  if (!got.empty()) tp.r->pack(recv[i].data() + rd[i][pp] * tp.r->extent(), static_cast<size_t>(rc[i][pp]), 0, got.data(), got.size());
                  // what p sent to r: p's packed block seeded with r, in p's send type units
                  Bytes want = packed_data(*tp.s, c(p, r) * tp.smul, p, r);
                  INFO("rank " << r << " from " << p);
                  REQUIRE(got == want);
                }
              }
            }
}

TEST_CASE("own blocks of 4 MiB and more: the streaming copy, the pair exchange", "[coll][gather][alltoall][streaming]") {
  // accel::copy_streaming alone: every alignment of both sides, lengths on
  // both sides of its threshold, nothing written outside the destination.
  const size_t big = (size_t{4} << 20) + 77;
  Bytes src(big + 64), dst(big + 64);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<std::byte>(i * 131 + 7);
  for (size_t n : {size_t{100}, big - 80, big})
    for (size_t so : {size_t{0}, size_t{3}, size_t{16}})
      for (size_t d_off : {size_t{0}, size_t{5}, size_t{32}}) {
        INFO("n=" << n << " src+" << so << " dst+" << d_off);
        std::fill(dst.begin(), dst.end(), std::byte{0xee});
        accel::copy_streaming(dst.data() + d_off, src.data() + so, n);
        REQUIRE(std::memcmp(dst.data() + d_off, src.data() + so, n) == 0);
        REQUIRE(dst[d_off + n] == std::byte{0xee});
        if (d_off > 0) REQUIRE(dst[d_off - 1] == std::byte{0xee});
      }
  // Through the engine: allgather and alltoall whose own block (4 MiB + 4
  // bytes: the odd blocks start unaligned) takes the streaming copy; linear
  // at two ranks orders its steps as pair_exchange says.
  const size_t count = (size_t{1} << 20) + 1, bytes = count * 4;
  for (CollOp op : {CollOp::allgather, CollOp::alltoall})
    for (const Algorithm* alg : algs_of(op))
      for (int n : {1, 2, 3}) {
        if (alg->needs_pof2 && (n & (n - 1)) != 0) continue;
        INFO(op_name(op) << " " << alg->name << " n=" << n);
        size_t sblocks = op == CollOp::alltoall ? static_cast<size_t>(n) : 1;
        std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
        std::vector<CollArgs> args(static_cast<size_t>(n));
        std::vector<RunBuffers> bufs(static_cast<size_t>(n));
        for (int r = 0; r < n; ++r) {
          size_t i = static_cast<size_t>(r);
          send[i].resize(sblocks * bytes);
          for (size_t b = 0; b < sblocks; ++b) {
            Bytes pd = packed_data(t_int(), count, r, static_cast<int>(b));
            std::copy(pd.begin(), pd.end(), send[i].begin() + static_cast<std::ptrdiff_t>(b * bytes));
          }
          recv[i].assign(static_cast<size_t>(n) * bytes, std::byte{0});
          args[i] = CollArgs{op, r, n, 0, count, &t_int(), count, &t_int()};
          bufs[i] = {send[i].data(), recv[i].data(), nullptr, nullptr};
        }
        Outcome o = simulate(*alg, args, bufs);
        if (alg->name == "linear" && n == 2) {  // pair_exchange: rank 0 copies, then receives
          REQUIRE(o.costs[0].rounds == 2);
          REQUIRE(o.costs[1].rounds == 1);
        }
        for (int r = 0; r < n; ++r)
          for (int p = 0; p < n; ++p) {
            INFO("rank " << r << " block " << p);
            Bytes want = packed_data(t_int(), count, p, op == CollOp::alltoall ? r : 0);
            const std::byte* got = recv[static_cast<size_t>(r)].data() + static_cast<size_t>(p) * bytes;
            REQUIRE(std::memcmp(got, want.data(), bytes) == 0);
          }
      }
}

TEST_CASE("barrier: every algorithm completes, with the expected depth", "[coll][barrier]") {
  for (const Algorithm* alg : algs_of(CollOp::barrier))
    for (int n : {1, 2, 3, 4, 5, 7, 8, 16, 33, 64, 1000}) {
      INFO("barrier " << alg->name << " n=" << n);
      std::vector<CollArgs> args(static_cast<size_t>(n));
      std::vector<RunBuffers> bufs(static_cast<size_t>(n));
      for (int r = 0; r < n; ++r) args[static_cast<size_t>(r)] = CollArgs{CollOp::barrier, r, n};
      Outcome o = simulate(*alg, args, bufs);
      int log2n = 0;
      while ((1 << log2n) < n) ++log2n;
      if (alg->name == "dissemination") REQUIRE(o.depth == log2n);
      // children are signalled concurrently: depth 2 ceil(log2 n) for a power of two, less otherwise
      if (alg->name == "binomial") REQUIRE(o.depth <= 2 * log2n);
      if (alg->name == "binomial" && (n & (n - 1)) == 0) REQUIRE(o.depth == 2 * log2n);
      if (alg->name == "linear") REQUIRE(o.depth == (n > 1 ? 2 : 0));
    }
}

// ---------------------------------------------------------------- costs

TEST_CASE("known costs: ring, recursive halving-doubling, binomial", "[coll][cost]") {
  const Datatype& t = t_int();
  for (int n : {2, 3, 4, 5, 7, 8, 16, 33, 64}) {
    size_t count = static_cast<size_t>(n) * 64;  // divisible: exact chunk sizes
    std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
    std::vector<CollArgs> args(static_cast<size_t>(n));
    std::vector<RunBuffers> bufs(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
      size_t i = static_cast<size_t>(r);
      send[i] = user_buffer(t, count, packed_data(t, count, r));
      recv[i] = user_buffer(t, count);
      args[i] = CollArgs{CollOp::allreduce, r, n, 0, count, &t};
      bufs[i] = {send[i].data(), recv[i].data(), &op_sum(), &t};
    }
    INFO("n=" << n);
    Outcome ring = simulate(*find_algorithm(CollOp::allreduce, "ring"), args, bufs);
    for (const ScheduleCost& c : ring.costs) {
      REQUIRE(c.rounds == 2 * (n - 1));
      REQUIRE(c.bytes_sent == 2 * static_cast<size_t>(n - 1) * count * 4 / static_cast<size_t>(n));
    }
    REQUIRE(ring.depth == 2 * (n - 1));
    int log2n = 0;
    while ((1 << log2n) < n) ++log2n;
    if ((n & (n - 1)) == 0) {
      Outcome rhd = simulate(*find_algorithm(CollOp::allreduce, "rhd"), args, bufs);
      for (const ScheduleCost& c : rhd.costs) {
        REQUIRE(c.rounds == 2 * log2n);
        REQUIRE(c.bytes_sent == 2 * static_cast<size_t>(n - 1) * count * 4 / static_cast<size_t>(n));
      }
      REQUIRE(rhd.depth == 2 * log2n);
    }
    for (int r = 0; r < n; ++r) args[static_cast<size_t>(r)].op = CollOp::bcast;
    Outcome tree = simulate(*find_algorithm(CollOp::bcast, "binomial"), args, bufs);
    // ceil(log2 n) sends at the root; the farthest rank is that many hops
    // away for a power of two (children are fed concurrently, so fewer otherwise)
    REQUIRE(tree.costs[0].sends == static_cast<size_t>(log2n));
    REQUIRE(tree.depth <= log2n);
    if ((n & (n - 1)) == 0) REQUIRE(tree.depth == log2n);
  }
}

namespace {

// The segmented-fold tests' reductions (contiguous, non-commutative derived,
// vector type), each on a vector of two and a bit fold segments.
struct FoldCase {
  ReduceCase rc;
  size_t stride;  // bytes from one element to the next in a user buffer
  size_t count;
};
std::vector<FoldCase> fold_cases() {
  std::vector<FoldCase> cases;
  for (ReduceCase rc : {ReduceCase{&t_int(), &op_sum()}, ReduceCase{&t_affine(), &op_compose()},
                        ReduceCase{&t_vec(), &op_vec_sum()}}) {
    const Datatype& t = *rc.type;
    size_t stride = t.contiguous() ? t.size() : static_cast<size_t>(t.extent());
    cases.push_back({rc, stride, 2 * kFoldSegmentBytes / stride + 3});
  }
  return cases;
}

}  // namespace

TEST_CASE("segmented folds: direct allreduce and reduce_scatter, binomial reduce", "[coll][cost][segments]") {
  // Vectors of two and a bit segments: every fold path (straight into the
  // result, through a temporary, in place, either rank order) over several
  // segments, checked against the reference, and their costs.
  for (const FoldCase& f : fold_cases()) {
    const ReduceCase& rc = f.rc;
    const size_t stride = f.stride, count = f.count;
    size_t segs = fold_segments(count, stride);
    REQUIRE(segs == 3);
    for (int n : {1, 2, 3, 4}) {
      for (bool in_place : {false, true}) {
        Outcome direct = check_reduction(CollOp::allreduce, *find_algorithm(CollOp::allreduce, "direct"), n, count, rc,
                                         in_place, 0);
        for (const ScheduleCost& c : direct.costs) {
          REQUIRE(c.sends == static_cast<size_t>(n - 1) * segs);  // all posted at once, in the background
          REQUIRE(c.bytes_sent == static_cast<size_t>(n - 1) * count * stride);
          REQUIRE(c.rounds == (n > 1 ? static_cast<int>(segs) + 1 : 0));  // the offers, one round per segment
        }
        REQUIRE(direct.depth <= (n > 1 ? static_cast<int>(segs) + 1 : 0));  // nothing waits on a forwarded result
        for (bool rs_in_place : {false, true}) {
          // reduce_scatter_block, direct: the same folds on each rank's block only
          Outcome rs = check_reduce_scatter_block(*find_algorithm(CollOp::reduce_scatter_block, "direct"), n, count,
                                                  rc, rs_in_place);
          for (const ScheduleCost& c : rs.costs) REQUIRE(c.bytes_sent == static_cast<size_t>(n - 1) * count * stride);
        }
        for (int root : {0, n - 1}) {
          Outcome tree = check_reduction(CollOp::reduce, *find_algorithm(CollOp::reduce, "binomial"), n, count, rc,
                                         in_place, root);
          int tree_root = rc.op->commutative() ? root : 0;
          for (int r = 0; r < n; ++r) {
            const ScheduleCost& c = tree.costs[static_cast<size_t>(r)];
            if (r == tree_root) continue;
            REQUIRE(c.bytes_sent == count * stride);  // each rank's partial result once, to its parent
            if (r != root && BinomialNode::make(n, r, tree_root).children.empty())
              REQUIRE(c.rounds == 1);  // a leaf offers its input in one round
          }
        }
      }
    }
  }
}

TEST_CASE("segmented folds: rhd, recursive doubling, chain, hier", "[coll][cost][segments]") {
  // The builders that send their input as it is and fold per segment, on
  // vectors of two and a bit fold segments (and several chain segments):
  // every path (first exchange from the input, later ones from the result,
  // in place, non-powers of two, either rank order) against the reference.
  for (const FoldCase& f : fold_cases()) {
    const ReduceCase& rc = f.rc;
    const size_t stride = f.stride, count = f.count;
    bool comm = rc.op->commutative();
    for (int n : {1, 2, 3, 4, 5, 8})
      for (bool in_place : {false, true}) {
        int log2n = 0;
        while ((1 << log2n) < n) ++log2n;
        bool pof2 = (n & (n - 1)) == 0;
        Outcome rd = check_reduction(CollOp::allreduce, *find_algorithm(CollOp::allreduce, "recursive_doubling"), n,
                                     count, rc, in_place, 0);
        if (pof2)
          for (const ScheduleCost& c : rd.costs) REQUIRE(c.bytes_sent == static_cast<size_t>(log2n) * count * stride);
        for (int root : {0, n - 1}) {
          Outcome chain =
              check_reduction(CollOp::reduce, *find_algorithm(CollOp::reduce, "chain"), n, count, rc, in_place, root);
          int head = comm ? root : 0;
          for (int r = 0; r < n; ++r)
            if (r != head) REQUIRE(chain.costs[static_cast<size_t>(r)].bytes_sent == count * stride);
        }
        if (!comm) continue;
        Outcome rhd =
            check_reduction(CollOp::allreduce, *find_algorithm(CollOp::allreduce, "rhd"), n, count, rc, in_place, 0);
        if (pof2 && n > 1)
          for (const ScheduleCost& c : rhd.costs) REQUIRE(c.rounds >= 2 * log2n);
        check_reduction(CollOp::allreduce, *find_algorithm(CollOp::allreduce, "hier"), n, count, rc, in_place, 0);
        for (int root : {0, n - 1})
          check_reduction(CollOp::reduce, *find_algorithm(CollOp::reduce, "hier"), n, count, rc, in_place, root);
        if (!pof2) continue;
        // reduce_scatter_block, rhd: blocks of two and a bit segments
        Outcome rs =
            check_reduce_scatter_block(*find_algorithm(CollOp::reduce_scatter_block, "rhd"), n, count, rc, in_place);
        for (const ScheduleCost& c : rs.costs) REQUIRE(c.bytes_sent == static_cast<size_t>(n - 1) * count * stride);
      }
  }
}

TEST_CASE("cheap algorithms at 1000 ranks", "[coll][large]") {
  int n = 1000;
  const Datatype& t = t_int();
  std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
  std::vector<CollArgs> args(static_cast<size_t>(n));
  std::vector<RunBuffers> bufs(static_cast<size_t>(n));
  for (const char* name : {"recursive_doubling", "binomial"}) {
    for (int r = 0; r < n; ++r) {
      size_t i = static_cast<size_t>(r);
      send[i] = user_buffer(t, 3, packed_data(t, 3, r));
      recv[i] = user_buffer(t, 3);
      args[i] = CollArgs{CollOp::allreduce, r, n, 0, 3, &t};
      bufs[i] = {send[i].data(), recv[i].data(), &op_sum(), &t};
    }
    simulate(*find_algorithm(CollOp::allreduce, name), args, bufs);
    Bytes want = user_buffer(t, 3, fold(t, op_sum(), 3, n - 1));
    for (int r = 0; r < n; ++r) REQUIRE(recv[static_cast<size_t>(r)] == want);
  }
}

// ---------------------------------------------------------------- selection

TEST_CASE("decision table: choices, explanations, overrides", "[coll][select]") {
  // On one node small blocking calls go to shm; without it (nonblocking) the schedules.
  REQUIRE(decide({CollOp::allreduce, 8, 4, 4, true}).algorithm->name == "shm");
  REQUIRE(decide({CollOp::allreduce, 8, 4, 4, true, 1, false, false}).algorithm->name == "recursive_doubling");
  REQUIRE(decide({CollOp::allreduce, 8, 4, 4, true, 2}).algorithm->name != "shm");  // several nodes
  REQUIRE(decide({CollOp::alltoall, 4096, 4, 4, true}).algorithm->name != "shm");   // 4 blocks of 4 KiB: no slot
  REQUIRE(decide({CollOp::allreduce, 1 << 24, 16, 4, true}).algorithm->name == "ring");
  REQUIRE(decide({CollOp::allreduce, 1 << 24, 16, 4, false}).algorithm->name == "binomial");
  REQUIRE(decide({CollOp::allgather, 8, 6, 6, true, 1, false, false}).algorithm->name == "ring");  // not a power of two
  // Every op has a catch-all rule, and every rule names a registered algorithm that can run its input.
  for (int i = 0; i < kNumCollOps; ++i)
    for (int n : {1, 2, 3, 8, 33})
      for (size_t bytes : {size_t{0}, size_t{100}, size_t{1} << 30})
        for (bool comm : {true, false}) {
          Selection s = decide({static_cast<CollOp>(i), bytes, n, n, comm, 1, false, false});  // schedules
          REQUIRE(s.algorithm != nullptr);
          CollArgs a{static_cast<CollOp>(i), 0, n};
          a.commutative = comm;
          REQUIRE(unsupported_reason(*s.algorithm, a).empty());
        }
  REQUIRE(explain("allreduce", 8192, 4, 4).find("-> shm") != std::string::npos);
  // hier only where the communicator spans several nodes with several ranks on one
  REQUIRE(decide({CollOp::allreduce, 8, 8, 4, true, 2}).algorithm->name == "hier");
  REQUIRE(decide({CollOp::allreduce, 8, 8, 8, true, 1}).algorithm->name == "shm");
  REQUIRE(decide({CollOp::allreduce, 8, 8, 1, true, 8}).algorithm->name == "recursive_doubling");
  REQUIRE(decide({CollOp::allreduce, 8, 8, 4, false, 2}).algorithm->name == "recursive_doubling");
  REQUIRE(decide({CollOp::barrier, 0, 8, 4, true, 2}).algorithm->name == "hier");
  REQUIRE(decide({CollOp::bcast, 8, 8, 4, true, 2, true}).algorithm->name == "inter_linear");
  std::ostringstream table;
  describe_table(table);
  REQUIRE(table.str().find("allreduce") != std::string::npos);

  sim::Network net(1);
  Module m("test", 0, 1, 1, std::make_unique<sim::SimTransport>(net, 0), nullptr);
  Error e = m.set_override(CollOp::allreduce, "rign");
  REQUIRE(e.failed());
  REQUIRE(e.what().find("ring") != std::string::npos);
  REQUIRE_FALSE(m.set_override(CollOp::allreduce, "ring").failed());
  CollArgs a{CollOp::allreduce, 0, 1, 0, 1, &t_int()};
  REQUIRE(m.select(a).name == "ring");
  a.commutative = false;  // forced ring cannot run a non-commutative op: the table decides
  REQUIRE(m.select(a).name == "recursive_doubling");
}

TEST_CASE("selection memo: a call that differs only in its datatype selects again", "[coll][select]") {
  // The module remembers the last selection per operation; the same bytes
  // in one element larger than a shared-memory slot cannot stream.
  sim::Network net(2);
  Module m("test", 0, 2, 2, std::make_unique<sim::SimTransport>(net, 0), nullptr);
  m.set_node_layout(make_node_layout({0, 0}));
  REQUIRE_FALSE(m.set_override(CollOp::reduce, "stream").failed());
  Datatype big = Datatype::contiguous(4096, t_int());  // 16 KiB elements, contiguous
  CollArgs ints{CollOp::reduce, 0, 2, 0, 4096, &t_int()};
  CollArgs bigs{CollOp::reduce, 0, 2, 0, 1, &big};
  m.complete(ints);
  m.complete(bigs);
  REQUIRE(message_bytes(ints) == message_bytes(bigs));
  REQUIRE(m.select(ints).name == "stream");
  REQUIRE(m.select(bigs).name != "stream");
  REQUIRE(m.select(ints).name == "stream");
}

// ---------------------------------------------------------------- node layouts

TEST_CASE("node layouts: members by node, leaders first", "[coll][hier]") {
  NodeLayout l = make_node_layout({5, 5, 9, 5, 9, 2});
  REQUIRE(l.num_nodes == 3);
  REQUIRE(l.ppn == 3);
  REQUIRE(l.members[0] == std::vector<int>{0, 1, 3});
  REQUIRE(l.members[1] == std::vector<int>{2, 4});
  REQUIRE(l.members[2] == std::vector<int>{5});
  NodeLayout b = make_node_layout({0, 0, 0, 0, 0}, 2);  // testing override: blocks of 2
  REQUIRE(b.num_nodes == 3);
  REQUIRE(b.members[2] == std::vector<int>{4});
}

// ---------------------------------------------------------------- neighborhood

namespace {
bool a_is_cart(int shape) { return shape < 2; }
// A 1-D ring (periodic) or line of n ranks as a Cartesian topology gives it:
// (source, dest) = (rank-1, rank+1), -1 at an open end.
std::vector<int> line_neighbors(int n, int r, bool periodic) {
  auto at = [&](int x) { return periodic ? mod(x, n) : (x < 0 || x >= n ? -1 : x); };
  return {at(r - 1), at(r + 1)};
}
}  // namespace

TEST_CASE("neighbor allgather and alltoall on rings, lines and graphs", "[coll][neighbor]") {
  const Datatype& t = t_int();
  for (int n : {1, 2, 3, 4, 5, 8})
    for (int shape = 0; shape < 3; ++shape)  // periodic line, open line, graph with parallel edges
      for (CollOp op : {CollOp::neighbor_allgather, CollOp::neighbor_alltoall, CollOp::neighbor_alltoallv})
        for (size_t count : {size_t{0}, size_t{1}, size_t{5}}) {
          INFO(op_name(op) << " n=" << n << " shape=" << shape << " count=" << count);
          // graph: every rank lists r+1 twice and r-1 once, as an undirected multigraph would (symmetric)
          std::vector<std::vector<int>> nb(static_cast<size_t>(n));
          for (int r = 0; r < n; ++r)
            nb[static_cast<size_t>(r)] = shape < 2 ? line_neighbors(n, r, shape == 0)
                                                   : std::vector<int>{mod(r + 1, n), mod(r - 1, n), mod(r + 1, n), mod(r - 1, n)};
          size_t deg = nb[0].size();
          bool alltoall = op != CollOp::neighbor_allgather;
          // alltoallv: block k holds count + k/2 elements, displacements reversed with a gap
          auto bcount = [&](size_t k) { return op == CollOp::neighbor_alltoallv ? count + k / 2 : count; };  // equal on both ends of an edge
          std::vector<int> counts(deg), displs(deg);
          int at = 0;
          for (size_t k = deg; k-- > 0;) {
            counts[k] = static_cast<int>(bcount(k));
            displs[k] = at;
            at += counts[k] + 1;
          }
          size_t span = op == CollOp::neighbor_alltoallv ? static_cast<size_t>(at) : deg * count;
          auto off = [&](size_t k) { return op == CollOp::neighbor_alltoallv ? static_cast<size_t>(displs[k]) : k * count; };
          std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));
          std::vector<CollArgs> args(static_cast<size_t>(n));
          std::vector<RunBuffers> bufs(static_cast<size_t>(n));
          for (int r = 0; r < n; ++r) {
            size_t i = static_cast<size_t>(r);
            send[i] = user_buffer(t, alltoall ? span : count);
            for (size_t k = 0; k < (alltoall ? deg : 1); ++k) {
              Bytes p = packed_data(t, bcount(k), r, static_cast<int>(k));  // block k of rank r
              if (!p.empty()) std::memcpy(send[i].data() + off(k) * 4, p.data(), p.size());
            }
            recv[i] = user_buffer(t, span);
            CollArgs a{op, r, n};
            a.count = count; a.type = &t; a.rcount = count; a.rtype = &t;
            a.scounts = counts; a.sdispls = displs; a.rcounts = counts; a.rdispls = displs;
            a.sources = nb[i]; a.destinations = nb[i];
            a.cart = shape < 2;
            args[i] = a;
            bufs[i] = {send[i].data(), recv[i].data(), nullptr, nullptr};
          }
          simulate(*find_algorithm(op, "linear"), args, bufs);
          for (int r = 0; r < n; ++r) {
            size_t i = static_cast<size_t>(r);
            for (size_t k = 0; k < deg; ++k) {
              int src = nb[i][k];
              INFO("rank " << r << " slot " << k << " from " << src);
              Bytes got(recv[i].begin() + static_cast<std::ptrdiff_t>(off(k) * 4),
                        recv[i].begin() + static_cast<std::ptrdiff_t>((off(k) + bcount(k)) * 4));
              if (src < 0) {  // MPI_PROC_NULL: the slot is left alone
                REQUIRE(got == Bytes(got.size(), kSentinel));
                continue;
              }
              // Which of src's blocks lands here: the one src sent along the
              // edge that is my slot k (cart: my -1 source sent in its +1
              // direction; graph: the j-th parallel edge to me).
              size_t sk = 0;
              if (a_is_cart(shape)) {
                sk = k ^ 1u;
              } else {
                size_t nth = 0;
                for (size_t q = 0; q < k; ++q) nth += nb[i][q] == src;
                for (size_t q = 0, seen = 0; q < deg; ++q)
                  if (nb[static_cast<size_t>(src)][q] == r && seen++ == nth) { sk = q; break; }
              }
              Bytes want = packed_data(t, bcount(k), src, alltoall ? static_cast<int>(sk) : 0);
              REQUIRE(got == want);
            }
          }
        }
}

// ---------------------------------------------------------------- intercommunicators

TEST_CASE("intercommunicator barrier, bcast, allreduce, allgather, alltoall", "[coll][inter]") {
  const Datatype& t = t_int();
  for (int na : {1, 2, 3})
    for (int nb : {1, 2, 4})
      for (size_t count : {size_t{0}, size_t{1}, size_t{6}}) {
        int n = na + nb;
        // Network ranks 0..na-1 are group A, na.. group B; a peer is a remote-group rank.
        auto peer_map = [na](int r, int p) { return r < na ? na + p : p; };
        auto local = [na](int r) { return r < na ? r : r - na; };
        auto lsize = [na, nb](int r) { return r < na ? na : nb; };
        auto rsize = [na, nb](int r) { return r < na ? nb : na; };
        auto group_base = [na](bool a) { return a ? 0 : na; };
        INFO("na=" << na << " nb=" << nb << " count=" << count);
        auto base_args = [&](CollOp op, int r) {
          CollArgs a{op, local(r), lsize(r)};
          a.inter = true;
          a.remote_size = rsize(r);
          a.count = count; a.type = &t; a.rcount = count; a.rtype = &t;
          return a;
        };
        std::vector<CollArgs> args(static_cast<size_t>(n));
        std::vector<RunBuffers> bufs(static_cast<size_t>(n));
        std::vector<Bytes> send(static_cast<size_t>(n)), recv(static_cast<size_t>(n));

        // barrier
        for (int r = 0; r < n; ++r) args[static_cast<size_t>(r)] = base_args(CollOp::barrier, r);
        simulate(*find_algorithm(CollOp::barrier, "inter_linear"), args, bufs, peer_map);

        // bcast from the last rank of A
        int root = na - 1;
        for (int r = 0; r < n; ++r) {
          size_t i = static_cast<size_t>(r);
          CollArgs a = base_args(CollOp::bcast, r);
          a.root = r == root ? kRootHere : r < na ? kProcNull : root;
          recv[i] = r == root ? user_buffer(t, count, packed_data(t, count, 99)) : user_buffer(t, count);
          args[i] = a;
          bufs[i] = {nullptr, recv[i].data(), nullptr, nullptr};
        }
        simulate(*find_algorithm(CollOp::bcast, "inter_linear"), args, bufs, peer_map);
        for (int r = 0; r < n; ++r)
          REQUIRE(recv[static_cast<size_t>(r)] == (r < na && r != root ? user_buffer(t, count) : recv[static_cast<size_t>(root)]));

        // allreduce: sum and a non-commutative op, each side gets the other side's fold
        for (ReduceCase rc : {ReduceCase{&t_int(), &op_sum()}, ReduceCase{&t_affine(), &op_compose()}, ReduceCase{&t_vec(), &op_vec_sum()}}) {
          const Datatype& rt = *rc.type;
          for (int r = 0; r < n; ++r) {
            size_t i = static_cast<size_t>(r);
            CollArgs a = base_args(CollOp::allreduce, r);
            a.type = &rt;
            a.reduce_op = rc.op;
            a.commutative = rc.op->commutative();
            send[i] = user_buffer(rt, count, packed_data(rt, count, r));
            recv[i] = user_buffer(rt, count);
            args[i] = a;
            bufs[i] = {send[i].data(), recv[i].data(), rc.op, &rt};
          }
          simulate(*find_algorithm(CollOp::allreduce, "inter_linear"), args, bufs, peer_map);
          for (int r = 0; r < n; ++r) {
            int other = group_base(r >= na);  // the remote group's first network rank
            Bytes acc = user_buffer(rt, count, packed_data(rt, count, other));
            for (int p = 1; p < rsize(r); ++p) {
              Bytes next = user_buffer(rt, count, packed_data(rt, count, other + p));
              if (count > 0) rc.op->apply_host(acc.data() + rt.true_lb(), next.data() + rt.true_lb(), count, rt);
              acc = next;
            }
            INFO("allreduce " << rc.op->name() << " rank " << r);
            REQUIRE(pack(rt, count, recv[static_cast<size_t>(r)]) == pack(rt, count, acc));
          }
        }

        // allgather and alltoall
        for (CollOp op : {CollOp::allgather, CollOp::alltoall}) {
          for (int r = 0; r < n; ++r) {
            size_t i = static_cast<size_t>(r);
            size_t blocks = op == CollOp::alltoall ? static_cast<size_t>(rsize(r)) : 1;
            send[i] = Bytes();
            for (size_t k = 0; k < blocks; ++k) {
              Bytes p = packed_data(t, count, r, static_cast<int>(k));
              send[i].insert(send[i].end(), p.begin(), p.end());
            }
            send[i].resize(std::max<size_t>(send[i].size(), 1));
            recv[i] = user_buffer(t, count * static_cast<size_t>(rsize(r)));
            args[i] = base_args(op, r);
            bufs[i] = {send[i].data(), recv[i].data(), nullptr, nullptr};
          }
          simulate(*find_algorithm(op, "inter_linear"), args, bufs, peer_map);
          for (int r = 0; r < n; ++r) {
            Bytes want;
            for (int p = 0; p < rsize(r); ++p) {
              Bytes b = packed_data(t, count, peer_map(r, p), op == CollOp::alltoall ? local(r) : 0);
              want.insert(want.end(), b.begin(), b.end());
            }
            INFO(op_name(op) << " rank " << r);
            REQUIRE(pack(t, count * static_cast<size_t>(rsize(r)), recv[static_cast<size_t>(r)]) == want);
          }
        }
      }
}
