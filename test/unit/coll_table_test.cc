// The decision table as a text file (GYRE_COLL_TABLE, gyre_info --coll):
// a good file parses into the rules it says, every bad line is reported with
// file:line, the field and the valid choices, ppn ranges select, and the
// built-in table survives dump -> parse with the same decisions everywhere.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>

#include "coll/decision_table.h"

using namespace gyre;
using namespace gyre::coll;

namespace {

// The whole table for every op but allreduce (dumped from the built-in one),
// then the given allreduce rows: a complete file to edit one op in.
std::string with_allreduce(const std::string& rows) {
  std::ostringstream all;
  write_table(DecisionTable::builtin(), all);
  std::istringstream in(all.str());
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("allreduce ", 0) != 0) out += line + "\n";
  return out + rows;
}

std::unique_ptr<DecisionTable> parse_ok(const std::string& text) {
  std::istringstream in(text);
  std::unique_ptr<DecisionTable> t;
  Error e = parse_table(in, "t.txt", &t);
  INFO(e.what());
  REQUIRE_FALSE(e.failed());
  return t;
}

std::string parse_error(const std::string& text) {
  std::istringstream in(text);
  std::unique_ptr<DecisionTable> t;
  Error e = parse_table(in, "t.txt", &t);
  REQUIRE(e.failed());
  REQUIRE(t == nullptr);
  return e.what();
}

