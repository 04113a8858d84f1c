// The loopback transport.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "btl/btl.h"
#include "runtime/pmix/identity.h"

using namespace gyre;
using namespace gyre::btl;

namespace {

ProcessIdentity rank(int r) {
  ProcessIdentity id;
  id.world_rank = r;
  id.world_size = 4;
  return id;
}

std::string text(std::span<const std::byte> f) {
  return std::string(reinterpret_cast<const char*>(f.data()), f.size());
}

}  // namespace

TEST_CASE("self: reaches only its own rank", "[btl][self]") {
  auto t = make_self_transport(rank(2));
  CHECK(t->name() == "self");
  CHECK(t->reaches(2));
  CHECK_FALSE(t->reaches(1));
  iovec none{nullptr, 0};
  CHECK_FALSE(t->try_send(1, {&none, 1}));
  Capabilities c = t->caps();
  CHECK(c.single_copy);
  CHECK(c.eager_limit == 64 * 1024);
  CHECK(c.max_frame >= c.eager_limit);
}

TEST_CASE("self: frames come back in order, gathered, on the next poll", "[btl][self]") {
  auto t = make_self_transport(rank(0));
  std::vector<std::string> got;
  FrameHandler keep = [&](int src, std::span<const std::byte> f) {
    CHECK(src == 0);
    got.push_back(text(f));
  };
  CHECK(t->poll(keep) == 0);
  char a[] = "head|", b[] = "payload";
  for (int i = 0; i < 100; ++i) {
    std::string n = std::to_string(i);
    std::vector<iovec> parts{{a, 5}, {b, 7}, {n.data(), n.size()}};
    REQUIRE(t->try_send(0, parts));
  }
  CHECK(t->poll(keep) == 100);
  REQUIRE(got.size() == 100);
  CHECK(got[0] == "head|payload0");
  CHECK(got[99] == "head|payload99");
}

TEST_CASE("self: a handler that sends to self does not loop", "[btl][self]") {
  auto t = make_self_transport(rank(0));
  int handled = 0;
  FrameHandler echo = [&](int, std::span<const std::byte>) {
    ++handled;
    iovec none{nullptr, 0};
    t->try_send(0, {&none, 1});
  };
  iovec none{nullptr, 0};
  REQUIRE(t->try_send(0, {&none, 1}));
  CHECK(t->poll(echo) == 1);
  CHECK(t->poll(echo) == 1);
  CHECK(handled == 2);
}

TEST_CASE("self: get copies within the process", "[btl][self]") {
  auto t = make_self_transport(rank(1));
  std::vector<char> src(100000, 'x');
  src[777] = 'y';
  std::vector<char> dst(src.size());
  REQUIRE_FALSE(t->get(1, dst.data(), reinterpret_cast<uint64_t>(src.data()), src.size()));
  CHECK(dst == src);
  CHECK(t->get(0, dst.data(), reinterpret_cast<uint64_t>(src.data()), 1));
}
