// Placement rules of --map-by / --bind-to, on made-up machines (hwloc
// synthetic topologies), so they are checked whatever host runs the tests.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>

#include "launcher/binding.h"

using namespace gyre::launcher;

namespace {

std::unique_ptr<Topology> machine(const char* description) {
    std::string error;
    auto t = Topology::synthetic(description, error);
    if (!t) FAIL(error);
    return t;
}

// "0-1", "4" ...: the OS indexes of a rank's CPU set.
std::string cpus(const BindingPlan& plan, int rank) {
    if (!plan.sets[rank]) return "unbound";
    char* s = nullptr;
    hwloc_bitmap_list_asprintf(&s, plan.sets[rank].get());
    std::string out = s ? s : "?";
    std::free(s);
    return out;
}

}  // namespace

// Two packages, each one NUMA node of 4 cores with 2 hardware threads:
// PUs 0-7 are package 0 (core 0 = PUs 0,1), PUs 8-15 package 1.
constexpr const char* kTwoSockets = "pack:2 numa:1 core:4 pu:2";

TEST_CASE("default binding: a core per rank while they fit", "[launcher][binding]") {
    auto t = machine(kTwoSockets);
    CHECK(t->pus() == 16);
    CHECK(t->cores() == 8);
    auto plan = plan_bindings(*t, 3, BindTo::Default, MapBy::Default, false);
    CHECK(plan.bind_to == BindTo::Core);
    CHECK(cpus(plan, 0) == "0-1");
    CHECK(cpus(plan, 1) == "2-3");
    CHECK(cpus(plan, 2) == "4-5");
    CHECK(plan.warning.empty());
}

TEST_CASE("default binding: hardware threads when the cores are full", "[launcher][binding]") {
    auto t = machine(kTwoSockets);
    auto plan = plan_bindings(*t, 10, BindTo::Default, MapBy::Default, false);
    CHECK(plan.bind_to == BindTo::Hwthread);
    // Every core's first thread before any core's second one.
    CHECK(cpus(plan, 0) == "0");
    CHECK(cpus(plan, 7) == "14");
    CHECK(cpus(plan, 8) == "1");
    CHECK(cpus(plan, 9) == "3");
    std::set<std::string> distinct;
    for (int r = 0; r < 10; ++r) distinct.insert(cpus(plan, r));
    CHECK(distinct.size() == 10);
}

TEST_CASE("oversubscribed jobs are not bound unless asked", "[launcher][binding]") {
    auto t = machine(kTwoSockets);
    auto plan = plan_bindings(*t, 20, BindTo::Default, MapBy::Default, true);
    CHECK(plan.bind_to == BindTo::None);
    CHECK(cpus(plan, 0) == "unbound");
    auto forced = plan_bindings(*t, 20, BindTo::Core, MapBy::Default, true);
    CHECK(forced.bind_to == BindTo::Core);
    CHECK_THAT(forced.warning, Catch::Contains("share a core"));
    CHECK(cpus(forced, 0) == cpus(forced, 8));  // wraps around: ranks 0 and 8 share core 0
}

TEST_CASE("--map-by socket alternates packages", "[launcher][binding]") {
    auto t = machine(kTwoSockets);
    auto plan = plan_bindings(*t, 4, BindTo::Core, MapBy::Socket, false);
    CHECK(cpus(plan, 0) == "0-1");
    CHECK(cpus(plan, 1) == "8-9");
    CHECK(cpus(plan, 2) == "2-3");
    CHECK(cpus(plan, 3) == "10-11");
    auto numa = plan_bindings(*t, 2, BindTo::Core, MapBy::Numa, false);
    CHECK(cpus(numa, 1) == "8-9");
}

TEST_CASE("--bind-to widens a rank's place", "[launcher][binding]") {
    auto t = machine(kTwoSockets);
    auto sock = plan_bindings(*t, 2, BindTo::Socket, MapBy::Socket, false);
    CHECK(cpus(sock, 0) == "0-7");
    CHECK(cpus(sock, 1) == "8-15");
    auto numa = plan_bindings(*t, 3, BindTo::Numa, MapBy::Default, false);
    CHECK(cpus(numa, 0) == "0-7");
    CHECK(cpus(numa, 2) == "0-7");  // map-by core: the first ranks fill package 0
    auto hw = plan_bindings(*t, 2, BindTo::Hwthread, MapBy::Hwthread, false);
    CHECK(cpus(hw, 0) == "0");
    CHECK(cpus(hw, 1) == "1");  // map-by hwthread: neighbours share a core
    auto none = plan_bindings(*t, 2, BindTo::None, MapBy::Default, false);
    CHECK(none.bind_to == BindTo::None);
    CHECK(cpus(none, 1) == "unbound");
}

TEST_CASE("machines without NUMA or package levels", "[launcher][binding]") {
    auto t = machine("core:4 pu:1");
    auto plan = plan_bindings(*t, 4, BindTo::Socket, MapBy::Socket, false);
    CHECK(cpus(plan, 0) == "0-3");  // the whole machine stands in for the package
    auto cores = plan_bindings(*t, 4, BindTo::Default, MapBy::Numa, false);
    CHECK(cpus(cores, 3) == "3");
}
