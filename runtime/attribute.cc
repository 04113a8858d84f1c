#include "runtime/attribute.h"

#include <algorithm>
#include <string>

namespace gyre {

static Error callback_failed(const char* which, int keyval, int code) {
  ErrClass cls = code > 0 && code < 128 ? static_cast<ErrClass>(code) : ErrClass::other;
  return Error(cls, std::string("the attribute ") + which + " callback of keyval " + std::to_string(keyval) +
                        " returned " + std::to_string(code));
}

Error AttributeStore::set(KeyvalRegistry& reg, int object, int keyval, void* value) {
  Keyval* k = reg.find(keyval);
  if (k == nullptr) return Error(ErrClass::keyval, "invalid keyval " + std::to_string(keyval));
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.first == keyval; });
  if (it != entries_.end()) {
    if (k->delete_fn() != nullptr) {
      int rc = k->delete_fn()(object, keyval, it->second, k->extra_state());
      if (rc != 0) return callback_failed("delete", keyval, rc);
    }
    it->second = value;
    return Error::ok();
  }
  k->hold();
  entries_.emplace_back(keyval, value);
  return Error::ok();
}

bool AttributeStore::get(int keyval, void** value) const {
  for (const auto& e : entries_)
    if (e.first == keyval) {
      *value = e.second;
      return true;
    }
  return false;
}

Error AttributeStore::remove(KeyvalRegistry& reg, int object, int keyval) {
  Keyval* k = reg.find(keyval);
  if (k == nullptr) return Error(ErrClass::keyval, "invalid keyval " + std::to_string(keyval));
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.first == keyval; });
  if (it == entries_.end()) return Error::ok();  // nothing attached: not an error
  if (k->delete_fn() != nullptr) {
    int rc = k->delete_fn()(object, keyval, it->second, k->extra_state());
    if (rc != 0) return callback_failed("delete", keyval, rc);
  }
  entries_.erase(it);
  reg.release(keyval);
  return Error::ok();
}

Error AttributeStore::copy_to(KeyvalRegistry& reg, int old_object, AttributeStore& dst) const {
  for (const auto& [keyval, value] : entries_) {
    Keyval* k = reg.find(keyval);
    if (k == nullptr || k->copy_fn() == nullptr) continue;  // MPI_*_NULL_COPY_FN: not copied
    void* out = nullptr;
    int flag = 0;
    int rc = k->copy_fn()(old_object, keyval, k->extra_state(), value, &out, &flag);
    if (rc != 0) return callback_failed("copy", keyval, rc);
    if (flag) {
      k->hold();
      dst.entries_.emplace_back(keyval, out);
    }
  }
  return Error::ok();
}

Error AttributeStore::delete_all(KeyvalRegistry& reg, int object) {
  Error first;
  while (!entries_.empty()) {
    auto [keyval, value] = entries_.back();
    entries_.pop_back();
    Keyval* k = reg.find(keyval);
    if (k != nullptr && k->delete_fn() != nullptr) {
      int rc = k->delete_fn()(object, keyval, value, k->extra_state());
      if (rc != 0 && !first) first = callback_failed("delete", keyval, rc);
    }
    reg.release(keyval);
  }
  return first;
}

Error AttributeStore::delete_each(KeyvalRegistry& reg, int object) {
  Error first;
  std::vector<std::pair<int, void*>> kept;  // newest first
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    auto [keyval, value] = *it;
    Keyval* k = reg.find(keyval);
    if (k != nullptr && k->delete_fn() != nullptr) {
      int rc = k->delete_fn()(object, keyval, value, k->extra_state());
      if (rc != 0) {
        if (!first) first = callback_failed("delete", keyval, rc);
        kept.emplace_back(keyval, value);
        continue;
      }
    }
    reg.release(keyval);
  }
  entries_.assign(kept.rbegin(), kept.rend());
  return first;
}

}  // namespace gyre
