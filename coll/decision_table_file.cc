// The decision table as a text file: what `gyre_info --coll` prints and
// GYRE_COLL_TABLE loads, so a user can dump the table, edit a row and run
// with it. One rule per line:
//
//   allreduce  bytes<=4k  np=2..  ppn=..8  op=commutative  pof2  nodes=multi  oversub  -> rhd  # why
//
// The operation comes first, the algorithm after "->", the reason after
// "#"; every condition is optional (absent = any). A bad file is never
// half-used: every problem is reported with file:line and the job ends.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

#include "coll/decision_table.h"
#include "runtime/log.h"
#include "runtime/params.h"

namespace gyre::coll {

namespace {

constexpr size_t kAnyBytes = SIZE_MAX;
constexpr const char* kConditionHelp =
    "bytes<=N, np=A..B, ppn=A..B (or A, A.., ..B), op=commutative, pof2, nodes=multi, oversub";

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// 65536 -> "64k": the sizes people write.
std::string size_text(size_t b) {
  const char* suffix[] = {"", "k", "m", "g"};
  int i = 0;
  while (i < 3 && b != 0 && b % 1024 == 0) {
    b /= 1024;
    ++i;
  }
  return std::to_string(b) + suffix[i];
}

bool parse_size(std::string_view t, size_t* out) {
  size_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end == t.data()) return false;
  std::string_view rest(end, static_cast<size_t>(t.data() + t.size() - end));
  int shift = rest.empty() ? 0 : rest == "k" || rest == "K" ? 10 : rest == "m" || rest == "M" ? 20
                                                             : rest == "g" || rest == "G"   ? 30 : -1;
  if (shift < 0 || (shift > 0 && v > (SIZE_MAX >> shift))) return false;
  *out = v << shift;
  return true;
}

bool parse_int(std::string_view t, int* out) {
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *out);
  return ec == std::errc() && end == t.data() + t.size() && *out >= 1;
}

// "A", "A..", "..B", "A..B" with 1 <= A <= B.
bool parse_range(std::string_view t, int* lo, int* hi) {
  size_t dots = t.find("..");
  if (dots == std::string_view::npos) {
    if (!parse_int(t, lo)) return false;
    *hi = *lo;
    return true;
  }
  std::string_view a = t.substr(0, dots), b = t.substr(dots + 2);
  *lo = 1;
  *hi = kAnyRanks;
  if (!a.empty() && !parse_int(a, lo)) return false;
  if (!b.empty() && !parse_int(b, hi)) return false;
  return *lo <= *hi;
}

std::string range_text(int lo, int hi) {
  if (lo == hi) return std::to_string(lo);
  return (lo == 1 ? "" : std::to_string(lo)) + ".." + (hi == kAnyRanks ? "" : std::to_string(hi));
}

std::string op_names() {
  std::string s;
  for (int i = 0; i < kNumCollOps; ++i) s += (i ? ", " : "") + std::string(op_name(static_cast<CollOp>(i)));
  return s;
}

// The algorithms a rule may name (intercommunicators never consult the table).
std::string intra_algorithm_names(CollOp op) {
  std::string s;
  for (const Algorithm& a : algorithms())
    if (a.op == op && a.scope != Scope::inter) s += (s.empty() ? "" : ", ") + std::string(a.name);
  return s;
}

bool always_matches(const Rule& r) { return rule_conditions(r).empty(); }

// One line's rule, or the reason it is not one.
class LineParser {
 public:
  explicit LineParser(Rule* r) : r_(r) {}

  std::string parse(std::string_view body) {
    size_t arrow = body.find("->");
    if (arrow == std::string_view::npos) return "no '-> ALGORITHM' (a rule reads: OP [CONDITIONS] -> ALGORITHM # why)";
    std::vector<std::string> left = words(body.substr(0, arrow)), right = words(body.substr(arrow + 2));
    if (left.empty()) return "no operation before '->' (valid: " + op_names() + ")";
    if (!op_from_name(left[0], &r_->op)) return "unknown operation '" + left[0] + "' (valid: " + op_names() + ")";
    for (size_t i = 1; i < left.size(); ++i)
      if (std::string e = condition(left[i]); !e.empty()) return e;
    std::string op(op_name(r_->op));
    if (right.size() != 1)
      return (right.empty() ? "no algorithm after '->'" : "one algorithm after '->', not '" + trim(body.substr(arrow + 2)) + "'") +
             " (valid for " + op + ": " + intra_algorithm_names(r_->op) + ")";
    const Algorithm* a = find_algorithm(r_->op, right[0]);
    if (a == nullptr || a->scope == Scope::inter)
      return "unknown " + op + " algorithm '" + right[0] + "' (valid: " + intra_algorithm_names(r_->op) + ")";
    r_->algorithm = a->name;  // the registry's string: lives as long as the process
    return restrictions(*a);
  }

