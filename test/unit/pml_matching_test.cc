// The matching engine as a pure unit: MPI's ordering and wildcard rules
// without transports or protocols.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "pml/matching.h"

using namespace gyre::pml;

namespace {

PostedReceive recv_for(uint32_t context, int source, int tag) {
  PostedReceive r;
  r.wanted = Envelope{context, source, tag};
  return r;
}

std::unique_ptr<UnexpectedMessage> message(uint32_t context, int source, int tag, uint64_t id = 0) {
  auto m = std::make_unique<UnexpectedMessage>();
  m->env = Envelope{context, source, tag};
  m->sender_id = id;
  return m;
}

}  // namespace

TEST_CASE("an arriving message matches the oldest compatible posted receive", "[pml][matching]") {
  MatchingEngine e;
  PostedReceive a = recv_for(0, 1, 5), b = recv_for(0, 1, 5);
  REQUIRE(e.post(&a) == nullptr);
  REQUIRE(e.post(&b) == nullptr);
  CHECK(e.posted_count() == 2);
  CHECK(e.match_arrival({0, 1, 5}) == &a);
  CHECK(e.match_arrival({0, 1, 5}) == &b);
  CHECK(e.match_arrival({0, 1, 5}) == nullptr);
  CHECK(e.posted_count() == 0);
}

TEST_CASE("source, tag and context must all agree", "[pml][matching]") {
  MatchingEngine e;
  PostedReceive r = recv_for(4, 2, 9);
  e.post(&r);
  CHECK(e.match_arrival({4, 3, 9}) == nullptr);  // other source
  CHECK(e.match_arrival({4, 2, 8}) == nullptr);  // other tag
  CHECK(e.match_arrival({6, 2, 9}) == nullptr);  // other communicator
  CHECK(e.match_arrival({4, 2, 9}) == &r);
}

TEST_CASE("ANY_SOURCE and ANY_TAG receives match by posting order", "[pml][matching]") {
  MatchingEngine e;
  SECTION("a wildcard posted first wins over a later specific receive") {
    PostedReceive any = recv_for(0, kAnySource, kAnyTag), specific = recv_for(0, 3, 7);
    e.post(&any);
    e.post(&specific);
    CHECK(e.match_arrival({0, 3, 7}) == &any);
    CHECK(e.match_arrival({0, 3, 7}) == &specific);
  }
  SECTION("a specific receive posted first wins over a later wildcard") {
    PostedReceive specific = recv_for(0, 3, 7), any = recv_for(0, kAnySource, 7);
    e.post(&specific);
    e.post(&any);
    CHECK(e.match_arrival({0, 3, 7}) == &specific);
    CHECK(e.match_arrival({0, 5, 7}) == &any);
  }
  SECTION("ANY_TAG on a specific source") {
    PostedReceive r = recv_for(0, 2, kAnyTag);
    e.post(&r);
    CHECK(e.match_arrival({0, 1, 4}) == nullptr);
    CHECK(e.match_arrival({0, 2, 12345}) == &r);
  }
  SECTION("a wildcard skips entries whose tag does not fit") {
    PostedReceive t1 = recv_for(0, kAnySource, 1), t2 = recv_for(0, kAnySource, 2);
    e.post(&t1);
    e.post(&t2);
    CHECK(e.match_arrival({0, 0, 2}) == &t2);
    CHECK(e.match_arrival({0, 0, 1}) == &t1);
  }
}

TEST_CASE("a posted receive takes the oldest compatible unexpected message", "[pml][matching]") {
  MatchingEngine e;
  e.add_unexpected(message(0, 1, 5, 100));
  e.add_unexpected(message(0, 2, 5, 200));
  e.add_unexpected(message(0, 1, 6, 300));
  e.add_unexpected(message(0, 1, 5, 400));
  CHECK(e.unexpected_count() == 4);

  SECTION("specific source and tag, in arrival order (non-overtaking)") {
    PostedReceive r = recv_for(0, 1, 5);
    CHECK(e.post(&r)->sender_id == 100);
    CHECK(e.post(&r)->sender_id == 400);
    CHECK(e.post(&r) == nullptr);  // now posted
    CHECK(e.posted_count() == 1);
  }
  SECTION("ANY_SOURCE takes the oldest across sources") {
    PostedReceive r = recv_for(0, kAnySource, 5);
    CHECK(e.post(&r)->sender_id == 100);
    CHECK(e.post(&r)->sender_id == 200);
    CHECK(e.post(&r)->sender_id == 400);
  }
  SECTION("ANY_TAG from one source keeps that source's order") {
    PostedReceive r = recv_for(0, 1, kAnyTag);
    CHECK(e.post(&r)->sender_id == 100);
    CHECK(e.post(&r)->sender_id == 300);
    CHECK(e.post(&r)->sender_id == 400);
  }
  SECTION("full wildcard drains in arrival order") {
    PostedReceive r = recv_for(0, kAnySource, kAnyTag);
    std::vector<uint64_t> order;
    for (int i = 0; i < 4; ++i) order.push_back(e.post(&r)->sender_id);
    CHECK(order == std::vector<uint64_t>{100, 200, 300, 400});
    CHECK(e.unexpected_count() == 0);
  }
}

