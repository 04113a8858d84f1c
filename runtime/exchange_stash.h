// Messages of the communicator-creation exchanges (context_id_exchange.h)
// that a receive took off the pml's queue but that belong to another
// concurrent call (same context, source and internal tag, another call tag),
// kept in arrival order until that call asks for them. One per process, in
// the Runtime: the calls that share it may run on different communicators.
#pragma once
#include <compare>
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace gyre {

class ExchangeStash {
 public:
  struct Key {
    uint32_t context;
    int source;
    int tag;
    uint64_t call;  // the call tag the message carries
    auto operator<=>(const Key&) const = default;
  };

  void put(const Key& k, std::vector<uint64_t> words) { messages_[k].push_back(std::move(words)); }

  // The oldest message kept for k, if any.
  bool take(const Key& k, std::vector<uint64_t>* words) {
    if (messages_.empty()) return false;
    auto it = messages_.find(k);
    if (it == messages_.end()) return false;
    *words = std::move(it->second.front());
    it->second.pop_front();
    if (it->second.empty()) messages_.erase(it);
    return true;
  }

 private:
  std::map<Key, std::deque<std::vector<uint64_t>>> messages_;
};

}  // namespace gyre
