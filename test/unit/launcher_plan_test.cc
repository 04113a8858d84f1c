// From options to a launch plan: rank counts and slots, the oversubscription
// refusal, each rank's environment (-x, -genv, -env, what is stripped), MPMD
// numbering, program and -wdir resolution.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "launcher/launch_plan.h"

using namespace gyre::launcher;

namespace {

HostFacts host(int pus = 4) {
    HostFacts h;
    h.pus = pus;
    h.local_names = {"localhost", "127.0.0.1", "box"};
    h.environment = {"PATH=/usr/bin:/bin", "HOME=/root", "KEEP=1",
                     "PMIX_NAMESPACE=outer.job", "PMIX_SERVER_URI41=tcp4://1.2.3.4:5",
                     "PMIX_MCA_gds=hash", "OMPI_COMM_WORLD_RANK=9"};
    h.cwd = "/";
    return h;
}

Options parse(std::vector<std::string> args) {
    auto r = parse_options(args);
    REQUIRE(std::holds_alternative<Options>(r));
    return std::get<Options>(r);
}

LaunchPlan ok(std::vector<std::string> args, const HostFacts& h = host(),
              std::vector<std::string> hostfiles = {}) {
    auto r = make_launch_plan(parse(args), h, hostfiles);
    if (auto* err = std::get_if<std::string>(&r)) FAIL("unexpected error: " << *err);
    return std::get<LaunchPlan>(r);
}

std::string err(std::vector<std::string> args, const HostFacts& h = host(),
                std::vector<std::string> hostfiles = {}) {
    auto r = make_launch_plan(parse(args), h, hostfiles);
    REQUIRE(std::holds_alternative<std::string>(r));
    return std::get<std::string>(r);
}

bool has(const std::vector<std::string>& env, const std::string& entry) {
    return std::find(env.begin(), env.end(), entry) != env.end();
}

bool has_name(const std::vector<std::string>& env, const std::string& name) {
    return std::any_of(env.begin(), env.end(),
                       [&](const std::string& e) { return e.rfind(name + "=", 0) == 0; });
}

}  // namespace

TEST_CASE("rank count defaults to the slots", "[launcher][plan]") {
    CHECK(ok({"/bin/true"}).ranks.size() == 4);
    CHECK(ok({"-np", "2", "/bin/true"}).ranks.size() == 2);
    CHECK(ok({"-H", "box:3", "/bin/true"}).ranks.size() == 3);
    CHECK(ok({"-H", "localhost:1", "-np", "1", "/bin/true"}).slots == 1);
}

TEST_CASE("more ranks than slots needs --oversubscribe", "[launcher][plan]") {
    std::string e = err({"-np", "5", "/bin/true"});
    CHECK_THAT(e, Catch::Contains("--oversubscribe"));
    CHECK_THAT(e, Catch::Contains("GYRE_OVERSUBSCRIBE=1"));
    CHECK_THAT(e, Catch::Contains("5 ranks"));
    CHECK_THAT(err({"-H", "box:2", "-np", "3", "/bin/true"}), Catch::Contains("offers 2"));

    auto plan = ok({"-np", "5", "--oversubscribe", "/bin/true"});
    CHECK(plan.ranks.size() == 5);
    CHECK(plan.oversubscribed);
    CHECK_FALSE(ok({"-np", "4", "/bin/true"}).oversubscribed);

    HostFacts h = host();
    h.environment.push_back("GYRE_OVERSUBSCRIBE=1");
    CHECK(ok({"-np", "9", "/bin/true"}, h).ranks.size() == 9);
    h.environment.back() = "GYRE_OVERSUBSCRIBE=0";
    CHECK_THAT(err({"-np", "9", "/bin/true"}, h), Catch::Contains("--oversubscribe"));
}

TEST_CASE("slots from -H beyond the PUs are not oversubscription of slots", "[launcher][plan]") {
    auto plan = ok({"-H", "localhost:8", "-np", "8", "/bin/true"});
    CHECK(plan.slots == 8);
    CHECK(plan.oversubscribed);  // 8 ranks on 4 PUs: not bound by default
}

TEST_CASE("other hosts are refused", "[launcher][plan]") {
    CHECK_THAT(err({"-H", "node9", "/bin/true"}), Catch::Contains("multi-host launch is not implemented yet"));
    CHECK_THAT(err({"--hostfile", "hf", "/bin/true"}, host(), {"box slots=2\nnode9 slots=2\n"}),
               Catch::Contains("'node9'"));
    CHECK_THAT(err({"--hostfile", "hf", "/bin/true"}, host(), {"# nothing\n"}),
               Catch::Contains("names no host"));
    CHECK(ok({"--hostfile", "hf", "/bin/true"}, host(), {"box slots=2\n"}).ranks.size() == 2);
}

