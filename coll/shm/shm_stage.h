// A ring of large chunks in a second shared segment of a one-node
// communicator, made on first use: messages too large for the slots
// (shm_comm.h) stream through it a chunk at a time. A plain memcpy into
// and out of shared memory moves a MiB here in ~22 us, where
// process_vm_readv takes ~83 us (page pinning per 4 KiB page), so two
// copies through the ring cost less CPU than one single-copy read: what
// counts when ranks share cores.
//
// Layout: a `produced` line (chunks written so far, counted over the
// communicator's whole life), a `consumed` line per rank (chunks this rank
// is done with), a `staged` line per rank, then the bcast ring of
// kStageChunks chunks of kStageChunkBytes, then a ring of fold_chunks(n)
// chunks per rank for reductions. Chunk q lies in slot q % (ring length).
// A rank writes chunk q into a ring once every rank has consumed chunk
// q - (ring length) (that chunk's readers are done with the slot), then
// raises its flag (release); readers wait for the flag (acquire), read the
// chunk and raise their `consumed`. Every rank counts chunks alike (every
// rank runs every staged call with the same message size), so the count
// needs no agreement.
//
// bcast: the root writes every chunk into the bcast ring and raises
// `produced`; the others copy each out.
// reduce: chunk j of the vectors (j counted within the call) is folded by
// rank j % n; every other rank copies its chunk j into its own ring and
// raises its `staged`; the folder folds them (and its own, from its
// buffer) in rank order into its ring, or straight into the receive
// buffer when it is the root, and raises its `staged`; the root copies the
// result out. So the folding is spread over all ranks, every rank copies
// its vector once, and the root copies (n-1)/n of the result once.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "btl/sm/segment.h"
#include "coll/args.h"
#include "coll/schedule/engine.h"
#include "runtime/error.h"

namespace gyre::coll::shm {

class ShmComm;

constexpr size_t kStageChunkBytes = 64 * 1024;
constexpr size_t kStageChunks = 16;  // 1 MiB: a root writes a 1 MiB message without waiting for readers
// Per rank, for reductions: up to 1 MiB, so a 1 MiB reduce rarely waits
// for the root to copy results out (np 4 on 2 cores, 1 MiB: 198 us against
// 267 for the binomial tree; with 8 chunks 209 against 205; np 8, 1 MiB:
// 543 against 884 for the chain), and at most 8 MiB for all ranks together
// (the segment lives in /dev/shm, often small in containers): 16 chunks up
// to 8 ranks, 8 at 16.
constexpr size_t kMaxFoldChunks = 16;
constexpr size_t fold_chunks(int n) {
  size_t k = 128 / static_cast<size_t>(n > 0 ? n : 1);
  return k < 4 ? 4 : k > kMaxFoldChunks ? kMaxFoldChunks : k;
}

class StageRing {
 public:
  // Whether the ring exists (collective the first time it is asked on a
  // communicator: every member must ask in the same call; all members get
  // the same answer).
  bool usable(ShmComm& c);
  // The root's bytes of count elements of type at buf to every member.
  void bcast(ShmComm& c, const CollArgs& a, void* buf, size_t bytes);
  // MPI_Reduce of a contiguous type no larger than a chunk.
  void reduce(ShmComm& c, const CollArgs& a, const RunBuffers& b);

 private:
  enum class State : uint8_t { unknown, usable, failed };
  bool create(ShmComm& c);
  std::atomic_ref<uint64_t> produced() const { return word(0); }
  std::atomic_ref<uint64_t> consumed(int r) const { return word(static_cast<size_t>(r) + 1); }
  std::atomic_ref<uint64_t> staged(int r) const { return word(static_cast<size_t>(r + size_) + 1); }
  std::atomic_ref<uint64_t> word(size_t line) const {
    return std::atomic_ref<uint64_t>(*reinterpret_cast<uint64_t*>(segment_.base() + line * 64));
  }
  std::byte* chunk(uint64_t q) const { return chunks_ + (q % kStageChunks) * kStageChunkBytes; }
  std::byte* fold_chunk(int r, uint64_t q) const {
    return chunks_ + (kStageChunks + static_cast<size_t>(r) * fold_chunks_ + q % fold_chunks_) * kStageChunkBytes;
  }
  // Wait until chunk q may be written into a ring of `slots` slots.
  void wait_room(ShmComm& c, uint64_t q, size_t slots);
  void fold(const CollArgs& a, const RunBuffers& b, uint64_t q, size_t off, size_t len);
  // Every rank has consumed at least `need` chunks.
  bool all_consumed(int size, uint64_t need);

  State state_ = State::unknown;
  btl::sm::SharedSegment segment_;
  std::byte* chunks_ = nullptr;
  uint64_t next_ = 0;           // the next chunk's number
  uint64_t known_consumed_ = 0;  // every rank has consumed this many
  int size_ = 0;
  size_t fold_chunks_ = 0;  // fold_chunks(size_)
  std::vector<std::byte> own_;  // the root's own chunk while it folds in place
};

}  // namespace gyre::coll::shm
