/* With MPI_ERRORS_RETURN, every error class these bindings raise is
 * reachable from a bad argument and MPI_Error_string names the function and
 * the argument; user error handlers, Comm_call_errhandler, user error
 * classes/codes/strings, and info objects. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "rank %d: check failed: %s: ", wrank, #cond); \
  fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); MPI_Abort(MPI_COMM_WORLD, 1); } } while (0)

static int wrank, wsize;

static void expect(int rc, int cls, const char* fn, const char* word) {
  int got; MPI_Error_class(rc, &got);
  char s[MPI_MAX_ERROR_STRING]; int len;
  MPI_Error_string(rc, s, &len);
  CHECK(got == cls, "%s: class %d, expected %d (%s)", fn, got, cls, s);
  CHECK(strstr(s, fn) != NULL, "message names the function %s: %s", fn, s);
  CHECK(strstr(s, word) != NULL, "message names '%s': %s", word, s);
}

static int handler_calls = 0, handler_code = 0;
static void my_handler(MPI_Comm* c, int* code, ...) { (void)c; handler_calls++; handler_code = *code; }

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  MPI_Comm_size(MPI_COMM_WORLD, &wsize);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  MPI_Group world, g; MPI_Comm_group(MPI_COMM_WORLD, &world);
  MPI_Comm c; int x;

  expect(MPI_Comm_rank(MPI_COMM_NULL, &x), MPI_ERR_COMM, "MPI_Comm_rank", "MPI_COMM_NULL");
  expect(MPI_Comm_size(MPI_COMM_WORLD, NULL), MPI_ERR_ARG, "MPI_Comm_size", "size");
  expect(MPI_Comm_dup((MPI_Comm)0x84001234, &c), MPI_ERR_COMM, "MPI_Comm_dup", "invalid communicator");
  int bad[2] = {0, wsize};
  expect(MPI_Group_incl(world, 1, &bad[1], &g), MPI_ERR_RANK, "MPI_Group_incl", "ranks[0]");
  int dup[2] = {0, 0};
  if (wsize >= 2) expect(MPI_Group_incl(world, 2, dup, &g), MPI_ERR_RANK, "MPI_Group_incl", "duplicate");
  int range[1][3] = {{0, 0, 0}};
  expect(MPI_Group_range_incl(world, 1, range, &g), MPI_ERR_ARG, "MPI_Group_range_incl", "stride 0");
  expect(MPI_Group_size(MPI_GROUP_NULL, &x), MPI_ERR_GROUP, "MPI_Group_size", "MPI_GROUP_NULL");
  expect(MPI_Comm_split(MPI_COMM_WORLD, -5, 0, &c), MPI_ERR_ARG, "MPI_Comm_split", "color");
  expect(MPI_Comm_get_attr(MPI_COMM_WORLD, 12345, &x, &x), MPI_ERR_KEYVAL, "MPI_Comm_get_attr", "keyval");
  expect(MPI_Comm_free_keyval(&x), MPI_ERR_KEYVAL, "MPI_Comm_free_keyval", "keyval");
  int src, dst;
  expect(MPI_Cart_shift(MPI_COMM_WORLD, 0, 1, &src, &dst), MPI_ERR_TOPOLOGY, "MPI_Cart_shift", "Cartesian");
  int dims[2] = {-1, 0};
  expect(MPI_Dims_create(4, 2, dims), MPI_ERR_DIMS, "MPI_Dims_create", "dims[0]");
  int dd[1] = {wsize + 1}, per[1] = {0};
  expect(MPI_Cart_create(MPI_COMM_WORLD, 1, dd, per, 0, &c), MPI_ERR_TOPOLOGY, "MPI_Cart_create", "grid");
  expect(MPI_Comm_create_group(MPI_COMM_WORLD, world, -3, &c), MPI_ERR_TAG, "MPI_Comm_create_group", "tag");
  expect(MPI_Comm_free(&(MPI_Comm){MPI_COMM_WORLD}), MPI_ERR_COMM, "MPI_Comm_free", "predefined");
  expect(MPI_Comm_remote_size(MPI_COMM_WORLD, &x), MPI_ERR_COMM, "MPI_Comm_remote_size", "intercommunicator");

  /* Info errors. */
  MPI_Info info; MPI_Info_create(&info);
  expect(MPI_Info_set(info, "", "v"), MPI_ERR_INFO_KEY, "MPI_Info_set", "key");
  char longval[MPI_MAX_INFO_VAL + 10]; memset(longval, 'x', sizeof longval); longval[sizeof longval - 1] = 0;
  expect(MPI_Info_set(info, "k", longval), MPI_ERR_INFO_VALUE, "MPI_Info_set", "value");
  expect(MPI_Info_delete(info, "absent"), MPI_ERR_INFO_NOKEY, "MPI_Info_delete", "absent");
  expect(MPI_Info_get_nkeys(MPI_INFO_NULL, &x), MPI_ERR_INFO, "MPI_Info_get_nkeys", "MPI_INFO_NULL");
  expect(MPI_Info_get_nthkey(info, 3, longval), MPI_ERR_ARG, "MPI_Info_get_nthkey", "n = 3");

  /* Info behaviour. */
  MPI_Info_set(info, "b", "2"); MPI_Info_set(info, "a", "one"); MPI_Info_set(info, "b", "two");
  int n, flag, len; char key[MPI_MAX_INFO_KEY + 1], val[64];
  MPI_Info_get_nkeys(info, &n); CHECK(n == 2, "nkeys %d", n);
  MPI_Info_get_nthkey(info, 0, key); CHECK(strcmp(key, "b") == 0, "first key %s", key);
  len = sizeof val; MPI_Info_get_string(info, "b", &len, val, &flag);
  CHECK(flag && strcmp(val, "two") == 0 && len == 4, "get_string %s %d", val, len);
  len = 0; MPI_Info_get_string(info, "a", &len, val, &flag); CHECK(flag && len == 4, "get_string length query");
  MPI_Info_get_valuelen(info, "a", &len, &flag); CHECK(flag && len == 3, "valuelen");
  MPI_Info_get(info, "a", 2, val, &flag); CHECK(flag && strcmp(val, "on") == 0, "Info_get truncates: %s", val);
  MPI_Info d; MPI_Info_dup(info, &d); MPI_Info_delete(d, "a");
  MPI_Info_get_nkeys(d, &n); CHECK(n == 1, "dup then delete");
  MPI_Info_get_nkeys(info, &n); CHECK(n == 2, "original intact");
  MPI_Info_free(&d); CHECK(d == MPI_INFO_NULL, "free sets NULL");
  MPI_Info_get_nkeys(MPI_INFO_ENV, &n); CHECK(n >= 1, "MPI_INFO_ENV has keys");
  MPI_Info_get(MPI_INFO_ENV, "maxprocs", 63, val, &flag);
  CHECK(flag && (n = 0, sscanf(val, "%d", &n) == 1) && n == wsize, "INFO_ENV maxprocs %s", val);
  /* Hints on a communicator, including the coll override key. */
  MPI_Info_set(info, "gyre_coll_allreduce", "ring");
  MPI_Comm_dup_with_info(MPI_COMM_WORLD, info, &c);
  MPI_Info used; MPI_Comm_get_info(c, &used);
  MPI_Info_get(used, "b", 63, val, &flag); CHECK(flag && strcmp(val, "two") == 0, "hints kept");
  int one = 1, sum = 0; MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, c); CHECK(sum == wsize, "allreduce with hint");
  MPI_Info_free(&used); MPI_Comm_free(&c); MPI_Info_free(&info);

  /* User error handler and Comm_call_errhandler. */
  MPI_Errhandler eh; MPI_Comm_create_errhandler(my_handler, &eh);
  MPI_Comm_dup(MPI_COMM_WORLD, &c);
  MPI_Comm_set_errhandler(c, eh);
  MPI_Errhandler_free(&eh);  /* still used by c */
  MPI_Comm_call_errhandler(c, MPI_ERR_OTHER);
  CHECK(handler_calls == 1 && handler_code == MPI_ERR_OTHER, "user handler called with the code");
  MPI_Comm_split(c, -7, 0, &c);  /* raised on c */
  CHECK(handler_calls == 2 && handler_code == MPI_ERR_ARG, "user handler on a failing call");
  MPI_Errhandler got; MPI_Comm_get_errhandler(c, &got);
  MPI_Comm d2; MPI_Comm_dup(c, &d2);
  MPI_Errhandler got2; MPI_Comm_get_errhandler(d2, &got2);
  CHECK(got == got2, "dup inherits the error handler");
  MPI_Comm_free(&d2); MPI_Comm_free(&c);

  /* User error classes, codes, strings. */
  int cls, code, lastused, *p;
  MPI_Add_error_class(&cls);
  MPI_Add_error_code(cls, &code);
  MPI_Add_error_string(code, "my special failure");
  char s[MPI_MAX_ERROR_STRING];
  MPI_Error_string(code, s, &len); CHECK(strcmp(s, "my special failure") == 0, "user string: %s", s);
  MPI_Error_class(code, &x); CHECK(x == cls, "class of user code");
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_LASTUSEDCODE, &p, &flag);
  lastused = *p; CHECK(flag && lastused >= code && lastused >= cls, "LASTUSEDCODE %d", lastused);
  CHECK(MPI_Remove_error_class(cls) != MPI_SUCCESS, "a class with codes cannot be removed");
  MPI_Remove_error_string(code); MPI_Remove_error_code(code); MPI_Remove_error_class(cls);
  expect(MPI_Error_class(code, &x), MPI_ERR_ARG, "MPI_Error_class", "errorcode");

  /* MPI_Comm_set_info is all or nothing: a bad hint after good ones leaves
   * the communicator's hints as they were (nothing applied, nothing kept). */
  {
    MPI_Comm sc; MPI_Comm_dup(MPI_COMM_WORLD, &sc);
    MPI_Comm_set_errhandler(sc, MPI_ERRORS_RETURN);
    MPI_Info mixed; MPI_Info_create(&mixed);
    MPI_Info_set(mixed, "gyre_coll_allreduce", "ring");
    MPI_Info_set(mixed, "my_note", "kept?");
    MPI_Info_set(mixed, "gyre_coll_bcast", "no_such_algorithm");
    expect(MPI_Comm_set_info(sc, mixed), MPI_ERR_ARG, "MPI_Comm_set_info", "no_such_algorithm");
    MPI_Info used; MPI_Comm_get_info(sc, &used);
    char v[64]; int f = 0;
    MPI_Info_get(used, "gyre_coll_allreduce", sizeof v - 1, v, &f);
    CHECK(!f, "a refused set_info applied gyre_coll_allreduce=%s", v);
    MPI_Info_get(used, "my_note", sizeof v - 1, v, &f);
    CHECK(!f, "a refused set_info kept my_note");
    MPI_Info_free(&used); MPI_Info_free(&mixed);
    double one = 1, sum = 0;
    CHECK(MPI_Allreduce(&one, &sum, 1, MPI_DOUBLE, MPI_SUM, sc) == MPI_SUCCESS && sum == wsize, "allreduce after");
    MPI_Comm_free(&sc);
  }

  MPI_Group_free(&world);
  MPI_Barrier(MPI_COMM_WORLD);
  if (wrank == 0) printf("OK\n");
  MPI_Finalize();
  return 0;
}
