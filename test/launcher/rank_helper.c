/* A stand-in rank for the launcher tests (MPI itself is not needed): it finds
 * its rank in OMPI_COMM_WORLD_RANK, which mpirun sets, and does one thing.
 *
 *   rank_helper exit R CODE [S]  rank R exits with CODE, the others sleep S (30) seconds
 *   rank_helper selfkill R       rank R sends itself SIGKILL, the others sleep
 *   rank_helper sleep SECONDS    every rank sleeps
 *   rank_helper lines N          every rank prints N lines on stdout and stderr
 *   rank_helper longlines N LEN  every rank writes N lines of LEN chars in small pieces
 *   rank_helper cat              copy stdin to stdout, then report the byte count
 *   rank_helper env VAR...       print VAR=value (or VAR unset) for each VAR
 *   rank_helper usr1             print "ready", wait for SIGUSR1, print "got SIGUSR1"
 *
 * With LAUNCHER_TEST_PIDDIR set, every mode first writes $LAUNCHER_TEST_PIDDIR/<rank>.pid
 * so a test can check afterwards that no rank outlived mpirun.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int my_rank(void) {
    const char *r = getenv("OMPI_COMM_WORLD_RANK");
    return r ? atoi(r) : -1;
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }

static int write_pidfile(const char *dir, int rank) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%d.pid", dir, rank);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "%d\n", (int)getpid());
    return fclose(f);
}

int main(int argc, char **argv) {
    int rank = my_rank();
    const char *mode = argc > 1 ? argv[1] : "";
    const char *piddir = getenv("LAUNCHER_TEST_PIDDIR");
    if (piddir && write_pidfile(piddir, rank) != 0) return 3;

    if (!strcmp(mode, "exit") && argc > 3) {
        if (rank == atoi(argv[2])) return atoi(argv[3]);
        sleep(argc > 4 ? (unsigned)atoi(argv[4]) : 30);
        return 0;
    }
    if (!strcmp(mode, "selfkill") && argc > 2) {
        if (rank == atoi(argv[2])) {
            usleep(100000);
            kill(getpid(), SIGKILL);
        }
        sleep(30);
        return 0;
    }
    if (!strcmp(mode, "sleep") && argc > 2) {
        sleep((unsigned)atoi(argv[2]));
        return 0;
    }
    if (!strcmp(mode, "lines") && argc > 2) {
        for (int i = 0; i < atoi(argv[2]); ++i) {
            printf("rank %d line %d\n", rank, i);
            fprintf(stderr, "rank %d err %d\n", rank, i);
        }
        return 0;
    }
    if (!strcmp(mode, "longlines") && argc > 3) {
        /* Written a few bytes at a time, unbuffered, so that without
         * line-clean forwarding the ranks' lines would interleave. */
        int n = atoi(argv[2]), len = atoi(argv[3]);
        char piece[8];
        for (int i = 0; i < n; ++i) {
            char head[32];
            int h = snprintf(head, sizeof head, "R%d:", rank);
            if (write(1, head, (size_t)h) < 0) return 1;
            for (int k = 0; k < len; k += (int)sizeof piece) {
                memset(piece, 'a' + rank % 26, sizeof piece);
                if (write(1, piece, sizeof piece) < 0) return 1;
            }
            if (write(1, "\n", 1) < 0) return 1;
        }
        return 0;
    }
    if (!strcmp(mode, "cat")) {
        char buf[4096];
        long total = 0;
        ssize_t n;
        while ((n = read(0, buf, sizeof buf)) > 0) {
            if (write(1, buf, (size_t)n) < 0) return 1;
            total += n;
        }
        printf("rank %d read %ld bytes\n", rank, total);
        return 0;
    }
    if (!strcmp(mode, "env")) {
        for (int i = 2; i < argc; ++i) {
            const char *v = getenv(argv[i]);
            if (v) printf("rank %d %s=%s\n", rank, argv[i], v);
            else printf("rank %d %s unset\n", rank, argv[i]);
        }
        return 0;
    }
    if (!strcmp(mode, "usr1")) {
        signal(SIGUSR1, on_usr1);
        printf("rank %d ready\n", rank);
        fflush(stdout);
        for (int i = 0; i < 300 && !got_usr1; ++i) usleep(100000);
        printf("rank %d %s\n", rank, got_usr1 ? "got SIGUSR1" : "no signal");
        return got_usr1 ? 0 : 1;
    }
    fprintf(stderr, "rank_helper: bad arguments\n");
    return 2;
}
