// Handle tables: MPI handles are 32-bit integers with the MPICH ABI encoding
//   bits 30-31 kind (0 invalid, 1 builtin, 2 direct), bits 26-29 object type,
//   bits 0-25 index.
// Builtin handles (MPI_COMM_WORLD, MPI_INT, MPI_SUM, ...) index a table of
// predefined objects; handles Gyre creates are "direct" and index a growable
// table whose freed slots are reused.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace gyre {

enum class ObjectType : uint32_t {
  comm = 0x1, group = 0x2, datatype = 0x3, errhandler = 0x5, op = 0x6, info = 0x7, win = 0x8,
  keyval = 0x9, request = 0xb, session = 0xe,
};

namespace handle_bits {
constexpr uint32_t kBuiltin = 0x40000000u;
constexpr uint32_t kDirect = 0x80000000u;
constexpr uint32_t kKindMask = 0xc0000000u;
constexpr uint32_t kIndexMask = 0x03ffffffu;
constexpr uint32_t type_bits(ObjectType t) { return static_cast<uint32_t>(t) << 26; }
constexpr ObjectType type_of(uint32_t h) { return static_cast<ObjectType>((h >> 26) & 0xfu); }
}  // namespace handle_bits

template <class T, ObjectType Type>
class HandleTable {
 public:
  // first_dynamic: direct-handle indices below it are reserved (MPICH uses a
  // few direct handles for predefined objects, e.g. MPI_FLOAT_INT).
  explicit HandleTable(uint32_t first_dynamic = 0) : first_dynamic_(first_dynamic) {}

  // Register a predefined object under its ABI handle value (builtin or a
  // reserved direct handle). Builtin lookup uses the low byte or index bits.
  void add_predefined(int handle, std::unique_ptr<T> obj) {
    uint32_t h = static_cast<uint32_t>(handle);
    auto& table = (h & handle_bits::kKindMask) == handle_bits::kBuiltin ? builtin_ : reserved_;
    uint32_t index = builtin_index(h);
    if (table.size() <= index) table.resize(index + 1);
    table[index] = std::move(obj);
  }

  int insert(std::unique_ptr<T> obj) {
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
      slots_[index - first_dynamic_] = std::move(obj);
    } else {
      index = first_dynamic_ + static_cast<uint32_t>(slots_.size());
      slots_.push_back(std::move(obj));
    }
    ++live_;
    return static_cast<int>(handle_bits::kDirect | handle_bits::type_bits(Type) | index);
  }

  // nullptr for null, invalid, freed or wrong-type handles.
  T* lookup(int handle) const {
    uint32_t h = static_cast<uint32_t>(handle);
    if (handle_bits::type_of(h) != Type) return nullptr;
    uint32_t kind = h & handle_bits::kKindMask;
    if (kind == handle_bits::kBuiltin) return at(builtin_, builtin_index(h));
    if (kind != handle_bits::kDirect) return nullptr;
    uint32_t index = h & handle_bits::kIndexMask;
    if (index < first_dynamic_) return at(reserved_, index);
    return at(slots_, index - first_dynamic_);
  }

  bool is_predefined(int handle) const {
    uint32_t h = static_cast<uint32_t>(handle);
    uint32_t kind = h & handle_bits::kKindMask;
    return kind == handle_bits::kBuiltin || (kind == handle_bits::kDirect && (h & handle_bits::kIndexMask) < first_dynamic_);
  }

  // Remove a created object; returns it so the caller decides its lifetime.
  std::unique_ptr<T> erase(int handle) {
    uint32_t h = static_cast<uint32_t>(handle);
    if (lookup(handle) == nullptr || is_predefined(handle)) return nullptr;
    uint32_t index = h & handle_bits::kIndexMask;
    free_.push_back(index);
    --live_;
    return std::move(slots_[index - first_dynamic_]);
  }

  // erase() for a handle the caller just looked up (lookup() != nullptr):
  // no second validation, which costs a streaming program ~40 instructions
  // per retired request.
  std::unique_ptr<T> erase_found(int handle) {
    uint32_t h = static_cast<uint32_t>(handle);
    if (is_predefined(handle)) return nullptr;
    uint32_t index = h & handle_bits::kIndexMask;
    std::unique_ptr<T>& slot = slots_[index - first_dynamic_];
    if (slot == nullptr) return nullptr;  // the same handle twice in one array
    free_.push_back(index);
    --live_;
    return std::move(slot);
  }

  size_t live() const { return live_; }  // created objects not yet freed

  template <class F>
  void for_each_created(F&& f) {
    for (auto& p : slots_)
      if (p) f(*p);
  }

 private:
  static uint32_t builtin_index(uint32_t h) {
    // Builtin datatypes carry their size in bits 8-15; the low byte is unique.
    if (Type == ObjectType::datatype && (h & handle_bits::kKindMask) == handle_bits::kBuiltin) return h & 0xffu;
    return h & handle_bits::kIndexMask;
  }
  static T* at(const std::vector<std::unique_ptr<T>>& v, uint32_t i) { return i < v.size() ? v[i].get() : nullptr; }

  uint32_t first_dynamic_;
  std::vector<std::unique_ptr<T>> builtin_;
  std::vector<std::unique_ptr<T>> reserved_;
  std::vector<std::unique_ptr<T>> slots_;
  std::vector<uint32_t> free_;
  size_t live_ = 0;
};

}  // namespace gyre
