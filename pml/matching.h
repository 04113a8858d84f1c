// MPI message matching as a pure data structure: the posted-receive queue
// and the unexpected-message queue, with no transport and no protocol.
//
// Layout (why): most programs receive from a named source, so each context
// keeps one posted queue and one unexpected queue per source rank; a
// specific-source operation then scans only that peer's entries. Receives
// posted with MPI_ANY_SOURCE go to a separate per-context wildcard queue.
// Every posted receive gets a sequence number when posted and every
// unexpected message one when it arrives, so "the oldest compatible entry"
// is decided across the per-source and wildcard queues by comparing them:
//  * an arriving message matches the older of (first compatible entry of its
//    source's posted queue, first compatible entry of the wildcard queue);
//  * a receive matches the first compatible unexpected entry of its source,
//    or for ANY_SOURCE the oldest of the first compatible entries of every
//    source.
// Non-overtaking per (sender, context) follows because each sender's
// messages are queued in arrival order and the transports deliver in order.
//
// Queues are intrusive: a posted receive is a member of its request, so
// posting allocates nothing and cancel unlinks in O(1).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace gyre::pml {

constexpr int kAnySource = -2;
constexpr int kAnyTag = -1;

struct Envelope {
  uint32_t context = 0;
  int source = 0;  // comm rank of the sender (kAnySource in a wanted envelope)
  int tag = 0;     // kAnyTag in a wanted envelope
};

inline bool tag_matches(int wanted, int actual) { return wanted == kAnyTag || wanted == actual; }

struct QueueLink {
  QueueLink* prev = nullptr;
  QueueLink* next = nullptr;
  bool queued = false;
};

// Doubly linked list through QueueLink; T derives from QueueLink. The queue
// object holds only head/tail so a vector of queues may reallocate.
template <class T>
class IntrusiveQueue {
 public:
  bool empty() const { return head_ == nullptr; }
  T* front() const { return static_cast<T*>(head_); }
  static T* next(const T* n) { return static_cast<T*>(n->next); }

  void push_back(T* n) {
    n->prev = tail_;
    n->next = nullptr;
    n->queued = true;
    if (tail_ != nullptr)
      tail_->next = n;
    else
      head_ = n;
    tail_ = n;
  }

  void pop_front() {
    QueueLink* n = head_;
    head_ = n->next;
    if (head_ != nullptr) head_->prev = nullptr; else tail_ = nullptr;
    n->next = nullptr;
    n->queued = false;
  }

  void erase(T* n) {
    if (n->prev != nullptr) n->prev->next = n->next; else head_ = n->next;
    if (n->next != nullptr) n->next->prev = n->prev; else tail_ = n->prev;
    n->prev = n->next = nullptr;
    n->queued = false;
  }

  // First entry whose tag the predicate accepts.
  template <class Pred>
  T* find_first(Pred&& accept) const {
    for (T* n = front(); n != nullptr; n = next(n))
      if (accept(*n)) return n;
    return nullptr;
  }

 private:
  QueueLink* head_ = nullptr;
  QueueLink* tail_ = nullptr;
};

// A receive waiting for a message. Embedded in the pml's receive request.
struct PostedReceive : QueueLink {
  Envelope wanted;   // source and tag may be wildcards
  uint64_t seq = 0;  // posting order
};

// A message that arrived before its receive. The protocol fields are
// opaque to matching: the pml fills them from the first frame.
struct UnexpectedMessage : QueueLink {
  Envelope env;
  uint64_t seq = 0;  // arrival order
  int peer = -1;     // world rank of the sender (where replies go)
  uint8_t protocol = 0;
  uint64_t length = 0;       // message bytes
  uint64_t sender_id = 0;    // sender's request (sync eager, rendezvous)
  uint64_t sender_addr = 0;  // rendezvous: contiguous send buffer, or 0
  std::vector<std::byte> data;  // eager payload
};

class MatchingEngine {
 public:
  MatchingEngine() = default;
  ~MatchingEngine();
  MatchingEngine(const MatchingEngine&) = delete;
  MatchingEngine& operator=(const MatchingEngine&) = delete;