TEST_CASE("rank environment", "[launcher][plan]") {
    auto plan = ok({"-np", "2", "-x", "KEEP", "-x", "NEW=v", "-genv", "G", "g", "/bin/true"});
    for (const auto& r : plan.ranks) {
        CHECK(has(r.env, "HOME=/root"));
        CHECK(has(r.env, "KEEP=1"));
        CHECK(has(r.env, "NEW=v"));
        CHECK(has(r.env, "G=g"));
        // An outer PMIx server's variables would point the rank at it.
        CHECK_FALSE(has_name(r.env, "PMIX_NAMESPACE"));
        CHECK_FALSE(has_name(r.env, "PMIX_SERVER_URI41"));
        CHECK(has(r.env, "PMIX_MCA_gds=hash"));
        CHECK(has(r.env, "OMPI_COMM_WORLD_SIZE=2"));
        CHECK(has(r.env, "OMPI_COMM_WORLD_RANK=" + std::to_string(r.rank)));
    }
    CHECK(plan.warnings.empty());
    auto warned = ok({"-x", "NOT_THERE", "-np", "1", "/bin/true"});
    REQUIRE(warned.warnings.size() == 1);
    CHECK_THAT(warned.warnings[0], Catch::Contains("NOT_THERE"));
    CHECK_FALSE(has_name(warned.ranks[0].env, "NOT_THERE"));
    // -x VAR=VALUE overrides the inherited value.
    CHECK(has(ok({"-x", "KEEP=2", "-np", "1", "/bin/true"}).ranks[0].env, "KEEP=2"));
}

TEST_CASE("MPMD numbering and per-program settings", "[launcher][plan]") {
    auto plan = ok({"-np", "1", "-env", "A", "1", "/bin/true", ":", "-np", "2", "-wdir", "/tmp",
                    "/bin/echo", "x"});
    REQUIRE(plan.apps.size() == 2);
    CHECK(plan.apps[0].size == 1);
    CHECK(plan.apps[1].first_rank == 1);
    CHECK(plan.apps[1].wdir == "/tmp");
    CHECK(plan.apps[0].wdir == "/");  // mpirun's directory
    REQUIRE(plan.ranks.size() == 3);
    CHECK(plan.ranks[0].appnum == 0);
    CHECK(plan.ranks[2].appnum == 1);
    CHECK(plan.ranks[2].app_rank == 1);
    CHECK(plan.ranks[2].argv == std::vector<std::string>{"/bin/echo", "x"});
    CHECK(has(plan.ranks[0].env, "A=1"));
    CHECK_FALSE(has_name(plan.ranks[1].env, "A"));
    CHECK(plan.ranks[1].wdir == "/tmp");
    CHECK(plan.ranks[0].wdir.empty());
}

TEST_CASE("programs and directories are checked before launch", "[launcher][plan]") {
    CHECK(ok({"-np", "1", "true"}).ranks[0].exe.find("/true") != std::string::npos);
    CHECK(ok({"-np", "1", "bin/true"}).ranks[0].exe == "//bin/true");  // relative to cwd "/"
    CHECK_THAT(err({"-np", "1", "no-such-program-xyz"}), Catch::Contains("not found in PATH"));
    CHECK_THAT(err({"-np", "1", "./no-such-file"}), Catch::Contains("No such file"));
    char plain[] = "/tmp/launcher_plan_test.XXXXXX";  // a file without execute permission
    int fd = mkstemp(plain);
    REQUIRE(fd >= 0);
    close(fd);
    CHECK_THAT(err({"-np", "1", plain}), Catch::Contains("not an executable"));
    unlink(plain);
    CHECK_THAT(err({"-np", "1", "-wdir", "/no/such/dir", "/bin/true"}), Catch::Contains("no such directory"));
    CHECK(ok({"-np", "1", "-wdir", "usr", "/bin/true"}).ranks[0].wdir == "//usr");
}

TEST_CASE("resolve_program", "[launcher][plan]") {
    std::string e;
    CHECK(resolve_program("sh", "/nonexistent:/bin", "/", e) == "/bin/sh");
    CHECK(resolve_program("/bin/sh", "", "/", e) == "/bin/sh");
    CHECK(resolve_program("sh", "/nonexistent", "/", e).empty());
    CHECK_THAT(e, Catch::Contains("'sh' was not found in PATH"));
}

TEST_CASE("gds_keeping_hash keeps libpmix's hash store", "[launcher][plan]") {
    CHECK(gds_keeping_hash("ds21") == std::optional<std::string>("ds21,hash"));
    CHECK(gds_keeping_hash("ds21, ds12") == std::optional<std::string>("ds21,ds12,hash"));
    CHECK(gds_keeping_hash("^hash,ds12") == std::optional<std::string>("^ds12"));
    CHECK(gds_keeping_hash("^hash") == std::optional<std::string>(""));
    CHECK_FALSE(gds_keeping_hash("hash"));
    CHECK_FALSE(gds_keeping_hash("ds21,hash"));
    CHECK_FALSE(gds_keeping_hash("^ds12"));
    CHECK_FALSE(gds_keeping_hash(""));
    // -x gives the ranks a value mpirun's own environment did not have.
    auto plan = ok({"-x", "PMIX_MCA_gds=ds21", "-np", "2", "/bin/true"});
    for (const auto& r : plan.ranks) CHECK(has(r.env, "PMIX_MCA_gds=ds21,hash"));
    REQUIRE(plan.warnings.size() == 1);
    CHECK_THAT(plan.warnings[0], Catch::Contains("PMIX_MCA_gds=ds21,hash"));
}