 private:
  std::string condition(const std::string& w) {
    auto once = [&](const char* name) -> std::string {
      if (std::find(seen_.begin(), seen_.end(), name) != seen_.end())
        return std::string("condition '") + name + "' given twice";
      seen_.push_back(name);
      return {};
    };
    std::string e;
    if (w.rfind("bytes<=", 0) == 0) {
      if (!(e = once("bytes")).empty()) return e;
      if (!parse_size(std::string_view(w).substr(7), &r_->max_bytes))
        return "'" + w + "': not a byte count (digits with an optional k, m or g suffix)";
    } else if (w.rfind("np=", 0) == 0 || w.rfind("ppn=", 0) == 0) {
      bool np = w[0] == 'n';
      if (!(e = once(np ? "np" : "ppn")).empty()) return e;
      int* lo = np ? &r_->min_np : &r_->min_ppn;
      int* hi = np ? &r_->max_np : &r_->max_ppn;
      if (!parse_range(std::string_view(w).substr(np ? 3 : 4), lo, hi))
        return "'" + w + "': not a range of ranks (A, A.., ..B or A..B with 1 <= A <= B)";
    } else if (w == "op=commutative") {
      if (!(e = once("op")).empty()) return e;
      r_->commutative_only = true;
    } else if (w == "pof2") {
      if (!(e = once("pof2")).empty()) return e;
      r_->pof2_only = true;
    } else if (w == "nodes=multi") {
      if (!(e = once("nodes")).empty()) return e;
      r_->multi_node_only = true;
    } else if (w == "oversub") {
      if (!(e = once("oversub")).empty()) return e;
      r_->oversub_only = true;
    } else {
      return "unknown condition '" + w + "' (valid: " + kConditionHelp + ")";
    }
    return {};
  }

  // A rule must never pick an algorithm that cannot run what it matches.
  std::string restrictions(const Algorithm& a) const {
    std::string name(a.name);
    if (a.needs_commutative && !r_->commutative_only)
      return name + " needs a commutative op: add the condition op=commutative";
    if (a.needs_pof2 && !r_->pof2_only) return name + " needs np a power of two: add the condition pof2";
    return {};
  }

  Rule* r_;
  std::vector<std::string_view> seen_;
};

// Every operation must end with a rule that always matches (else a call that
// no rule matches would silently fall back to the reference algorithm).
void check_catch_alls(const DecisionTable& t, const std::vector<int>& lines, const std::string& source,
                      std::vector<std::string>* errors) {
  std::string missing;
  for (int i = 0; i < kNumCollOps; ++i) {
    auto op = static_cast<CollOp>(i);
    std::string name(op_name(op));
    const Algorithm* fallback = nullptr;
    for (const Algorithm& a : algorithms())
      if (a.op == op && a.scope != Scope::inter && fallback == nullptr) fallback = &a;
    int last = -1, catch_all = -1;
    for (size_t k = 0; k < t.rules().size(); ++k) {
      if (t.rules()[k].op != op) continue;
      if (catch_all >= 0) {
        errors->push_back(source + ":" + std::to_string(lines[k]) + ": " + name + ": never used: the rule at line " +
                          std::to_string(lines[static_cast<size_t>(catch_all)]) + " always matches");
      }
      last = static_cast<int>(k);
      if (catch_all < 0 && always_matches(t.rules()[k])) catch_all = static_cast<int>(k);
    }
    std::string example = "`" + name + " -> " + std::string(fallback ? fallback->name : "?") + "`";
    if (last < 0) {
      missing += (missing.empty() ? "" : ", ") + name;
    } else if (catch_all < 0) {
      errors->push_back(source + ":" + std::to_string(lines[static_cast<size_t>(last)]) + ": " + name +
                        " has no rule that always matches: end it with a row without conditions, e.g. " + example +
                        " (else calls no rule matches would fall back to " +
                        std::string(fallback ? fallback->name : "?") + ")");
    }
  }
  if (!missing.empty())
    errors->push_back(source + ": no rules for " + missing +
                      " (every operation needs at least a row without conditions; `gyre_info --coll` prints a "
                      "complete table to start from)");
}

}  // namespace