TEST_CASE("probe peeks, take removes", "[pml][matching]") {
  MatchingEngine e;
  CHECK(e.peek({0, kAnySource, kAnyTag}) == nullptr);
  e.add_unexpected(message(3, 0, 1, 7));
  e.add_unexpected(message(3, 1, 2, 8));
  UnexpectedMessage* first = e.peek({3, kAnySource, kAnyTag});
  REQUIRE(first != nullptr);
  CHECK(first->sender_id == 7);
  CHECK(e.peek({3, kAnySource, kAnyTag}) == first);  // still there
  CHECK(e.peek({3, 1, kAnyTag})->sender_id == 8);
  CHECK(e.peek({3, 0, 2}) == nullptr);
  CHECK(e.peek({5, kAnySource, kAnyTag}) == nullptr);
  CHECK(e.take({3, kAnySource, 2})->sender_id == 8);
  CHECK(e.unexpected_count() == 1);
  CHECK(e.take({3, kAnySource, kAnyTag})->sender_id == 7);
  CHECK(e.take({3, kAnySource, kAnyTag}) == nullptr);
}

TEST_CASE("cancel removes a posted receive only while it is posted", "[pml][matching]") {
  MatchingEngine e;
  PostedReceive a = recv_for(0, 1, 5), b = recv_for(0, kAnySource, 5), c = recv_for(0, 1, 5);
  e.post(&a);
  e.post(&b);
  e.post(&c);
  CHECK(e.cancel(&a));
  CHECK_FALSE(e.cancel(&a));  // twice
  CHECK(e.cancel(&b));
  CHECK(e.posted_count() == 1);
  CHECK(e.match_arrival({0, 1, 5}) == &c);
  CHECK_FALSE(e.cancel(&c));  // already matched
  CHECK(e.match_arrival({0, 1, 5}) == nullptr);
}

TEST_CASE("cancelling the middle of a queue keeps the rest in order", "[pml][matching]") {
  MatchingEngine e;
  std::vector<PostedReceive> rs(5, recv_for(1, 0, kAnyTag));
  for (auto& r : rs) e.post(&r);
  e.cancel(&rs[2]);
  e.cancel(&rs[4]);
  CHECK(e.match_arrival({1, 0, 0}) == &rs[0]);
  CHECK(e.match_arrival({1, 0, 0}) == &rs[1]);
  CHECK(e.match_arrival({1, 0, 0}) == &rs[3]);
  CHECK(e.match_arrival({1, 0, 0}) == nullptr);
}

TEST_CASE("many sources and contexts stay independent", "[pml][matching]") {
  MatchingEngine e;
  constexpr int kSources = 64;
  for (uint32_t ctx = 0; ctx < 4; ctx += 2)
    for (int s = kSources - 1; s >= 0; --s)
      for (int k = 0; k < 3; ++k) e.add_unexpected(message(ctx, s, k, ctx * 1000 + static_cast<uint64_t>(s) * 10 + k));
  CHECK(e.unexpected_count() == 2 * kSources * 3);
  for (uint32_t ctx = 0; ctx < 4; ctx += 2)
    for (int s = 0; s < kSources; ++s) {
      PostedReceive r = recv_for(ctx, s, kAnyTag);
      for (int k = 0; k < 3; ++k) CHECK(e.post(&r)->sender_id == ctx * 1000 + static_cast<uint64_t>(s) * 10 + k);
    }
  CHECK(e.unexpected_count() == 0);
}

TEST_CASE("unmatched unexpected messages are freed with the engine", "[pml][matching]") {
  auto e = std::make_unique<MatchingEngine>();
  for (int i = 0; i < 100; ++i) e->add_unexpected(message(0, i % 7, i));
  e.reset();  // leak checkers see nothing left
  SUCCEED();
}
