// The shared, immutable inside of a Datatype (see datatype.h).
#pragma once
#include <mutex>
#include <vector>

#include "runtime/datatype.h"
#include "runtime/typeengine/program.h"

namespace gyre {

struct TypePart {
  std::ptrdiff_t disp = 0;
  size_t reps = 1;
  std::ptrdiff_t stride = 0;
  size_t inner = 1;
  std::ptrdiff_t inner_stride = 0;
  Datatype type;
};

// How one component of a predefined type maps to external32.
enum class Ext32Kind : uint8_t { raw, swap, sint, uint, long_double };
struct Ext32Component {
  uint16_t offset;  // in the native element
  uint8_t native;   // native bytes
  uint8_t ext;      // external32 bytes
  Ext32Kind kind;
};

// long double <-> external32 IEEE binary128 (16 big-endian bytes), for a
// long double of `MantDig` mantissa digits (LDBL_MANT_DIG): 64 is the x87
// 80-bit extended format (x86), 113 is binary128 itself (aarch64 Linux: a
// byte swap), 53 is a plain double (widened / rounded). The library uses the
// host's LDBL_MANT_DIG; the others are here so a unit test can check them
// on any host. `native` holds sizeof(long double) bytes of that format
// (8 for 53, 16 otherwise).
template <int MantDig>
void long_double_to_ext32(const std::byte* native, std::byte* out_be);
template <int MantDig>
void ext32_to_long_double(const std::byte* in_be, std::byte* native);

struct TypeCore {
  size_t size = 0;
  std::ptrdiff_t lb = 0, extent = 0, true_lb = 0, true_extent = 0;
  size_t align = 1;
  size_t elements = 0;       // basic elements per element
  size_t ext32_size = 0;     // external32 bytes per element (0: not representable)
  bool predefined = false;
  bool explicit_bounds = false;  // resized, or holds MPI_LB/MPI_UB/resized types
  BasicType basic = BasicType::none;
  TypeClass cls = TypeClass::other;
  size_t pair_value_size = 0;    // pair types: bytes of the value
  std::vector<Ext32Component> ext32;  // predefined types only
  std::vector<TypePart> parts;        // derived types only
  typeengine::Program program;

  mutable std::once_flag blocks_once;
  mutable std::vector<TypeBlock> blocks;
};

}  // namespace gyre
