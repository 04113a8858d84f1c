// The whole pml over an in-process fake transport: every protocol path,
// refusals, truncation, non-contiguous types, synchronous mode.
#include <catch2/catch.hpp>

#include <numeric>

#include "pml_fake_transport.h"

using namespace gyre;
using namespace gyre::pml;
using gyre::pml::testing::FakeConfig;
using gyre::pml::testing::FakeWorld;

namespace {

const Datatype& byte_type() {
  static const Datatype t = Datatype::predefined("MPI_BYTE", 1, BasicType::uint8, TypeClass::byte);
  return t;
}

const Datatype& int_type() {
  static const Datatype t = Datatype::predefined("MPI_INT", 4, BasicType::int32, TypeClass::c_integer);
  return t;
}

// Every other int: blocks of 4 bytes at 0 and 8, extent 16 -> 8 data bytes per element.
const Datatype& strided_type() {
  static const Datatype t = Datatype::from_blocks({{0, 4}, {8, 4}}, 0, 16, BasicType::none);
  return t;
}

std::vector<std::byte> pattern(size_t n, unsigned seed) {
  std::vector<std::byte> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((i * 131 + seed * 7 + (i >> 8)) & 0xff);
  return v;
}

constexpr uint32_t kCtx = 4;

// Send `n` bytes rank 0 -> rank 1 (irecv posted first or not) and check.
void transfer(FakeWorld& w, size_t n, bool recv_first, SendMode mode = SendMode::standard) {
  auto src = pattern(n, static_cast<unsigned>(n));
  std::vector<std::byte> dst(n + 16, std::byte{0xee});
  std::unique_ptr<Request> r, s;
  if (recv_first) r = w[1].irecv(dst.data(), n, byte_type(), kCtx, 0, 42);
  s = w[0].isend(src.data(), n, byte_type(), 1, kCtx, 0, 42, mode);
  if (!recv_first) {
    w.run_until([] { return false; }, 2);  // let it become unexpected
    r = w[1].irecv(dst.data(), n, byte_type(), kCtx, 0, 42);
  }
  REQUIRE(w.run_until([&] { return r->complete() && s->complete(); }));
  CHECK(r->status().error == ErrClass::success);
  CHECK(r->status().bytes == n);
  CHECK(r->status().source == 0);
  CHECK(r->status().tag == 42);
  CHECK(std::equal(src.begin(), src.end(), dst.begin()));
  CHECK(dst[n] == std::byte{0xee});  // nothing written past the message
}

}  // namespace

TEST_CASE("eager, rendezvous-get and rendezvous-fragment transfers of many sizes", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.capacity = 4;  // force refusals
  SECTION("single copy") { cfg.single_copy = true; }
  SECTION("fragments") { cfg.single_copy = false; }
  SECTION("get fails, fall back to fragments") { cfg.get_fails = true; }
  FakeWorld w(2, cfg);
  for (size_t n : {0, 1, 7, 8, 1000, 1024, 1025, 4096, 5000, 65536, 1 << 20, (1 << 20) + 3})
    for (bool recv_first : {true, false}) {
      CAPTURE(n, recv_first);
      transfer(w, n, recv_first);
    }
  CHECK(w.net.oversize == 0);
  if (cfg.single_copy && !cfg.get_fails) {
    CHECK(w.net.gets > 0);
  } else {
    CHECK(w.net.frames_of[static_cast<int>(FrameType::data)] > 0);
    CHECK(w.net.refusals > 0);
  }
}

TEST_CASE("single-copy get for large messages, fragments below GYRE_PML_SINGLE_COPY_MIN", "[pml][loopback]") {
  FakeWorld w(2);
  transfer(w, 1 << 20, true);
  CHECK(w.net.gets == 1);
  CHECK(w.net.frames_of[static_cast<int>(FrameType::data)] == 0);
  CHECK(w.net.frames_of[static_cast<int>(FrameType::fin)] == 1);
  transfer(w, 2000, true);  // rendezvous (above 1024), but small
  CHECK(w.net.gets == 1);
  CHECK(w.net.frames_of[static_cast<int>(FrameType::cts)] == 1);
  CHECK(w.net.frames_of[static_cast<int>(FrameType::data)] > 0);
}

