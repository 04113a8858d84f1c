/*
 * Gyre -- an MPI implementation.
 *
 * mpi.h: the C binding of MPI-4.0 as Gyre provides it.
 *
 * ABI.  Gyre is binary compatible with the MPICH ABI (MPICH 4.0 as shipped by
 * Debian bookworm's libmpich-dev): every handle is an `int` with the same
 * encoding, every predefined constant has the same value, MPI_Status has the
 * same layout and MPI_Aint / MPI_Offset / MPI_Count / MPI_Fint have the same
 * C types.  A program built against MPICH's header therefore runs on Gyre by
 * library path alone, and a program built against this header runs on MPICH
 * as long as it calls only routines MPICH 4.0 has (Gyre adds the MPI-4.1
 * MPI_Remove_error_class/code/string).
 * test/abi/check_abi.sh verifies all of this against the installed MPICH
 * header; run it after any change here.
 *
 * Not provided: the MPI-IO routines (MPI_File_*, MPI_Register_datarep*).
 * The MPI-IO types and constants are defined so that code naming them still
 * compiles.  mpio.h exists and simply includes this file.
 *
 * ------------------------------------------------------------------------
 * Symbols the library must export for MPICH-ABI binaries
 * ------------------------------------------------------------------------
 * A binary compiled against MPICH's mpi.h references, besides MPI_xxx and
 * PMPI_xxx for every routine it calls, the following names.  Gyre's library
 * (libmpi, and the libmpich.so.12 compatibility name) must define each of
 * them with exactly this name and type:
 *
 *   Functions
 *     int MPIR_Dup_fn(MPI_Comm, int, void *, void *, void *, int *);
 *         MPICH's MPI_DUP_FN, MPI_COMM_DUP_FN, MPI_TYPE_DUP_FN and
 *         MPI_WIN_DUP_FN all expand to the address of this function.  It
 *         copies the attribute value: *(void **)out = in; *flag = 1;
 *         return MPI_SUCCESS.  This header uses the same symbol, so one
 *         definition serves both kinds of binary.
 *     The routines removed in MPI-3.0 that MPICH still declares (and that
 *     old binaries call), MPI_ and PMPI_ forms of each:
 *         MPI_Address, MPI_Attr_delete, MPI_Attr_get, MPI_Attr_put,
 *         MPI_Errhandler_create, MPI_Errhandler_get, MPI_Errhandler_set,
 *         MPI_Keyval_create, MPI_Keyval_free, MPI_Type_extent,
 *         MPI_Type_hindexed, MPI_Type_hvector, MPI_Type_lb,
 *         MPI_Type_struct, MPI_Type_ub
 *     (declared below in the section "Deprecated and removed routines").
 *
 *   Data objects (the header declares them extern; the values are chosen by
 *   the library, but they must be distinct, non-NULL addresses)
 *     int * const         MPI_UNWEIGHTED;
 *     int * const         MPI_WEIGHTS_EMPTY;
 *     MPI_Fint *          MPI_F_STATUS_IGNORE;
 *     MPI_Fint *          MPI_F_STATUSES_IGNORE;
 *     MPI_F08_status *    MPI_F08_STATUS_IGNORE;
 *     MPI_F08_status *    MPI_F08_STATUSES_IGNORE;
 *     MPI_T_pvar_handle const MPI_T_PVAR_ALL_HANDLES;
 *
 *   Only for MPICH's own language bindings (not needed by C programs; needed
 *   only if libmpichcxx.so.12 / libmpichfort.so.12 are to run on Gyre):
 *     MPII_Errhandler_set_cxx, MPII_Op_set_cxx, MPII_Keyval_set_proxy,
 *     MPII_Comm_get_attr, MPII_Comm_set_attr, MPII_Type_get_attr,
 *     MPII_Type_set_attr, MPII_Win_get_attr, MPII_Win_set_attr,
 *     MPII_Grequest_set_lang_f77, MPIR_F08_MPI_STATUS_IGNORE_OBJ,
 *     MPIR_F08_MPI_STATUSES_IGNORE_OBJ, MPIR_F08_MPI_IN_PLACE,
 *     MPIR_F08_MPI_BOTTOM, and the MPIX_ fault-tolerance / GPU-query entry
 *     points used by libmpichfort.
 *
 * Everything else in MPICH's header that a binary sees is a plain value
 * (handles, constants, NULL callbacks, MPI_STATUS_IGNORE, MPI_IN_PLACE,
 * MPI_BOTTOM, ...) or a macro (the MPI_xxx_c2f / MPI_xxx_f2c conversions)
 * and needs no symbol.
 * ------------------------------------------------------------------------
 */

#ifndef GYRE_MPI_H_INCLUDED
#define GYRE_MPI_H_INCLUDED

/* ===== Identification =================================================== */

#define GYRE 1
#define GYRE_VERSION_MAJOR 0
#define GYRE_VERSION_MINOR 1
#define GYRE_VERSION_PATCH 0
#define GYRE_VERSION_STRING "0.1.0"

/* The MPI standard version this header implements. */
#define MPI_VERSION    4
#define MPI_SUBVERSION 0

/* Symbol visibility for the library build (the library may be compiled with
 * -fvisibility=hidden; everything declared here is public). */
#if defined(__GNUC__) && (__GNUC__ >= 4)
#  define GYRE_EXPORT __attribute__((visibility("default")))
#else
#  define GYRE_EXPORT
#endif

