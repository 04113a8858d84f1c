// Array layouts: MPI_Type_create_subarray and MPI_Type_create_darray
// (MPI-4.0 §5.1.3, §5.1.4). Each dimension contributes a pattern of index
// blocks (one block for a subarray or a block distribution, a strided
// series for a cyclic one); the type is built from the fastest dimension
// outwards with explicit byte strides, so the engine sees nested loops.
#include <algorithm>

#include "runtime/datatype.h"
#include "runtime/datatype_core.h"

namespace gyre {

namespace {

struct Group {
  long long first;   // index of the first element of the first block
  long long reps;    // blocks
  long long period;  // indices between block starts
  long long inner;   // elements per block
};

}  // namespace

namespace {
// Dimensions are listed as the user gave them; order_c: the last varies
// fastest (C), else the first (Fortran).
Datatype build_layout(const std::vector<long long>& gsizes, const std::vector<std::vector<Group>>& patterns,
                      bool order_c, const Datatype& old) {
  size_t n = gsizes.size();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = order_c ? n - 1 - i : i;  // fastest first
  Datatype t = old;
  std::ptrdiff_t step = old.extent();
  for (size_t k = 0; k < n; ++k) {
    size_t d = order[k];
    std::vector<TypePart> parts;
    for (const Group& g : patterns[d]) {
      if (g.reps <= 0 || g.inner <= 0) continue;
      TypePart p;
      p.disp = static_cast<std::ptrdiff_t>(g.first) * step;
      p.reps = static_cast<size_t>(g.reps);
      p.stride = static_cast<std::ptrdiff_t>(g.period) * step;
      p.inner = static_cast<size_t>(g.inner);
      p.inner_stride = step;
      p.type = t;
      parts.push_back(std::move(p));
    }
    t = Datatype::from_parts_for_layout(std::move(parts));
    step *= static_cast<std::ptrdiff_t>(gsizes[d]);
  }
  return Datatype::resized(t, 0, step);
}
}  // namespace

Datatype Datatype::from_parts_for_layout(std::vector<TypePart> parts) { return from_parts(std::move(parts), false); }

Datatype Datatype::subarray(const std::vector<long long>& sizes, const std::vector<long long>& subsizes,
                            const std::vector<long long>& starts, bool order_c, const Datatype& old) {
  std::vector<std::vector<Group>> patterns(sizes.size());
  for (size_t d = 0; d < sizes.size(); ++d) patterns[d] = {{starts[d], 1, 0, subsizes[d]}};
  return build_layout(sizes, patterns, order_c, old);
}

Datatype Datatype::darray(int size, int rank, const std::vector<long long>& gsizes,
                          const std::vector<Distribution>& distribs, const std::vector<int>& dargs,
                          const std::vector<int>& psizes, bool order_c, const Datatype& old) {
  (void)size;
  size_t n = gsizes.size();
  // Process coordinates: the process grid is row-major whatever `order` says.
  std::vector<long long> coords(n);
  long long r = rank;
  for (size_t i = n; i-- > 0;) {
    coords[i] = r % psizes[i];
    r /= psizes[i];
  }
  std::vector<std::vector<Group>> patterns(n);
  for (size_t d = 0; d < n; ++d) {
    long long g = gsizes[d], p = psizes[d], c = coords[d];
    switch (distribs[d]) {
      case Distribution::none: patterns[d] = {{0, 1, 0, g}}; break;
      case Distribution::block: {
        long long b = dargs[d] == kDefaultDarg ? (g + p - 1) / p : dargs[d];
        long long first = c * b;
        long long mine = std::clamp<long long>(g - first, 0, b);
        patterns[d] = {{first, 1, 0, mine}};
        break;
      }
      case Distribution::cyclic: {
        long long b = dargs[d] == kDefaultDarg ? 1 : dargs[d];
        long long first = c * b, period = p * b;
        if (first >= g) break;
        long long count = (g - first + period - 1) / period;
        long long last_first = first + (count - 1) * period;
        long long last_len = std::min(b, g - last_first);
        if (last_len == b) {
          patterns[d] = {{first, count, period, b}};
        } else {
          patterns[d] = {{first, count - 1, period, b}, {last_first, 1, 0, last_len}};
        }
        break;
      }
    }
  }
  return build_layout(gsizes, patterns, order_c, old);
}

}  // namespace gyre
