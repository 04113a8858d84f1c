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
/* Error-path callbacks: a copy that fails, and a delete that records the
 * communicator it was given (and that the handle is usable). */
static int fail_copy(MPI_Comm c, int k, void* extra, void* in, void* out, int* flag) {
  (void)c; (void)k; (void)extra; (void)in; (void)out; *flag = 0;
  return MPI_ERR_OTHER;
}
static MPI_Comm deleted_on = MPI_COMM_NULL;
static int deleted_count = 0, deleted_size_rc = -1;
static int record_delete(MPI_Comm c, int k, void* value, void* extra) {
  (void)k; (void)value; (void)extra;
  int sz;
  deleted_on = c;
  deleted_count++;
  deleted_size_rc = MPI_Comm_size(c, &sz);
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

  /* A stale copy of a freed keyval handle cannot free it again (the
   * attribute still using it keeps its delete callback). */
  {
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int kx, stale, cls, rc;
    MPI_Comm e; MPI_Comm_dup(MPI_COMM_WORLD, &e);
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, delete_fn, &kx, "X");
    MPI_Comm_set_attr(e, kx, base);
    stale = kx;
    CHECK(MPI_Comm_free_keyval(&kx) == MPI_SUCCESS, "first free_keyval");
    rc = MPI_Comm_free_keyval(&stale);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_KEYVAL, "second free of a stale keyval copy: class %d", cls);
    log_[0] = 0;
    MPI_Comm_free(&e);
    CHECK(strcmp(log_, "dX") == 0, "attribute of a freed keyval still deleted at free: '%s'", log_);
    /* Now the keyval is gone. */
    rc = MPI_Comm_free_keyval(&stale);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_KEYVAL, "free of a keyval gone: class %d", cls);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_ARE_FATAL);
  }

  /* A failing copy callback: the copies made before it are deleted, with the
   * new communicator's handle (not the parent's), and their keyval uses are
   * released -- for MPI_Comm_dup and MPI_Comm_idup alike. */
  {
    MPI_Comm f; MPI_Comm_dup(MPI_COMM_WORLD, &f);
    MPI_Comm_set_errhandler(f, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    int kok, kfail, rc, cls;
    MPI_Comm_create_keyval(copy_fn, record_delete, &kok, "K");
    MPI_Comm_create_keyval(fail_copy, MPI_COMM_NULL_DELETE_FN, &kfail, NULL);
    MPI_Comm_set_attr(f, kok, base);
    MPI_Comm_set_attr(f, kfail, base);
    MPI_Comm g = MPI_COMM_NULL;
    deleted_count = 0; deleted_on = MPI_COMM_NULL; deleted_size_rc = -1;
    rc = MPI_Comm_dup(f, &g);
    CHECK(rc != MPI_SUCCESS && g == MPI_COMM_NULL, "dup with a failing copy callback fails (rc %d)", rc);
    CHECK(deleted_count == 1, "dup: the partial copy is deleted (%d delete calls)", deleted_count);
    CHECK(deleted_on != f, "dup: delete callback got the parent's handle");
    CHECK(deleted_size_rc == MPI_SUCCESS, "dup: delete callback's handle is usable (rc %d)", deleted_size_rc);

    MPI_Request req;
    deleted_count = 0; deleted_on = MPI_COMM_NULL; deleted_size_rc = -1;
    rc = MPI_Comm_idup(f, &g, &req);
    CHECK(rc == MPI_SUCCESS, "idup starts (rc %d)", rc);
    MPI_Status st;
    rc = MPI_Wait(&req, &st);
    CHECK(g == MPI_COMM_NULL, "idup with a failing copy callback gives MPI_COMM_NULL");
    CHECK(deleted_count == 1, "idup: the partial copy is deleted (%d delete calls)", deleted_count);
    CHECK(deleted_on != f, "idup: delete callback got the parent's handle");
    CHECK(deleted_size_rc == MPI_SUCCESS, "idup: delete callback's handle is usable (rc %d)", deleted_size_rc);

    /* Bad gyre_coll_ hints: an error and no communicator left behind (the
     * copy of the attribute is deleted again). */
    MPI_Comm_delete_attr(f, kfail);
    MPI_Info bad; MPI_Info_create(&bad);
    MPI_Info_set(bad, "gyre_coll_allreduce", "no_such_algorithm");
    g = MPI_COMM_NULL;
    deleted_count = 0;
    rc = MPI_Comm_dup_with_info(f, bad, &g);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_ARG, "dup_with_info with a bad hint: class %d", cls);
    CHECK(g == MPI_COMM_NULL, "dup_with_info with a bad hint leaves no communicator");
    CHECK(deleted_count == 1, "dup_with_info: the copy is deleted (%d)", deleted_count);
    deleted_count = 0;
    rc = MPI_Comm_idup_with_info(f, bad, &g, &req);
    CHECK(rc == MPI_SUCCESS, "idup_with_info starts (rc %d)", rc);
    MPI_Wait(&req, &st);
    CHECK(g == MPI_COMM_NULL, "idup_with_info with a bad hint gives MPI_COMM_NULL");
    CHECK(deleted_count == 1, "idup_with_info: the copy is deleted, not leaked (%d)", deleted_count);
    MPI_Info_free(&bad);

    /* Keyval uses were released: once the user's handle and f's attribute
     * are gone, the keyval is invalid. */
    int stale = kok;
    MPI_Comm_free_keyval(&kok);
    MPI_Comm_free_keyval(&kfail);
    deleted_count = 0;
    MPI_Comm_free(&f);
    CHECK(deleted_count == 1, "f's own attribute deleted at free (%d)", deleted_count);
    void* vv; int fl;
    rc = MPI_Comm_get_attr(MPI_COMM_WORLD, stale, &vv, &fl);
    MPI_Error_class(rc, &cls);
    CHECK(cls == MPI_ERR_KEYVAL, "keyval gone after its last use (class %d): uses leaked", cls);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_ARE_FATAL);
  }

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
