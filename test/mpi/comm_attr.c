/* Keyvals and attributes: copy callbacks at dup, delete callbacks at
 * free/delete/replace (newest first at free), MPI_COMM_DUP_FN,
 * MPI_COMM_NULL_COPY_FN, deprecated MPI-1 forms, predefined attributes,
 * and MPI_COMM_SELF attributes deleted at MPI_Finalize. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "rank %d: check failed: %s: ", wrank, #cond); \
  fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); MPI_Abort(MPI_COMM_WORLD, 1); } } while (0)

static int wrank;
static char log_[256];
static void note(const char* s) { strcat(log_, s); }

static int copy_fn(MPI_Comm c, int k, void* extra, void* in, void* out, int* flag) {
  (void)c; (void)k;
  note("c"); note((const char*)extra);
  *(void**)out = (void*)((char*)in + 1);
  *flag = 1;
  return MPI_SUCCESS;
}
static int delete_fn(MPI_Comm c, int k, void* value, void* extra) {
  (void)c; (void)k; (void)value;
  note("d"); note((const char*)extra);
  return MPI_SUCCESS;
}
static int self_deleted = 0;
static int self_delete(MPI_Comm c, int k, void* v, void* e) {
  (void)c; (void)k; (void)v; (void)e;
  self_deleted = 1;
  return MPI_SUCCESS;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &wrank);
  int ka, kb, kc, kold;
  MPI_Comm_create_keyval(copy_fn, delete_fn, &ka, "A");
  MPI_Comm_create_keyval(copy_fn, delete_fn, &kb, "B");
  MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, delete_fn, &kc, "C");
  MPI_Keyval_create(MPI_DUP_FN, MPI_NULL_DELETE_FN, &kold, NULL);

  MPI_Comm c; MPI_Comm_dup(MPI_COMM_WORLD, &c);
  static char base[8];
  MPI_Comm_set_attr(c, ka, base);
  MPI_Comm_set_attr(c, kb, base + 2);
  MPI_Comm_set_attr(c, kc, base + 4);
  MPI_Attr_put(c, kold, base + 5);
  void* v; int flag;
  MPI_Comm_get_attr(c, kb, &v, &flag);
  CHECK(flag && v == base + 2, "get B");

  MPI_Comm d; MPI_Comm_dup(c, &d);
  CHECK(strcmp(log_, "cAcB") == 0, "copy callbacks at dup, in order: '%s'", log_);
  MPI_Comm_get_attr(d, ka, &v, &flag); CHECK(flag && v == base + 1, "copied A is in+1");
  MPI_Comm_get_attr(d, kc, &v, &flag); CHECK(!flag, "NULL_COPY_FN attribute not copied");
  MPI_Attr_get(d, kold, &v, &flag); CHECK(flag && v == base + 5, "MPI_DUP_FN copies the value");

  log_[0] = 0;
  MPI_Comm_set_attr(d, ka, base + 7);  /* replace: deletes the old value */
  CHECK(strcmp(log_, "dA") == 0, "replace deletes: '%s'", log_);
  log_[0] = 0;
  MPI_Comm_delete_attr(d, kb);
  CHECK(strcmp(log_, "dB") == 0, "delete_attr: '%s'", log_);
  MPI_Comm_get_attr(d, kb, &v, &flag); CHECK(!flag, "deleted attribute is gone");
  log_[0] = 0;
  MPI_Comm_free(&d);
  CHECK(strcmp(log_, "dA") == 0, "free deletes the rest: '%s'", log_);

  /* Freeing the keyval keeps attributes alive until they go. */
  MPI_Comm_free_keyval(&ka);
  CHECK(ka == MPI_KEYVAL_INVALID, "free_keyval resets the handle");
  log_[0] = 0;
  MPI_Comm_free(&c);
  CHECK(strcmp(log_, "dCdBdA") == 0, "free deletes newest first: '%s'", log_);
  MPI_Comm_free_keyval(&kb); MPI_Comm_free_keyval(&kc); MPI_Keyval_free(&kold);

  /* Predefined attributes. */
  int* p;
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &p, &flag);
  CHECK(flag && *p == 0x7fffffff, "MPI_TAG_UB = %d", flag ? *p : -1);
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_HOST, &p, &flag); CHECK(flag && *p == MPI_PROC_NULL, "MPI_HOST");
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_IO, &p, &flag); CHECK(flag, "MPI_IO");
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_WTIME_IS_GLOBAL, &p, &flag); CHECK(flag && (*p == 0 || *p == 1), "WTIME_IS_GLOBAL");
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &p, &flag); CHECK(flag && *p >= 0, "APPNUM");
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &p, &flag); CHECK(flag && *p >= 1, "UNIVERSE_SIZE");
  MPI_Attr_get(MPI_COMM_WORLD, MPI_TAG_UB, &p, &flag); CHECK(flag && *p == 0x7fffffff, "Attr_get TAG_UB");

  /* MPI_COMM_SELF attributes are deleted at the start of MPI_Finalize. */
  int ks; MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, self_delete, &ks, NULL);
  MPI_Comm_set_attr(MPI_COMM_SELF, ks, NULL);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
  CHECK(self_deleted, "MPI_COMM_SELF attribute deleted at finalize");
  if (wrank == 0) printf("OK\n");
  return 0;
}