  // An arriving message: the oldest compatible posted receive, removed from
  // its queue, or nullptr (the caller then adds it as unexpected).
  // Inline: every arriving message asks, and a rank with nothing posted
  // answers with one compare.
  PostedReceive* match_arrival(const Envelope& env) {
    if (posted_count_ == 0) return nullptr;
    // No wildcard receive waiting and the source's oldest receive takes the
    // message (streaming, ping-pong): that is the match.
    ContextQueues* q = find(env.context);
    const auto src = static_cast<size_t>(env.source);
    if (q != nullptr && q->posted_any.empty() && src < q->posted.size()) [[likely]] {
      IntrusiveQueue<PostedReceive>& mine = q->posted[src];
      PostedReceive* first = mine.front();
      if (first != nullptr && tag_matches(first->wanted.tag, env.tag)) [[likely]] {
        mine.pop_front();
        --posted_count_;
        return first;
      }
    }
    return match_posted(env);
  }
  void add_unexpected(std::unique_ptr<UnexpectedMessage> msg);

  // A new receive: the oldest compatible unexpected message (removed and
  // handed over), or nullptr after queueing r as posted. Inline for the
  // streaming case: nothing unexpected in the context, r goes straight to
  // its queue (about 20 instructions instead of ~80 through calls).
  std::unique_ptr<UnexpectedMessage> post(PostedReceive* r) {
    ContextQueues& q = get(r->wanted.context);
    if (q.unexpected_count != 0) return post_or_take(q, r);
    enqueue(q, r);
    return nullptr;
  }

  // Probe: the oldest compatible unexpected message, left in place / taken.
  UnexpectedMessage* peek(const Envelope& wanted);
  std::unique_ptr<UnexpectedMessage> take(const Envelope& wanted);

  // Remove a still-posted receive; false when it was already matched.
  bool cancel(PostedReceive* r);

  size_t posted_count() const { return posted_count_; }
  size_t unexpected_count() const { return unexpected_count_; }

 private:
  struct ContextQueues {
    std::vector<IntrusiveQueue<PostedReceive>> posted;  // by source
    IntrusiveQueue<PostedReceive> posted_any;
    std::vector<IntrusiveQueue<UnexpectedMessage>> unexpected;  // by source
    size_t unexpected_count = 0;
  };

  // The last context looked up is cached (unordered_map nodes are stable):
  // a program talks on one communicator at a time.
  ContextQueues* find(uint32_t context) {
    if (cached_ != nullptr && cached_context_ == context) [[likely]] return cached_;
    return find_uncached(context);
  }
  ContextQueues& get(uint32_t context) {
    if (cached_ != nullptr && cached_context_ == context) [[likely]] return *cached_;
    return get_uncached(context);
  }
  ContextQueues* find_uncached(uint32_t context);
  ContextQueues& get_uncached(uint32_t context);
  PostedReceive* match_posted(const Envelope& env);
  std::unique_ptr<UnexpectedMessage> post_or_take(ContextQueues& q, PostedReceive* r);
  void enqueue(ContextQueues& q, PostedReceive* r) {
    r->seq = next_posted_seq_++;
    ++posted_count_;
    if (r->wanted.source == kAnySource) return q.posted_any.push_back(r);
    size_t src = static_cast<size_t>(r->wanted.source);
    if (src >= q.posted.size()) [[unlikely]] q.posted.resize(src + 1);
    q.posted[src].push_back(r);
  }
  UnexpectedMessage* oldest_unexpected(ContextQueues& q, const Envelope& wanted, size_t* source_index);
  std::unique_ptr<UnexpectedMessage> unlink_unexpected(ContextQueues& q, UnexpectedMessage* m, size_t source);

  std::unordered_map<uint32_t, ContextQueues> contexts_;
  uint32_t cached_context_ = 0;
  ContextQueues* cached_ = nullptr;  // last context looked up (unordered_map nodes are stable)
  uint64_t next_posted_seq_ = 1;
  uint64_t next_arrival_seq_ = 1;
  size_t posted_count_ = 0;
  size_t unexpected_count_ = 0;
};

}  // namespace gyre::pml
