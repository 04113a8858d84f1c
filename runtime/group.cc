#include "runtime/group.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace gyre {

// Scattered groups with more runs than this get a sorted index for lookups.
constexpr size_t kLinearRuns = 8;

Group::Group(std::span<const int> world_ranks) {
  for (int w : world_ranks) append(w);
  finish();
}

Group Group::range(int n) { return strided(0, 1, n); }

Group Group::strided(int first, int stride, int count) {
  Group g;
  if (count > 0) g.runs_.push_back({first, count == 1 ? 1 : stride, count});
  g.finish();
  return g;
}

void Group::append(int world) {
  if (!runs_.empty()) {
    Run& r = runs_.back();
    if (r.count == 1 && world != r.first) {
      r.stride = world - r.first;
      r.count = 2;
      return;
    }
    if (r.first + r.count * r.stride == world && r.count > 1) {
      ++r.count;
      return;
    }
  }
  runs_.push_back({world, 1, 1});
}

void Group::finish() {
  // A two-member run whose stride was guessed from the next member is fine;
  // runs stay as built. Compute offsets and size.
  offsets_.resize(runs_.size());
  int n = 0;
  for (size_t i = 0; i < runs_.size(); ++i) {
    offsets_[i] = n;
    n += runs_[i].count;
  }
  size_ = n;
  one_run_ = runs_.size() == 1;
  first_ = one_run_ ? runs_[0].first : 0;
  stride_ = one_run_ ? runs_[0].stride : 0;
  index_.clear();
  if (runs_.size() > kLinearRuns) build_index();
}

int Group::run_of(int rank) const {
  auto it = std::upper_bound(offsets_.begin(), offsets_.end(), rank);
  return static_cast<int>(it - offsets_.begin()) - 1;
}

int Group::world_rank_in_runs(int rank) const {
  if (rank < 0 || rank >= size_) return -1;
  int i = run_of(rank);
  const Run& r = runs_[static_cast<size_t>(i)];
  return r.first + (rank - offsets_[static_cast<size_t>(i)]) * r.stride;
}

static int position_in_run(const Group::Run& r, int world) {
  int d = world - r.first;
  if (r.count == 1) return d == 0 ? 0 : -1;
  if (d % r.stride != 0) return -1;
  int k = d / r.stride;
  return k >= 0 && k < r.count ? k : -1;
}

void Group::build_index() {
  index_.reserve(static_cast<size_t>(size_));
  for (size_t i = 0; i < runs_.size(); ++i)
    for (int k = 0; k < runs_[i].count; ++k)
      index_.push_back({runs_[i].first + k * runs_[i].stride, offsets_[i] + k});
  std::sort(index_.begin(), index_.end());
}

int Group::rank_of_world(int world) const {
  if (runs_.size() <= kLinearRuns) {
    for (size_t i = 0; i < runs_.size(); ++i) {
      int k = position_in_run(runs_[i], world);
      if (k >= 0) return offsets_[i] + k;
    }
    return -1;
  }
  auto it = std::lower_bound(index_.begin(), index_.end(), std::pair<int, int>{world, -1});
  return it != index_.end() && it->first == world ? it->second : -1;
}

std::vector<int> Group::world_ranks() const {
  std::vector<int> out;
  out.reserve(static_cast<size_t>(size_));
  for (const Run& r : runs_)
    for (int k = 0; k < r.count; ++k) out.push_back(r.first + k * r.stride);
  return out;
}

size_t Group::memory_bytes() const {
  return sizeof(Group) + runs_.capacity() * sizeof(Run) + offsets_.capacity() * sizeof(int) +
         index_.capacity() * sizeof(std::pair<int, int>);
}

bool Group::operator==(const Group& o) const {
  if (size_ != o.size_) return false;
  if (runs_.size() == o.runs_.size()) {
    bool same = true;
    for (size_t i = 0; i < runs_.size() && same; ++i)
      same = runs_[i].first == o.runs_[i].first && runs_[i].count == o.runs_[i].count &&
             (runs_[i].count == 1 || runs_[i].stride == o.runs_[i].stride);
    if (same) return true;
  }
  for (int r = 0; r < size_; ++r)
    if (world_rank(r) != o.world_rank(r)) return false;
  return true;
}

Group::Comparison Group::compare(const Group& a, const Group& b) {
  if (a == b) return Comparison::ident;
  if (a.size() != b.size()) return Comparison::unequal;
  for (int r = 0; r < a.size(); ++r)
    if (b.rank_of_world(a.world_rank(r)) < 0) return Comparison::unequal;
  return Comparison::similar;
}

Group Group::set_union(const Group& a, const Group& b) {
  Group g;
  g.runs_ = a.runs_;
  for (int r = 0; r < b.size(); ++r) {
    int w = b.world_rank(r);
    if (a.rank_of_world(w) < 0) g.append(w);
  }
  g.finish();
  return g;
}

