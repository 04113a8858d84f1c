// mpirun's command-line parser: the spellings of Open MPI and MPICH, MPMD
// contexts, host lists and hostfiles, and the error lines users see.
#include <catch2/catch.hpp>

#include "launcher/options.h"

using namespace gyre::launcher;

namespace {

Options ok(std::vector<std::string> args) {
    auto r = parse_options(args);
    if (auto* err = std::get_if<std::string>(&r)) FAIL("unexpected error: " << *err);
    return std::get<Options>(r);
}

std::string err(std::vector<std::string> args) {
    auto r = parse_options(args);
    REQUIRE(std::holds_alternative<std::string>(r));
    return std::get<std::string>(r);
}

}  // namespace

TEST_CASE("rank count spellings", "[launcher][options]") {
    for (const char* o : {"-np", "--np", "-n", "--n", "-c"}) {
        auto opts = ok({o, "4", "./a.out"});
        REQUIRE(opts.apps.size() == 1);
        CHECK(opts.apps[0].np == 4);
        CHECK(opts.apps[0].argv == std::vector<std::string>{"./a.out"});
    }
    CHECK(ok({"--np=3", "prog"}).apps[0].np == 3);
    CHECK(ok({"prog"}).apps[0].np == 0);  // not given: fill the slots
}

TEST_CASE("bad rank counts", "[launcher][options]") {
    CHECK_THAT(err({"-np", "0", "prog"}), Catch::Contains("positive integer"));
    CHECK_THAT(err({"-np", "-2", "prog"}), Catch::Contains("positive integer"));
    CHECK_THAT(err({"-np", "4x", "prog"}), Catch::Contains("'4x'"));
    CHECK_THAT(err({"-np"}), Catch::Contains("needs a value"));
}

TEST_CASE("program arguments are not options", "[launcher][options]") {
    auto opts = ok({"-n", "2", "prog", "-np", "7", "--oversubscribe"});
    CHECK(opts.apps[0].np == 2);
    CHECK(opts.apps[0].argv == std::vector<std::string>{"prog", "-np", "7", "--oversubscribe"});
    CHECK_FALSE(opts.oversubscribe);
}

TEST_CASE("-- ends the options", "[launcher][options]") {
    auto opts = ok({"-n", "1", "--", "-weird-name", "x"});
    CHECK(opts.apps[0].argv == std::vector<std::string>{"-weird-name", "x"});
    CHECK_THAT(err({"-n", "1", "--"}), Catch::Contains("no program"));
}

TEST_CASE("flags", "[launcher][options]") {
    auto opts = ok({"--oversubscribe", "--tag-output", "--allow-run-as-root",
                    "--report-bindings", "prog"});
    CHECK(opts.oversubscribe);
    CHECK(opts.tag_output);
    CHECK(opts.report_bindings);
    CHECK(ok({"-oversubscribe", "prog"}).oversubscribe);  // Open MPI single-dash form
    CHECK(ok({"-h"}).show_help);
    CHECK(ok({"--help"}).show_help);
    CHECK(ok({"-V"}).show_version);
    CHECK(ok({"--version"}).show_version);
}

TEST_CASE("binding and mapping", "[launcher][options]") {
    CHECK(ok({"prog"}).bind_to == BindTo::Default);
    CHECK(ok({"--bind-to", "core", "prog"}).bind_to == BindTo::Core);
    CHECK(ok({"--bind-to", "numa", "prog"}).bind_to == BindTo::Numa);
    CHECK(ok({"--bind-to=socket", "prog"}).bind_to == BindTo::Socket);
    CHECK(ok({"-bind-to", "none", "prog"}).bind_to == BindTo::None);
    CHECK(ok({"--bind-to", "package", "prog"}).bind_to == BindTo::Socket);
    CHECK(ok({"--map-by", "slot", "prog"}).map_by == MapBy::Slot);
    CHECK(ok({"--map-by", "node", "prog"}).map_by == MapBy::Node);
    CHECK(ok({"--map-by", "numa", "prog"}).map_by == MapBy::Numa);
    CHECK(ok({"--map-by", "socket", "prog"}).map_by == MapBy::Socket);
    CHECK(ok({"--map-by", "core", "prog"}).map_by == MapBy::Core);
    CHECK_THAT(err({"--bind-to", "board", "prog"}), Catch::Contains("--bind-to 'board'"));
    CHECK_THAT(err({"--map-by", "ppr:2:node", "prog"}), Catch::Contains("unsupported --map-by"));
}