TEST_CASE("split single copy: the sender writes its part when it sees the CTS in time", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.single_copy_put = true;
  FakeWorld w(2, cfg);
  // Sent first: the RTS waits as unexpected, the receive sends the split CTS
  // at once, and rank 0 (progressed first) writes its part before rank 1 copies.
  for (size_t n : {size_t{256 << 10}, size_t{(1 << 20) + 123}, size_t{3 << 20}}) {
    CAPTURE(n);
    size_t puts = w.net.puts;
    transfer(w, n, false);
    CHECK(w.net.puts > puts);  // the claim, the data, the finished word
  }
  // Received first: the receiver copies its share before the sender can look,
  // takes the offered part back, and stops offering splits for a while.
  for (size_t n : {size_t{256 << 10}, size_t{2 << 20}}) transfer(w, n, true);
  size_t ctses = w.net.frames_of[static_cast<int>(FrameType::cts)];
  transfer(w, 1 << 20, false);
  CHECK(w.net.frames_of[static_cast<int>(FrameType::cts)] == ctses);  // backing off: a plain get
  CHECK(w.net.frames_of[static_cast<int>(FrameType::data)] == 0);
}

TEST_CASE("split single copy into a smaller receive buffer", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.single_copy_put = true;
  FakeWorld w(2, cfg);
  const size_t n = 3 << 20, room = (1 << 20) + 4096 + 7;
  auto src = pattern(n, 5);
  std::vector<std::byte> dst(room + 8, std::byte{0x55});
  auto s = w[0].isend(src.data(), n, byte_type(), 1, kCtx, 0, 3, SendMode::standard);
  w.run_until([] { return false; }, 2);  // let it become unexpected
  auto r = w[1].irecv(dst.data(), room, byte_type(), kCtx, 0, 3);
  REQUIRE(w.run_until([&] { return r->complete() && s->complete(); }));
  CHECK(r->status().error == ErrClass::truncate);
  CHECK(r->status().bytes == room);
  CHECK(w.net.puts > 0);
  CHECK(std::equal(src.begin(), src.begin() + static_cast<long>(room), dst.begin()));
  CHECK(dst[room] == std::byte{0x55});
}

TEST_CASE("sends to self work at every size", "[pml][loopback]") {
  FakeWorld w(1);
  for (size_t n : {0, 5, 1024, 1025, 300000}) {
    auto src = pattern(n, 3);
    std::vector<std::byte> dst(n);
    auto s = w[0].isend(src.data(), n, byte_type(), 0, kCtx, 0, 1, SendMode::standard);
    auto r = w[0].irecv(dst.data(), n, byte_type(), kCtx, 0, 1);
    REQUIRE(w.run_until([&] { return r->complete() && s->complete(); }));
    CHECK(dst == src);
  }
}

TEST_CASE("truncation reports what fit, source and tag", "[pml][loopback]") {
  FakeConfig cfg;
  SECTION("get") {}
  SECTION("fragments") { cfg.single_copy = false; }
  FakeWorld w(2, cfg);
  for (size_t n : {100, 1024, 5000, 200000})
    for (size_t room : {size_t{0}, size_t{10}, n / 2}) {
      CAPTURE(n, room);
      auto src = pattern(n, 9);
      std::vector<std::byte> dst(room + 8, std::byte{0x55});
      auto r = w[1].irecv(dst.data(), room, byte_type(), kCtx, kAnySource, kAnyTag);
      auto s = w[0].isend(src.data(), n, byte_type(), 1, kCtx, 0, 77, SendMode::standard);
      REQUIRE(w.run_until([&] { return r->complete() && s->complete(); }));
      CHECK(r->status().error == ErrClass::truncate);
      CHECK(r->status().bytes == room);
      CHECK(r->status().source == 0);
      CHECK(r->status().tag == 77);
      CHECK(std::equal(src.begin(), src.begin() + static_cast<long>(room), dst.begin()));
      CHECK(dst[room] == std::byte{0x55});
    }
}

