// What a rank tells its node peers through the modex (key "btl.sm"): where
// its segment is, its pid (for process_vm_readv), and a word of its memory
// that peers read once to learn whether single-copy works.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gyre::btl::sm {

inline constexpr const char* kModexKey = "btl.sm";

struct SmAddress {
  int32_t pid = 0;
  uint64_t probe_addr = 0;   // address of a word in the owner's memory
  uint64_t probe_value = 0;  // what that word holds
  std::string segment;       // shm_open name
};

std::vector<std::byte> encode(const SmAddress& a);
std::optional<SmAddress> decode(std::span<const std::byte> blob);

// "/gyre-<nspace>-<rank>-<pid>": unique per job, rank and process, so two
// jobs never collide, and the launcher (which knows the nspace) can sweep
// /dev/shm/gyre-<nspace>-* after a job that crashed before the owners
// unlinked. nspace is reduced to [A-Za-z0-9._-]; empty (a singleton) is "pid".
std::string segment_name(std::string_view nspace, int world_rank, pid_t pid);

// Remove every segment name left by a job of this nspace (for the launcher,
// after a job that died during start-up); returns how many it removed.
int remove_leftover_segments(std::string_view nspace);

}  // namespace gyre::btl::sm
