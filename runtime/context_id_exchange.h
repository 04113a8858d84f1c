// The small collectives that communicator creation needs before the new
// communicator exists (so before it has a coll module): an allreduce of
// 64-bit words (AND for context masks, OR for "everyone fills its slot"
// gathers and for broadcasts), and a leader-to-leader exchange.
//
// They run straight on the pml, not on coll: communicator creation must not
// depend on the collective framework (whose modules are built *for* the new
// communicator), and these messages are tiny. They travel on the parent's
// collective context with negative tags, which no user message can carry and
// which the coll schedules (non-negative sequence-number tags) never use.
// Binomial-tree reduce to rank 0, then binomial broadcast. Messages of one
// (context, source, tag) are taken in arrival order (pml matching is
// non-overtaking), so back-to-back operations on one communicator match in
// order.
//
// Every message carries one extra word after its payload: the view's
// call_tag (the user's full tag for MPI_Comm_create_group and
// MPI_Intercomm_create, whose internal tags keep only its low bits). A
// receiver takes messages off the pml's queue itself (improbe) and checks
// that word; a message of another concurrent call that shares the internal
// tag is kept in a stash, where that call finds it, so concurrent calls are
// kept apart by their full tags.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/context_id.h"
#include "runtime/group.h"
#include "runtime/request.h"

namespace gyre {

class Communicator;

// Reserved internal tags (negative; MPI_ANY_TAG = -1 is never used here).
namespace internal_tag {
constexpr int kContext = -0x100;      // context-id agreement
constexpr int kGather = -0x200;       // split / split_type allgathers
constexpr int kBroadcast = -0x300;    // intercomm local broadcasts
constexpr int kLocalContext = -0x400;  // intercomm: agreement inside each side
constexpr int kBarrier = -0x500;
// MPI_Comm_create_group: the user's tag, folded into its own region (tags
// equal in the low 26 bits share it; MemberView::call_tag tells them apart).
constexpr int create_group(int tag) { return -0x10000 - 4 * (tag & 0x03ffffff); }
// MPI_Intercomm_create leaders' exchange on the peer communicator (low 27
// bits; MemberView::call_tag carries the full tag).
constexpr int peer_exchange(int tag) { return -0x20000000 - 2 * (tag & 0x07ffffff); }
}  // namespace internal_tag

// Who takes part: the members (a group), this process's rank among them, the
// context the messages use and the tag of the operation.
struct MemberView {
  std::shared_ptr<const Group> group;
  int rank = 0;
  uint32_t context = 0;
  int tag = 0;
  // The full user tag of the call, sent with every message and checked on
  // every receive; 0 for the internal operations, whose tags are unique.
  int call_tag = 0;
};

class TaggedRecv;

enum class Combine { band, bor };

// A nonblocking word allreduce; advance() until it returns true.
class WordAllreduce {
 public:
  WordAllreduce(MemberView view, std::vector<uint64_t> words, Combine op);
  ~WordAllreduce();
  bool advance();
  const Error& error() const { return error_; }
  const std::vector<uint64_t>& result() const { return acc_; }

 private:
  void combine(const std::vector<uint64_t>& in);
  void send_acc(int peer, int tag);
  bool sends_done();

  MemberView view_;
  Combine op_;
  int parent_ = -1;
  std::vector<int> children_;
  std::vector<uint64_t> acc_;
  std::vector<std::unique_ptr<TaggedRecv>> child_recvs_;
  std::unique_ptr<TaggedRecv> parent_recv_;
  std::vector<std::vector<uint64_t>> send_bufs_;  // payload + call tag, alive until sent
  std::vector<std::unique_ptr<Request>> sends_;
  enum class Phase { reduce, wait_parent, broadcast, done } phase_ = Phase::reduce;
  Error error_;
};

// Blocking forms.
Error member_allreduce(const MemberView& view, std::vector<uint64_t>& words, Combine op);
// Exchange words with one peer (given by its world rank and its rank in the
// view) on view.context/view.tag. recv is resized to what arrives (at most max_words).
Error member_sendrecv(const MemberView& view, int peer_rank, int peer_world, std::span<const uint64_t> send,
                      std::vector<uint64_t>& recv, size_t max_words);

// A nonblocking context-id agreement (the body of every creation call, and
// of MPI_Comm_idup as a request). Retries while bits are withheld.
class ContextAgreement {
 public:
  explicit ContextAgreement(MemberView view);
  bool advance();
  const Error& error() const { return error_; }
  uint32_t context_id() const { return context_; }

 private:
  void start_round();
  MemberView view_;
  ContextIdPool::Mask offered_{};
  std::unique_ptr<WordAllreduce> round_;
  uint32_t context_ = 0;
  bool done_ = false;
  Error error_;
};

Error agree_context_id(const MemberView& view, uint32_t* context_id);

// Broadcast from view rank `root` (others' words are replaced; any length).
// Uses view.tag .. view.tag-3.
Error member_bcast(const MemberView& view, int root, std::vector<uint64_t>& words);

// Two groups that agree one context (intercommunicators): an AND inside each
// group, an exchange between the two leaders, a broadcast inside each group.
struct TwoSidedView {
  MemberView local;      // this side: the AND
  MemberView broadcast;  // this side: the leader's broadcast (other tag)
  int leader_rank = 0;   // this side's leader, as a rank of local
  MemberView exchange;   // leader only: the channel to the other leader
  int peer_rank = 0;     // the other leader's rank on that channel
  int peer_world = 0;
};
Error agree_two_sided_context(const TwoSidedView& view, uint32_t* context_id);

}  // namespace gyre