Group Group::intersection(const Group& a, const Group& b) {
  Group g;
  for (int r = 0; r < a.size(); ++r) {
    int w = a.world_rank(r);
    if (b.rank_of_world(w) >= 0) g.append(w);
  }
  g.finish();
  return g;
}

Group Group::difference(const Group& a, const Group& b) {
  Group g;
  for (int r = 0; r < a.size(); ++r) {
    int w = a.world_rank(r);
    if (b.rank_of_world(w) < 0) g.append(w);
  }
  g.finish();
  return g;
}

namespace {

Error check_ranks(const Group& g, std::span<const int> ranks, std::vector<char>* seen) {
  if (static_cast<int>(ranks.size()) > g.size())
    return Error(ErrClass::arg, "n = " + std::to_string(ranks.size()) + " exceeds the group size " +
                                    std::to_string(g.size()));
  seen->assign(static_cast<size_t>(g.size()), 0);
  for (size_t i = 0; i < ranks.size(); ++i) {
    int r = ranks[i];
    if (r < 0 || r >= g.size())
      return Error(ErrClass::rank, "ranks[" + std::to_string(i) + "] = " + std::to_string(r) +
                                       " is not a rank of the group (size " + std::to_string(g.size()) + ")");
    if ((*seen)[static_cast<size_t>(r)])
      return Error(ErrClass::rank, "ranks[" + std::to_string(i) + "] = " + std::to_string(r) + " is a duplicate");
    (*seen)[static_cast<size_t>(r)] = 1;
  }
  return Error::ok();
}

// Expand (first, last, stride) triplets to ranks, checking each.
Error expand_ranges(const Group& g, std::span<const int> ranges, std::vector<int>* out) {
  if (ranges.size() % 3 != 0) return Error(ErrClass::arg, "ranges is not a list of triplets");
  std::vector<char> seen(static_cast<size_t>(g.size()), 0);
  for (size_t t = 0; t < ranges.size(); t += 3) {
    int first = ranges[t], last = ranges[t + 1], stride = ranges[t + 2];
    std::string which = "ranges[" + std::to_string(t / 3) + "]";
    if (stride == 0) return Error(ErrClass::arg, which + " has stride 0");
    if (first < 0 || first >= g.size() || last < 0 || last >= g.size())
      return Error(ErrClass::rank, which + " = (" + std::to_string(first) + ", " + std::to_string(last) + ", " +
                                       std::to_string(stride) + ") leaves the group (size " +
                                       std::to_string(g.size()) + ")");
    if ((last - first) / stride < 0 || (last != first && (last - first > 0) != (stride > 0)))
      return Error(ErrClass::arg, which + " = (" + std::to_string(first) + ", " + std::to_string(last) + ", " +
                                      std::to_string(stride) + ") runs the wrong way");
    for (long long r = first; stride > 0 ? r <= last : r >= last; r += stride) {
      if (seen[static_cast<size_t>(r)])
        return Error(ErrClass::rank, which + " repeats rank " + std::to_string(r));
      seen[static_cast<size_t>(r)] = 1;
      out->push_back(static_cast<int>(r));
    }
  }
  return Error::ok();
}

}  // namespace

Error Group::incl(const Group& g, std::span<const int> ranks, Group* out) {
  std::vector<char> seen;
  GYRE_TRY(check_ranks(g, ranks, &seen));
  Group result;
  for (int r : ranks) result.append(g.world_rank(r));
  result.finish();
  *out = result;
  return Error::ok();
}

Error Group::excl(const Group& g, std::span<const int> ranks, Group* out) {
  std::vector<char> seen;
  GYRE_TRY(check_ranks(g, ranks, &seen));
  Group result;
  for (int r = 0; r < g.size(); ++r)
    if (!seen[static_cast<size_t>(r)]) result.append(g.world_rank(r));
  result.finish();
  *out = result;
  return Error::ok();
}

Error Group::range_incl(const Group& g, std::span<const int> ranges, Group* out) {
  std::vector<int> ranks;
  GYRE_TRY(expand_ranges(g, ranges, &ranks));
  Group result;
  for (int r : ranks) result.append(g.world_rank(r));
  result.finish();
  *out = result;
  return Error::ok();
}

Error Group::range_excl(const Group& g, std::span<const int> ranges, Group* out) {
  std::vector<int> ranks;
  GYRE_TRY(expand_ranges(g, ranges, &ranks));
  std::vector<char> drop(static_cast<size_t>(g.size()), 0);
  for (int r : ranks) drop[static_cast<size_t>(r)] = 1;
  Group result;
  for (int r = 0; r < g.size(); ++r)
    if (!drop[static_cast<size_t>(r)]) result.append(g.world_rank(r));
  result.finish();
  *out = result;
  return Error::ok();
}

}  // namespace gyre
