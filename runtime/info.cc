#include "runtime/info.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "runtime/runtime.h"

namespace gyre {

void Info::set(const std::string& key, const std::string& value) {
  for (auto& e : entries_)
    if (e.first == key) {
      e.second = value;
      return;
    }
  entries_.emplace_back(key, value);
}

const std::string* Info::get(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.first == key) return &e.second;
  return nullptr;
}

bool Info::remove(const std::string& key) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](auto& e) { return e.first == key; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

Info Info::environment(int argc, char** argv) {
  Info info;
  std::vector<std::string> args;
  if (argv != nullptr) {
    for (int i = 0; i < argc && argv[i] != nullptr; ++i) args.emplace_back(argv[i]);
  } else {
    std::ifstream f("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    size_t start = 0;
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i] == '\0') {
        args.push_back(all.substr(start, i - start));
        start = i + 1;
      }
  }
  if (!args.empty()) info.set("command", args[0]);
  std::string rest;
  for (size_t i = 1; i < args.size(); ++i) rest += (i > 1 ? " " : "") + args[i];
  if (args.size() > 1) info.set("argv", rest);
  const ProcessIdentity& id = Runtime::get().identity();
  info.set("maxprocs", std::to_string(id.world_size));
  char host[256] = {0};
  if (!id.hostname.empty()) info.set("host", id.hostname);
  else if (gethostname(host, sizeof host - 1) == 0) info.set("host", host);
  info.set("arch", "x86_64");
  char cwd[4096];
  if (getcwd(cwd, sizeof cwd) != nullptr) info.set("wdir", cwd);
  static const char* kLevels[] = {"MPI_THREAD_SINGLE", "MPI_THREAD_FUNNELED", "MPI_THREAD_SERIALIZED",
                                  "MPI_THREAD_MULTIPLE"};
  int level = Runtime::get().thread_level();
  info.set("thread_level", kLevels[level >= 0 && level < 4 ? level : 0]);
  return info;
}

}  // namespace gyre
