// Registers the predefined datatypes, ops and error handlers.
#pragma once
#include <cstdint>

namespace gyre {
class Runtime;

constexpr uint32_t kCommWorld = 0x44000000u;
constexpr uint32_t kCommSelf = 0x44000001u;
constexpr uint32_t kErrorsAreFatal = 0x54000000u;
constexpr uint32_t kErrorsReturn = 0x54000001u;
constexpr uint32_t kErrorsAbort = 0x54000003u;
// Largest valid tag (MPI_TAG_UB): the pml header carries 31-bit tags.
constexpr int kTagUpperBound = 0x7fffffff;

void register_predefined(Runtime& rt);

}  // namespace gyre