TEST_CASE("environment options", "[launcher][options]") {
    auto opts = ok({"-x", "PATH", "-x", "FOO=bar=baz", "-genv", "A", "1", "-env", "B", "2",
                    "prog"});
    REQUIRE(opts.env.size() == 3);
    CHECK(opts.env[0] == EnvSetting{"PATH", std::nullopt});
    CHECK(opts.env[1] == EnvSetting{"FOO", std::string("bar=baz")});
    CHECK(opts.env[2] == EnvSetting{"A", std::string("1")});
    REQUIRE(opts.apps[0].env.size() == 1);
    CHECK(opts.apps[0].env[0] == EnvSetting{"B", std::string("2")});
    CHECK(ok({"-x", "EMPTY=", "prog"}).env[0] == EnvSetting{"EMPTY", std::string("")});
    CHECK_THAT(err({"-x", "=1", "prog"}), Catch::Contains("-x needs VAR"));
    CHECK_THAT(err({"-genv", "A"}), Catch::Contains("two values"));
}

TEST_CASE("timeout", "[launcher][options]") {
    CHECK(ok({"--timeout", "5", "prog"}).timeout_s == 5.0);
    CHECK(ok({"--timeout=0.5", "prog"}).timeout_s == 0.5);
    CHECK(ok({"prog"}).timeout_s == 0.0);
    CHECK_THAT(err({"--timeout", "0", "prog"}), Catch::Contains("--timeout"));
    CHECK_THAT(err({"--timeout", "soon", "prog"}), Catch::Contains("'soon'"));
}

TEST_CASE("working directory", "[launcher][options]") {
    CHECK(ok({"-wdir", "/tmp", "prog"}).apps[0].wdir == "/tmp");
    CHECK(ok({"--wdir", "/tmp", "prog"}).apps[0].wdir == "/tmp");
    CHECK(ok({"-wd", "/x", "prog"}).apps[0].wdir == "/x");
}

TEST_CASE("MPMD app contexts", "[launcher][options]") {
    auto opts = ok({"-x", "G=1", "-np", "2", "a", "1", ":", "-n", "3", "-env", "L", "x", "b"});
    REQUIRE(opts.apps.size() == 2);
    CHECK(opts.apps[0].np == 2);
    CHECK(opts.apps[0].argv == std::vector<std::string>{"a", "1"});
    CHECK(opts.apps[1].np == 3);
    CHECK(opts.apps[1].argv == std::vector<std::string>{"b"});
    CHECK(opts.apps[1].env.size() == 1);
    CHECK(opts.env.size() == 1);
    CHECK_THAT(err({"-np", "2", "a", ":", "b"}), Catch::Contains("needs its own -np"));
    CHECK_THAT(err({"-np", "2", "a", ":"}), Catch::Contains("no program"));
    CHECK_THAT(err({":", "a"}), Catch::Contains("':' must follow"));
}

TEST_CASE("unknown options and missing program", "[launcher][options]") {
    CHECK_THAT(err({"--frobnicate", "prog"}), Catch::Contains("unknown option '--frobnicate'"));
    CHECK_THAT(err({"-q", "prog"}), Catch::Contains("unknown option"));
    CHECK_THAT(err({"-np", "2"}), Catch::Contains("no program given"));
    CHECK_THAT(err({}), Catch::Contains("no program given"));
    CHECK_THAT(err({"--oversubscribe=yes", "p"}), Catch::Contains("does not take"));
}

