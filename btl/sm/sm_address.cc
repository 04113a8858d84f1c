#include "btl/sm/sm_address.h"

#include <sys/mman.h>

#include <filesystem>

namespace gyre::btl::sm {
namespace {

// Keeps the name well under NAME_MAX with the rank and pid appended.
constexpr size_t kMaxNspaceChars = 160;

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

// The rest of a name after the job prefix: "sm<rank>" (a rank's btl/sm
// segment), "<rank>-<pid>-coll<context>" (coll/shm's segment of one
// communicator), "world" (MPI_COMM_WORLD's, made in MPI_Init) or either of
// the last two plus "-stage" (its stream ring, coll/shm/shm_stage.cc). A
// job whose nspace is ours plus "-<digits>" must match none of them.
bool is_segment_suffix(std::string_view rest) {
  constexpr std::string_view kStage = "-stage";
  const bool stage = rest.ends_with(kStage);
  if (stage) rest.remove_suffix(kStage.size());
  if (rest == "world") return true;
  if (rest.starts_with("sm")) return !stage && all_digits(rest.substr(2));
  size_t coll = rest.find("-coll");
  if (coll == std::string_view::npos || !all_digits(rest.substr(coll + 5))) return false;
  rest = rest.substr(0, coll);
  size_t dash = rest.find('-');
  return dash != std::string_view::npos && all_digits(rest.substr(0, dash)) && all_digits(rest.substr(dash + 1));
}

}  // namespace

std::string segment_name(std::string_view nspace, int world_rank) {
  return job_prefix(nspace) + "sm" + std::to_string(world_rank);
}

std::string world_coll_segment_name(std::string_view nspace) { return job_prefix(nspace) + "world"; }

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
