#include "btl/sm/sm_address.h"

#include <sys/mman.h>

#include <cstring>
#include <filesystem>

namespace gyre::btl::sm {
namespace {

constexpr uint32_t kAddressVersion = 1;
// Keeps the name well under NAME_MAX with the rank and pid appended.
constexpr size_t kMaxNspaceChars = 160;

template <class T>
void append(std::vector<std::byte>& out, const T& v) {
  const auto* p = reinterpret_cast<const std::byte*>(&v);
  out.insert(out.end(), p, p + sizeof v);
}

template <class T>
bool take(std::span<const std::byte>& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in = in.subspan(sizeof v);
  return true;
}

// "/gyre-<nspace>-": what every segment name of one job starts with.
std::string job_prefix(std::string_view nspace) {
  std::string ns;
  for (char c : nspace.substr(0, kMaxNspaceChars)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
    ns += keep ? c : '_';
  }
  if (ns.empty()) ns = "pid";
  return "/gyre-" + ns + "-";
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// The rest of a name after the job prefix: "<rank>-<pid>" (a rank's segment),
// "<rank>-<pid>-coll<context>" (coll/shm's segment of one communicator) or
// that plus "-stage" (its stream ring, coll/shm/shm_stage.cc).
bool is_segment_suffix(std::string_view rest) {
  constexpr std::string_view kStage = "-stage";
  const bool stage = rest.ends_with(kStage);
  if (stage) rest.remove_suffix(kStage.size());
  if (size_t coll = rest.find("-coll"); coll != std::string_view::npos) {
    if (!all_digits(rest.substr(coll + 5))) return false;
    rest = rest.substr(0, coll);
  } else if (stage) {
    return false;
  }
  size_t dash = rest.find('-');
  return dash != std::string_view::npos && all_digits(rest.substr(0, dash)) && all_digits(rest.substr(dash + 1));
}

}  // namespace

std::vector<std::byte> encode(const SmAddress& a) {
  std::vector<std::byte> out;
  append(out, kAddressVersion);
  append(out, a.pid);
  append(out, a.probe_addr);
  append(out, a.probe_value);
  append(out, static_cast<uint32_t>(a.segment.size()));
  const auto* name = reinterpret_cast<const std::byte*>(a.segment.data());
  out.insert(out.end(), name, name + a.segment.size());
  return out;
}

std::optional<SmAddress> decode(std::span<const std::byte> in) {
  SmAddress a;
  uint32_t version = 0;
  uint32_t name_len = 0;
  if (!take(in, version) || version != kAddressVersion) return std::nullopt;
  if (!take(in, a.pid) || !take(in, a.probe_addr) || !take(in, a.probe_value)) return std::nullopt;
  if (!take(in, name_len) || in.size() != name_len) return std::nullopt;
  a.segment.assign(reinterpret_cast<const char*>(in.data()), name_len);
  return a;
}

std::string segment_name(std::string_view nspace, int world_rank, pid_t pid) {
  return job_prefix(nspace) + std::to_string(world_rank) + "-" + std::to_string(pid);
}

int remove_leftover_segments(std::string_view nspace) {
  const std::string prefix = job_prefix(nspace);
  const std::string file_prefix = prefix.substr(1);  // /dev/shm entries have no '/'
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ec)) {
    std::string file = entry.path().filename().string();
    if (file.rfind(file_prefix, 0) != 0 || !is_segment_suffix(file.substr(file_prefix.size()))) continue;
    if (shm_unlink(("/" + file).c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace gyre::btl::sm