std::string rule_conditions(const Rule& r) {
  std::string s;
  auto add = [&](const std::string& c) { s += (s.empty() ? "" : " ") + c; };
  if (r.max_bytes != kAnyBytes) add("bytes<=" + size_text(r.max_bytes));
  if (r.min_np != 1 || r.max_np != kAnyRanks) add("np=" + range_text(r.min_np, r.max_np));
  if (r.min_ppn != 1 || r.max_ppn != kAnyRanks) add("ppn=" + range_text(r.min_ppn, r.max_ppn));
  if (r.commutative_only) add("op=commutative");
  if (r.pof2_only) add("pof2");
  if (r.multi_node_only) add("nodes=multi");
  if (r.oversub_only) add("oversub");
  return s;
}

Error parse_table(std::istream& in, const std::string& source, std::unique_ptr<DecisionTable>* out) {
  auto table = std::make_unique<DecisionTable>(std::span<const Rule>{}, source);
  std::vector<std::string> errors;
  std::vector<int> lines;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    size_t hash = line.find('#');
    std::string body = trim(std::string_view(line).substr(0, hash));
    if (body.empty()) continue;
    std::string why = hash == std::string::npos ? std::string() : trim(std::string_view(line).substr(hash + 1));
    Rule r{CollOp::barrier, kAnyBytes, 1, kAnyRanks, false, false, {}, {}, false};
    if (std::string e = LineParser(&r).parse(body); !e.empty()) {
      errors.push_back(source + ":" + std::to_string(n) + ": " + e);
      continue;
    }
    table->add(r, n, std::move(why));
    lines.push_back(n);
  }
  if (in.bad()) errors.push_back(source + ": read error");
  check_catch_alls(*table, lines, source, &errors);
  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    return Error(ErrClass::arg, all);
  }
  *out = std::move(table);
  return Error::ok();
}

Error load_table(const std::string& path, std::unique_ptr<DecisionTable>* out) {
  std::ifstream in(path);
  if (!in) return Error(ErrClass::arg, path + ": cannot open the collective decision table file");
  return parse_table(in, path, out);
}

void write_table(const DecisionTable& t, std::ostream& out) {
  out << "# Gyre collective decision table (" << t.origin() << ").\n"
         "# One rule per line:  OPERATION [CONDITIONS] -> ALGORITHM  # why\n"
         "# Rules are tried top to bottom per operation; the first whose conditions all\n"
         "# hold wins, so every operation ends with a rule without conditions.\n"
         "# Conditions (absent = any): bytes<=N (k, m, g suffixes; the message size\n"
         "# gyre(7) defines per operation), np=A..B (communicator size), ppn=A..B (most\n"
         "# ranks on one node), op=commutative, pof2 (np a power of two), nodes=multi\n"
         "# (several nodes, some with more than one rank), oversub (one node running more\n"
         "# ranks of the job than it has processors). Ranges: A, A.., ..B, A..B.\n"
         "# Load an edited copy with GYRE_COLL_TABLE=FILE; GYRE_COLL_<OP>=ALGORITHM and the\n"
         "# info key gyre_coll_<op> still override it.\n";
  size_t op_w = 0, cond_w = 0, alg_w = 0;
  for (const Rule& r : t.rules()) {
    op_w = std::max(op_w, op_name(r.op).size());
    cond_w = std::max(cond_w, rule_conditions(r).size());
    alg_w = std::max(alg_w, r.algorithm.size());
  }
  auto pad = [](std::string s, size_t w) { return s.size() < w ? s + std::string(w - s.size(), ' ') : s; };
  const Rule* prev = nullptr;
  for (const Rule& r : t.rules()) {
    if (prev == nullptr || prev->op != r.op)
      out << "\n# " << op_name(r.op) << ": " << intra_algorithm_names(r.op) << "\n";
    std::string line = pad(std::string(op_name(r.op)), op_w) + "  " + pad(rule_conditions(r), cond_w) + "  -> " +
                       pad(std::string(r.algorithm), alg_w);
    if (!r.why.empty()) line += "  # " + std::string(r.why);
    out << trim(line) << "\n";
    prev = &r;
  }
}

std::unique_ptr<DecisionTable> job_table() {
  std::string path = params::get_string("GYRE_COLL_TABLE");
  if (path.empty()) return std::make_unique<DecisionTable>(DecisionTable::builtin().rules(), "built-in");
  std::unique_ptr<DecisionTable> t;
  if (Error e = load_table(path, &t))
    log::fatal("GYRE_COLL_TABLE: the collective decision table has errors; no collective can be chosen:\n" + e.what());
  return t;
}

}  // namespace gyre::coll
