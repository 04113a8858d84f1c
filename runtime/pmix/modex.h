// The modex: each rank publishes a few small blobs (shared-memory segment
// names, fabric addresses), one exchange makes them visible, then any rank
// can read any other's. Transports use only this interface, so unit tests can
// give them an in-process fake.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "runtime/error.h"

namespace gyre {

class Modex {
 public:
  virtual ~Modex() = default;
  // Publish a blob under key for this rank (visible after exchange()).
  virtual Error put(const std::string& key, const std::vector<std::byte>& value) = 0;
  // Collective over all ranks of the job: commit what was put and wait until
  // everyone's blobs are readable.
  virtual Error exchange() = 0;
  // Another rank's blob, or nullopt when that rank put nothing under key.
  virtual std::optional<std::vector<std::byte>> get(int world_rank, const std::string& key) = 0;
};

}  // namespace gyre
