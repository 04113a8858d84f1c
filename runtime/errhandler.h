// Error handlers: what happens when an MPI call fails. The predefined ones
// abort the job or return the code; user handlers are called with the
// object's handle and the error code.
#pragma once
#include <functional>

namespace gyre {

class Errhandler {
 public:
  enum class Kind { fatal, return_codes, abort_comm, user };
  // (object handle pointer, error code pointer) as MPI passes them.
  using UserFunction = std::function<void(int* handle, int* code)>;

  explicit Errhandler(Kind kind) : kind_(kind) {}
  explicit Errhandler(UserFunction fn) : kind_(Kind::user), fn_(std::move(fn)) {}

  Kind kind() const { return kind_; }
  void call(int* handle, int* code) const { fn_(handle, code); }

 private:
  Kind kind_;
  UserFunction fn_;
};

}  // namespace gyre
