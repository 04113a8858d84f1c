// Keyvals and attribute stores, shared by communicators, datatypes and
// windows. The MPI copy/delete callbacks of all three kinds have the same C
// shape with an int handle first (MPICH ABI), so one Keyval type serves all:
//   copy(oldobj, keyval, extra_state, attr_in, attr_out, flag)
//   delete(obj, keyval, attr_value, extra_state)
// A datatype or window keeps an AttributeStore member and calls
// copy_all()/delete_all() at its dup/free with its own handle.
#pragma once
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "runtime/error.h"
#include "runtime/handles.h"

namespace gyre {

enum class AttrKind : uint8_t { comm, datatype, win };

class Keyval {
 public:
  using CopyFn = int (*)(int oldobj, int keyval, void* extra_state, void* attr_in, void* attr_out, int* flag);
  using DeleteFn = int (*)(int obj, int keyval, void* attr_value, void* extra_state);

  Keyval(AttrKind kind, CopyFn copy, DeleteFn del, void* extra_state)
      : kind_(kind), copy_(copy), delete_(del), extra_(extra_state) {}

  AttrKind kind() const { return kind_; }
  CopyFn copy_fn() const { return copy_; }
  DeleteFn delete_fn() const { return delete_; }
  void* extra_state() const { return extra_; }

  // A keyval lives while the user holds it or an attribute uses it.
  void hold() { ++uses_; }
  bool drop() { return --uses_ == 0; }  // true: nobody refers to it any more
  int uses() const { return uses_; }
  // The user freed the handle (MPI_*_free_keyval); the keyval may live on
  // for its attributes, but a second free of the handle is an error.
  bool user_freed() const { return user_freed_; }
  void mark_user_freed() { user_freed_ = true; }

 private:
  AttrKind kind_;
  CopyFn copy_;
  DeleteFn delete_;
  void* extra_;
  int uses_ = 1;  // the user's handle
  bool user_freed_ = false;
};

// Looks up keyvals by handle and releases them when their last use ends
// (the Runtime's keyval table implements it).
class KeyvalRegistry {
 public:
  virtual ~KeyvalRegistry() = default;
  virtual Keyval* find(int handle) = 0;
  virtual void release(int handle) = 0;  // drop one use; frees the keyval at zero
};

// The process's keyvals (all kinds), under MPICH-encoded keyval handles.
class KeyvalTable : public KeyvalRegistry {
 public:
  int create(AttrKind kind, Keyval::CopyFn copy, Keyval::DeleteFn del, void* extra) {
    return table_.insert(std::make_unique<Keyval>(kind, copy, del, extra));
  }
  Keyval* find(int handle) override { return table_.lookup(handle); }
  void release(int handle) override {
    Keyval* k = table_.lookup(handle);
    if (k != nullptr && k->drop()) table_.erase(handle);
  }
  size_t live() const { return table_.live(); }

 private:
  HandleTable<Keyval, ObjectType::keyval> table_;
};

class AttributeStore {
 public:
  // Set (replacing, which first runs the old value's delete callback).
  Error set(KeyvalRegistry& reg, int object, int keyval, void* value);
  bool get(int keyval, void** value) const;
  // Remove one attribute, running its delete callback.
  Error remove(KeyvalRegistry& reg, int object, int keyval);
  // Copy every attribute whose copy callback asks for it into dst (for dup);
  // dst must be empty. A failing callback stops the copy and returns its code.
  Error copy_to(KeyvalRegistry& reg, int old_object, AttributeStore& dst) const;
  // Delete every attribute, newest first (at free / finalize).
  Error delete_all(KeyvalRegistry& reg, int object);
  // For an object whose free must fail as a whole (MPI_Type_free): run every
  // delete callback, newest first; an attribute whose callback succeeded is
  // gone, one whose callback failed stays attached (value and keyval use
  // unchanged), so that the object is kept as it was as far as possible and a
  // later free runs only the callbacks still owed. Returns the first failure.
  Error delete_each(KeyvalRegistry& reg, int object);
  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<int, void*>> entries_;  // keyval, value; in order of setting
};

}  // namespace gyre
