/* Every predefined op on every predefined type the standard allows, against
 * a serial reference, through MPI_Reduce_local; pairs the standard forbids
 * fail with MPI_ERR_OP. User ops: on a derived type (the function receives
 * the handle), non-commutative ones keep rank order. Prints OK on success. */
#include <complex.h>
#include <mpi.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHECK_COUNTS_FAILURES
#include "check.h"

static int failures = 0;

enum { N = 37 };
enum Cls { CINT, FINT, FLT, LOGIC, CPLX, BYTE };
static const MPI_Op ops[] = {MPI_MAX, MPI_MIN, MPI_SUM, MPI_PROD, MPI_LAND, MPI_LOR, MPI_LXOR, MPI_BAND, MPI_BOR, MPI_BXOR};
static const char* op_names[] = {"MAX", "MIN", "SUM", "PROD", "LAND", "LOR", "LXOR", "BAND", "BOR", "BXOR"};

static int allowed(int o, enum Cls c) {
  switch (o) {
    case 0: case 1: return c == CINT || c == FINT || c == FLT;
    case 2: case 3: return c == CINT || c == FINT || c == FLT || c == CPLX;
    case 4: case 5: case 6: return c == CINT || c == LOGIC;
    default: return c == CINT || c == FINT || c == BYTE;
  }
}

/* Reference and check for an arithmetic type T; bit ops only where T is integral. */
#define ARITH(T, o, a, b) \
  (o == 0 ? (a > b ? a : b) : o == 1 ? (a < b ? a : b) : o == 2 ? (T)(a + b) : (T)(a * b))
#define LOGICAL(T, o, a, b) \
  (o == 4 ? (T)((a != 0) && (b != 0)) : o == 5 ? (T)((a != 0) || (b != 0)) : (T)((a != 0) != (b != 0)))
#define BITS(T, o, a, b) (o == 7 ? (T)(a & b) : o == 8 ? (T)(a | b) : (T)(a ^ b))

