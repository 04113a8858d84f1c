// A datatype as the pml and the collectives see it: the bytes of one element
// are a sequence of contiguous blocks at byte offsets from the element's
// start, and elements repeat every extent() bytes. Pack and unpack work on a
// "packed stream": the concatenation of every block of every element, so a
// large message can be moved in pieces (any offset, any length) without a
// full temporary copy.
//
// Internally a type is an immutable, shared TypeCore: the constructor's
// parts (child types and how they repeat), the compiled loop program of the
// datatype engine (runtime/typeengine/program.h), and derived properties.
// Copying a Datatype is cheap (a shared pointer and a few scalars), so the
// pml keeps a copy while a message is in flight even if the program frees
// the handle.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gyre {

// The primitive C type under a predefined datatype: what a reduction works on.
enum class BasicType : uint8_t {
  none,  // not reducible (MPI_BYTE, MPI_PACKED, derived types of mixed types)
  int8, int16, int32, int64,
  uint8, uint16, uint32, uint64,
  float32, float64, long_double,
  complex_float, complex_double, complex_long_double,
  c_bool,
  // value/index pairs for MAXLOC/MINLOC
  float_int, double_int, long_int, int_int, short_int, long_double_int,
  real_real, double_double,  // Fortran 2REAL / 2DOUBLE_PRECISION
  float16,                   // MPIX_C_FLOAT16 (_Float16)
};

// What a type is for op/type legality checks (MPI-4.0 §6.9.2 groups).
enum class TypeClass : uint8_t { c_integer, fortran_integer, floating, logical, complex, byte, pair, other };

// MPI_COMBINER_* values (MPICH ABI).
enum class Combiner : int {
  named = 1, dup = 2, contiguous = 3, vector = 4, hvector_integer = 5, hvector = 6, indexed = 7,
  hindexed_integer = 8, hindexed = 9, indexed_block = 10, struct_integer = 11, struct_ = 12, subarray = 13,
  darray = 14, f90_real = 15, f90_complex = 16, f90_integer = 17, resized = 18, hindexed_block = 19,
};

struct TypeBlock {
  std::ptrdiff_t offset;  // from the element's start (may be negative)
  size_t length;          // bytes
};

class Datatype;
struct TypeCore;

// The arguments of the constructor call, for MPI_Type_get_envelope/contents.
struct TypeContents {
  Combiner combiner = Combiner::named;
  std::vector<int> ints;
  std::vector<std::ptrdiff_t> addresses;
  std::vector<long long> large_counts;
  std::vector<Datatype> types;
};

// One argument of a derived-type constructor: `inner` copies of `type`,
// every inner_stride bytes, form a block; `reps` blocks every `stride`
// bytes starting at `disp`.
struct TypePart;

class Datatype {
 public:
  Datatype();
  ~Datatype();
  Datatype(const Datatype&);
  Datatype& operator=(const Datatype&);
  Datatype(Datatype&&) noexcept;
  Datatype& operator=(Datatype&&) noexcept;

  // A predefined type of one contiguous primitive.
  static Datatype predefined(std::string name, size_t size, BasicType basic, TypeClass cls);
  // A predefined pair type (struct {value; int index}) with padding.
  static Datatype pair(std::string name, size_t value_size, size_t value_align, BasicType basic);

  size_t size() const { return size_; }                // data bytes of one element
  std::ptrdiff_t lb() const { return lb_; }
  std::ptrdiff_t extent() const { return extent_; }
  std::ptrdiff_t ub() const { return lb_ + extent_; }
  std::ptrdiff_t true_lb() const { return true_lb_; }
  std::ptrdiff_t true_extent() const { return true_extent_; }
  // count elements are exactly size()*count bytes starting at buf + true_lb().
  bool contiguous() const { return contiguous_; }
  BasicType basic() const { return basic_; }
  TypeClass type_class() const { return class_; }
  bool is_predefined() const { return predefined_; }
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  // Every block of one element, in stream order. Materialized on first use
  // (a vector of N blocks gives N entries): prefer block_count() to ask
  // whether the type is a single block.
  const std::vector<TypeBlock>& blocks() const;
  // Contiguous pieces the engine copies per element (1: one block). Cheap.
  size_t block_count() const;

  // The MPI handle of this object (MPI_DATATYPE_NULL until registered), so
  // user reduction functions receive the handle the program knows.
  int handle() const { return handle_; }
  void set_handle(int h) { handle_ = h; }
  bool committed() const { return committed_ || predefined_; }
  void commit() { committed_ = true; }
  size_t alignment() const { return align_; }
  // Basic (predefined) elements in one element; pairs count as two.
  size_t elements() const;
  // Whole basic elements in the first `bytes` of the packed stream of any
  // number of elements; -1 when `bytes` ends inside a basic element.
  long long elements_in(size_t bytes) const;