TEST_CASE("host lists", "[launcher][options]") {
    auto opts = ok({"-H", "a:2,b", "--host", "c:1", "prog"});
    REQUIRE(opts.hosts.size() == 3);
    CHECK(opts.hosts[0] == HostSlots{"a", 2});
    CHECK(opts.hosts[1] == HostSlots{"b", 0});
    CHECK(opts.hosts[2] == HostSlots{"c", 1});
    CHECK(ok({"-hosts", "x", "prog"}).hosts.size() == 1);  // MPICH spelling
    CHECK_THAT(err({"-H", "a:0", "prog"}), Catch::Contains("bad slot count"));
    CHECK_THAT(err({"-H", "a,,b", "prog"}), Catch::Contains("empty entry"));
    CHECK_THAT(err({"-H", "a,", "prog"}), Catch::Contains("empty entry"));
    CHECK_THAT(err({"-H", ":3", "prog"}), Catch::Contains("missing host name"));
    auto files = ok({"--hostfile", "h1", "-machinefile", "h2", "-f", "h3", "prog"}).hostfiles;
    CHECK(files == std::vector<std::string>{"h1", "h2", "h3"});
}

TEST_CASE("hostfiles", "[launcher][options]") {
    auto r = parse_hostfile("# cluster\n\nnode1 slots=4\nnode2   # no count\n"
                            "node3:2\n  node4 slots=2 max_slots=8\n",
                            "hf");
    REQUIRE(std::holds_alternative<std::vector<HostSlots>>(r));
    auto hosts = std::get<std::vector<HostSlots>>(r);
    REQUIRE(hosts.size() == 4);
    CHECK(hosts[0] == HostSlots{"node1", 4});
    CHECK(hosts[1] == HostSlots{"node2", 0});
    CHECK(hosts[2] == HostSlots{"node3", 2});
    CHECK(hosts[3] == HostSlots{"node4", 2});

    auto bad = parse_hostfile("a slots=2\nb colour=blue\n", "hf");
    REQUIRE(std::holds_alternative<std::string>(bad));
    CHECK_THAT(std::get<std::string>(bad), Catch::Contains("hf:2:"));
    CHECK_THAT(std::get<std::string>(bad), Catch::Contains("colour=blue"));
    auto bad2 = parse_hostfile("a slots=x\n", "hf");
    CHECK_THAT(std::get<std::string>(bad2), Catch::Contains("hf:1:"));
}

TEST_CASE("single-host slot resolution", "[launcher][options]") {
    std::vector<std::string> me = {"localhost", "127.0.0.1", "box", "box.example.org"};
    auto slots = [&](std::vector<HostSlots> h) { return local_slots(h, me, 8); };
    CHECK(std::get<int>(slots({})) == 0);
    CHECK(std::get<int>(slots({{"localhost", 0}})) == 8);
    CHECK(std::get<int>(slots({{"box", 2}})) == 2);
    CHECK(std::get<int>(slots({{"box", 2}, {"localhost", 3}})) == 5);
    auto other = slots({{"box", 2}, {"node7", 1}});
    REQUIRE(std::holds_alternative<std::string>(other));
    CHECK_THAT(std::get<std::string>(other), Catch::Contains("'node7'"));
    CHECK_THAT(std::get<std::string>(other), Catch::Contains("multi-host launch is not implemented"));
}

TEST_CASE("help text names every option", "[launcher][options]") {
    std::string help = usage_text();
    for (const char* o : {"-np", "--oversubscribe", "--bind-to", "--map-by", "-x", "-genv", "-env",
                          "--tag-output", "--timeout", "--version", "--help", "--host",
                          "--hostfile", "--allow-run-as-root", "--wdir", "GYRE_OVERSUBSCRIBE"}) {
        CHECK_THAT(help, Catch::Contains(o));
    }
}
