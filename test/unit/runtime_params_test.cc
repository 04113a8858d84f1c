// The parameter registry: one entry per name, every entry documented.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "coll/coll.h"
#include "runtime/params.h"

using namespace gyre;

TEST_CASE("every parameter is unique, prefixed GYRE_ and has help text", "[params]") {
  std::set<std::string> names;
  for (const params::Spec& s : params::all()) {
    INFO(s.name);
    CHECK(std::string(s.name).rfind("GYRE_", 0) == 0);
    CHECK(std::string(s.help).size() > 10);
    CHECK(std::string(s.component).size() > 0);
    CHECK(names.insert(s.name).second);
  }
  CHECK(names.size() >= 5);
}

TEST_CASE("defaults and environment values are parsed", "[params]") {
  unsetenv("GYRE_SM_EAGER_LIMIT");
  CHECK(params::value("GYRE_SM_EAGER_LIMIT").source == params::Source::default_value);
  setenv("GYRE_SM_EAGER_LIMIT", "8k", 1);
  CHECK(params::get_int("GYRE_SM_EAGER_LIMIT") == 8192);
  CHECK(params::value("GYRE_SM_EAGER_LIMIT").source == params::Source::environment);
  unsetenv("GYRE_SM_EAGER_LIMIT");
  setenv("GYRE_NO_ARG_CHECKS", "yes", 1);
  CHECK(params::get_bool("GYRE_NO_ARG_CHECKS"));
  unsetenv("GYRE_NO_ARG_CHECKS");
}

TEST_CASE("a misspelt variable gets a suggestion", "[params]") {
  CHECK(params::closest_name("GYRE_SM_EAGER_LIMT") == "GYRE_SM_EAGER_LIMIT");
  CHECK(params::closest_name("GYRE_COMPLETELY_UNRELATED_THING").empty());
}

TEST_CASE("the job's collective settings are read once, from the GYRE_COLL_* overrides", "[params][coll]") {
  setenv("GYRE_COLL_BCAST", "binomial", 1);
  setenv("GYRE_COLL_ALLREDUCE", "", 1);
  setenv("GYRE_COLL_NEIGHBOR_ALLGATHER", "linear", 1);  // one algorithm: no override exists
  setenv("GYRE_COLL_HIER_NODE_SIZE", "2", 1);
  setenv("GYRE_COLL_TRACE", "1", 1);
  coll::JobSettings j = coll::read_job_settings();
  unsetenv("GYRE_COLL_BCAST");
  unsetenv("GYRE_COLL_ALLREDUCE");
  unsetenv("GYRE_COLL_NEIGHBOR_ALLGATHER");
  unsetenv("GYRE_COLL_HIER_NODE_SIZE");
  unsetenv("GYRE_COLL_TRACE");
  CHECK(j.forced[static_cast<int>(coll::CollOp::bcast)] == "binomial");
  CHECK(j.forced[static_cast<int>(coll::CollOp::allreduce)].empty());
  CHECK(j.forced[static_cast<int>(coll::CollOp::neighbor_allgather)].empty());
  CHECK(j.forced[static_cast<int>(coll::CollOp::barrier)].empty());
  CHECK(j.hier_node_size == 2);
  CHECK(j.trace);
  coll::JobSettings defaults = coll::read_job_settings();
  CHECK(defaults.forced[static_cast<int>(coll::CollOp::bcast)].empty());
  CHECK(defaults.hier_node_size == 0);
  CHECK_FALSE(defaults.trace);
}
