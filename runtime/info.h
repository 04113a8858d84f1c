// Info objects: ordered (key, value) string pairs (MPI-4 §10).
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace gyre {

class Info {
 public:
  void set(const std::string& key, const std::string& value);
  const std::string* get(const std::string& key) const;
  bool remove(const std::string& key);
  int nkeys() const { return static_cast<int>(entries_.size()); }
  const std::string& nth_key(int n) const { return entries_[static_cast<size_t>(n)].first; }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

  // The info of MPI_INFO_ENV / MPI_Info_create_env: how the process was started.
  static Info environment(int argc, char** argv);

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

}  // namespace gyre