TEST_CASE("non-contiguous datatypes on either side", "[pml][loopback]") {
  FakeConfig cfg;
  SECTION("get") {}
  SECTION("fragments") { cfg.single_copy = false; }
  SECTION("fragments over a transport with huge frames") {
    cfg.single_copy = false;
    cfg.max_frame = size_t{1} << 30;
    cfg.eager_limit = 64 * 1024;
  }
  FakeWorld w(2, cfg);
  for (size_t elements : {1, 3, 100, 200, 40000}) {
    CAPTURE(elements);
    // strided: 4 ints per element, the 1st and 3rd carry data.
    std::vector<int> strided(elements * 4), back(elements * 4, -1), packed(elements * 2), out(elements * 2, -1);
    std::iota(packed.begin(), packed.end(), 1000);
    for (size_t e = 0; e < elements; ++e) {
      strided[e * 4] = packed[e * 2];
      strided[e * 4 + 2] = packed[e * 2 + 1];
    }
    // strided -> contiguous ints
    auto r1 = w[1].irecv(out.data(), elements * 2, int_type(), kCtx, 0, 1);
    auto s1 = w[0].isend(strided.data(), elements, strided_type(), 1, kCtx, 0, 1, SendMode::standard);
    // contiguous ints -> strided
    auto r2 = w[0].irecv(back.data(), elements, strided_type(), kCtx, 1, 2);
    auto s2 = w[1].isend(packed.data(), elements * 2, int_type(), 0, kCtx, 1, 2, SendMode::standard);
    REQUIRE(w.run_until([&] { return r1->complete() && s1->complete() && r2->complete() && s2->complete(); }));
    CHECK(out == packed);
    CHECK(r2->status().bytes == elements * 8);
    CHECK(w.net.largest <= 128 * 1024 + 64);  // fragments stay small whatever max_frame allows
    for (size_t e = 0; e < elements; ++e) {
      CHECK(back[e * 4] == packed[e * 2]);
      CHECK(back[e * 4 + 1] == -1);  // holes untouched
      CHECK(back[e * 4 + 2] == packed[e * 2 + 1]);
    }
  }
  CHECK(w.net.oversize == 0);
}

TEST_CASE("a synchronous send completes only after the receive matched", "[pml][loopback]") {
  FakeWorld w(2);
  for (size_t n : {0, 100, 100000}) {
    CAPTURE(n);
    auto src = pattern(n, 1);
    std::vector<std::byte> dst(n);
    auto s = w[0].isend(src.data(), n, byte_type(), 1, kCtx, 0, 3, SendMode::synchronous);
    w.run_until([] { return false; });
    CHECK_FALSE(s->complete());  // sitting unexpected at rank 1
    auto r = w[1].irecv(dst.data(), n, byte_type(), kCtx, 0, 3);
    REQUIRE(w.run_until([&] { return s->complete() && r->complete(); }));
    CHECK(dst == src);
  }
  // A standard eager send is complete at once.
  int x = 5;
  auto s = w[0].isend(&x, 1, int_type(), 1, kCtx, 0, 4, SendMode::standard);
  CHECK(s->complete());
  int y = 0;
  auto r = w[1].irecv(&y, 1, int_type(), kCtx, 0, 4);
  REQUIRE(w.run_until([&] { return r->complete(); }));
  CHECK(y == 5);
}

TEST_CASE("messages from one sender are not overtaken, whatever their protocol", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.capacity = 3;
  cfg.eager_limit = 64;
  FakeWorld w(2, cfg);
  constexpr int kMessages = 60;
  std::vector<std::vector<std::byte>> bufs;
  std::vector<std::unique_ptr<Request>> sends;
  for (int i = 0; i < kMessages; ++i) {
    bufs.push_back(pattern(static_cast<size_t>(i % 3 == 0 ? 5000 : i), static_cast<unsigned>(i)));
    sends.push_back(w[0].isend(bufs.back().data(), bufs.back().size(), byte_type(), 1, kCtx, 0, i % 4,
                               SendMode::standard));
  }
  for (int i = 0; i < kMessages; ++i) {
    std::vector<std::byte> dst(6000);
    auto r = w[1].irecv(dst.data(), dst.size(), byte_type(), kCtx, kAnySource, kAnyTag);
    REQUIRE(w.run_until([&] { return r->complete(); }));
    CHECK(r->status().tag == i % 4);
    REQUIRE(r->status().bytes == bufs[static_cast<size_t>(i)].size());
    CHECK(std::equal(bufs[static_cast<size_t>(i)].begin(), bufs[static_cast<size_t>(i)].end(), dst.begin()));
  }
  REQUIRE(w.run_until([&] { return std::all_of(sends.begin(), sends.end(), [](auto& s) { return s->complete(); }); }));
}