#define RUN(T, dt, cls, name, INIT, REF)                                                          \
  do {                                                                                            \
    for (int o = 0; o < 10; o++) {                                                                \
      T in[N], io[N], want[N];                                                                    \
      for (int i = 0; i < N; i++) {                                                               \
        INIT;                                                                                     \
      }                                                                                           \
      int rc = MPI_Reduce_local(in, io, N, dt, ops[o]);                                           \
      if (!allowed(o, cls)) {                                                                     \
        int ec;                                                                                   \
        MPI_Error_class(rc, &ec);                                                                 \
        CHECK(ec == MPI_ERR_OP, "%s on %s must fail with MPI_ERR_OP (rc %d)", op_names[o], name, rc); \
        continue;                                                                                 \
      }                                                                                           \
      CHECK(rc == MPI_SUCCESS, "%s on %s returned %d", op_names[o], name, rc);                    \
      for (int i = 0; i < N; i++) {                                                               \
        T a = in[i], b = want[i];                                                                 \
        T r = REF;                                                                                \
        if (!(io[i] == r)) {                                                                      \
          CHECK(0, "%s on %s: element %d wrong", op_names[o], name, i);                           \
          break;                                                                                  \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
  } while (0)

#define INIT_NUM(T) in[i] = (T)((i * 7) % 5 - 2); io[i] = want[i] = (T)((i * 3) % 4 - 1)
#define INT_TYPE(T, dt, cls) \
  RUN(T, dt, cls, #dt, INIT_NUM(T), (o < 4 ? ARITH(T, o, a, b) : o < 7 ? LOGICAL(T, o, a, b) : BITS(T, o, a, b)))
#define FLT_TYPE(T, dt) RUN(T, dt, FLT, #dt, INIT_NUM(T), (o < 4 ? ARITH(T, o, a, b) : (T)0))
#define BOOL_TYPE(T, dt) \
  RUN(T, dt, LOGIC, #dt, (in[i] = (i % 3) == 0, io[i] = want[i] = (i % 2) == 0), (o >= 4 && o < 7 ? LOGICAL(T, o, a, b) : (T)0))
#define CPLX_TYPE(T, dt) \
  RUN(T, dt, CPLX, #dt, (in[i] = (i % 5) - 2 + I * (i % 3), io[i] = want[i] = 1 + I * ((i % 4) - 2)), (o == 2 ? a + b : a * b))

static void predefined_ops(void) {
  INT_TYPE(int, MPI_INT, CINT);
  INT_TYPE(unsigned, MPI_UNSIGNED, CINT);
  INT_TYPE(short, MPI_SHORT, CINT);
  INT_TYPE(unsigned short, MPI_UNSIGNED_SHORT, CINT);
  INT_TYPE(long, MPI_LONG, CINT);
  INT_TYPE(unsigned long, MPI_UNSIGNED_LONG, CINT);
  INT_TYPE(long long, MPI_LONG_LONG, CINT);
  INT_TYPE(unsigned long long, MPI_UNSIGNED_LONG_LONG, CINT);
  INT_TYPE(signed char, MPI_SIGNED_CHAR, CINT);
  INT_TYPE(unsigned char, MPI_UNSIGNED_CHAR, CINT);
  INT_TYPE(int8_t, MPI_INT8_T, CINT);
  INT_TYPE(int16_t, MPI_INT16_T, CINT);
  INT_TYPE(int32_t, MPI_INT32_T, CINT);
  INT_TYPE(int64_t, MPI_INT64_T, CINT);
  INT_TYPE(uint8_t, MPI_UINT8_T, CINT);
  INT_TYPE(uint16_t, MPI_UINT16_T, CINT);
  INT_TYPE(uint32_t, MPI_UINT32_T, CINT);
  INT_TYPE(uint64_t, MPI_UINT64_T, CINT);
  INT_TYPE(MPI_Aint, MPI_AINT, CINT);
  INT_TYPE(MPI_Offset, MPI_OFFSET, CINT);
  INT_TYPE(MPI_Count, MPI_COUNT, CINT);
  INT_TYPE(int, MPI_INTEGER, FINT);
  INT_TYPE(int8_t, MPI_INTEGER1, FINT);
  INT_TYPE(int16_t, MPI_INTEGER2, FINT);
  INT_TYPE(int32_t, MPI_INTEGER4, FINT);
  INT_TYPE(int64_t, MPI_INTEGER8, FINT);
  INT_TYPE(unsigned char, MPI_BYTE, BYTE);
  FLT_TYPE(float, MPI_FLOAT);
  FLT_TYPE(double, MPI_DOUBLE);
  FLT_TYPE(long double, MPI_LONG_DOUBLE);
  FLT_TYPE(float, MPI_REAL);
  FLT_TYPE(double, MPI_DOUBLE_PRECISION);
  FLT_TYPE(float, MPI_REAL4);
  FLT_TYPE(double, MPI_REAL8);
  FLT_TYPE(long double, MPI_REAL16);
  BOOL_TYPE(bool, MPI_C_BOOL);
  BOOL_TYPE(bool, MPI_CXX_BOOL);
  BOOL_TYPE(int, MPI_LOGICAL);
  CPLX_TYPE(float _Complex, MPI_C_FLOAT_COMPLEX);
  CPLX_TYPE(double _Complex, MPI_C_DOUBLE_COMPLEX);
  CPLX_TYPE(long double _Complex, MPI_C_LONG_DOUBLE_COMPLEX);
  CPLX_TYPE(float _Complex, MPI_COMPLEX);
  CPLX_TYPE(double _Complex, MPI_DOUBLE_COMPLEX);
  CPLX_TYPE(float _Complex, MPI_COMPLEX8);
  CPLX_TYPE(double _Complex, MPI_COMPLEX16);
  CPLX_TYPE(long double _Complex, MPI_COMPLEX32);
  CPLX_TYPE(float _Complex, MPI_CXX_FLOAT_COMPLEX);
  CPLX_TYPE(double _Complex, MPI_CXX_DOUBLE_COMPLEX);
  CPLX_TYPE(long double _Complex, MPI_CXX_LONG_DOUBLE_COMPLEX);
  /* MPI_CHAR is in no op group. */
  char c1[2] = {1, 2}, c2[2] = {3, 4};
  int rc = MPI_Reduce_local(c1, c2, 2, MPI_CHAR, MPI_SUM), ec;
  MPI_Error_class(rc, &ec);
  CHECK(ec == MPI_ERR_OP, "SUM on MPI_CHAR must fail");
}

/* MAXLOC / MINLOC on every pair type: ties keep the smaller index. */
#define PAIR(V, I, dt)                                                                         \
  do {                                                                                         \
    struct { V v; I i; } in[N], io[N], ref[N];                                                 \
    for (int k = 0; k < 2; k++) {                                                              \
      MPI_Op op = k ? MPI_MINLOC : MPI_MAXLOC;                                                 \
      for (int i = 0; i < N; i++) {                                                            \
        in[i].v = (V)(i % 4); in[i].i = (I)i;                                                  \
        io[i].v = (V)((i * 3) % 4); io[i].i = (I)(N - i);                                      \
        ref[i] = io[i];                                                                        \
        int take = k ? in[i].v < io[i].v : in[i].v > io[i].v;                                  \
        if (take || (in[i].v == io[i].v && in[i].i < io[i].i)) ref[i] = in[i];                 \
      }                                                                                        \
      CHECK(MPI_Reduce_local(in, io, N, dt, op) == MPI_SUCCESS, #dt " loc op");                \
      for (int i = 0; i < N; i++)                                                              \
        if (io[i].v != ref[i].v || io[i].i != ref[i].i) {                                      \
          CHECK(0, "%s on " #dt ": element %d", k ? "MINLOC" : "MAXLOC", i);                   \
          break;                                                                               \
        }                                                                                      \
      int rc = MPI_Reduce_local(in, io, N, dt, MPI_SUM), ec;                                   \
      MPI_Error_class(rc, &ec);                                                                \
      CHECK(ec == MPI_ERR_OP, "SUM on " #dt " must fail");                                     \
    }                                                                                          \
  } while (0)

static void pair_ops(void) {
  PAIR(float, int, MPI_FLOAT_INT);
  PAIR(double, int, MPI_DOUBLE_INT);
  PAIR(long, int, MPI_LONG_INT);
  PAIR(int, int, MPI_2INT);
  PAIR(short, int, MPI_SHORT_INT);
  PAIR(long double, int, MPI_LONG_DOUBLE_INT);
  PAIR(float, float, MPI_2REAL);
  PAIR(double, double, MPI_2DOUBLE_PRECISION);
  PAIR(int, int, MPI_2INTEGER);
  int a[N], b[N];
  for (int i = 0; i < N; i++) a[i] = b[i] = i;
  int rc = MPI_Reduce_local(a, b, N, MPI_INT, MPI_MAXLOC), ec;
  MPI_Error_class(rc, &ec);
  CHECK(ec == MPI_ERR_OP, "MAXLOC on MPI_INT must fail");
}

/* A user op on a derived type: sees the handle, and the elements of the
 * derived type (here: a strided pair of doubles). */
static MPI_Datatype seen_type;
static void add_first(void* in, void* inout, int* len, MPI_Datatype* dt) {
  seen_type = *dt;
  MPI_Aint lb, ext;
  MPI_Type_get_extent(*dt, &lb, &ext);
  for (int i = 0; i < *len; i++) {
    double* a = (double*)((char*)in + i * ext);
    double* b = (double*)((char*)inout + i * ext);
    b[0] += a[0];
    b[2] += a[2];
  }
}

/* Non-commutative: 2x2 matrix product inout = in * inout. */
static void matmul(void* in, void* inout, int* len, MPI_Datatype* dt) {
  (void)dt;
  for (int k = 0; k < *len; k++) {
    int* a = (int*)in + 4 * k;
    int* b = (int*)inout + 4 * k;
    int r[4] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]};
    memcpy(b, r, sizeof r);
  }
}

static void user_ops(int rank, int size) {
  MPI_Datatype t;
  MPI_Type_vector(2, 1, 2, MPI_DOUBLE, &t);
  MPI_Type_commit(&t);
  MPI_Op op;
  MPI_Op_create(add_first, 1, &op);
  int commute;
  MPI_Op_commutative(op, &commute);
  CHECK(commute == 1, "commutative op");
  double in[8] = {1, 100, 2, 100, 3, 100, 4, 100}, io[8] = {10, 7, 20, 7, 30, 7, 40, 7};
  MPI_Type_create_resized(t, 0, 4 * sizeof(double), &t);
  MPI_Type_commit(&t);
  MPI_Reduce_local(in, io, 2, t, op);
  CHECK(seen_type == t, "user function receives the datatype handle");
  CHECK(io[0] == 11 && io[2] == 22 && io[4] == 33 && io[6] == 44 && io[1] == 7, "user op on derived type");
  /* A predefined op on a derived type made of doubles. */
  MPI_Reduce_local(in, io, 2, t, MPI_SUM);
  CHECK(io[0] == 12 && io[2] == 24 && io[1] == 7 && io[3] == 7, "SUM on a vector of doubles");
  MPI_Op_free(&op);
  CHECK(op == MPI_OP_NULL, "Op_free");
  MPI_Type_free(&t);

  /* Non-commutative op: the ordered product over ranks, reduced in rank
   * order through a chain of sends: M_0 * M_1 * ... * M_{p-1}. */
  MPI_Op mm;
  MPI_Op_create(matmul, 0, &mm);
  MPI_Op_commutative(mm, &commute);
  CHECK(commute == 0, "non-commutative op");
  int mine[4] = {1, rank + 1, 0, 1};  /* [[1, r+1], [0, 1]]: products add, order shows in a fill pattern */
  int swap[4] = {0, 1, 1, 0};
  if (rank % 2) memcpy(mine, (int[]){1, 0, rank, 1}, sizeof mine);
  int acc[4];
  memcpy(acc, mine, sizeof acc);
  /* Rank r receives the product of ranks r+1.. and forms mine * that. */
  if (rank + 1 < size) {
    int rest[4];
    MPI_Recv(rest, 4, MPI_INT, rank + 1, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    memcpy(acc, rest, sizeof acc);
    MPI_Reduce_local(mine, acc, 1, MPI_INT, mm); /* counted as 1 "element" of 4 ints: use len 1 */
  }
  if (rank > 0) MPI_Send(acc, 4, MPI_INT, rank - 1, 3, MPI_COMM_WORLD);
  if (rank == 0) {
    int ref[4] = {1, 0, 0, 1};
    for (int r = size - 1; r >= 0; r--) {
      int m[4] = {1, r + 1, 0, 1};
      if (r % 2) memcpy(m, (int[]){1, 0, r, 1}, sizeof m);
      matmul(m, ref, &(int){1}, NULL);
    }
    CHECK(memcmp(ref, acc, sizeof ref) == 0, "ordered product [%d %d %d %d] want [%d %d %d %d]", acc[0], acc[1],
          acc[2], acc[3], ref[0], ref[1], ref[2], ref[3]);
  }
  (void)swap;
  MPI_Op_free(&mm);
}

int main(int argc, char** argv) {
  int rank, size;
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  predefined_ops();
  pair_ops();
  user_ops(rank, size);
  MPI_Finalize();
  if (failures) {
    fprintf(stderr, "op_reduce_local: %d checks failed on rank %d\n", failures, rank);
    return 1;
  }
  if (rank == 0) printf("OK\n");
  return 0;
}
