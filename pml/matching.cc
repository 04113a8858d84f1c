#include "pml/matching.h"

namespace gyre::pml {

namespace {

template <class Q>
Q& slot(std::vector<Q>& by_source, int source) {
  size_t i = static_cast<size_t>(source);
  if (by_source.size() <= i) by_source.resize(i + 1);
  return by_source[i];
}

}  // namespace

MatchingEngine::~MatchingEngine() {
  // Unexpected entries are owned by the engine while queued.
  for (auto& [context, q] : contexts_)
    for (auto& queue : q.unexpected)
      while (!queue.empty()) {
        UnexpectedMessage* m = queue.front();
        queue.erase(m);
        std::unique_ptr<UnexpectedMessage> owned(m);
      }
}

MatchingEngine::ContextQueues* MatchingEngine::find_uncached(uint32_t context) {
  auto it = contexts_.find(context);
  if (it == contexts_.end()) return nullptr;
  cached_context_ = context;
  cached_ = &it->second;
  return cached_;
}

MatchingEngine::ContextQueues& MatchingEngine::get_uncached(uint32_t context) {
  if (ContextQueues* q = find_uncached(context)) return *q;
  cached_context_ = context;
  cached_ = &contexts_[context];
  return *cached_;
}

PostedReceive* MatchingEngine::match_posted(const Envelope& env) {
  ContextQueues* q = find(env.context);
  if (q == nullptr) return nullptr;
  auto accept = [&](const PostedReceive& r) { return tag_matches(r.wanted.tag, env.tag); };
  size_t src = static_cast<size_t>(env.source);
  PostedReceive* specific = src < q->posted.size() ? q->posted[src].find_first(accept) : nullptr;
  // No wildcard receive waiting (the common case): the source's queue decides.
  PostedReceive* wild = q->posted_any.empty() ? nullptr : q->posted_any.find_first(accept);
  PostedReceive* best = specific;
  if (wild != nullptr && (best == nullptr || wild->seq < best->seq)) best = wild;
  if (best == nullptr) return nullptr;
  if (best == wild)
    q->posted_any.erase(best);
  else
    q->posted[src].erase(best);
  --posted_count_;
  return best;
}

void MatchingEngine::add_unexpected(std::unique_ptr<UnexpectedMessage> msg) {
  ContextQueues& q = get(msg->env.context);
  msg->seq = next_arrival_seq_++;
  slot(q.unexpected, msg->env.source).push_back(msg.release());
  ++q.unexpected_count;
  ++unexpected_count_;
}

UnexpectedMessage* MatchingEngine::oldest_unexpected(ContextQueues& q, const Envelope& wanted,
                                                     size_t* source_index) {
  if (q.unexpected_count == 0) return nullptr;
  auto accept = [&](const UnexpectedMessage& m) { return tag_matches(wanted.tag, m.env.tag); };
  if (wanted.source != kAnySource) {
    size_t src = static_cast<size_t>(wanted.source);
    *source_index = src;
    return src < q.unexpected.size() ? q.unexpected[src].find_first(accept) : nullptr;
  }
  UnexpectedMessage* best = nullptr;
  for (size_t src = 0; src < q.unexpected.size(); ++src) {
    UnexpectedMessage* m = q.unexpected[src].find_first(accept);
    if (m != nullptr && (best == nullptr || m->seq < best->seq)) {
      best = m;
      *source_index = src;
    }
  }
  return best;
}

std::unique_ptr<UnexpectedMessage> MatchingEngine::unlink_unexpected(ContextQueues& q, UnexpectedMessage* m,
                                                                     size_t source) {
  q.unexpected[source].erase(m);
  --q.unexpected_count;
  --unexpected_count_;
  return std::unique_ptr<UnexpectedMessage>(m);
}

std::unique_ptr<UnexpectedMessage> MatchingEngine::post_or_take(ContextQueues& q, PostedReceive* r) {
  size_t source = 0;
  if (UnexpectedMessage* m = oldest_unexpected(q, r->wanted, &source)) return unlink_unexpected(q, m, source);
  enqueue(q, r);
  return nullptr;
}

UnexpectedMessage* MatchingEngine::peek(const Envelope& wanted) {
  ContextQueues* q = find(wanted.context);
  size_t source = 0;
  return q != nullptr ? oldest_unexpected(*q, wanted, &source) : nullptr;
}

std::unique_ptr<UnexpectedMessage> MatchingEngine::take(const Envelope& wanted) {
  ContextQueues* q = find(wanted.context);
  if (q == nullptr) return nullptr;
  size_t source = 0;
  UnexpectedMessage* m = oldest_unexpected(*q, wanted, &source);
  return m != nullptr ? unlink_unexpected(*q, m, source) : nullptr;
}

bool MatchingEngine::cancel(PostedReceive* r) {
  if (!r->queued) return false;
  ContextQueues& q = get(r->wanted.context);
  if (r->wanted.source == kAnySource)
    q.posted_any.erase(r);
  else
    q.posted[static_cast<size_t>(r->wanted.source)].erase(r);
  --posted_count_;
  return true;
}

}  // namespace gyre::pml
