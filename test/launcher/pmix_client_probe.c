/* A PMIx 4 client that checks what mpirun's PMIx server publishes: job-level
 * and per-rank keys, then a put / commit / fence / get exchange with every
 * peer. One line per rank ending in "OK" on success; exit 1 on any mismatch.
 *
 *   pmix_client_probe [collect|nocollect|abort|nofinalize]
 *     collect     fence with PMIX_COLLECT_DATA (default)
 *     nocollect   fence without collection: peers' keys come by direct modex
 *     abort       rank 1 (or 0 when alone) calls PMIx_Abort(7); others wait
 *     nofinalize  rank 0 returns 0 without PMIx_Finalize; others wait
 */
#include <pmix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pmix_proc_t me;
static int failures;

#define CHECK(cond, ...)                                 \
    do {                                                 \
        if (!(cond)) {                                   \
            fprintf(stderr, "probe rank %u: ", me.rank); \
            fprintf(stderr, __VA_ARGS__);                \
            fprintf(stderr, "\n");                       \
            ++failures;                                  \
        }                                                \
    } while (0)

/* Any integer-typed value as a long; -1 when absent or not an integer. */
static long get_int(const pmix_proc_t *who, const char *key) {
    pmix_value_t *v = NULL;
    long out = -1;
    if (PMIx_Get(who, key, NULL, 0, &v) != PMIX_SUCCESS || !v) return -1;
    switch (v->type) {
    case PMIX_UINT32: out = v->data.uint32; break;
    case PMIX_UINT16: out = v->data.uint16; break;
    case PMIX_PROC_RANK: out = v->data.rank; break;
    case PMIX_INT: out = v->data.integer; break;
    case PMIX_UINT: out = v->data.uint; break;
    case PMIX_SIZE: out = (long)v->data.size; break;
    default: break;
    }
    PMIX_VALUE_RELEASE(v);
    return out;
}

/* A string value, malloc'ed; NULL when absent. */
static char *get_string(const pmix_proc_t *who, const char *key) {
    pmix_value_t *v = NULL;
    char *out = NULL;
    if (PMIx_Get(who, key, NULL, 0, &v) != PMIX_SUCCESS || !v) return NULL;
    if (v->type == PMIX_STRING && v->data.string) out = strdup(v->data.string);
    PMIX_VALUE_RELEASE(v);
    return out;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "collect";
    pmix_status_t rc = PMIx_Init(&me, NULL, 0);
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr, "probe: PMIx_Init failed: %s\n", PMIx_Error_string(rc));
        return 1;
    }
    pmix_proc_t job;
    PMIX_LOAD_PROCID(&job, me.nspace, PMIX_RANK_WILDCARD);

    long size = get_int(&job, PMIX_JOB_SIZE);
    long univ = get_int(&job, PMIX_UNIV_SIZE);
    long local_size = get_int(&job, PMIX_LOCAL_SIZE);
    long local_rank = get_int(&me, PMIX_LOCAL_RANK);
    long node_rank = get_int(&me, PMIX_NODE_RANK);
    long appnum = get_int(&me, PMIX_APPNUM);
    char *peers = get_string(&job, PMIX_LOCAL_PEERS);
    char *host = get_string(&me, PMIX_HOSTNAME);

    CHECK(size > 0, "PMIX_JOB_SIZE missing");
    CHECK(univ >= size, "PMIX_UNIV_SIZE %ld < job size %ld", univ, size);
    CHECK(local_size == size, "PMIX_LOCAL_SIZE %ld != job size %ld", local_size, size);
    CHECK(local_rank == (long)me.rank, "PMIX_LOCAL_RANK %ld != rank %u", local_rank, me.rank);
    CHECK(node_rank == (long)me.rank, "PMIX_NODE_RANK %ld != rank %u", node_rank, me.rank);
    CHECK(appnum == 0, "PMIX_APPNUM %ld != 0", appnum);
    CHECK(peers != NULL, "PMIX_LOCAL_PEERS missing");
    CHECK(host != NULL, "PMIX_HOSTNAME missing");

    if (strcmp(mode, "abort") == 0) {
        unsigned victim = size > 1 ? 1 : 0;
        if (me.rank == victim) {
            PMIx_Abort(7, "probe abort test", NULL, 0);
            sleep(30); /* mpirun kills us */
            return 99;
        }
        sleep(30);
        return 98;
    }
    if (strcmp(mode, "nofinalize") == 0) {
        if (me.rank == 0) return 0;
        sleep(30);
        return 98;
    }

    /* Exchange: every rank puts one key, then reads every peer's. */
    char mine[64];
    snprintf(mine, sizeof mine, "hello from rank %u", me.rank);
    pmix_value_t val;
    PMIX_VALUE_LOAD(&val, mine, PMIX_STRING);
    rc = PMIx_Put(PMIX_GLOBAL, "gyre.probe", &val);
    PMIX_VALUE_DESTRUCT(&val);
    CHECK(rc == PMIX_SUCCESS, "PMIx_Put: %s", PMIx_Error_string(rc));
    rc = PMIx_Commit();
    CHECK(rc == PMIX_SUCCESS, "PMIx_Commit: %s", PMIx_Error_string(rc));

    pmix_info_t info;
    bool collect = strcmp(mode, "nocollect") != 0;
    PMIX_INFO_LOAD(&info, PMIX_COLLECT_DATA, &collect, PMIX_BOOL);
    rc = PMIx_Fence(NULL, 0, &info, 1);
    PMIX_INFO_DESTRUCT(&info);
    CHECK(rc == PMIX_SUCCESS, "PMIx_Fence: %s", PMIx_Error_string(rc));

    int got = 0;
    for (long r = 0; r < size; ++r) {
        pmix_proc_t peer;
        PMIX_LOAD_PROCID(&peer, me.nspace, (pmix_rank_t)r);
        char expect[64];
        snprintf(expect, sizeof expect, "hello from rank %ld", r);
        char *s = get_string(&peer, "gyre.probe");
        CHECK(s && strcmp(s, expect) == 0, "key of rank %ld: got '%s'", r, s ? s : "(none)");
        if (s && strcmp(s, expect) == 0) ++got;
        free(s);
    }

    printf("rank %u/%ld local_rank %ld local_size %ld node_rank %ld appnum %ld peers %s host %s "
           "%s keys %d/%ld %s\n",
           me.rank, size, local_rank, local_size, node_rank, appnum, peers ? peers : "-",
           host ? host : "-", mode, got, size, failures ? "FAILED" : "OK");
    fflush(stdout);
    free(peers);
    free(host);
    rc = PMIx_Finalize(NULL, 0);
    CHECK(rc == PMIX_SUCCESS, "PMIx_Finalize: %s", PMIx_Error_string(rc));
    return failures ? 1 : 0;
}
