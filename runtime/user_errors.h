// Error classes, codes and strings the application adds (MPI_Add_error_class,
// MPI_Add_error_code, MPI_Add_error_string; MPI-4 §9.5). Owned by the
// Runtime; the bindings (runtime/api/errors.cc) lock `mu` around each use.
//
// Codes: the predefined classes are their own codes (0..kLastPredefined).
// Classes are handed out from kFirstUserClass up, codes from kFirstUserCode
// up, each code mapped to its class.
#pragma once
#include <algorithm>
#include <map>
#include <mutex>
#include <string>

namespace gyre {

struct UserErrors {
  static constexpr int kLastPredefined = 77;    // MPI_ERR_VALUE_TOO_LARGE, the last MPICH class in use
  static constexpr int kFirstUserClass = 0x80;  // user classes: 0x80, 0x81, ...
  static constexpr int kFirstUserCode = 0x10000;

  std::mutex mu;
  int next_class = kFirstUserClass;
  int next_code = kFirstUserCode;
  std::map<int, bool> classes;    // class -> has codes? (present = defined)
  std::map<int, int> code_class;  // user code -> its class
  std::map<int, std::string> strings;

  // MPI_LASTUSEDCODE (hold mu).
  int last_used() const {
    int last = kLastPredefined;
    if (!classes.empty()) last = std::max(last, classes.rbegin()->first);
    if (!code_class.empty()) last = std::max(last, code_class.rbegin()->first);
    return last;
  }
};

}  // namespace gyre