TEST_CASE("ANY_SOURCE receives take messages in arrival order across senders", "[pml][loopback]") {
  FakeWorld w(3);
  int a = 1, b = 2, c = 3;
  auto s1 = w[1].isend(&a, 1, int_type(), 0, kCtx, 1, 9, SendMode::standard);
  w.run_until([] { return false; });
  auto s2 = w[2].isend(&b, 1, int_type(), 0, kCtx, 2, 9, SendMode::standard);
  w.run_until([] { return false; });
  auto s3 = w[1].isend(&c, 1, int_type(), 0, kCtx, 1, 9, SendMode::standard);
  w.run_until([] { return false; });
  for (int expect : {1, 2, 3}) {
    int got = 0;
    auto r = w[0].irecv(&got, 1, int_type(), kCtx, kAnySource, 9);
    REQUIRE(r->complete());  // was unexpected
    CHECK(got == expect);
    CHECK(r->status().source == (expect == 2 ? 2 : 1));
  }
}

TEST_CASE("probe, matched probe and matched receive", "[pml][loopback]") {
  FakeWorld w(2);
  CompletionStatus st;
  CHECK_FALSE(w[1].iprobe(kCtx, kAnySource, kAnyTag, &st));
  for (size_t n : {12, 50000}) {
    CAPTURE(n);
    auto src = pattern(n, 4);
    auto s = w[0].isend(src.data(), n, byte_type(), 1, kCtx, 0, 8, SendMode::synchronous);
    REQUIRE(w.run_until([&] { return w[1].iprobe(kCtx, 0, kAnyTag, &st); }));
    CHECK(st.bytes == n);
    CHECK(st.tag == 8);
    CHECK(w[1].iprobe(kCtx, 0, 8, &st));  // probe leaves it queued
    auto msg = w[1].improbe(kCtx, kAnySource, 8, &st);
    REQUIRE(msg != nullptr);
    CHECK(st.source == 0);
    CHECK_FALSE(w[1].iprobe(kCtx, kAnySource, kAnyTag, &st));  // gone from the queue
    std::vector<std::byte> dst(n);
    auto r = w[1].imrecv(dst.data(), n, byte_type(), std::move(msg));
    REQUIRE(w.run_until([&] { return r->complete() && s->complete(); }));
    CHECK(dst == src);
  }
}

TEST_CASE("cancel of a posted receive", "[pml][loopback]") {
  FakeWorld w(2);
  int got = 0, later = 0;
  auto r = w[1].irecv(&got, 1, int_type(), kCtx, 0, 5);
  CHECK(r->cancel());
  CHECK(r->complete());
  CHECK(r->status().cancelled);
  int v = 11;
  auto s = w[0].isend(&v, 1, int_type(), 1, kCtx, 0, 5, SendMode::standard);
  w.run_until([] { return false; });
  CHECK(got == 0);  // the cancelled receive did not take it
  auto r2 = w[1].irecv(&later, 1, int_type(), kCtx, 0, 5);
  REQUIRE(w.run_until([&] { return r2->complete(); }));
  CHECK(later == 11);
  CHECK_FALSE(r2->cancel());  // already matched
  CHECK_FALSE(r2->status().cancelled);
}