#if defined(__cplusplus)
extern "C" {
#endif

/* ===== Scalar types ===================================================== */

typedef long MPI_Aint;   /* an address or byte displacement */
typedef long MPI_Offset; /* a file offset (MPICH: long on LP64) */
typedef long MPI_Count;  /* a large count (MPICH: long on LP64) */
typedef int  MPI_Fint;   /* a Fortran INTEGER */

/* ===== Handle types ===================================================== */
/* A handle is an int: bits 30-31 say whether the object is predefined,
 * bits 26-29 the object kind, and the low bits the index.  The library maps
 * a handle to its object; user code only copies and compares handles. */

typedef int MPI_Comm;
typedef int MPI_Group;
typedef int MPI_Datatype;
typedef int MPI_Op;
typedef int MPI_Errhandler;
typedef int MPI_Request;
typedef int MPI_Message;
typedef int MPI_Info;
typedef int MPI_Win;
typedef int MPI_Session;

/* MPI-IO is not implemented; the file handle type exists for signatures
 * (error-handler callbacks) and is an opaque pointer as in MPICH. */
struct gyre_file_s;
typedef struct gyre_file_s *MPI_File;

/* ===== Status =========================================================== */
/* 20 bytes: the received element count is split in two 32-bit halves and
 * the cancelled flag lives in the low bit of count_hi_and_cancelled.  User
 * code reads only MPI_SOURCE, MPI_TAG and MPI_ERROR. */
typedef struct MPI_Status {
    int count_lo;
    int count_hi_and_cancelled;
    int MPI_SOURCE;
    int MPI_TAG;
    int MPI_ERROR;
} MPI_Status;

/* The Fortran 2008 TYPE(MPI_Status), as seen from C. */
typedef struct {
    MPI_Fint count_lo;
    MPI_Fint count_hi_and_cancelled;
    MPI_Fint MPI_SOURCE;
    MPI_Fint MPI_TAG;
    MPI_Fint MPI_ERROR;
} MPI_F08_status;

/* A Fortran status is an INTEGER array of this many elements; these are the
 * (0-based) positions of its public fields. */
#define MPI_F_STATUS_SIZE 5
#define MPI_F_SOURCE      2
#define MPI_F_TAG         3
#define MPI_F_ERROR       4

#define MPI_STATUS_IGNORE   ((MPI_Status *)1)
#define MPI_STATUSES_IGNORE ((MPI_Status *)1)
#define MPI_ERRCODES_IGNORE ((int *)0)

/* ===== Null handles ===================================================== */

#define MPI_COMM_NULL       ((MPI_Comm)0x04000000)
#define MPI_GROUP_NULL      ((MPI_Group)0x08000000)
#define MPI_DATATYPE_NULL   ((MPI_Datatype)0x0c000000)
#define MPI_ERRHANDLER_NULL ((MPI_Errhandler)0x14000000)
#define MPI_OP_NULL         ((MPI_Op)0x18000000)
#define MPI_INFO_NULL       ((MPI_Info)0x1c000000)
#define MPI_WIN_NULL        ((MPI_Win)0x20000000)
#define MPI_REQUEST_NULL    ((MPI_Request)0x2c000000)
#define MPI_MESSAGE_NULL    ((MPI_Message)0x2c000000)
#define MPI_SESSION_NULL    ((MPI_Session)0x38000000)
#define MPI_FILE_NULL       ((MPI_File)0)

/* ===== Predefined objects =============================================== */

#define MPI_COMM_WORLD      ((MPI_Comm)0x44000000)
#define MPI_COMM_SELF       ((MPI_Comm)0x44000001)
#define MPI_GROUP_EMPTY     ((MPI_Group)0x48000000)
#define MPI_INFO_ENV        ((MPI_Info)0x5c000001)
#define MPI_MESSAGE_NO_PROC ((MPI_Message)0x6c000000)

#define MPI_ERRORS_ARE_FATAL ((MPI_Errhandler)0x54000000)
#define MPI_ERRORS_RETURN    ((MPI_Errhandler)0x54000001)
#define MPI_ERRORS_ABORT     ((MPI_Errhandler)0x54000003)

/* ===== Predefined datatypes ============================================= */
/* Named-type handles carry the size in bytes in bits 8-15. */

/* C */
#define MPI_CHAR               ((MPI_Datatype)0x4c000101)
#define MPI_SIGNED_CHAR        ((MPI_Datatype)0x4c000118)
#define MPI_UNSIGNED_CHAR      ((MPI_Datatype)0x4c000102)
#define MPI_WCHAR              ((MPI_Datatype)0x4c00040e)
#define MPI_SHORT              ((MPI_Datatype)0x4c000203)
#define MPI_UNSIGNED_SHORT     ((MPI_Datatype)0x4c000204)
#define MPI_INT                ((MPI_Datatype)0x4c000405)
#define MPI_UNSIGNED           ((MPI_Datatype)0x4c000406)
#define MPI_LONG               ((MPI_Datatype)0x4c000807)
#define MPI_UNSIGNED_LONG      ((MPI_Datatype)0x4c000808)
#define MPI_LONG_LONG_INT      ((MPI_Datatype)0x4c000809)
#define MPI_LONG_LONG          MPI_LONG_LONG_INT
#define MPI_UNSIGNED_LONG_LONG ((MPI_Datatype)0x4c000819)
#define MPI_FLOAT              ((MPI_Datatype)0x4c00040a)
#define MPI_DOUBLE             ((MPI_Datatype)0x4c00080b)
#define MPI_LONG_DOUBLE        ((MPI_Datatype)0x4c00100c)

/* Untyped bytes, packed data, and the removed bound markers */
#define MPI_BYTE               ((MPI_Datatype)0x4c00010d)
#define MPI_PACKED             ((MPI_Datatype)0x4c00010f)
#define MPI_LB                 ((MPI_Datatype)0x4c000010)
#define MPI_UB                 ((MPI_Datatype)0x4c000011)

/* C99 fixed width, bool and complex */
#define MPI_INT8_T             ((MPI_Datatype)0x4c000137)
#define MPI_INT16_T            ((MPI_Datatype)0x4c000238)
#define MPI_INT32_T            ((MPI_Datatype)0x4c000439)
#define MPI_INT64_T            ((MPI_Datatype)0x4c00083a)
#define MPI_UINT8_T            ((MPI_Datatype)0x4c00013b)
#define MPI_UINT16_T           ((MPI_Datatype)0x4c00023c)
#define MPI_UINT32_T           ((MPI_Datatype)0x4c00043d)
#define MPI_UINT64_T           ((MPI_Datatype)0x4c00083e)
#define MPI_C_BOOL             ((MPI_Datatype)0x4c00013f)
#define MPI_C_FLOAT_COMPLEX    ((MPI_Datatype)0x4c000840)
#define MPI_C_COMPLEX          MPI_C_FLOAT_COMPLEX
#define MPI_C_DOUBLE_COMPLEX   ((MPI_Datatype)0x4c001041)
#define MPI_C_LONG_DOUBLE_COMPLEX ((MPI_Datatype)0x4c002042)

/* MPI's own integer types */
#define MPI_AINT               ((MPI_Datatype)0x4c000843)
#define MPI_OFFSET             ((MPI_Datatype)0x4c000844)
#define MPI_COUNT              ((MPI_Datatype)0x4c000845)

/* C++ */
#define MPI_CXX_BOOL                ((MPI_Datatype)0x4c000133)
#define MPI_CXX_FLOAT_COMPLEX       ((MPI_Datatype)0x4c000834)
#define MPI_CXX_DOUBLE_COMPLEX      ((MPI_Datatype)0x4c001035)
#define MPI_CXX_LONG_DOUBLE_COMPLEX ((MPI_Datatype)0x4c002036)
/* Half precision (C _Float16): the one MPIX_ datatype Gyre implements,
 * with MPICH's handle, so codes that test #ifdef MPIX_C_FLOAT16 work. */
#define MPIX_C_FLOAT16             ((MPI_Datatype)0x4c000246)

/* Fortran */
#define MPI_CHARACTER          ((MPI_Datatype)0x4c00011a)
#define MPI_LOGICAL            ((MPI_Datatype)0x4c00041d)
#define MPI_INTEGER            ((MPI_Datatype)0x4c00041b)
#define MPI_REAL               ((MPI_Datatype)0x4c00041c)
#define MPI_DOUBLE_PRECISION   ((MPI_Datatype)0x4c00081f)
#define MPI_COMPLEX            ((MPI_Datatype)0x4c00081e)
#define MPI_DOUBLE_COMPLEX     ((MPI_Datatype)0x4c001022)
#define MPI_INTEGER1           ((MPI_Datatype)0x4c00012d)
#define MPI_INTEGER2           ((MPI_Datatype)0x4c00022f)
#define MPI_INTEGER4           ((MPI_Datatype)0x4c000430)
#define MPI_INTEGER8           ((MPI_Datatype)0x4c000831)
#define MPI_INTEGER16          MPI_DATATYPE_NULL /* not available */
#define MPI_REAL4              ((MPI_Datatype)0x4c000427)
#define MPI_REAL8              ((MPI_Datatype)0x4c000829)
#define MPI_REAL16             ((MPI_Datatype)0x4c00102b)
#define MPI_COMPLEX8           ((MPI_Datatype)0x4c000828)
#define MPI_COMPLEX16          ((MPI_Datatype)0x4c00102a)
#define MPI_COMPLEX32          ((MPI_Datatype)0x4c00202c)

/* Pair types for MPI_MINLOC / MPI_MAXLOC: struct { value; int index; } */
#define MPI_FLOAT_INT          ((MPI_Datatype)0x8c000000)
#define MPI_DOUBLE_INT         ((MPI_Datatype)0x8c000001)
#define MPI_LONG_INT           ((MPI_Datatype)0x8c000002)
#define MPI_SHORT_INT          ((MPI_Datatype)0x8c000003)
#define MPI_LONG_DOUBLE_INT    ((MPI_Datatype)0x8c000004)
#define MPI_2INT               ((MPI_Datatype)0x4c000816)
#define MPI_2INTEGER           ((MPI_Datatype)0x4c000820)
#define MPI_2REAL              ((MPI_Datatype)0x4c000821)
#define MPI_2DOUBLE_PRECISION  ((MPI_Datatype)0x4c001023)

/* Type classes for MPI_Type_match_size */
#define MPI_TYPECLASS_REAL    1
#define MPI_TYPECLASS_INTEGER 2
#define MPI_TYPECLASS_COMPLEX 3

/* ===== Predefined reduction operations ================================== */

#define MPI_MAX     ((MPI_Op)0x58000001)
#define MPI_MIN     ((MPI_Op)0x58000002)
#define MPI_SUM     ((MPI_Op)0x58000003)
#define MPI_PROD    ((MPI_Op)0x58000004)
#define MPI_LAND    ((MPI_Op)0x58000005)
#define MPI_BAND    ((MPI_Op)0x58000006)
#define MPI_LOR     ((MPI_Op)0x58000007)
#define MPI_BOR     ((MPI_Op)0x58000008)
#define MPI_LXOR    ((MPI_Op)0x58000009)
#define MPI_BXOR    ((MPI_Op)0x5800000a)
#define MPI_MINLOC  ((MPI_Op)0x5800000b)
#define MPI_MAXLOC  ((MPI_Op)0x5800000c)
#define MPI_REPLACE ((MPI_Op)0x5800000d)
#define MPI_NO_OP   ((MPI_Op)0x5800000e)

/* ===== Ranks, tags, special buffers ===================================== */

#define MPI_PROC_NULL  (-1)
#define MPI_ANY_SOURCE (-2)
#define MPI_ROOT       (-3)
#define MPI_ANY_TAG    (-1)
#define MPI_UNDEFINED  (-32766)

#define MPI_BOTTOM   ((void *)0)
#define MPI_IN_PLACE ((void *)-1)

#define MPI_ARGV_NULL  ((char **)0)
#define MPI_ARGVS_NULL ((char ***)0)

/* Distinguished addresses defined by the library (see the symbol list). */
extern GYRE_EXPORT int * const MPI_UNWEIGHTED;
extern GYRE_EXPORT int * const MPI_WEIGHTS_EMPTY;
extern GYRE_EXPORT MPI_Fint *MPI_F_STATUS_IGNORE;
extern GYRE_EXPORT MPI_Fint *MPI_F_STATUSES_IGNORE;
extern GYRE_EXPORT MPI_F08_status *MPI_F08_STATUS_IGNORE;
extern GYRE_EXPORT MPI_F08_status *MPI_F08_STATUSES_IGNORE;

/* ===== Comparison results, thread levels, misc. ========================= */

#define MPI_IDENT     0
#define MPI_CONGRUENT 1
#define MPI_SIMILAR   2
#define MPI_UNEQUAL   3

#define MPI_THREAD_SINGLE     0
#define MPI_THREAD_FUNNELED   1
#define MPI_THREAD_SERIALIZED 2
#define MPI_THREAD_MULTIPLE   3

#define MPI_BSEND_OVERHEAD 96
#define MPI_KEYVAL_INVALID 0x24000000

/* Split types for MPI_Comm_split_type */
#define MPI_COMM_TYPE_SHARED      1
#define MPI_COMM_TYPE_HW_GUIDED   2
#define MPI_COMM_TYPE_HW_UNGUIDED 3

/* Topology kinds returned by MPI_Topo_test */
#define MPI_GRAPH      1
#define MPI_CART       2
#define MPI_DIST_GRAPH 3

/* Array orders and distributions (subarray / darray constructors) */
#define MPI_ORDER_C              56
#define MPI_ORDER_FORTRAN        57
#define MPI_DISTRIBUTE_BLOCK     121
#define MPI_DISTRIBUTE_CYCLIC    122
#define MPI_DISTRIBUTE_NONE      123
#define MPI_DISTRIBUTE_DFLT_DARG (-49767)

/* Datatype combiners (MPI_Type_get_envelope) */
#define MPI_COMBINER_NAMED            1
#define MPI_COMBINER_DUP              2
#define MPI_COMBINER_CONTIGUOUS       3
#define MPI_COMBINER_VECTOR           4
#define MPI_COMBINER_HVECTOR_INTEGER  5
#define MPI_COMBINER_HVECTOR          6
#define MPI_COMBINER_INDEXED          7
#define MPI_COMBINER_HINDEXED_INTEGER 8
#define MPI_COMBINER_HINDEXED         9
#define MPI_COMBINER_INDEXED_BLOCK    10
#define MPI_COMBINER_STRUCT_INTEGER   11
#define MPI_COMBINER_STRUCT           12
#define MPI_COMBINER_SUBARRAY         13
#define MPI_COMBINER_DARRAY           14
#define MPI_COMBINER_F90_REAL         15
#define MPI_COMBINER_F90_COMPLEX      16
#define MPI_COMBINER_F90_INTEGER      17
#define MPI_COMBINER_RESIZED          18
#define MPI_COMBINER_HINDEXED_BLOCK   19

/* ===== String lengths =================================================== */

#define MPI_MAX_PROCESSOR_NAME         128
#define MPI_MAX_LIBRARY_VERSION_STRING 8192
#define MPI_MAX_ERROR_STRING           512
#define MPI_MAX_PORT_NAME              256
#define MPI_MAX_OBJECT_NAME            128
#define MPI_MAX_INFO_KEY               255
#define MPI_MAX_INFO_VAL               1024
#define MPI_MAX_DATAREP_STRING         128
#define MPI_MAX_STRINGTAG_LEN          256
#define MPI_MAX_PSET_NAME_LEN          256

/* ===== Predefined attribute keys ======================================== */
/* Communicator (MPI_COMM_WORLD) attributes */
#define MPI_TAG_UB          0x64400001
#define MPI_HOST            0x64400003
#define MPI_IO              0x64400005
#define MPI_WTIME_IS_GLOBAL 0x64400007
#define MPI_UNIVERSE_SIZE   0x64400009
#define MPI_LASTUSEDCODE    0x6440000b
#define MPI_APPNUM          0x6440000d

/* Window attributes */
#define MPI_WIN_BASE          0x66000001
#define MPI_WIN_SIZE          0x66000003
#define MPI_WIN_DISP_UNIT     0x66000005
#define MPI_WIN_CREATE_FLAVOR 0x66000007
#define MPI_WIN_MODEL         0x66000009

/* ===== One-sided communication ========================================== */

#define MPI_WIN_FLAVOR_CREATE   1
#define MPI_WIN_FLAVOR_ALLOCATE 2
#define MPI_WIN_FLAVOR_DYNAMIC  3
#define MPI_WIN_FLAVOR_SHARED   4

#define MPI_WIN_SEPARATE 1
#define MPI_WIN_UNIFIED  2

#define MPI_LOCK_EXCLUSIVE 234
#define MPI_LOCK_SHARED    235

/* Assertions (MPI_Win_fence, _post, _start, _lock) */
#define MPI_MODE_NOCHECK   1024
#define MPI_MODE_NOSTORE   2048
#define MPI_MODE_NOPUT     4096
#define MPI_MODE_NOPRECEDE 8192
#define MPI_MODE_NOSUCCEED 16384

/* ===== MPI-IO constants (routines not provided) ========================= */

#define MPI_MODE_CREATE          1
#define MPI_MODE_RDONLY          2
#define MPI_MODE_WRONLY          4
#define MPI_MODE_RDWR            8
#define MPI_MODE_DELETE_ON_CLOSE 16
#define MPI_MODE_UNIQUE_OPEN     32
#define MPI_MODE_EXCL            64
#define MPI_MODE_APPEND          128
#define MPI_MODE_SEQUENTIAL      256

#define MPI_SEEK_SET 600
#define MPI_SEEK_CUR 602
#define MPI_SEEK_END 604

#define MPI_DISPLACEMENT_CURRENT (-54278278)

/* ===== Error classes ==================================================== */

#define MPI_SUCCESS                   0
#define MPI_ERR_BUFFER                1
#define MPI_ERR_COUNT                 2
#define MPI_ERR_TYPE                  3
#define MPI_ERR_TAG                   4
#define MPI_ERR_COMM                  5
#define MPI_ERR_RANK                  6
#define MPI_ERR_ROOT                  7
#define MPI_ERR_GROUP                 8
#define MPI_ERR_OP                    9
#define MPI_ERR_TOPOLOGY              10
#define MPI_ERR_DIMS                  11
#define MPI_ERR_ARG                   12
#define MPI_ERR_UNKNOWN               13
#define MPI_ERR_TRUNCATE              14
#define MPI_ERR_OTHER                 15
#define MPI_ERR_INTERN                16
#define MPI_ERR_IN_STATUS             17
#define MPI_ERR_PENDING               18
#define MPI_ERR_REQUEST               19
#define MPI_ERR_ACCESS                20
#define MPI_ERR_AMODE                 21
#define MPI_ERR_BAD_FILE              22
#define MPI_ERR_CONVERSION            23
#define MPI_ERR_DUP_DATAREP           24
#define MPI_ERR_FILE_EXISTS           25
#define MPI_ERR_FILE_IN_USE           26
#define MPI_ERR_FILE                  27
#define MPI_ERR_INFO                  28
#define MPI_ERR_INFO_KEY              29
#define MPI_ERR_INFO_VALUE            30
#define MPI_ERR_INFO_NOKEY            31
#define MPI_ERR_IO                    32
#define MPI_ERR_NAME                  33
#define MPI_ERR_NO_MEM                34
#define MPI_ERR_NOT_SAME              35
#define MPI_ERR_NO_SPACE              36
#define MPI_ERR_NO_SUCH_FILE          37
#define MPI_ERR_PORT                  38
#define MPI_ERR_QUOTA                 39
#define MPI_ERR_READ_ONLY             40
#define MPI_ERR_SERVICE               41
#define MPI_ERR_SPAWN                 42
#define MPI_ERR_UNSUPPORTED_DATAREP   43
#define MPI_ERR_UNSUPPORTED_OPERATION 44
#define MPI_ERR_WIN                   45
#define MPI_ERR_BASE                  46
#define MPI_ERR_LOCKTYPE              47
#define MPI_ERR_KEYVAL                48
#define MPI_ERR_RMA_CONFLICT          49
#define MPI_ERR_RMA_SYNC              50
#define MPI_ERR_SIZE                  51
#define MPI_ERR_DISP                  52
#define MPI_ERR_ASSERT                53
/* 54 is unused */
#define MPI_ERR_RMA_RANGE             55
#define MPI_ERR_RMA_ATTACH            56
#define MPI_ERR_RMA_SHARED            57
#define MPI_ERR_RMA_FLAVOR            58
/* 59..74 and 78: MPI_T_ERR_* below */
#define MPI_ERR_SESSION               75
#define MPI_ERR_PROC_ABORTED          76
#define MPI_ERR_VALUE_TOO_LARGE       77
#define MPI_ERR_LASTCODE              0x3fffffff

/* ===== Tool information interface (MPI_T): constants ==================== */

#define MPI_T_ERR_MEMORY            59
#define MPI_T_ERR_NOT_INITIALIZED   60
#define MPI_T_ERR_CANNOT_INIT       61
#define MPI_T_ERR_INVALID_INDEX     62
#define MPI_T_ERR_INVALID_ITEM      63 /* deprecated */
#define MPI_T_ERR_INVALID_HANDLE    64
#define MPI_T_ERR_OUT_OF_HANDLES    65
#define MPI_T_ERR_OUT_OF_SESSIONS   66
#define MPI_T_ERR_INVALID_SESSION   67
#define MPI_T_ERR_CVAR_SET_NOT_NOW  68
#define MPI_T_ERR_CVAR_SET_NEVER    69
#define MPI_T_ERR_PVAR_NO_STARTSTOP 70
#define MPI_T_ERR_PVAR_NO_WRITE     71
#define MPI_T_ERR_PVAR_NO_ATOMIC    72
#define MPI_T_ERR_INVALID_NAME      73
#define MPI_T_ERR_INVALID           74
#define MPI_T_ERR_NOT_SUPPORTED     78

/* Verbosity levels (increasing) */
#define MPI_T_VERBOSITY_INVALID       0
#define MPI_T_VERBOSITY_USER_BASIC    221
#define MPI_T_VERBOSITY_USER_DETAIL   222
#define MPI_T_VERBOSITY_USER_ALL      223
#define MPI_T_VERBOSITY_TUNER_BASIC   224
#define MPI_T_VERBOSITY_TUNER_DETAIL  225
#define MPI_T_VERBOSITY_TUNER_ALL     226
#define MPI_T_VERBOSITY_MPIDEV_BASIC  227
#define MPI_T_VERBOSITY_MPIDEV_DETAIL 228
#define MPI_T_VERBOSITY_MPIDEV_ALL    229

/* Object a variable is bound to */
#define MPI_T_BIND_INVALID        0
#define MPI_T_BIND_NO_OBJECT      9700
#define MPI_T_BIND_MPI_COMM       9701
#define MPI_T_BIND_MPI_DATATYPE   9702
#define MPI_T_BIND_MPI_ERRHANDLER 9703
#define MPI_T_BIND_MPI_FILE       9704
#define MPI_T_BIND_MPI_GROUP      9705
#define MPI_T_BIND_MPI_OP         9706
#define MPI_T_BIND_MPI_REQUEST    9707
#define MPI_T_BIND_MPI_WIN        9708
#define MPI_T_BIND_MPI_MESSAGE    9709
#define MPI_T_BIND_MPI_INFO       9710

/* Scope of a control variable */
#define MPI_T_SCOPE_INVALID  0
#define MPI_T_SCOPE_CONSTANT 60438
#define MPI_T_SCOPE_READONLY 60439
#define MPI_T_SCOPE_LOCAL    60440
#define MPI_T_SCOPE_GROUP    60441
#define MPI_T_SCOPE_GROUP_EQ 60442
#define MPI_T_SCOPE_ALL      60443
#define MPI_T_SCOPE_ALL_EQ   60444

/* Performance variable classes */
#define MPI_T_PVAR_CLASS_INVALID       0
#define MPI_T_PVAR_CLASS_STATE         240
#define MPI_T_PVAR_CLASS_LEVEL         241
#define MPI_T_PVAR_CLASS_SIZE          242
#define MPI_T_PVAR_CLASS_PERCENTAGE    243
#define MPI_T_PVAR_CLASS_HIGHWATERMARK 244
#define MPI_T_PVAR_CLASS_LOWWATERMARK  245
#define MPI_T_PVAR_CLASS_COUNTER       246
#define MPI_T_PVAR_CLASS_AGGREGATE     247
#define MPI_T_PVAR_CLASS_TIMER         248
#define MPI_T_PVAR_CLASS_GENERIC       249

/* MPI_T handles are opaque pointers. */
struct gyre_T_enum_s;
struct gyre_T_cvar_handle_s;
struct gyre_T_pvar_handle_s;
struct gyre_T_pvar_session_s;
struct gyre_T_event_registration_s;
struct gyre_T_event_instance_s;
typedef struct gyre_T_enum_s               *MPI_T_enum;
typedef struct gyre_T_cvar_handle_s        *MPI_T_cvar_handle;
typedef struct gyre_T_pvar_handle_s        *MPI_T_pvar_handle;
typedef struct gyre_T_pvar_session_s       *MPI_T_pvar_session;
typedef struct gyre_T_event_registration_s *MPI_T_event_registration;
typedef struct gyre_T_event_instance_s     *MPI_T_event_instance;

#define MPI_T_ENUM_NULL         ((MPI_T_enum)0)
#define MPI_T_CVAR_HANDLE_NULL  ((MPI_T_cvar_handle)0)
#define MPI_T_PVAR_HANDLE_NULL  ((MPI_T_pvar_handle)0)
#define MPI_T_PVAR_SESSION_NULL ((MPI_T_pvar_session)0)

/* Stands for every handle of a session in MPI_T_pvar_start/stop/reset. */
extern GYRE_EXPORT MPI_T_pvar_handle const MPI_T_PVAR_ALL_HANDLES;

typedef enum MPI_T_cb_safety {
    MPI_T_CB_REQUIRE_NONE              = 0,
    MPI_T_CB_REQUIRE_MPI_RESTRICTED    = 1,
    MPI_T_CB_REQUIRE_THREAD_SAFE       = 2,
    MPI_T_CB_REQUIRE_ASYNC_SIGNAL_SAFE = 3
} MPI_T_cb_safety;

typedef enum MPI_T_source_order {
    MPI_T_SOURCE_ORDERED   = 0,
    MPI_T_SOURCE_UNORDERED = 1
} MPI_T_source_order;

/* ===== Callback types =================================================== */

/* Reduction operators */
typedef void (MPI_User_function)(void *invec, void *inoutvec, int *len,
                                 MPI_Datatype *datatype);
typedef void (MPI_User_function_c)(void *invec, void *inoutvec, MPI_Count *len,
                                   MPI_Datatype *datatype);

/* Attribute copy / delete */
typedef int (MPI_Comm_copy_attr_function)(MPI_Comm oldcomm, int comm_keyval,
                                          void *extra_state, void *attribute_val_in,
                                          void *attribute_val_out, int *flag);
typedef int (MPI_Comm_delete_attr_function)(MPI_Comm comm, int comm_keyval,
                                            void *attribute_val, void *extra_state);
typedef int (MPI_Type_copy_attr_function)(MPI_Datatype oldtype, int type_keyval,
                                          void *extra_state, void *attribute_val_in,
                                          void *attribute_val_out, int *flag);
typedef int (MPI_Type_delete_attr_function)(MPI_Datatype datatype, int type_keyval,
                                            void *attribute_val, void *extra_state);
typedef int (MPI_Win_copy_attr_function)(MPI_Win oldwin, int win_keyval,
                                         void *extra_state, void *attribute_val_in,
                                         void *attribute_val_out, int *flag);
typedef int (MPI_Win_delete_attr_function)(MPI_Win win, int win_keyval,
                                           void *attribute_val, void *extra_state);
/* MPI-1 names (deprecated) */
typedef int (MPI_Copy_function)(MPI_Comm oldcomm, int keyval, void *extra_state,
                                void *attribute_val_in, void *attribute_val_out,
                                int *flag);
typedef int (MPI_Delete_function)(MPI_Comm comm, int keyval, void *attribute_val,
                                  void *extra_state);

/* Error handlers */
typedef void (MPI_Comm_errhandler_function)(MPI_Comm *comm, int *error_code, ...);
typedef void (MPI_Win_errhandler_function)(MPI_Win *win, int *error_code, ...);
typedef void (MPI_File_errhandler_function)(MPI_File *file, int *error_code, ...);
typedef void (MPI_Session_errhandler_function)(MPI_Session *session,
                                               int *error_code, ...);
/* Older names */
typedef void (MPI_Handler_function)(MPI_Comm *comm, int *error_code, ...);
typedef MPI_Comm_errhandler_function    MPI_Comm_errhandler_fn;
typedef MPI_Win_errhandler_function     MPI_Win_errhandler_fn;
typedef MPI_File_errhandler_function    MPI_File_errhandler_fn;
typedef MPI_Session_errhandler_function MPI_Session_errhandler_fn;

/* Generalized requests */
typedef int (MPI_Grequest_query_function)(void *extra_state, MPI_Status *status);
typedef int (MPI_Grequest_free_function)(void *extra_state);
typedef int (MPI_Grequest_cancel_function)(void *extra_state, int complete);

/* Data representations (MPI-IO; types only) */
typedef int (MPI_Datarep_conversion_function)(void *userbuf, MPI_Datatype datatype,
                                              int count, void *filebuf,
                                              MPI_Offset position, void *extra_state);
typedef int (MPI_Datarep_conversion_function_c)(void *userbuf, MPI_Datatype datatype,
                                                MPI_Count count, void *filebuf,
                                                MPI_Offset position, void *extra_state);
typedef int (MPI_Datarep_extent_function)(MPI_Datatype datatype, MPI_Aint *extent,
                                          void *extra_state);

/* MPI_T events */
typedef void (MPI_T_event_cb_function)(MPI_T_event_instance event_instance,
                                       MPI_T_event_registration event_registration,
                                       MPI_T_cb_safety cb_safety, void *user_data);
typedef void (MPI_T_event_free_cb_function)(MPI_T_event_registration event_registration,
                                            MPI_T_cb_safety cb_safety, void *user_data);
typedef void (MPI_T_event_dropped_cb_function)(MPI_Count count,
                                               MPI_T_event_registration event_registration,
                                               int source_index, MPI_T_cb_safety cb_safety,
                                               void *user_data);

/* ===== Predefined callbacks ============================================= */

/* The attribute-copying callback: stores attribute_val_in in
 * *(void **)attribute_val_out and sets *flag = 1.  The name is the one
 * MPICH-built binaries reference (see the symbol list at the top). */
GYRE_EXPORT int MPIR_Dup_fn(MPI_Comm oldcomm, int keyval, void *extra_state,
                            void *attribute_val_in, void *attribute_val_out,
                            int *flag);

#define MPI_DUP_FN              MPIR_Dup_fn
#define MPI_NULL_COPY_FN        ((MPI_Copy_function *)0)
#define MPI_NULL_DELETE_FN      ((MPI_Delete_function *)0)
#define MPI_COMM_DUP_FN         ((MPI_Comm_copy_attr_function *)MPIR_Dup_fn)
#define MPI_COMM_NULL_COPY_FN   ((MPI_Comm_copy_attr_function *)0)
#define MPI_COMM_NULL_DELETE_FN ((MPI_Comm_delete_attr_function *)0)
#define MPI_TYPE_DUP_FN         ((MPI_Type_copy_attr_function *)MPIR_Dup_fn)
#define MPI_TYPE_NULL_COPY_FN   ((MPI_Type_copy_attr_function *)0)
#define MPI_TYPE_NULL_DELETE_FN ((MPI_Type_delete_attr_function *)0)
#define MPI_WIN_DUP_FN          ((MPI_Win_copy_attr_function *)MPIR_Dup_fn)
#define MPI_WIN_NULL_COPY_FN    ((MPI_Win_copy_attr_function *)0)
#define MPI_WIN_NULL_DELETE_FN  ((MPI_Win_delete_attr_function *)0)

#define MPI_CONVERSION_FN_NULL   ((MPI_Datarep_conversion_function *)0)
#define MPI_CONVERSION_FN_NULL_C ((MPI_Datarep_conversion_function_c *)0)

/* ===== Fortran handle conversion ======================================== */
/* A C handle and a Fortran INTEGER handle have the same value, so these are
 * macros (as the standard permits) and need no library symbol. */
#define MPI_Comm_c2f(h)       ((MPI_Fint)(h))
#define MPI_Comm_f2c(h)       ((MPI_Comm)(h))
#define MPI_Group_c2f(h)      ((MPI_Fint)(h))
#define MPI_Group_f2c(h)      ((MPI_Group)(h))
#define MPI_Type_c2f(h)       ((MPI_Fint)(h))
#define MPI_Type_f2c(h)       ((MPI_Datatype)(h))
#define MPI_Op_c2f(h)         ((MPI_Fint)(h))
#define MPI_Op_f2c(h)         ((MPI_Op)(h))
#define MPI_Errhandler_c2f(h) ((MPI_Fint)(h))
#define MPI_Errhandler_f2c(h) ((MPI_Errhandler)(h))
#define MPI_Request_c2f(h)    ((MPI_Fint)(h))
#define MPI_Request_f2c(h)    ((MPI_Request)(h))
#define MPI_Message_c2f(h)    ((MPI_Fint)(h))
#define MPI_Message_f2c(h)    ((MPI_Message)(h))
#define MPI_Info_c2f(h)       ((MPI_Fint)(h))
#define MPI_Info_f2c(h)       ((MPI_Info)(h))
#define MPI_Win_c2f(h)        ((MPI_Fint)(h))
#define MPI_Win_f2c(h)        ((MPI_Win)(h))
#define MPI_Session_c2f(h)    ((MPI_Fint)(h))
#define MPI_Session_f2c(h)    ((MPI_Session)(h))

#define PMPI_Comm_c2f(h)       MPI_Comm_c2f(h)
#define PMPI_Comm_f2c(h)       MPI_Comm_f2c(h)
#define PMPI_Group_c2f(h)      MPI_Group_c2f(h)
#define PMPI_Group_f2c(h)      MPI_Group_f2c(h)
#define PMPI_Type_c2f(h)       MPI_Type_c2f(h)
#define PMPI_Type_f2c(h)       MPI_Type_f2c(h)
#define PMPI_Op_c2f(h)         MPI_Op_c2f(h)
#define PMPI_Op_f2c(h)         MPI_Op_f2c(h)
#define PMPI_Errhandler_c2f(h) MPI_Errhandler_c2f(h)
#define PMPI_Errhandler_f2c(h) MPI_Errhandler_f2c(h)
#define PMPI_Request_c2f(h)    MPI_Request_c2f(h)
#define PMPI_Request_f2c(h)    MPI_Request_f2c(h)
#define PMPI_Message_c2f(h)    MPI_Message_c2f(h)
#define PMPI_Message_f2c(h)    MPI_Message_f2c(h)
#define PMPI_Info_c2f(h)       MPI_Info_c2f(h)
#define PMPI_Info_f2c(h)       MPI_Info_f2c(h)
#define PMPI_Win_c2f(h)        MPI_Win_c2f(h)
#define PMPI_Win_f2c(h)        MPI_Win_f2c(h)
#define PMPI_Session_c2f(h)    MPI_Session_c2f(h)
#define PMPI_Session_f2c(h)    MPI_Session_f2c(h)

/* ======================================================================== */
/* ===== Routines ========================================================= */
/* ======================================================================== */
/*
 * Each routine is written once, through GYRE_FN(return type, name without
 * the MPI_ prefix, (parameters)), which declares both MPI_name and
 * PMPI_name.  include/mpi_functions.txt lists every MPI_ name declared.
 *
 * Routines that have an MPI-4 large-count variant are written once more
 * abstractly, as a family macro taking a kind K: `int` for the classic
 * routine, `big` for the `_c` routine.  Inside a family:
 *   GYRE_NM(name, K)  name, or name_c
 *   GYRE_CNT(K)       element counts:            int      / MPI_Count
 *   GYRE_DSP(K)       displacement arrays in
 *                     v/w collectives, disp_unit: int      / MPI_Aint
 *   GYRE_ADR(K)       byte sizes and extents:    MPI_Aint / MPI_Count
 * and each family is instantiated for both kinds.
 */

#define GYRE_FN(ret, name, params)  GYRE_FN_(ret, name, params)
#define GYRE_FN_(ret, name, params) \
    GYRE_EXPORT ret MPI_##name params; \
    GYRE_EXPORT ret PMPI_##name params;

#define GYRE_NM(name, K)      GYRE_NM_##K(name)
#define GYRE_NM_int(name)     name
#define GYRE_NM_big(name)     name##_c
#define GYRE_CNT(K)           GYRE_CNT_##K
#define GYRE_CNT_int          int
#define GYRE_CNT_big          MPI_Count
#define GYRE_DSP(K)           GYRE_DSP_##K
#define GYRE_DSP_int          int
#define GYRE_DSP_big          MPI_Aint
#define GYRE_ADR(K)           GYRE_ADR_##K
#define GYRE_ADR_int          MPI_Aint
#define GYRE_ADR_big          MPI_Count

/* ----- Environment ------------------------------------------------------ */

GYRE_FN(int, Init, (int *argc, char ***argv))
GYRE_FN(int, Init_thread, (int *argc, char ***argv, int required, int *provided))
GYRE_FN(int, Finalize, (void))
GYRE_FN(int, Initialized, (int *flag))
GYRE_FN(int, Finalized, (int *flag))
GYRE_FN(int, Query_thread, (int *provided))
GYRE_FN(int, Is_thread_main, (int *flag))
GYRE_FN(int, Abort, (MPI_Comm comm, int errorcode))
GYRE_FN(double, Wtime, (void))
GYRE_FN(double, Wtick, (void))
GYRE_FN(int, Get_processor_name, (char *name, int *resultlen))
GYRE_FN(int, Get_version, (int *version, int *subversion))
GYRE_FN(int, Get_library_version, (char *version, int *resultlen))
GYRE_FN(int, Alloc_mem, (MPI_Aint size, MPI_Info info, void *baseptr))
GYRE_FN(int, Free_mem, (void *base))
GYRE_FN(int, Pcontrol, (const int level, ...))

/* ----- Sessions --------------------------------------------------------- */

GYRE_FN(int, Session_init, (MPI_Info info, MPI_Errhandler errhandler,
                            MPI_Session *session))
GYRE_FN(int, Session_finalize, (MPI_Session *session))
GYRE_FN(int, Session_get_num_psets, (MPI_Session session, MPI_Info info,
                                     int *npset_names))
GYRE_FN(int, Session_get_nth_pset, (MPI_Session session, MPI_Info info, int n,
                                    int *pset_len, char *pset_name))
GYRE_FN(int, Session_get_info, (MPI_Session session, MPI_Info *info_used))
GYRE_FN(int, Session_get_pset_info, (MPI_Session session, const char *pset_name,
                                     MPI_Info *info))
GYRE_FN(int, Session_create_errhandler,
        (MPI_Session_errhandler_function *session_errhandler_fn,
         MPI_Errhandler *errhandler))
GYRE_FN(int, Session_set_errhandler, (MPI_Session session, MPI_Errhandler errhandler))
GYRE_FN(int, Session_get_errhandler, (MPI_Session session, MPI_Errhandler *errhandler))
GYRE_FN(int, Session_call_errhandler, (MPI_Session session, int errorcode))

/* ----- Point-to-point ---------------------------------------------------- */

#define GYRE_P2P_FAMILY(K) \
    GYRE_FN(int, GYRE_NM(Send, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm)) \
    GYRE_FN(int, GYRE_NM(Bsend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm)) \
    GYRE_FN(int, GYRE_NM(Ssend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm)) \
    GYRE_FN(int, GYRE_NM(Rsend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm)) \
    GYRE_FN(int, GYRE_NM(Recv, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int source, int tag, MPI_Comm comm, \
        MPI_Status *status)) \
    GYRE_FN(int, GYRE_NM(Isend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Ibsend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Issend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Irsend, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Irecv, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int source, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Send_init, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Bsend_init, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Ssend_init, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Rsend_init, K), (const void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Recv_init, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int source, int tag, MPI_Comm comm, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Sendrecv, K), (const void *sendbuf, \
        GYRE_CNT(K) sendcount, MPI_Datatype sendtype, int dest, int sendtag, \
        void *recvbuf, GYRE_CNT(K) recvcount, MPI_Datatype recvtype, \
        int source, int recvtag, MPI_Comm comm, MPI_Status *status)) \
    GYRE_FN(int, GYRE_NM(Isendrecv, K), (const void *sendbuf, \
        GYRE_CNT(K) sendcount, MPI_Datatype sendtype, int dest, int sendtag, \
        void *recvbuf, GYRE_CNT(K) recvcount, MPI_Datatype recvtype, \
        int source, int recvtag, MPI_Comm comm, MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Sendrecv_replace, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int sendtag, int source, int recvtag, \
        MPI_Comm comm, MPI_Status *status)) \
    GYRE_FN(int, GYRE_NM(Isendrecv_replace, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, int dest, int sendtag, int source, int recvtag, \
        MPI_Comm comm, MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Mrecv, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, MPI_Message *message, MPI_Status *status)) \
    GYRE_FN(int, GYRE_NM(Imrecv, K), (void *buf, GYRE_CNT(K) count, \
        MPI_Datatype datatype, MPI_Message *message, MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Buffer_attach, K), (void *buffer, GYRE_CNT(K) size)) \
    GYRE_FN(int, GYRE_NM(Buffer_detach, K), (void *buffer_addr, \
        GYRE_CNT(K) *size)) \
    GYRE_FN(int, GYRE_NM(Get_count, K), (const MPI_Status *status, \
        MPI_Datatype datatype, GYRE_CNT(K) *count)) \
    GYRE_FN(int, GYRE_NM(Get_elements, K), (const MPI_Status *status, \
        MPI_Datatype datatype, GYRE_CNT(K) *count))

GYRE_P2P_FAMILY(int)
GYRE_P2P_FAMILY(big)

GYRE_FN(int, Probe, (int source, int tag, MPI_Comm comm, MPI_Status *status))
GYRE_FN(int, Iprobe, (int source, int tag, MPI_Comm comm, int *flag,
                      MPI_Status *status))
GYRE_FN(int, Mprobe, (int source, int tag, MPI_Comm comm, MPI_Message *message,
                      MPI_Status *status))
GYRE_FN(int, Improbe, (int source, int tag, MPI_Comm comm, int *flag,
                       MPI_Message *message, MPI_Status *status))

/* Partitioned communication */
GYRE_FN(int, Psend_init, (const void *buf, int partitions, MPI_Count count,
                          MPI_Datatype datatype, int dest, int tag, MPI_Comm comm,
                          MPI_Info info, MPI_Request *request))
GYRE_FN(int, Precv_init, (void *buf, int partitions, MPI_Count count,
                          MPI_Datatype datatype, int source, int tag, MPI_Comm comm,
                          MPI_Info info, MPI_Request *request))
GYRE_FN(int, Pready, (int partition, MPI_Request request))
GYRE_FN(int, Pready_range, (int partition_low, int partition_high,
                            MPI_Request request))
GYRE_FN(int, Pready_list, (int length, const int array_of_partitions[],
                           MPI_Request request))
GYRE_FN(int, Parrived, (MPI_Request request, int partition, int *flag))

/* Requests and completion */
GYRE_FN(int, Start, (MPI_Request *request))
GYRE_FN(int, Startall, (int count, MPI_Request array_of_requests[]))
GYRE_FN(int, Wait, (MPI_Request *request, MPI_Status *status))
GYRE_FN(int, Test, (MPI_Request *request, int *flag, MPI_Status *status))
/* Status arrays are declared as pointers: MPI_STATUSES_IGNORE is not an
 * array, and GCC 12 warns about passing it to an array parameter. */
GYRE_FN(int, Waitall, (int count, MPI_Request array_of_requests[],
                       MPI_Status *array_of_statuses))
GYRE_FN(int, Testall, (int count, MPI_Request array_of_requests[], int *flag,
                       MPI_Status *array_of_statuses))
GYRE_FN(int, Waitany, (int count, MPI_Request array_of_requests[], int *index,
                       MPI_Status *status))
GYRE_FN(int, Testany, (int count, MPI_Request array_of_requests[], int *index,
                       int *flag, MPI_Status *status))
GYRE_FN(int, Waitsome, (int incount, MPI_Request array_of_requests[],
                        int *outcount, int array_of_indices[],
                        MPI_Status *array_of_statuses))
GYRE_FN(int, Testsome, (int incount, MPI_Request array_of_requests[],
                        int *outcount, int array_of_indices[],
                        MPI_Status *array_of_statuses))
GYRE_FN(int, Request_free, (MPI_Request *request))
GYRE_FN(int, Request_get_status, (MPI_Request request, int *flag,
                                  MPI_Status *status))
GYRE_FN(int, Cancel, (MPI_Request *request))
GYRE_FN(int, Test_cancelled, (const MPI_Status *status, int *flag))

/* Generalized requests */
GYRE_FN(int, Grequest_start, (MPI_Grequest_query_function *query_fn,
                              MPI_Grequest_free_function *free_fn,
                              MPI_Grequest_cancel_function *cancel_fn,
                              void *extra_state, MPI_Request *request))
GYRE_FN(int, Grequest_complete, (MPI_Request request))

/* Status */
GYRE_FN(int, Get_elements_x, (const MPI_Status *status, MPI_Datatype datatype,
                              MPI_Count *count))
GYRE_FN(int, Status_set_elements, (MPI_Status *status, MPI_Datatype datatype,
                                   int count))
GYRE_FN(int, Status_set_elements_x, (MPI_Status *status, MPI_Datatype datatype,
                                     MPI_Count count))
GYRE_FN(int, Status_set_cancelled, (MPI_Status *status, int flag))
GYRE_FN(int, Status_c2f, (const MPI_Status *c_status, MPI_Fint *f_status))
GYRE_FN(int, Status_f2c, (const MPI_Fint *f_status, MPI_Status *c_status))
GYRE_FN(int, Status_c2f08, (const MPI_Status *c_status,
                            MPI_F08_status *f08_status))
GYRE_FN(int, Status_f082c, (const MPI_F08_status *f08_status,
                            MPI_Status *c_status))
GYRE_FN(int, Status_f2f08, (const MPI_Fint *f_status, MPI_F08_status *f08_status))
GYRE_FN(int, Status_f082f, (const MPI_F08_status *f08_status, MPI_Fint *f_status))

/* ----- Collectives ------------------------------------------------------ */
/* One parameter list per collective; GYRE_COLL declares the blocking form
 * MPI_<Name>, the nonblocking MPI_I<name> (+ request) and the persistent
 * MPI_<Name>_init (+ info, request), for the given kind. */

#define GYRE_COLL(Name, IName, K, PARAMS) \
    GYRE_FN(int, GYRE_NM(Name, K), (PARAMS(K))) \
    GYRE_FN(int, GYRE_NM(IName, K), (PARAMS(K), MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Name##_init, K), (PARAMS(K), MPI_Info info, \
                                           MPI_Request *request))

#define GYRE_P_BARRIER(K) MPI_Comm comm
#define GYRE_P_BCAST(K) void *buffer, GYRE_CNT(K) count, MPI_Datatype datatype, \
    int root, MPI_Comm comm
#define GYRE_P_GATHER(K) const void *sendbuf, GYRE_CNT(K) sendcount, \
    MPI_Datatype sendtype, void *recvbuf, GYRE_CNT(K) recvcount, \
    MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_P_GATHERV(K) const void *sendbuf, GYRE_CNT(K) sendcount, \
    MPI_Datatype sendtype, void *recvbuf, const GYRE_CNT(K) recvcounts[], \
    const GYRE_DSP(K) displs[], MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_P_SCATTER(K) const void *sendbuf, GYRE_CNT(K) sendcount, \
    MPI_Datatype sendtype, void *recvbuf, GYRE_CNT(K) recvcount, \
    MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_P_SCATTERV(K) const void *sendbuf, const GYRE_CNT(K) sendcounts[], \
    const GYRE_DSP(K) displs[], MPI_Datatype sendtype, void *recvbuf, \
    GYRE_CNT(K) recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm
#define GYRE_P_ALLGATHER(K) const void *sendbuf, GYRE_CNT(K) sendcount, \
    MPI_Datatype sendtype, void *recvbuf, GYRE_CNT(K) recvcount, \
    MPI_Datatype recvtype, MPI_Comm comm
#define GYRE_P_ALLGATHERV(K) const void *sendbuf, GYRE_CNT(K) sendcount, \
    MPI_Datatype sendtype, void *recvbuf, const GYRE_CNT(K) recvcounts[], \
    const GYRE_DSP(K) displs[], MPI_Datatype recvtype, MPI_Comm comm
#define GYRE_P_ALLTOALL(K) const void *sendbuf, GYRE_CNT(K) sendcount, \
    MPI_Datatype sendtype, void *recvbuf, GYRE_CNT(K) recvcount, \
    MPI_Datatype recvtype, MPI_Comm comm
#define GYRE_P_ALLTOALLV(K) const void *sendbuf, const GYRE_CNT(K) sendcounts[], \
    const GYRE_DSP(K) sdispls[], MPI_Datatype sendtype, void *recvbuf, \
    const GYRE_CNT(K) recvcounts[], const GYRE_DSP(K) rdispls[], \
    MPI_Datatype recvtype, MPI_Comm comm
#define GYRE_P_ALLTOALLW(K) const void *sendbuf, const GYRE_CNT(K) sendcounts[], \
    const GYRE_DSP(K) sdispls[], const MPI_Datatype sendtypes[], void *recvbuf, \
    const GYRE_CNT(K) recvcounts[], const GYRE_DSP(K) rdispls[], \
    const MPI_Datatype recvtypes[], MPI_Comm comm
#define GYRE_P_REDUCE(K) const void *sendbuf, void *recvbuf, GYRE_CNT(K) count, \
    MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm
#define GYRE_P_ALLREDUCE(K) const void *sendbuf, void *recvbuf, \
    GYRE_CNT(K) count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm
#define GYRE_P_REDUCE_SCATTER(K) const void *sendbuf, void *recvbuf, \
    const GYRE_CNT(K) recvcounts[], MPI_Datatype datatype, MPI_Op op, \
    MPI_Comm comm
#define GYRE_P_REDUCE_SCATTER_BLOCK(K) const void *sendbuf, void *recvbuf, \
    GYRE_CNT(K) recvcount, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm
#define GYRE_P_SCAN(K) const void *sendbuf, void *recvbuf, GYRE_CNT(K) count, \
    MPI_Datatype datatype, MPI_Op op, MPI_Comm comm
/* Neighborhood collectives: alltoallw displacements are bytes (MPI_Aint)
 * in both kinds. */
#define GYRE_P_NEIGHBOR_ALLTOALLW(K) const void *sendbuf, \
    const GYRE_CNT(K) sendcounts[], const MPI_Aint sdispls[], \
    const MPI_Datatype sendtypes[], void *recvbuf, \
    const GYRE_CNT(K) recvcounts[], const MPI_Aint rdispls[], \
    const MPI_Datatype recvtypes[], MPI_Comm comm

#define GYRE_COLL_FAMILY(K) \
    GYRE_COLL(Bcast, Ibcast, K, GYRE_P_BCAST) \
    GYRE_COLL(Gather, Igather, K, GYRE_P_GATHER) \
    GYRE_COLL(Gatherv, Igatherv, K, GYRE_P_GATHERV) \
    GYRE_COLL(Scatter, Iscatter, K, GYRE_P_SCATTER) \
    GYRE_COLL(Scatterv, Iscatterv, K, GYRE_P_SCATTERV) \
    GYRE_COLL(Allgather, Iallgather, K, GYRE_P_ALLGATHER) \
    GYRE_COLL(Allgatherv, Iallgatherv, K, GYRE_P_ALLGATHERV) \
    GYRE_COLL(Alltoall, Ialltoall, K, GYRE_P_ALLTOALL) \
    GYRE_COLL(Alltoallv, Ialltoallv, K, GYRE_P_ALLTOALLV) \
    GYRE_COLL(Alltoallw, Ialltoallw, K, GYRE_P_ALLTOALLW) \
    GYRE_COLL(Reduce, Ireduce, K, GYRE_P_REDUCE) \
    GYRE_COLL(Allreduce, Iallreduce, K, GYRE_P_ALLREDUCE) \
    GYRE_COLL(Reduce_scatter, Ireduce_scatter, K, GYRE_P_REDUCE_SCATTER) \
    GYRE_COLL(Reduce_scatter_block, Ireduce_scatter_block, K, \
              GYRE_P_REDUCE_SCATTER_BLOCK) \
    GYRE_COLL(Scan, Iscan, K, GYRE_P_SCAN) \
    GYRE_COLL(Exscan, Iexscan, K, GYRE_P_SCAN) \
    GYRE_COLL(Neighbor_allgather, Ineighbor_allgather, K, GYRE_P_ALLGATHER) \
    GYRE_COLL(Neighbor_allgatherv, Ineighbor_allgatherv, K, GYRE_P_ALLGATHERV) \
    GYRE_COLL(Neighbor_alltoall, Ineighbor_alltoall, K, GYRE_P_ALLTOALL) \
    GYRE_COLL(Neighbor_alltoallv, Ineighbor_alltoallv, K, GYRE_P_ALLTOALLV) \
    GYRE_COLL(Neighbor_alltoallw, Ineighbor_alltoallw, K, \
              GYRE_P_NEIGHBOR_ALLTOALLW) \
    GYRE_FN(int, GYRE_NM(Reduce_local, K), (const void *inbuf, void *inoutbuf, \
        GYRE_CNT(K) count, MPI_Datatype datatype, MPI_Op op))

GYRE_COLL(Barrier, Ibarrier, int, GYRE_P_BARRIER)
GYRE_COLL_FAMILY(int)
GYRE_COLL_FAMILY(big)

/* ----- Reduction operations ---------------------------------------------- */

GYRE_FN(int, Op_create, (MPI_User_function *user_fn, int commute, MPI_Op *op))
GYRE_FN(int, Op_create_c, (MPI_User_function_c *user_fn, int commute, MPI_Op *op))
GYRE_FN(int, Op_free, (MPI_Op *op))
GYRE_FN(int, Op_commutative, (MPI_Op op, int *commute))

/* ----- Groups ------------------------------------------------------------ */

GYRE_FN(int, Group_size, (MPI_Group group, int *size))
GYRE_FN(int, Group_rank, (MPI_Group group, int *rank))
GYRE_FN(int, Group_translate_ranks, (MPI_Group group1, int n, const int ranks1[],
                                     MPI_Group group2, int ranks2[]))
GYRE_FN(int, Group_compare, (MPI_Group group1, MPI_Group group2, int *result))
GYRE_FN(int, Group_union, (MPI_Group group1, MPI_Group group2, MPI_Group *newgroup))
GYRE_FN(int, Group_intersection, (MPI_Group group1, MPI_Group group2,
                                  MPI_Group *newgroup))
GYRE_FN(int, Group_difference, (MPI_Group group1, MPI_Group group2,
                                MPI_Group *newgroup))
GYRE_FN(int, Group_incl, (MPI_Group group, int n, const int ranks[],
                          MPI_Group *newgroup))
GYRE_FN(int, Group_excl, (MPI_Group group, int n, const int ranks[],
                          MPI_Group *newgroup))
GYRE_FN(int, Group_range_incl, (MPI_Group group, int n, int ranges[][3],
                                MPI_Group *newgroup))
GYRE_FN(int, Group_range_excl, (MPI_Group group, int n, int ranges[][3],
                                MPI_Group *newgroup))
GYRE_FN(int, Group_free, (MPI_Group *group))
GYRE_FN(int, Group_from_session_pset, (MPI_Session session, const char *pset_name,
                                       MPI_Group *newgroup))

/* ----- Communicators ----------------------------------------------------- */

GYRE_FN(int, Comm_size, (MPI_Comm comm, int *size))
GYRE_FN(int, Comm_rank, (MPI_Comm comm, int *rank))
GYRE_FN(int, Comm_compare, (MPI_Comm comm1, MPI_Comm comm2, int *result))
GYRE_FN(int, Comm_group, (MPI_Comm comm, MPI_Group *group))
GYRE_FN(int, Comm_dup, (MPI_Comm comm, MPI_Comm *newcomm))
GYRE_FN(int, Comm_dup_with_info, (MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm))
GYRE_FN(int, Comm_idup, (MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request))
GYRE_FN(int, Comm_idup_with_info, (MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm,
                                   MPI_Request *request))
GYRE_FN(int, Comm_create, (MPI_Comm comm, MPI_Group group, MPI_Comm *newcomm))
GYRE_FN(int, Comm_create_group, (MPI_Comm comm, MPI_Group group, int tag,
                                 MPI_Comm *newcomm))
GYRE_FN(int, Comm_create_from_group, (MPI_Group group, const char *stringtag,
                                      MPI_Info info, MPI_Errhandler errhandler,
                                      MPI_Comm *newcomm))
GYRE_FN(int, Comm_split, (MPI_Comm comm, int color, int key, MPI_Comm *newcomm))
GYRE_FN(int, Comm_split_type, (MPI_Comm comm, int split_type, int key,
                               MPI_Info info, MPI_Comm *newcomm))
GYRE_FN(int, Comm_free, (MPI_Comm *comm))
GYRE_FN(int, Comm_test_inter, (MPI_Comm comm, int *flag))
GYRE_FN(int, Comm_remote_size, (MPI_Comm comm, int *size))
GYRE_FN(int, Comm_remote_group, (MPI_Comm comm, MPI_Group *group))
GYRE_FN(int, Intercomm_create, (MPI_Comm local_comm, int local_leader,
                                MPI_Comm peer_comm, int remote_leader, int tag,
                                MPI_Comm *newintercomm))
GYRE_FN(int, Intercomm_create_from_groups, (MPI_Group local_group,
                                            int local_leader,
                                            MPI_Group remote_group,
                                            int remote_leader,
                                            const char *stringtag, MPI_Info info,
                                            MPI_Errhandler errhandler,
                                            MPI_Comm *newintercomm))
GYRE_FN(int, Intercomm_merge, (MPI_Comm intercomm, int high,
                               MPI_Comm *newintracomm))
GYRE_FN(int, Comm_set_info, (MPI_Comm comm, MPI_Info info))
GYRE_FN(int, Comm_get_info, (MPI_Comm comm, MPI_Info *info_used))
GYRE_FN(int, Comm_set_name, (MPI_Comm comm, const char *comm_name))
GYRE_FN(int, Comm_get_name, (MPI_Comm comm, char *comm_name, int *resultlen))

/* Process creation and connection */
GYRE_FN(int, Comm_spawn, (const char *command, char *argv[], int maxprocs,
                          MPI_Info info, int root, MPI_Comm comm,
                          MPI_Comm *intercomm, int array_of_errcodes[]))
GYRE_FN(int, Comm_spawn_multiple, (int count, char *array_of_commands[],
                                   char **array_of_argv[],
                                   const int array_of_maxprocs[],
                                   const MPI_Info array_of_info[], int root,
                                   MPI_Comm comm, MPI_Comm *intercomm,
                                   int array_of_errcodes[]))
GYRE_FN(int, Comm_get_parent, (MPI_Comm *parent))
GYRE_FN(int, Comm_accept, (const char *port_name, MPI_Info info, int root,
                           MPI_Comm comm, MPI_Comm *newcomm))
GYRE_FN(int, Comm_connect, (const char *port_name, MPI_Info info, int root,
                            MPI_Comm comm, MPI_Comm *newcomm))
GYRE_FN(int, Comm_disconnect, (MPI_Comm *comm))
GYRE_FN(int, Comm_join, (int fd, MPI_Comm *intercomm))
GYRE_FN(int, Open_port, (MPI_Info info, char *port_name))
GYRE_FN(int, Close_port, (const char *port_name))
GYRE_FN(int, Publish_name, (const char *service_name, MPI_Info info,
                            const char *port_name))
GYRE_FN(int, Unpublish_name, (const char *service_name, MPI_Info info,
                              const char *port_name))
GYRE_FN(int, Lookup_name, (const char *service_name, MPI_Info info,
                           char *port_name))

/* ----- Process topologies ------------------------------------------------ */

GYRE_FN(int, Dims_create, (int nnodes, int ndims, int dims[]))
GYRE_FN(int, Topo_test, (MPI_Comm comm, int *status))
GYRE_FN(int, Cart_create, (MPI_Comm comm_old, int ndims, const int dims[],
                           const int periods[], int reorder, MPI_Comm *comm_cart))
GYRE_FN(int, Cartdim_get, (MPI_Comm comm, int *ndims))
GYRE_FN(int, Cart_get, (MPI_Comm comm, int maxdims, int dims[], int periods[],
                        int coords[]))
GYRE_FN(int, Cart_rank, (MPI_Comm comm, const int coords[], int *rank))
GYRE_FN(int, Cart_coords, (MPI_Comm comm, int rank, int maxdims, int coords[]))
GYRE_FN(int, Cart_shift, (MPI_Comm comm, int direction, int disp,
                          int *rank_source, int *rank_dest))
GYRE_FN(int, Cart_sub, (MPI_Comm comm, const int remain_dims[],
                        MPI_Comm *newcomm))
GYRE_FN(int, Cart_map, (MPI_Comm comm, int ndims, const int dims[],
                        const int periods[], int *newrank))
GYRE_FN(int, Graph_create, (MPI_Comm comm_old, int nnodes, const int index[],
                            const int edges[], int reorder, MPI_Comm *comm_graph))
GYRE_FN(int, Graphdims_get, (MPI_Comm comm, int *nnodes, int *nedges))
GYRE_FN(int, Graph_get, (MPI_Comm comm, int maxindex, int maxedges, int index[],
                         int edges[]))
GYRE_FN(int, Graph_neighbors_count, (MPI_Comm comm, int rank, int *nneighbors))
GYRE_FN(int, Graph_neighbors, (MPI_Comm comm, int rank, int maxneighbors,
                               int neighbors[]))
GYRE_FN(int, Graph_map, (MPI_Comm comm, int nnodes, const int index[],
                         const int edges[], int *newrank))
GYRE_FN(int, Dist_graph_create, (MPI_Comm comm_old, int n, const int sources[],
                                 const int degrees[], const int destinations[],
                                 const int weights[], MPI_Info info, int reorder,
                                 MPI_Comm *comm_dist_graph))
GYRE_FN(int, Dist_graph_create_adjacent, (MPI_Comm comm_old, int indegree,
                                          const int sources[],
                                          const int sourceweights[],
                                          int outdegree,
                                          const int destinations[],
                                          const int destweights[], MPI_Info info,
                                          int reorder, MPI_Comm *comm_dist_graph))
GYRE_FN(int, Dist_graph_neighbors_count, (MPI_Comm comm, int *indegree,
                                          int *outdegree, int *weighted))
GYRE_FN(int, Dist_graph_neighbors, (MPI_Comm comm, int maxindegree, int sources[],
                                    int sourceweights[], int maxoutdegree,
                                    int destinations[], int destweights[]))

/* ----- Datatypes --------------------------------------------------------- */

#define GYRE_TYPE_FAMILY(K) \
    GYRE_FN(int, GYRE_NM(Type_contiguous, K), (GYRE_CNT(K) count, \
        MPI_Datatype oldtype, MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_vector, K), (GYRE_CNT(K) count, \
        GYRE_CNT(K) blocklength, GYRE_CNT(K) stride, MPI_Datatype oldtype, \
        MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_hvector, K), (GYRE_CNT(K) count, \
        GYRE_CNT(K) blocklength, GYRE_ADR(K) stride, MPI_Datatype oldtype, \
        MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_indexed, K), (GYRE_CNT(K) count, \
        const GYRE_CNT(K) array_of_blocklengths[], \
        const GYRE_CNT(K) array_of_displacements[], MPI_Datatype oldtype, \
        MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_hindexed, K), (GYRE_CNT(K) count, \
        const GYRE_CNT(K) array_of_blocklengths[], \
        const GYRE_ADR(K) array_of_displacements[], MPI_Datatype oldtype, \
        MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_indexed_block, K), (GYRE_CNT(K) count, \
        GYRE_CNT(K) blocklength, const GYRE_CNT(K) array_of_displacements[], \
        MPI_Datatype oldtype, MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_hindexed_block, K), (GYRE_CNT(K) count, \
        GYRE_CNT(K) blocklength, const GYRE_ADR(K) array_of_displacements[], \
        MPI_Datatype oldtype, MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_struct, K), (GYRE_CNT(K) count, \
        const GYRE_CNT(K) array_of_blocklengths[], \
        const GYRE_ADR(K) array_of_displacements[], \
        const MPI_Datatype array_of_types[], MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_subarray, K), (int ndims, \
        const GYRE_CNT(K) array_of_sizes[], \
        const GYRE_CNT(K) array_of_subsizes[], \
        const GYRE_CNT(K) array_of_starts[], int order, MPI_Datatype oldtype, \
        MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_darray, K), (int size, int rank, \
        int ndims, const GYRE_CNT(K) array_of_gsizes[], \
        const int array_of_distribs[], const int array_of_dargs[], \
        const int array_of_psizes[], int order, MPI_Datatype oldtype, \
        MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_create_resized, K), (MPI_Datatype oldtype, \
        GYRE_ADR(K) lb, GYRE_ADR(K) extent, MPI_Datatype *newtype)) \
    GYRE_FN(int, GYRE_NM(Type_get_extent, K), (MPI_Datatype datatype, \
        GYRE_ADR(K) *lb, GYRE_ADR(K) *extent)) \
    GYRE_FN(int, GYRE_NM(Type_get_true_extent, K), (MPI_Datatype datatype, \
        GYRE_ADR(K) *true_lb, GYRE_ADR(K) *true_extent)) \
    GYRE_FN(int, GYRE_NM(Type_size, K), (MPI_Datatype datatype, \
        GYRE_CNT(K) *size)) \
    GYRE_FN(int, GYRE_NM(Pack, K), (const void *inbuf, GYRE_CNT(K) incount, \
        MPI_Datatype datatype, void *outbuf, GYRE_CNT(K) outsize, \
        GYRE_CNT(K) *position, MPI_Comm comm)) \
    GYRE_FN(int, GYRE_NM(Unpack, K), (const void *inbuf, GYRE_CNT(K) insize, \
        GYRE_CNT(K) *position, void *outbuf, GYRE_CNT(K) outcount, \
        MPI_Datatype datatype, MPI_Comm comm)) \
    GYRE_FN(int, GYRE_NM(Pack_size, K), (GYRE_CNT(K) incount, \
        MPI_Datatype datatype, MPI_Comm comm, GYRE_CNT(K) *size)) \
    GYRE_FN(int, GYRE_NM(Pack_external, K), (const char datarep[], \
        const void *inbuf, GYRE_CNT(K) incount, MPI_Datatype datatype, \
        void *outbuf, GYRE_ADR(K) outsize, GYRE_ADR(K) *position)) \
    GYRE_FN(int, GYRE_NM(Unpack_external, K), (const char datarep[], \
        const void *inbuf, GYRE_ADR(K) insize, GYRE_ADR(K) *position, \
        void *outbuf, GYRE_CNT(K) outcount, MPI_Datatype datatype)) \
    GYRE_FN(int, GYRE_NM(Pack_external_size, K), (const char datarep[], \
        GYRE_CNT(K) incount, MPI_Datatype datatype, GYRE_ADR(K) *size))

GYRE_TYPE_FAMILY(int)
GYRE_TYPE_FAMILY(big)

GYRE_FN(int, Type_get_envelope, (MPI_Datatype datatype, int *num_integers,
                                 int *num_addresses, int *num_datatypes,
                                 int *combiner))
GYRE_FN(int, Type_get_envelope_c, (MPI_Datatype datatype, MPI_Count *num_integers,
                                   MPI_Count *num_addresses,
                                   MPI_Count *num_large_counts,
                                   MPI_Count *num_datatypes, int *combiner))
GYRE_FN(int, Type_get_contents, (MPI_Datatype datatype, int max_integers,
                                 int max_addresses, int max_datatypes,
                                 int array_of_integers[],
                                 MPI_Aint array_of_addresses[],
                                 MPI_Datatype array_of_datatypes[]))
GYRE_FN(int, Type_get_contents_c, (MPI_Datatype datatype, MPI_Count max_integers,
                                   MPI_Count max_addresses,
                                   MPI_Count max_large_counts,
                                   MPI_Count max_datatypes,
                                   int array_of_integers[],
                                   MPI_Aint array_of_addresses[],
                                   MPI_Count array_of_large_counts[],
                                   MPI_Datatype array_of_datatypes[]))
GYRE_FN(int, Type_get_extent_x, (MPI_Datatype datatype, MPI_Count *lb,
                                 MPI_Count *extent))
GYRE_FN(int, Type_get_true_extent_x, (MPI_Datatype datatype, MPI_Count *true_lb,
                                      MPI_Count *true_extent))
GYRE_FN(int, Type_size_x, (MPI_Datatype datatype, MPI_Count *size))
GYRE_FN(int, Type_commit, (MPI_Datatype *datatype))
GYRE_FN(int, Type_free, (MPI_Datatype *datatype))
GYRE_FN(int, Type_dup, (MPI_Datatype oldtype, MPI_Datatype *newtype))
GYRE_FN(int, Type_set_name, (MPI_Datatype datatype, const char *type_name))
GYRE_FN(int, Type_get_name, (MPI_Datatype datatype, char *type_name,
                             int *resultlen))
GYRE_FN(int, Type_match_size, (int typeclass, int size, MPI_Datatype *datatype))
GYRE_FN(int, Type_create_f90_integer, (int r, MPI_Datatype *newtype))
GYRE_FN(int, Type_create_f90_real, (int p, int r, MPI_Datatype *newtype))
GYRE_FN(int, Type_create_f90_complex, (int p, int r, MPI_Datatype *newtype))
GYRE_FN(int, Get_address, (const void *location, MPI_Aint *address))
GYRE_FN(MPI_Aint, Aint_add, (MPI_Aint base, MPI_Aint disp))
GYRE_FN(MPI_Aint, Aint_diff, (MPI_Aint addr1, MPI_Aint addr2))

/* ----- Attributes -------------------------------------------------------- */

GYRE_FN(int, Comm_create_keyval, (MPI_Comm_copy_attr_function *comm_copy_attr_fn,
                                  MPI_Comm_delete_attr_function *comm_delete_attr_fn,
                                  int *comm_keyval, void *extra_state))
GYRE_FN(int, Comm_free_keyval, (int *comm_keyval))
GYRE_FN(int, Comm_set_attr, (MPI_Comm comm, int comm_keyval, void *attribute_val))
GYRE_FN(int, Comm_get_attr, (MPI_Comm comm, int comm_keyval, void *attribute_val,
                             int *flag))
GYRE_FN(int, Comm_delete_attr, (MPI_Comm comm, int comm_keyval))
GYRE_FN(int, Type_create_keyval, (MPI_Type_copy_attr_function *type_copy_attr_fn,
                                  MPI_Type_delete_attr_function *type_delete_attr_fn,
                                  int *type_keyval, void *extra_state))
GYRE_FN(int, Type_free_keyval, (int *type_keyval))
GYRE_FN(int, Type_set_attr, (MPI_Datatype datatype, int type_keyval,
                             void *attribute_val))
GYRE_FN(int, Type_get_attr, (MPI_Datatype datatype, int type_keyval,
                             void *attribute_val, int *flag))
GYRE_FN(int, Type_delete_attr, (MPI_Datatype datatype, int type_keyval))
GYRE_FN(int, Win_create_keyval, (MPI_Win_copy_attr_function *win_copy_attr_fn,
                                 MPI_Win_delete_attr_function *win_delete_attr_fn,
                                 int *win_keyval, void *extra_state))
GYRE_FN(int, Win_free_keyval, (int *win_keyval))
GYRE_FN(int, Win_set_attr, (MPI_Win win, int win_keyval, void *attribute_val))
GYRE_FN(int, Win_get_attr, (MPI_Win win, int win_keyval, void *attribute_val,
                            int *flag))
GYRE_FN(int, Win_delete_attr, (MPI_Win win, int win_keyval))

/* ----- Error handling ---------------------------------------------------- */

GYRE_FN(int, Comm_create_errhandler,
        (MPI_Comm_errhandler_function *comm_errhandler_fn,
         MPI_Errhandler *errhandler))
GYRE_FN(int, Comm_set_errhandler, (MPI_Comm comm, MPI_Errhandler errhandler))
GYRE_FN(int, Comm_get_errhandler, (MPI_Comm comm, MPI_Errhandler *errhandler))
GYRE_FN(int, Comm_call_errhandler, (MPI_Comm comm, int errorcode))
GYRE_FN(int, Win_create_errhandler,
        (MPI_Win_errhandler_function *win_errhandler_fn,
         MPI_Errhandler *errhandler))
GYRE_FN(int, Win_set_errhandler, (MPI_Win win, MPI_Errhandler errhandler))
GYRE_FN(int, Win_get_errhandler, (MPI_Win win, MPI_Errhandler *errhandler))
GYRE_FN(int, Win_call_errhandler, (MPI_Win win, int errorcode))
GYRE_FN(int, Errhandler_free, (MPI_Errhandler *errhandler))
GYRE_FN(int, Error_class, (int errorcode, int *errorclass))
GYRE_FN(int, Error_string, (int errorcode, char *string, int *resultlen))
GYRE_FN(int, Add_error_class, (int *errorclass))
GYRE_FN(int, Add_error_code, (int errorclass, int *errorcode))
GYRE_FN(int, Add_error_string, (int errorcode, const char *string))
/* From MPI-4.1 (MPICH 4.0 has them only as MPIX_Delete_error_*). */
GYRE_FN(int, Remove_error_class, (int errorclass))
GYRE_FN(int, Remove_error_code, (int errorcode))
GYRE_FN(int, Remove_error_string, (int errorcode))

/* ----- Info -------------------------------------------------------------- */

GYRE_FN(int, Info_create, (MPI_Info *info))
GYRE_FN(int, Info_create_env, (int argc, char *argv[], MPI_Info *info))
GYRE_FN(int, Info_set, (MPI_Info info, const char *key, const char *value))
GYRE_FN(int, Info_get, (MPI_Info info, const char *key, int valuelen, char *value,
                        int *flag))
GYRE_FN(int, Info_get_string, (MPI_Info info, const char *key, int *buflen,
                               char *value, int *flag))
GYRE_FN(int, Info_get_valuelen, (MPI_Info info, const char *key, int *valuelen,
                                 int *flag))
GYRE_FN(int, Info_get_nkeys, (MPI_Info info, int *nkeys))
GYRE_FN(int, Info_get_nthkey, (MPI_Info info, int n, char *key))
GYRE_FN(int, Info_delete, (MPI_Info info, const char *key))
GYRE_FN(int, Info_dup, (MPI_Info info, MPI_Info *newinfo))
GYRE_FN(int, Info_free, (MPI_Info *info))

/* ----- One-sided communication ------------------------------------------ */

#define GYRE_RMA_FAMILY(K) \
    GYRE_FN(int, GYRE_NM(Win_create, K), (void *base, MPI_Aint size, \
        GYRE_DSP(K) disp_unit, MPI_Info info, MPI_Comm comm, MPI_Win *win)) \
    GYRE_FN(int, GYRE_NM(Win_allocate, K), (MPI_Aint size, \
        GYRE_DSP(K) disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr, \
        MPI_Win *win)) \
    GYRE_FN(int, GYRE_NM(Win_allocate_shared, K), (MPI_Aint size, \
        GYRE_DSP(K) disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr, \
        MPI_Win *win)) \
    GYRE_FN(int, GYRE_NM(Win_shared_query, K), (MPI_Win win, int rank, \
        MPI_Aint *size, GYRE_DSP(K) *disp_unit, void *baseptr)) \
    GYRE_FN(int, GYRE_NM(Put, K), (const void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        int target_rank, MPI_Aint target_disp, GYRE_CNT(K) target_count, \
        MPI_Datatype target_datatype, MPI_Win win)) \
    GYRE_FN(int, GYRE_NM(Get, K), (void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        int target_rank, MPI_Aint target_disp, GYRE_CNT(K) target_count, \
        MPI_Datatype target_datatype, MPI_Win win)) \
    GYRE_FN(int, GYRE_NM(Accumulate, K), (const void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        int target_rank, MPI_Aint target_disp, GYRE_CNT(K) target_count, \
        MPI_Datatype target_datatype, MPI_Op op, MPI_Win win)) \
    GYRE_FN(int, GYRE_NM(Get_accumulate, K), (const void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        void *result_addr, GYRE_CNT(K) result_count, \
        MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp, \
        GYRE_CNT(K) target_count, MPI_Datatype target_datatype, MPI_Op op, \
        MPI_Win win)) \
    GYRE_FN(int, GYRE_NM(Rput, K), (const void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        int target_rank, MPI_Aint target_disp, GYRE_CNT(K) target_count, \
        MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Rget, K), (void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        int target_rank, MPI_Aint target_disp, GYRE_CNT(K) target_count, \
        MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Raccumulate, K), (const void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        int target_rank, MPI_Aint target_disp, GYRE_CNT(K) target_count, \
        MPI_Datatype target_datatype, MPI_Op op, MPI_Win win, \
        MPI_Request *request)) \
    GYRE_FN(int, GYRE_NM(Rget_accumulate, K), (const void *origin_addr, \
        GYRE_CNT(K) origin_count, MPI_Datatype origin_datatype, \
        void *result_addr, GYRE_CNT(K) result_count, \
        MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp, \
        GYRE_CNT(K) target_count, MPI_Datatype target_datatype, MPI_Op op, \
        MPI_Win win, MPI_Request *request))

GYRE_RMA_FAMILY(int)
GYRE_RMA_FAMILY(big)

GYRE_FN(int, Win_create_dynamic, (MPI_Info info, MPI_Comm comm, MPI_Win *win))
GYRE_FN(int, Win_attach, (MPI_Win win, void *base, MPI_Aint size))
GYRE_FN(int, Win_detach, (MPI_Win win, const void *base))
GYRE_FN(int, Win_free, (MPI_Win *win))
GYRE_FN(int, Win_get_group, (MPI_Win win, MPI_Group *group))
GYRE_FN(int, Win_set_info, (MPI_Win win, MPI_Info info))
GYRE_FN(int, Win_get_info, (MPI_Win win, MPI_Info *info_used))
GYRE_FN(int, Win_set_name, (MPI_Win win, const char *win_name))
GYRE_FN(int, Win_get_name, (MPI_Win win, char *win_name, int *resultlen))
GYRE_FN(int, Fetch_and_op, (const void *origin_addr, void *result_addr,
                            MPI_Datatype datatype, int target_rank,
                            MPI_Aint target_disp, MPI_Op op, MPI_Win win))
GYRE_FN(int, Compare_and_swap, (const void *origin_addr, const void *compare_addr,
                                void *result_addr, MPI_Datatype datatype,
                                int target_rank, MPI_Aint target_disp,
                                MPI_Win win))
GYRE_FN(int, Win_fence, (int assert, MPI_Win win))
GYRE_FN(int, Win_start, (MPI_Group group, int assert, MPI_Win win))
GYRE_FN(int, Win_complete, (MPI_Win win))
GYRE_FN(int, Win_post, (MPI_Group group, int assert, MPI_Win win))
GYRE_FN(int, Win_wait, (MPI_Win win))
GYRE_FN(int, Win_test, (MPI_Win win, int *flag))
GYRE_FN(int, Win_lock, (int lock_type, int rank, int assert, MPI_Win win))
GYRE_FN(int, Win_lock_all, (int assert, MPI_Win win))
GYRE_FN(int, Win_unlock, (int rank, MPI_Win win))
GYRE_FN(int, Win_unlock_all, (MPI_Win win))
GYRE_FN(int, Win_flush, (int rank, MPI_Win win))
GYRE_FN(int, Win_flush_all, (MPI_Win win))
GYRE_FN(int, Win_flush_local, (int rank, MPI_Win win))
GYRE_FN(int, Win_flush_local_all, (MPI_Win win))
GYRE_FN(int, Win_sync, (MPI_Win win))

/* ----- Tool information interface (MPI_T) -------------------------------- */

GYRE_FN(int, T_init_thread, (int required, int *provided))
GYRE_FN(int, T_finalize, (void))
GYRE_FN(int, T_enum_get_info, (MPI_T_enum enumtype, int *num, char *name,
                               int *name_len))
GYRE_FN(int, T_enum_get_item, (MPI_T_enum enumtype, int index, int *value,
                               char *name, int *name_len))
/* Control variables */
GYRE_FN(int, T_cvar_get_num, (int *num_cvar))
GYRE_FN(int, T_cvar_get_info, (int cvar_index, char *name, int *name_len,
                               int *verbosity, MPI_Datatype *datatype,
                               MPI_T_enum *enumtype, char *desc, int *desc_len,
                               int *bind, int *scope))
GYRE_FN(int, T_cvar_get_index, (const char *name, int *cvar_index))
GYRE_FN(int, T_cvar_handle_alloc, (int cvar_index, void *obj_handle,
                                   MPI_T_cvar_handle *handle, int *count))
GYRE_FN(int, T_cvar_handle_free, (MPI_T_cvar_handle *handle))
GYRE_FN(int, T_cvar_read, (MPI_T_cvar_handle handle, void *buf))
GYRE_FN(int, T_cvar_write, (MPI_T_cvar_handle handle, const void *buf))
/* Performance variables */
GYRE_FN(int, T_pvar_get_num, (int *num_pvar))
GYRE_FN(int, T_pvar_get_info, (int pvar_index, char *name, int *name_len,
                               int *verbosity, int *var_class,
                               MPI_Datatype *datatype, MPI_T_enum *enumtype,
                               char *desc, int *desc_len, int *bind,
                               int *readonly, int *continuous, int *atomic))
GYRE_FN(int, T_pvar_get_index, (const char *name, int var_class, int *pvar_index))
GYRE_FN(int, T_pvar_session_create, (MPI_T_pvar_session *session))
GYRE_FN(int, T_pvar_session_free, (MPI_T_pvar_session *session))
GYRE_FN(int, T_pvar_handle_alloc, (MPI_T_pvar_session session, int pvar_index,
                                   void *obj_handle, MPI_T_pvar_handle *handle,
                                   int *count))
GYRE_FN(int, T_pvar_handle_free, (MPI_T_pvar_session session,
                                  MPI_T_pvar_handle *handle))
GYRE_FN(int, T_pvar_start, (MPI_T_pvar_session session, MPI_T_pvar_handle handle))
GYRE_FN(int, T_pvar_stop, (MPI_T_pvar_session session, MPI_T_pvar_handle handle))
GYRE_FN(int, T_pvar_read, (MPI_T_pvar_session session, MPI_T_pvar_handle handle,
                           void *buf))
GYRE_FN(int, T_pvar_write, (MPI_T_pvar_session session, MPI_T_pvar_handle handle,
                            const void *buf))
GYRE_FN(int, T_pvar_reset, (MPI_T_pvar_session session, MPI_T_pvar_handle handle))
GYRE_FN(int, T_pvar_readreset, (MPI_T_pvar_session session,
                                MPI_T_pvar_handle handle, void *buf))
/* Categories */
GYRE_FN(int, T_category_get_num, (int *num_cat))
GYRE_FN(int, T_category_get_info, (int cat_index, char *name, int *name_len,
                                   char *desc, int *desc_len, int *num_cvars,
                                   int *num_pvars, int *num_categories))
GYRE_FN(int, T_category_get_index, (const char *name, int *cat_index))
GYRE_FN(int, T_category_get_cvars, (int cat_index, int len, int indices[]))
GYRE_FN(int, T_category_get_pvars, (int cat_index, int len, int indices[]))
GYRE_FN(int, T_category_get_categories, (int cat_index, int len, int indices[]))
GYRE_FN(int, T_category_get_num_events, (int cat_index, int *num_events))
GYRE_FN(int, T_category_get_events, (int cat_index, int len, int indices[]))
GYRE_FN(int, T_category_changed, (int *update_number))
/* Event sources and events */
GYRE_FN(int, T_source_get_num, (int *num_sources))
GYRE_FN(int, T_source_get_info, (int source_index, char *name, int *name_len,
                                 char *desc, int *desc_len,
                                 MPI_T_source_order *ordering,
                                 MPI_Count *ticks_per_second,
                                 MPI_Count *max_ticks, MPI_Info *info))
GYRE_FN(int, T_source_get_timestamp, (int source_index, MPI_Count *timestamp))
GYRE_FN(int, T_event_get_num, (int *num_events))
GYRE_FN(int, T_event_get_info, (int event_index, char *name, int *name_len,
                                int *verbosity, MPI_Datatype array_of_datatypes[],
                                MPI_Aint array_of_displacements[],
                                int *num_elements, MPI_T_enum *enumtype,
                                MPI_Info *info, char *desc, int *desc_len,
                                int *bind))
GYRE_FN(int, T_event_get_index, (const char *name, int *event_index))
GYRE_FN(int, T_event_handle_alloc, (int event_index, void *obj_handle,
                                    MPI_Info info,
                                    MPI_T_event_registration *event_registration))
GYRE_FN(int, T_event_handle_set_info,
        (MPI_T_event_registration event_registration, MPI_Info info))
GYRE_FN(int, T_event_handle_get_info,
        (MPI_T_event_registration event_registration, MPI_Info *info_used))
GYRE_FN(int, T_event_register_callback,
        (MPI_T_event_registration event_registration, MPI_T_cb_safety cb_safety,
         MPI_Info info, void *user_data, MPI_T_event_cb_function *event_cb_function))
GYRE_FN(int, T_event_callback_set_info,
        (MPI_T_event_registration event_registration, MPI_T_cb_safety cb_safety,
         MPI_Info info))
GYRE_FN(int, T_event_callback_get_info,
        (MPI_T_event_registration event_registration, MPI_T_cb_safety cb_safety,
         MPI_Info *info_used))
GYRE_FN(int, T_event_handle_free,
        (MPI_T_event_registration event_registration, void *user_data,
         MPI_T_event_free_cb_function *free_cb_function))
GYRE_FN(int, T_event_set_dropped_handler,
        (MPI_T_event_registration event_registration,
         MPI_T_event_dropped_cb_function *dropped_cb_function))
GYRE_FN(int, T_event_read, (MPI_T_event_instance event_instance, int element_index,
                            void *buffer))
GYRE_FN(int, T_event_copy, (MPI_T_event_instance event_instance, void *buffer))
GYRE_FN(int, T_event_get_timestamp, (MPI_T_event_instance event_instance,
                                     MPI_Count *event_timestamp))
GYRE_FN(int, T_event_get_source, (MPI_T_event_instance event_instance,
                                  int *source_index))

/* ----- Deprecated and removed routines ----------------------------------- */
/* Deprecated since MPI-2.0 and removed in MPI-3.0, but still declared by
 * MPICH and called by old binaries; the library provides them for the ABI.
 * New code should use the replacements named in each comment. */

GYRE_FN(int, Keyval_create, (MPI_Copy_function *copy_fn,       /* Comm_create_keyval */
                             MPI_Delete_function *delete_fn, int *keyval,
                             void *extra_state))
GYRE_FN(int, Keyval_free, (int *keyval))                       /* Comm_free_keyval */
GYRE_FN(int, Attr_put, (MPI_Comm comm, int keyval,             /* Comm_set_attr */
                        void *attribute_val))
GYRE_FN(int, Attr_get, (MPI_Comm comm, int keyval,             /* Comm_get_attr */
                        void *attribute_val, int *flag))
GYRE_FN(int, Attr_delete, (MPI_Comm comm, int keyval))         /* Comm_delete_attr */
GYRE_FN(int, Errhandler_create, (MPI_Handler_function *function, /* Comm_create_errhandler */
                                 MPI_Errhandler *errhandler))
GYRE_FN(int, Errhandler_set, (MPI_Comm comm,                   /* Comm_set_errhandler */
                              MPI_Errhandler errhandler))
GYRE_FN(int, Errhandler_get, (MPI_Comm comm,                   /* Comm_get_errhandler */
                              MPI_Errhandler *errhandler))
GYRE_FN(int, Address, (void *location, MPI_Aint *address))     /* Get_address */
GYRE_FN(int, Type_extent, (MPI_Datatype datatype,              /* Type_get_extent */
                           MPI_Aint *extent))
GYRE_FN(int, Type_lb, (MPI_Datatype datatype,                  /* Type_get_extent */
                       MPI_Aint *displacement))
GYRE_FN(int, Type_ub, (MPI_Datatype datatype,                  /* Type_get_extent */
                       MPI_Aint *displacement))
GYRE_FN(int, Type_hvector, (int count, int blocklength,        /* Type_create_hvector */
                            MPI_Aint stride, MPI_Datatype oldtype,
                            MPI_Datatype *newtype))
GYRE_FN(int, Type_hindexed, (int count, int array_of_blocklengths[], /* Type_create_hindexed */
                             MPI_Aint array_of_displacements[],
                             MPI_Datatype oldtype, MPI_Datatype *newtype))
GYRE_FN(int, Type_struct, (int count, int array_of_blocklengths[], /* Type_create_struct */
                           MPI_Aint array_of_displacements[],
                           MPI_Datatype array_of_types[], MPI_Datatype *newtype))

/* The declaration helpers are not part of the interface. */
#undef GYRE_FN
#undef GYRE_FN_
#undef GYRE_NM
#undef GYRE_NM_int
#undef GYRE_NM_big
#undef GYRE_CNT
#undef GYRE_CNT_int
#undef GYRE_CNT_big
#undef GYRE_DSP
#undef GYRE_DSP_int
#undef GYRE_DSP_big
#undef GYRE_ADR
#undef GYRE_ADR_int
#undef GYRE_ADR_big
#undef GYRE_P2P_FAMILY
#undef GYRE_COLL
#undef GYRE_COLL_FAMILY
#undef GYRE_TYPE_FAMILY
#undef GYRE_RMA_FAMILY
#undef GYRE_P_BARRIER
#undef GYRE_P_BCAST
#undef GYRE_P_GATHER
#undef GYRE_P_GATHERV
#undef GYRE_P_SCATTER
#undef GYRE_P_SCATTERV
#undef GYRE_P_ALLGATHER
#undef GYRE_P_ALLGATHERV
#undef GYRE_P_ALLTOALL
#undef GYRE_P_ALLTOALLV
#undef GYRE_P_ALLTOALLW
#undef GYRE_P_REDUCE
#undef GYRE_P_ALLREDUCE
#undef GYRE_P_REDUCE_SCATTER
#undef GYRE_P_REDUCE_SCATTER_BLOCK
#undef GYRE_P_SCAN
#undef GYRE_P_NEIGHBOR_ALLTOALLW

#if defined(__cplusplus)
}
#endif

#endif /* GYRE_MPI_H_INCLUDED */
