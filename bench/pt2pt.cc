// gyre-bench point-to-point tests: latency (ping-pong), bandwidth (windowed
// streaming), noncontig (derived datatypes next to the same bytes contiguous).
#include <cstring>

#include "common.h"

namespace bench {
namespace {

constexpr long kMiB = 1024 * 1024;
constexpr int kTagData = 10, kTagSync = 11, kTagAck = 12;

// Ranks 0 and 1 meet before a timed loop; the others are not involved.
void pair_sync(int peer) {
  MPI_Sendrecv(nullptr, 0, MPI_BYTE, peer, kTagSync, nullptr, 0, MPI_BYTE, peer, kTagSync,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

bool need_two_ranks(const char* test) {
  if (nranks >= 2) return true;
  note("%s: skipped, it needs two ranks (np is 1)", test);
  return false;
}

}  // namespace

// One-way latency: rank 0 sends, rank 1 sends back; half the round trip.
void run_latency() {
  if (!need_two_ranks("latency")) return;
  header("latency", "bytes / one-way time");
  std::vector<long> all = sizes(0, 4 * kMiB);
  if (rank < 2 && !all.empty()) {
    const int peer = 1 - rank;
    Buffer sbuf(size_t(all.back())), rbuf(size_t(all.back()));
    for (long bytes : all) {
      fill_bytes(sbuf.data(), size_t(bytes), rank, 1);
      std::memset(rbuf.data(), 0, size_t(bytes));
      const int n = iters_for(10000, bytes), w = warmup_for(1000, bytes);
      const int cnt = int(bytes);
      pair_sync(peer);
      double t0 = 0;
      for (int i = 0; i < w + n; ++i) {
        if (i == w) t0 = MPI_Wtime();
        if (rank == 0) {
          MPI_Send(sbuf.data(), cnt, MPI_BYTE, peer, kTagData, MPI_COMM_WORLD);
          MPI_Recv(rbuf.data(), cnt, MPI_BYTE, peer, kTagData, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
          MPI_Recv(rbuf.data(), cnt, MPI_BYTE, peer, kTagData, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          MPI_Send(sbuf.data(), cnt, MPI_BYTE, peer, kTagData, MPI_COMM_WORLD);
        }
      }
      double usec = (MPI_Wtime() - t0) * 1e6 / (2.0 * n);
      check_bytes(rbuf.data(), size_t(bytes), peer, 1, "latency", bytes, "received");
      row("latency", bytes, usec, usec > 0 ? double(bytes) / usec : 0);
    }
  }
  idle_barrier();
}

// Bandwidth: rank 0 keeps a window of 64 Isends in flight to rank 1, which posts
// 64 Irecvs into distinct buffers and answers each window with a short ack.
void run_bandwidth() {
  if (!need_two_ranks("bandwidth")) return;
  constexpr int kWindow = 64;
  header("bandwidth", "bytes x 64 / time of a window (rank 0 -> 1)");
  std::vector<long> all = sizes(1, 4 * kMiB);
  if (rank < 2 && !all.empty()) {
    const int peer = 1 - rank;
    // Sends may share one buffer; concurrent receives may not.
    Buffer buf(size_t(all.back()) * (rank == 0 ? 1 : kWindow));
    for (long bytes : all) {
      const size_t b = size_t(bytes);
      if (rank == 0) fill_bytes(buf.data(), b, 0, 2);
      else std::memset(buf.data(), 0, b * kWindow);
      const int n = iters_for(100, bytes), w = warmup_for(10, bytes);
      MPI_Request req[kWindow];
      pair_sync(peer);
      double t0 = 0;
      for (int i = 0; i < w + n; ++i) {
        if (i == w) t0 = MPI_Wtime();
        for (int k = 0; k < kWindow; ++k) {
          if (rank == 0)
            MPI_Isend(buf.data(), int(b), MPI_BYTE, peer, kTagData, MPI_COMM_WORLD, &req[k]);
          else
            MPI_Irecv(buf.data() + k * b, int(b), MPI_BYTE, peer, kTagData, MPI_COMM_WORLD, &req[k]);
        }
        MPI_Waitall(kWindow, req, MPI_STATUSES_IGNORE);
        if (rank == 0)
          MPI_Recv(nullptr, 0, MPI_BYTE, peer, kTagAck, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        else
          MPI_Send(nullptr, 0, MPI_BYTE, peer, kTagAck, MPI_COMM_WORLD);
      }
      double secs = MPI_Wtime() - t0;
      if (rank == 1)
        for (int k = 0; k < kWindow; ++k)
          check_bytes(buf.data() + k * b, b, 0, 2, "bandwidth", bytes, "received");
      double usec = secs * 1e6 / (double(n) * kWindow);  // per message
      row("bandwidth", bytes, usec, double(bytes) / usec);
    }
  }
  idle_barrier();
}

// ---- noncontig --------------------------------------------------------------------
//
// vector-halo: a 1-D decomposed 2-D grid, each rank owns rows x kWidth doubles
// (row-major) whose first and last columns are halos. One exchange sends the last
// interior column right and the first interior column left (periodic neighbours)
// as MPI_Type_vector(rows, 1, kWidth). bytes = one column; MB/s counts both.
// vector-halo-contig: the same two exchanges of the same bytes, contiguous.
//
// struct: an array of Particle, of which only position, id and charge travel
// (32 of 56 bytes, via MPI_Type_create_struct resized to sizeof(Particle)),
// sent to the right neighbour. struct-contig: the same bytes as MPI_BYTE.

namespace {

constexpr int kWidth = 16;

double grid_value(int owner, size_t row, int col) {
  return double((row * 7 + size_t(col) * 3 + size_t(owner) * 11) % 1009);
}

struct Particle {
  double pos[3];
  double vel[3];
  int id;
  float charge;
};

MPI_Datatype particle_type() {
  int lens[3] = {3, 1, 1};
  MPI_Aint disp[3] = {offsetof(Particle, pos), offsetof(Particle, id), offsetof(Particle, charge)};
  MPI_Datatype types[3] = {MPI_DOUBLE, MPI_INT, MPI_FLOAT}, raw, t;
  MPI_Type_create_struct(3, lens, disp, types, &raw);
  MPI_Type_create_resized(raw, 0, sizeof(Particle), &t);
  MPI_Type_free(&raw);
  MPI_Type_commit(&t);
  return t;
}

// Runs `exchange` warm-up + timed iterations after a barrier; slowest rank's usec.
template <class F>
double time_loop(long bytes, F exchange) {
  const int n = iters_for(1000, bytes), w = warmup_for(100, bytes);
  for (int i = 0; i < w; ++i) exchange();
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  for (int i = 0; i < n; ++i) exchange();
  return max_over_ranks((MPI_Wtime() - t0) * 1e6 / n);
}

void vector_halo(long bytes, int left, int right) {
  const size_t rows = size_t(bytes) / sizeof(double);
  Buffer grid(rows * kWidth * sizeof(double));
  double* g = grid.doubles();
  for (size_t r = 0; r < rows; ++r)
    for (int c = 1; c < kWidth - 1; ++c) g[r * kWidth + c] = grid_value(rank, r, c);
  MPI_Datatype column;
  MPI_Type_vector(int(rows), 1, kWidth, MPI_DOUBLE, &column);
  MPI_Type_commit(&column);
  double usec = time_loop(bytes, [&] {
    MPI_Sendrecv(g + kWidth - 2, 1, column, right, 1, g, 1, column, left, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    MPI_Sendrecv(g + 1, 1, column, left, 2, g + kWidth - 1, 1, column, right, 2, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
  });
  MPI_Type_free(&column);
  for (size_t r = 0; r < rows; ++r)
    for (int c = 0; c < kWidth; ++c) {
      int owner = c == 0 ? left : c == kWidth - 1 ? right : rank;
      int col = c == 0 ? kWidth - 2 : c == kWidth - 1 ? 1 : c;
      if (g[r * kWidth + c] != grid_value(owner, r, col))
        fail("vector-halo %ld B: grid[%zu][%d] is %g, expected %g", bytes, r, c,
             g[r * kWidth + c], grid_value(owner, r, col));
    }
  row("vector-halo", bytes, usec, 2.0 * double(bytes) / usec);

  // The same bytes, contiguous: send buffers for each side, receive buffers for each halo.
  const size_t b = size_t(bytes);
  Buffer east(b), west(b), from_left(b), from_right(b);
  fill_bytes(east.data(), b, rank, 3);
  fill_bytes(west.data(), b, rank, 4);
  usec = time_loop(bytes, [&] {
    MPI_Sendrecv(east.data(), int(b), MPI_BYTE, right, 1, from_left.data(), int(b), MPI_BYTE, left,
                 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(west.data(), int(b), MPI_BYTE, left, 2, from_right.data(), int(b), MPI_BYTE,
                 right, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  });
  check_bytes(from_left.data(), b, left, 3, "vector-halo-contig", bytes, "left halo");
  check_bytes(from_right.data(), b, right, 4, "vector-halo-contig", bytes, "right halo");
  row("vector-halo-contig", bytes, usec, 2.0 * double(bytes) / usec);
}

void struct_array(long bytes, int left, int right, MPI_Datatype ptype) {
  constexpr size_t kSent = 3 * sizeof(double) + sizeof(int) + sizeof(float);  // 32
  const size_t count = size_t(bytes) / kSent;
  std::vector<Particle> mine(count), got(count);
  auto make = [](int owner, size_t i) {
    Particle p{};
    for (int d = 0; d < 3; ++d) p.pos[d] = double((i * 3 + size_t(d) + size_t(owner) * 17) % 997);
    for (int d = 0; d < 3; ++d) p.vel[d] = -double(d + 1);
    p.id = int(i) + owner * 100000;
    p.charge = float(owner % 5) + 0.5f;
    return p;
  };
  for (size_t i = 0; i < count; ++i) mine[i] = make(rank, i);
  for (Particle& p : got) p.vel[0] = p.vel[1] = p.vel[2] = 42.0;  // must stay: not sent
  double usec = time_loop(bytes, [&] {
    MPI_Sendrecv(mine.data(), int(count), ptype, right, 3, got.data(), int(count), ptype, left, 3,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  });
  for (size_t i = 0; i < count; ++i) {
    Particle want = make(left, i);
    const Particle& p = got[i];
    bool ok = p.id == want.id && p.charge == want.charge && p.vel[0] == 42.0 &&
              p.vel[1] == 42.0 && p.vel[2] == 42.0;
    for (int d = 0; d < 3; ++d) ok = ok && p.pos[d] == want.pos[d];
    if (!ok)
      fail("struct %ld B: particle %zu wrong (id %d, expected %d; a field that is not sent "
           "must stay untouched)", bytes, i, p.id, want.id);
  }
  row("struct", bytes, usec, double(bytes) / usec);

  const size_t b = size_t(bytes);
  Buffer sbuf(b), rbuf(b);
  fill_bytes(sbuf.data(), b, rank, 5);
  usec = time_loop(bytes, [&] {
    MPI_Sendrecv(sbuf.data(), int(b), MPI_BYTE, right, 3, rbuf.data(), int(b), MPI_BYTE, left, 3,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  });
  check_bytes(rbuf.data(), b, left, 5, "struct-contig", bytes, "received");
  row("struct-contig", bytes, usec, double(bytes) / usec);
}

}  // namespace

void run_noncontig() {
  const int left = (rank + nranks - 1) % nranks, right = (rank + 1) % nranks;
  header("noncontig", "bytes moved per rank / time (vector-halo: 2 columns per exchange)");
  for (long bytes : sizes(8, 1 * kMiB, sizeof(double)))
    if (bytes > 0) vector_halo(bytes, left, right);
  MPI_Datatype ptype = particle_type();
  for (long bytes : sizes(64, 1 * kMiB, 32))
    if (bytes > 0) struct_array(bytes, left, right, ptype);
  MPI_Type_free(&ptype);
}

}  // namespace bench
