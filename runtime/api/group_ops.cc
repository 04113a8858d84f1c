// Groups (MPI-4 §7.3). Errors in group calls are raised on MPI_COMM_SELF
// (MPI-4 §9.3: calls not tied to a communicator).
#include "runtime/api/comm_checks.h"

using gyre::Communicator;
using gyre::Error;
using gyre::ErrClass;
using gyre::Group;
namespace api = gyre::api;

namespace {

int new_group(api::Call& call, Group g, MPI_Group* out) {
  if (g.empty()) {
    *out = MPI_GROUP_EMPTY;
    return MPI_SUCCESS;
  }
  *out = call.rt().groups.insert(std::make_unique<Group>(std::move(g)));
  return MPI_SUCCESS;
}

#define GROUP_CALL(fname)                  \
  api::Call call(fname);                   \
  if (!call.ok()) return call.not_initialized()

constexpr MPI_Comm kSelf = MPI_COMM_SELF;

}  // namespace

GYRE_BINDING(int, MPI_Comm_group, (MPI_Comm comm, MPI_Group* group)) {
  GROUP_CALL("MPI_Comm_group");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(group, "group"));
  return new_group(call, c->group(), group);
}

GYRE_BINDING(int, MPI_Comm_remote_group, (MPI_Comm comm, MPI_Group* group)) {
  GROUP_CALL("MPI_Comm_remote_group");
  Communicator* c = nullptr;
  GYRE_CHECK(call, comm, api::check_comm(call.rt(), comm, &c));
  GYRE_CHECK(call, comm, api::check_out(group, "group"));
  if (!c->is_inter()) return call.fail(comm, Error(ErrClass::comm, "comm is not an intercommunicator"));
  return new_group(call, c->remote_group(), group);
}

GYRE_BINDING(int, MPI_Group_size, (MPI_Group group, int* size)) {
  GROUP_CALL("MPI_Group_size");
  Group* g = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group, &g));
  GYRE_CHECK(call, kSelf, api::check_out(size, "size"));
  *size = g->size();
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Group_rank, (MPI_Group group, int* rank)) {
  GROUP_CALL("MPI_Group_rank");
  Group* g = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group, &g));
  GYRE_CHECK(call, kSelf, api::check_out(rank, "rank"));
  int r = g->rank_of_world(call.rt().identity().world_rank);
  *rank = r < 0 ? MPI_UNDEFINED : r;
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Group_translate_ranks,
             (MPI_Group group1, int n, const int ranks1[], MPI_Group group2, int ranks2[])) {
  GROUP_CALL("MPI_Group_translate_ranks");
  Group *a = nullptr, *b = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group1, &a, "group1"));
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group2, &b, "group2"));
  if (n < 0) return call.fail(kSelf, Error(ErrClass::arg, "n = " + std::to_string(n) + " is negative"));
  if (n > 0) {
    GYRE_CHECK(call, kSelf, api::check_out(ranks1, "ranks1"));
    GYRE_CHECK(call, kSelf, api::check_out(ranks2, "ranks2"));
  }
  for (int i = 0; i < n; ++i) {
    int r = ranks1[i];
    if (r == MPI_PROC_NULL) continue;
    if (r < 0 || r >= a->size())
      return call.fail(kSelf, Error(ErrClass::rank, "ranks1[" + std::to_string(i) + "] = " + std::to_string(r) +
                                                        " is not a rank of group1 (size " + std::to_string(a->size()) +
                                                        ")"));
  }
  for (int i = 0; i < n; ++i) {
    int r = ranks1[i];
    if (r == MPI_PROC_NULL) {
      ranks2[i] = MPI_PROC_NULL;
      continue;
    }
    int t = b->rank_of_world(a->world_rank(r));
    ranks2[i] = t < 0 ? MPI_UNDEFINED : t;
  }
  return MPI_SUCCESS;
}

GYRE_BINDING(int, MPI_Group_compare, (MPI_Group group1, MPI_Group group2, int* result)) {
  GROUP_CALL("MPI_Group_compare");
  Group *a = nullptr, *b = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group1, &a, "group1"));
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group2, &b, "group2"));
  GYRE_CHECK(call, kSelf, api::check_out(result, "result"));
  switch (Group::compare(*a, *b)) {
    case Group::Comparison::ident: *result = MPI_IDENT; break;
    case Group::Comparison::similar: *result = MPI_SIMILAR; break;
    case Group::Comparison::unequal: *result = MPI_UNEQUAL; break;
  }
  return MPI_SUCCESS;
}

