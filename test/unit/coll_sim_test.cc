// Every collective algorithm run for N in-process ranks on a simulated
// network and checked against a serial reference: each algorithm x comm
// size x count x datatype (contiguous, strided derived, padded pair) x op
// (commutative, non-commutative) x MPI_IN_PLACE x root; plus the known
// costs (rounds, bytes, critical path) of the classic algorithms.
#include <catch2/catch.hpp>

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"  // CollArgs{op, rank, size, ...}

#include <cstdint>
#include <cstring>
#include <functional>
#include <numeric>
#include <sstream>

#include "coll/algorithms.h"
#include "coll/coll.h"
#include "coll/decision_table.h"
#include "runtime/op.h"
#include "test/unit/coll_sim_network.h"

using namespace gyre;
using namespace gyre::coll;
using Bytes = std::vector<std::byte>;

namespace {

// ---- datatypes and ops under test ----
const Datatype& t_int() { static Datatype t = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer); return t; }
const Datatype& t_double() { static Datatype t = Datatype::predefined("MPI_DOUBLE", 8, BasicType::float64, TypeClass::floating); return t; }
const Datatype& t_pair() { static Datatype t = Datatype::pair("MPI_DOUBLE_INT", 8, 8, BasicType::double_int); return t; }
// Two ints with a 4-byte hole: non-contiguous, extent 12.
const Datatype& t_vec() { static Datatype t = Datatype::from_blocks({{0, 4}, {8, 4}}, 0, 12, BasicType::int32); return t; }
// An affine map x -> m x + c as two uint64: composition is associative, not commutative.
const Datatype& t_affine() { static Datatype t = Datatype::from_blocks({{0, 16}}, 0, 16, BasicType::none); return t; }

const Op& op_sum() { static Op o = Op::predefined(OpKind::sum, "MPI_SUM"); return o; }
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

Outcome simulate(const Algorithm& alg, const std::vector<CollArgs>& args, const std::vector<RunBuffers>& bufs) {
  int n = static_cast<int>(args.size());
  sim::Network net(n);
  std::vector<std::unique_ptr<Schedule>> scheds;
  std::vector<std::unique_ptr<Run>> runs;
  Outcome out;
  for (int r = 0; r < n; ++r) {
    scheds.push_back(std::make_unique<Schedule>());
    alg.build(args[static_cast<size_t>(r)], *scheds.back());
    scheds.back()->finish();
    out.costs.push_back(scheds.back()->cost());
    runs.push_back(std::make_unique<Run>());
    net.transport(r).run = runs.back().get();
    runs.back()->start(*scheds.back(), net.transport(r), bufs[static_cast<size_t>(r)], 42);
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

std::vector<const Algorithm*> algs_of(CollOp op) {
  std::vector<const Algorithm*> v;
  for (const Algorithm& a : algorithms())
    if (a.op == op) v.push_back(&a);
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
                bool comm = rc.op->commutative();
                if (alg->needs_commutative && !comm) continue;
                const Datatype& t = *rc.type;
                INFO(op_name(op) << " " << alg->name << " n=" << n << " count=" << count << " type=" << t.name()
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
                simulate(*alg, args, bufs);
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
  REQUIRE(decide({CollOp::allreduce, 8, 4, 4, true}).algorithm->name == "recursive_doubling");
  REQUIRE(decide({CollOp::allreduce, 1 << 24, 16, 4, true}).algorithm->name == "ring");
  REQUIRE(decide({CollOp::allreduce, 1 << 24, 16, 4, false}).algorithm->name == "binomial");
  REQUIRE(decide({CollOp::allgather, 8, 6, 6, true}).algorithm->name == "ring");  // not a power of two
  // Every op has a catch-all rule, and every rule names a registered algorithm that can run its input.
  for (int i = 0; i < kNumCollOps; ++i)
    for (int n : {1, 2, 3, 8, 33})
      for (size_t bytes : {size_t{0}, size_t{100}, size_t{1} << 30})
        for (bool comm : {true, false}) {
          Selection s = decide({static_cast<CollOp>(i), bytes, n, n, comm});
          REQUIRE(s.algorithm != nullptr);
          CollArgs a{static_cast<CollOp>(i), 0, n};
          a.commutative = comm;
          REQUIRE(unsupported_reason(*s.algorithm, a).empty());
        }
  REQUIRE(explain("allreduce", 8192, 4, 4).find("-> rhd") != std::string::npos);
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