  // Copy packed-stream bytes [offset, offset + len) of `count` elements at
  // buf into dst. Returns the bytes copied (len clipped to the stream end).
  size_t pack(const void* buf, size_t count, size_t offset, void* dst, size_t len) const;
  // The reverse: scatter len stream bytes starting at stream offset into buf.
  size_t unpack(void* buf, size_t count, size_t offset, const void* src, size_t len) const;

  // Build from an element's blocks (merged and sorted by the constructor)
  // plus explicit lb/extent; used by the derived-type constructors.
  static Datatype from_blocks(std::vector<TypeBlock> blocks, std::ptrdiff_t lb, std::ptrdiff_t extent,
                              BasicType basic);

  // Derived-type constructors (MPI-4.0 §5.1.2). Displacements and strides
  // are in bytes; the binding converts element units. contents() is left
  // for the caller to fill with the call's arguments.
  static Datatype contiguous(size_t count, const Datatype& old);
  static Datatype vector(size_t count, size_t blocklength, std::ptrdiff_t stride_bytes, const Datatype& old);
  static Datatype indexed(const std::vector<size_t>& blocklengths, const std::vector<std::ptrdiff_t>& displs,
                          const Datatype& old);
  static Datatype structure(const std::vector<size_t>& blocklengths, const std::vector<std::ptrdiff_t>& displs,
                            const std::vector<const Datatype*>& types);
  static Datatype resized(const Datatype& old, std::ptrdiff_t lb, std::ptrdiff_t extent);
  // MPI_Type_create_subarray / darray layouts (datatype_layout.cc).
  // order_c: MPI_ORDER_C. Errors are reported by the binding's checks.
  static Datatype subarray(const std::vector<long long>& sizes, const std::vector<long long>& subsizes,
                           const std::vector<long long>& starts, bool order_c, const Datatype& old);
  enum class Distribution { block, cyclic, none };
  static Datatype darray(int size, int rank, const std::vector<long long>& gsizes,
                         const std::vector<Distribution>& distribs, const std::vector<int>& dargs,
                         const std::vector<int>& psizes, bool order_c, const Datatype& old);
  static constexpr int kDefaultDarg = -49767;  // MPI_DISTRIBUTE_DFLT_DARG

  // A copy with the same layout (MPI_Type_dup; the caller sets contents).
  Datatype duplicate() const;

  const TypeContents& contents() const;
  void set_contents(TypeContents c);
  Combiner combiner() const { return contents().combiner; }

  // "external32" (MPI-4.0 §5.2.3): big-endian, fixed sizes. Bytes of
  // `count` elements; 0 and false from the pack calls when the type holds
  // a type external32 cannot represent.
  size_t external32_size() const;
  bool pack_external32(const void* buf, size_t count, void* dst) const;
  bool unpack_external32(const void* src, void* buf, size_t count) const;

  // Apply f(address, predefined element type, number of consecutive
  // elements) to every basic element run of `count` elements at buf, in
  // type-map order: what reductions on derived types and external32 use.
  using ElementVisitor = void (*)(void* ctx, uintptr_t addr, const Datatype& basic_type, size_t n);
  void for_each_element(uintptr_t buf, size_t count, ElementVisitor f, void* ctx) const;

  const TypeCore& core() const { return *core_; }
  // The number of engine nodes + entries (a program's memory cost).
  size_t program_footprint() const;

 private:
  friend struct TypeCore;
  static Datatype from_parts(std::vector<TypePart> parts, bool is_struct);

 public:
  // Internal: a type from explicit parts (the array layouts use it).
  static Datatype from_parts_for_layout(std::vector<TypePart> parts);

 private:
  void finish_properties();

  std::shared_ptr<const TypeCore> core_;
  std::shared_ptr<const TypeContents> contents_;
  std::string name_;
  size_t size_ = 0;
  std::ptrdiff_t lb_ = 0, extent_ = 0, true_lb_ = 0, true_extent_ = 0;
  size_t align_ = 1;
  bool contiguous_ = true;
  bool predefined_ = false;
  bool committed_ = false;
  BasicType basic_ = BasicType::none;
  TypeClass class_ = TypeClass::other;
  int handle_ = 0x0c000000;  // MPI_DATATYPE_NULL
};

}  // namespace gyre