#define GROUP_SET_OP(NAME, FN)                                                            \
  GYRE_BINDING(int, NAME, (MPI_Group group1, MPI_Group group2, MPI_Group * newgroup)) {   \
    GROUP_CALL(#NAME);                                                                    \
    Group *a = nullptr, *b = nullptr;                                                     \
    GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group1, &a, "group1"));           \
    GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group2, &b, "group2"));           \
    GYRE_CHECK(call, kSelf, api::check_out(newgroup, "newgroup"));                        \
    return new_group(call, Group::FN(*a, *b), newgroup);                                  \
  }

GROUP_SET_OP(MPI_Group_union, set_union)
GROUP_SET_OP(MPI_Group_intersection, intersection)
GROUP_SET_OP(MPI_Group_difference, difference)

namespace {

int incl_excl(api::Call& call, MPI_Group group, int n, const int* ranks, MPI_Group* newgroup, bool incl) {
  Group* g = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group, &g));
  GYRE_CHECK(call, kSelf, api::check_out(newgroup, "newgroup"));
  if (n < 0) return call.fail(kSelf, Error(ErrClass::arg, "n = " + std::to_string(n) + " is negative"));
  if (n > 0) GYRE_CHECK(call, kSelf, api::check_out(ranks, "ranks"));
  Group out;
  std::span<const int> r(ranks, static_cast<size_t>(n));
  GYRE_CHECK(call, kSelf, incl ? Group::incl(*g, r, &out) : Group::excl(*g, r, &out));
  return new_group(call, std::move(out), newgroup);
}

int range_op(api::Call& call, MPI_Group group, int n, int ranges[][3], MPI_Group* newgroup, bool incl) {
  Group* g = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), group, &g));
  GYRE_CHECK(call, kSelf, api::check_out(newgroup, "newgroup"));
  if (n < 0) return call.fail(kSelf, Error(ErrClass::arg, "n = " + std::to_string(n) + " is negative"));
  if (n > 0) GYRE_CHECK(call, kSelf, api::check_out(ranges, "ranges"));
  Group out;
  std::span<const int> r(n > 0 ? &ranges[0][0] : nullptr, static_cast<size_t>(3 * n));
  GYRE_CHECK(call, kSelf, incl ? Group::range_incl(*g, r, &out) : Group::range_excl(*g, r, &out));
  return new_group(call, std::move(out), newgroup);
}

}  // namespace

GYRE_BINDING(int, MPI_Group_incl, (MPI_Group group, int n, const int ranks[], MPI_Group* newgroup)) {
  GROUP_CALL("MPI_Group_incl");
  return incl_excl(call, group, n, ranks, newgroup, true);
}

GYRE_BINDING(int, MPI_Group_excl, (MPI_Group group, int n, const int ranks[], MPI_Group* newgroup)) {
  GROUP_CALL("MPI_Group_excl");
  return incl_excl(call, group, n, ranks, newgroup, false);
}

GYRE_BINDING(int, MPI_Group_range_incl, (MPI_Group group, int n, int ranges[][3], MPI_Group* newgroup)) {
  GROUP_CALL("MPI_Group_range_incl");
  return range_op(call, group, n, ranges, newgroup, true);
}

GYRE_BINDING(int, MPI_Group_range_excl, (MPI_Group group, int n, int ranges[][3], MPI_Group* newgroup)) {
  GROUP_CALL("MPI_Group_range_excl");
  return range_op(call, group, n, ranges, newgroup, false);
}

GYRE_BINDING(int, MPI_Group_free, (MPI_Group * group)) {
  GROUP_CALL("MPI_Group_free");
  GYRE_CHECK(call, kSelf, api::check_out(group, "group"));
  Group* g = nullptr;
  GYRE_CHECK(call, kSelf, api::check_group(call.rt(), *group, &g));
  // Freeing MPI_GROUP_EMPTY is allowed (it comes back from MPI_Comm_group
  // and the algebra); other predefined handles are left alone.
  if (!call.rt().groups.is_predefined(*group)) call.rt().groups.erase(*group);
  *group = MPI_GROUP_NULL;
  return MPI_SUCCESS;
}
