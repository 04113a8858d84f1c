// The one parameter registry. Every tunable GYRE_* variable is declared in
// params.cc with its type, default, owner and one line of help; nothing else
// reads GYRE_* from the environment. gyre_info lists the table.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gyre::params {

enum class Type { integer, size, boolean, string };

struct Spec {
  const char* name;           // full variable name, e.g. "GYRE_SM_EAGER_LIMIT"
  Type type;
  const char* default_value;  // as text, parsed like the environment value
  const char* component;      // owner: "runtime", "pml", "btl/sm", "coll", ...
  const char* help;           // one line
};

// Every registered parameter, in registry order.
std::span<const Spec> all();
const Spec* find(std::string_view name);

// Where the current value came from (for gyre_info).
enum class Source { default_value, environment };
struct Value {
  std::string text;
  Source source;
};
// Current value of a registered parameter (aborts on an unregistered name:
// that is a programming error caught by the first test that reaches it).
Value value(std::string_view name);

int64_t get_int(std::string_view name);      // integer; accepts k/m/g suffixes for Type::size
bool get_bool(std::string_view name);        // 1/0, true/false, yes/no, on/off
std::string get_string(std::string_view name);

// Warn once per unknown GYRE_* variable in the environment, naming the
// closest registered one ("did you mean ...").
void warn_unknown_environment();

// Closest registered name by edit distance (empty when nothing is close).
std::string closest_name(std::string_view unknown);

}  // namespace gyre::params