std::string chosen(const DecisionTable& t, CollOp op, size_t bytes, int np, int ppn, bool comm = true, int nodes = 1) {
  return std::string(t.decide({op, bytes, np, ppn, comm, nodes}).algorithm->name);
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("table file: a good file gives the rules it says", "[coll][table]") {
  auto t = parse_ok(with_allreduce(
      "# comments and blank lines are ignored\n"
      "\n"
      "allreduce  bytes<=4k  np=2..  ppn=..8  -> recursive_doubling   # small, few per node\n"
      "allreduce  bytes<=1m  ppn=9..  op=commutative  pof2  -> rhd     # busy nodes\n"
      "allreduce  np=3  -> binomial\n"
      "allreduce  nodes=multi  op=commutative -> hier\n"
      "allreduce  -> binomial  # anything else\n"));
  REQUIRE(t->from_file());
  REQUIRE(chosen(*t, CollOp::allreduce, 4096, 4, 8) == "recursive_doubling");
  REQUIRE(chosen(*t, CollOp::allreduce, 4096, 16, 16) == "rhd");
  REQUIRE(chosen(*t, CollOp::allreduce, 4096, 12, 12) == "binomial");        // not a power of two
  REQUIRE(chosen(*t, CollOp::allreduce, 4096, 16, 16, false) == "binomial");  // not commutative
  REQUIRE(chosen(*t, CollOp::allreduce, 4097, 3, 3) == "binomial");           // np=3 exactly
  REQUIRE(chosen(*t, CollOp::allreduce, 1 << 22, 8, 4, true, 2) == "hier");
  REQUIRE(chosen(*t, CollOp::allreduce, 8, 1, 1) == "binomial");              // np=2.. excludes 1
  // The why-text and the line are kept; describe names file:line.
  Selection s = t->decide({CollOp::allreduce, 8, 4, 4, true});
  REQUIRE(s.rule->why == "small, few per node");
  std::string line = t->describe(*s.rule);
  REQUIRE(contains(line, "t.txt:"));
  REQUIRE(contains(line, "bytes<=4k np=2.. ppn=..8: small, few per node"));
  REQUIRE(contains(explain(*t, CollOp::allreduce, 1 << 22, 5, 5), "-> binomial (t.txt:"));
}

TEST_CASE("table file: bad lines name file:line, the field and the choices", "[coll][table]") {
  std::string e = parse_error(with_allreduce("allreduc bytes<=4k -> ring\nallreduce -> binomial\n"));
  REQUIRE(contains(e, "t.txt:"));
  REQUIRE(contains(e, "unknown operation 'allreduc' (valid: barrier, bcast, reduce, allreduce"));

  e = parse_error(with_allreduce("allreduce op=commutative -> rign\nallreduce -> binomial\n"));
  REQUIRE(contains(e, "unknown allreduce algorithm 'rign' (valid: "));
  REQUIRE(contains(e, "ring"));
  REQUIRE_FALSE(contains(e, "inter_linear"));  // intercommunicators never consult the table

  e = parse_error(with_allreduce("allreduce bytes<4k -> ring\nallreduce -> binomial\n"));
  REQUIRE(contains(e, "unknown condition 'bytes<4k' (valid: bytes<=N, np=A..B, ppn=A..B"));
  REQUIRE(contains(parse_error(with_allreduce("allreduce bytes<=4q -> binomial\n")), "'bytes<=4q': not a byte count"));
  REQUIRE(contains(parse_error(with_allreduce("allreduce ppn=8..2 -> binomial\nallreduce -> binomial\n")),
                   "'ppn=8..2': not a range of ranks"));
  REQUIRE(contains(parse_error(with_allreduce("allreduce np=0.. -> binomial\nallreduce -> binomial\n")),
                   "'np=0..': not a range of ranks"));
  REQUIRE(contains(parse_error(with_allreduce("allreduce np=2 np=3 -> binomial\nallreduce -> binomial\n")),
                   "condition 'np' given twice"));
  REQUIRE(contains(parse_error(with_allreduce("allreduce bytes<=4k ring\nallreduce -> binomial\n")),
                   "no '-> ALGORITHM'"));
  REQUIRE(contains(parse_error(with_allreduce("allreduce -> ring rhd\nallreduce -> binomial\n")),
                   "one algorithm after '->', not 'ring rhd'"));
  // An algorithm's restrictions must be conditions of its rule.
  REQUIRE(contains(parse_error(with_allreduce("allreduce bytes<=4k -> ring\nallreduce -> binomial\n")),
                   "ring needs a commutative op: add the condition op=commutative"));
  // Every op ends with a rule that always matches; rules after it are never used.
  e = parse_error(with_allreduce("allreduce bytes<=4k -> recursive_doubling\n"));
  REQUIRE(contains(e, "allreduce has no rule that always matches"));
  REQUIRE(contains(e, "fall back to"));
  e = parse_error(with_allreduce("allreduce -> binomial\nallreduce np=2 -> recursive_doubling\n"));
  REQUIRE(contains(e, "never used"));
  e = parse_error("barrier -> linear\n");
  REQUIRE(contains(e, "t.txt: no rules for bcast, reduce, allreduce"));
  // Every problem is reported, one per line, each with its line number.
  e = parse_error(with_allreduce("allreduce -> nope\nallreduce -> binomial\nfoo -> x\n"));
  REQUIRE(std::count(e.begin(), e.end(), '\n') >= 1);
  REQUIRE(contains(e, "unknown allreduce algorithm 'nope'"));
  REQUIRE(contains(e, "unknown operation 'foo'"));

  std::unique_ptr<DecisionTable> t;
  Error missing = load_table("/nonexistent/gyre-table.txt", &t);
  REQUIRE(contains(missing.what(), "/nonexistent/gyre-table.txt: cannot open"));
}

TEST_CASE("table: ppn ranges select", "[coll][table]") {
  Rule few{CollOp::bcast, SIZE_MAX, 1, kAnyRanks, false, false, "linear", "few per node", false, 1, 2};
  Rule rest{CollOp::bcast, SIZE_MAX, 1, kAnyRanks, false, false, "binomial", "else", false};
  Rule rows[] = {few, rest};
  DecisionTable t(rows, "test");
  REQUIRE(chosen(t, CollOp::bcast, 8, 8, 2) == "linear");
  REQUIRE(chosen(t, CollOp::bcast, 8, 8, 3) == "binomial");
  REQUIRE(rule_conditions(few) == "ppn=..2");
  REQUIRE(contains(t.describe(t.rules()[0]), "rule 0: ppn=..2: few per node"));
  REQUIRE(contains(t.describe(t.rules()[1]), "rule 1: always: else"));
}

// `oversub` (one node with more ranks than processors) is a condition of
// its own: a rule with it applies only to oversubscribed inputs, and it
// survives a dump and a load.
TEST_CASE("table: the oversub condition selects and round-trips", "[coll][table]") {
  auto with_bcast = [](const std::string& rows) {
    std::string out;
    std::istringstream in(with_allreduce("allreduce -> binomial\n"));
    for (std::string line; std::getline(in, line);)
      if (line.rfind("bcast ", 0) != 0) out += line + "\n";
    return out + rows;
  };
  auto t = parse_ok(with_bcast("bcast np=4 oversub -> linear  # oversubscribed\nbcast -> binomial\n"));
  SelectionInput in{CollOp::bcast, 64, 4, 4, true, 1};
  REQUIRE(t->decide(in).algorithm->name == "binomial");
  in.oversub = true;
  REQUIRE(t->decide(in).algorithm->name == "linear");
  in.np = in.ppn = 3;
  REQUIRE(t->decide(in).algorithm->name == "binomial");
  const Rule* r = nullptr;
  for (const Rule& x : t->rules())
    if (x.op == CollOp::bcast && r == nullptr) r = &x;
  REQUIRE(rule_conditions(*r) == "np=4 oversub");
  REQUIRE(contains(explain(*t, CollOp::bcast, 64, 4, 4, true, 1, true), "oversubscribed -> linear"));
  std::ostringstream dump;
  write_table(*t, dump);
  REQUIRE(contains(dump.str(), "oversub"));
  auto again = parse_ok(dump.str());
  REQUIRE(again->decide(in).algorithm->name == "binomial");
  in.np = in.ppn = 4;
  REQUIRE(again->decide(in).algorithm->name == "linear");
  REQUIRE(contains(parse_error(with_bcast("bcast oversub oversub -> linear\nbcast -> binomial\n")),
                   "condition 'oversub' given twice"));
}

TEST_CASE("table file: the built-in table dumps and loads with the same decisions", "[coll][table]") {
  std::ostringstream dump;
  write_table(DecisionTable::builtin(), dump);
  auto t = parse_ok(dump.str());
  REQUIRE(t->rules().size() == DecisionTable::builtin().rules().size());
  for (size_t i = 0; i < t->rules().size(); ++i) {
    const Rule& a = t->rules()[i];
    const Rule& b = DecisionTable::builtin().rules()[i];
    REQUIRE(rule_conditions(a) == rule_conditions(b));
    REQUIRE(a.why == b.why);
  }
  for (int i = 0; i < kNumCollOps; ++i)
    for (size_t bytes : {size_t{0}, size_t{1}, size_t{255}, size_t{256}, size_t{4096}, size_t{4097}, size_t{65536},
                         size_t{65537}, size_t{1} << 20, (size_t{1} << 20) + 1, size_t{1} << 30})
      for (int np : {1, 2, 3, 4, 5, 8, 12, 16, 64})
        for (int ppn : {1, 2, 3, 4, 8, 16, 64})
          for (int nodes : {1, 2, 4})
            for (bool comm : {true, false})
              for (bool oversub : {false, true}) {
              if (ppn > np || (nodes > 1 && ppn * nodes < np) || (nodes == 1 && ppn != np)) continue;
              if (oversub && nodes > 1) continue;
              SelectionInput in{static_cast<CollOp>(i), bytes, np, ppn, comm, nodes};
              in.oversub = oversub;
              Selection want = DecisionTable::builtin().decide(in), got = t->decide(in);
              INFO(op_name(in.op) << " " << bytes << " B np " << np << " ppn " << ppn << " nodes " << nodes
                                  << (oversub ? " oversub" : ""));
              REQUIRE(got.algorithm == want.algorithm);
              REQUIRE(got.rule - t->rules().data() == want.rule - DecisionTable::builtin().rules().data());
            }
  // The dump of the loaded table is the dump of the built-in one (but the origin).
  std::ostringstream again;
  write_table(*t, again);
  auto body = [](const std::string& s) { return s.substr(s.find('\n')); };
  REQUIRE(body(again.str()) == body(dump.str()));
}