TEST_CASE("persistent requests restart many times", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.capacity = 2;
  FakeWorld w(2, cfg);
  for (size_t n : {4, 3000}) {
    std::vector<std::byte> src(n), dst(n);
    auto s = w[0].send_init(src.data(), n, byte_type(), 1, kCtx, 0, 6, SendMode::standard);
    auto r = w[1].recv_init(dst.data(), n, byte_type(), kCtx, 0, 6);
    CHECK_FALSE(s->active());
    for (int round = 0; round < 50; ++round) {
      std::fill(src.begin(), src.end(), static_cast<std::byte>(round));
      REQUIRE_FALSE(r->start());
      REQUIRE_FALSE(s->start());
      REQUIRE(w.run_until([&] { return r->complete() && s->complete(); }));
      CHECK(dst[n - 1] == static_cast<std::byte>(round));
      CHECK(r->status().bytes == n);
    }
  }
}

TEST_CASE("many outstanding requests with tiny queues", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.capacity = 2;
  cfg.max_frame = 256;
  cfg.eager_limit = 100;
  SECTION("get") {}
  SECTION("fragments") { cfg.single_copy = false; }
  FakeWorld w(2, cfg);
  constexpr int kCount = 2000;
  std::vector<int> out(kCount), in(kCount * 40, -1), src(kCount * 40);
  std::iota(src.begin(), src.end(), 0);
  std::vector<std::unique_ptr<Request>> reqs;
  for (int i = 0; i < kCount; ++i) {
    size_t len = static_cast<size_t>(i % 40 + 1);
    reqs.push_back(w[0].isend(&src[static_cast<size_t>(i) * 40], len, int_type(), 1, kCtx, 0, i, SendMode::standard));
    reqs.push_back(w[1].irecv(&in[static_cast<size_t>(i) * 40], len, int_type(), kCtx, 0, i));
  }
  REQUIRE(w.run_until([&] { return std::all_of(reqs.begin(), reqs.end(), [](auto& r) { return r->complete(); }); }));
  for (int i = 0; i < kCount; ++i)
    CHECK(in[static_cast<size_t>(i) * 40 + static_cast<size_t>(i % 40)] == src[static_cast<size_t>(i) * 40 + static_cast<size_t>(i % 40)]);
  CHECK(w.net.oversize == 0);
}

TEST_CASE("an eager limit of zero sends one-byte messages by rendezvous", "[pml][loopback]") {
  FakeConfig cfg;
  cfg.eager_limit = 0;
  FakeWorld w(2, cfg);
  transfer(w, 0, true);
  transfer(w, 1, false);
  CHECK(w.net.frames_of[static_cast<int>(FrameType::rts)] == 1);
}

TEST_CASE("a joint request completes when both its receive and its send have", "[pml][loopback]") {
  FakeWorld w(2);
  std::vector<std::byte> a = pattern(50000, 1), b = pattern(30, 2), a_in(50000), b_in(30);
  // Rank 0 sends a big message and receives a small one in one request.
  auto joint = std::make_unique<JointRequest>(w[0].irecv(b_in.data(), b_in.size(), byte_type(), kCtx, 1, 7),
                                              w[0].isend(a.data(), a.size(), byte_type(), 1, kCtx, 0, 7,
                                                         SendMode::standard));
  auto small = w[1].isend(b.data(), b.size(), byte_type(), 0, kCtx, 1, 7, SendMode::standard);
  w.run_until([] { return false; });
  CHECK_FALSE(joint->complete());  // the receive is done, the rendezvous send is not
  auto big = w[1].irecv(a_in.data(), a_in.size(), byte_type(), kCtx, 0, 7);
  REQUIRE(w.run_until([&] { return joint->complete() && big->complete(); }));
  CHECK(joint->status().bytes == 30);  // the receive's status
  CHECK(joint->status().source == 1);
  CHECK(a_in == a);
  CHECK(b_in == b);
  // Parts already complete at construction: complete at once.
  int x = 3, y = 0;
  auto done_send = w[0].isend(&x, 1, int_type(), 0, kCtx, 0, 8, SendMode::standard);
  w.run_until([] { return false; });  // now unexpected: the receive matches at once
  auto done_recv = w[0].irecv(&y, 1, int_type(), kCtx, 0, 8);
  JointRequest at_once(std::move(done_recv), std::move(done_send));
  CHECK(at_once.complete());
  CHECK(y == 3);
}
