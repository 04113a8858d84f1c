// A Modex for tests and benchmarks of transports between forked processes,
// without PMIx: exchange() writes this rank's blobs to a file in a directory
// shared by the ranks and waits until every rank's file of the same round
// exists. Files appear atomically (written aside, then renamed).
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "runtime/pmix/modex.h"

namespace gyre::test {

class FileModex final : public Modex {
 public:
  FileModex(std::string dir, int rank, int size) : dir_(std::move(dir)), rank_(rank), all_(size) {}

  Error put(const std::string& key, const std::vector<std::byte>& value) override {
    mine_[key] = value;
    return Error::ok();
  }

  Error exchange() override {
    ++round_;
    std::string final_name = file_of(rank_);
    std::string temp = final_name + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary);
      for (const auto& [key, value] : mine_) {
        write_field(out, key.data(), key.size());
        write_field(out, value.data(), value.size());
      }
      if (!out) return Error(ErrClass::other, "FileModex: cannot write " + temp);
    }
    std::filesystem::rename(temp, final_name);
    for (int r = 0; r < static_cast<int>(all_.size()); ++r) GYRE_TRY(load(r));
    return Error::ok();
  }

  std::optional<std::vector<std::byte>> get(int world_rank, const std::string& key) override {
    if (world_rank < 0 || world_rank >= static_cast<int>(all_.size())) return std::nullopt;
    auto it = all_[world_rank].find(key);
    if (it == all_[world_rank].end()) return std::nullopt;
    return it->second;
  }

 private:
  using Blobs = std::map<std::string, std::vector<std::byte>>;

  std::string file_of(int rank) const {
    return dir_ + "/rank" + std::to_string(rank) + ".round" + std::to_string(round_);
  }

  static void write_field(std::ofstream& out, const void* data, size_t n) {
    auto len = static_cast<uint32_t>(n);
    out.write(reinterpret_cast<const char*>(&len), sizeof len);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  }

  static bool read_field(std::ifstream& in, std::string& s) {
    uint32_t len = 0;
    if (!in.read(reinterpret_cast<char*>(&len), sizeof len)) return false;
    s.resize(len);
    return static_cast<bool>(in.read(s.data(), len));
  }

  // Wait for rank's file of this round (a guard of a minute against a dead peer).
  Error load(int rank) {
    std::string name = file_of(rank);
    for (int waited_ms = 0; !std::filesystem::exists(name); ++waited_ms) {
      if (waited_ms > 60000) return Error(ErrClass::other, "FileModex: no " + name);
      usleep(1000);
    }
    std::ifstream in(name, std::ios::binary);
    Blobs blobs;
    std::string key;
    std::string value;
    while (read_field(in, key) && read_field(in, value)) {
      const auto* p = reinterpret_cast<const std::byte*>(value.data());
      blobs[key] = std::vector<std::byte>(p, p + value.size());
    }
    all_[rank] = std::move(blobs);
    return Error::ok();
  }

  std::string dir_;
  int rank_;
  int round_ = 0;
  Blobs mine_;
  std::vector<Blobs> all_;
};

}  // namespace gyre::test
