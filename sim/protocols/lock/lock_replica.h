// The lock service on a Raft group ("lock_service": "raft"): the lock table replicated, so that a
// leader crash neither loses a grant nor hands out a token twice. Run as the service of a
// replicated::ReplicaNode (replicated/raft_replica.h): each replica holds a Raft server and this
// service; only the leader answers clients.
//
// The table is one key of the group's store, "lock" = "<holder>:<token>" ("-" for no holder; the
// token stays, so the next grant's token is one more: fencing tokens only grow). Every change is a
// Raft command, a cas from the value the leader read: a grant ("-:4" or an expired "n5:4" ->
// "n6:5"), a renewal ("n6:5" -> "n6:5", a write that changes nothing but commits only while this
// replica still leads a majority), a release ("n6:5" -> "-:5"). The leader answers a client only
// once its own command is applied and it still leads in the term it proposed in.
//
// Lease expiry is NOT in the table: it is measured on the leader's clock, from when it applied the
// grant or renewal, as a Chubby master measures its sessions' leases (Burrows 2006, §2.8) and an
// etcd leader its leases' TTLs. A new leader therefore does not know when its predecessor's lease
// ends. The cure this service applies (`recovery_wait`, on by default) is the one both systems
// use: it treats a lease it inherits from the table as running one full ttl from when it took
// over, and grants the lock to no one else before that (Chubby: the new master "must wait for" the
// old master's leases, §2.9, with a conservative lease timeout; etcd: a new leader refreshes every
// lease to its full TTL). That is safe because the holder's lease, by its own clock, started when
// it asked, before the grant or renewal was replicated, hence before this leader took over.
// Without it (recovery_wait false) a new leader counts an inherited lease as already expired and
// grants at once: two clients write under their leases, which lock/raft-leader-crash-no-wait shows
// failing.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/lock/messages.h"
#include "sim/protocols/lock/params.h"
#include "sim/protocols/replicated/raft_replica.h"

namespace dsim::lock {

// The table's one row: who holds the lock (kNoNode: nobody) and the latest token granted.
struct LockRow {
  NodeId holder = kNoNode;
  std::uint64_t token = 0;
  std::string encode() const;                              // "3:7", "-:7"
  static LockRow decode(std::string_view text);            // "" (absent) is "-:0"
  bool operator==(const LockRow&) const = default;
};

inline constexpr std::string_view kLockStoreKey = "lock";

class LockTableService {
 public:
  static constexpr std::string_view kNodeType = "lock service replica";

  LockTableService(replicated::RaftReplica& replica, LockParams params);

  void start(Context& ctx);
  void after_event(Context& ctx);
  void publish_view(Context& ctx);

  LockRow row() const;  // the table as applied on this replica

 private:
  struct Request {
    enum class Kind : std::uint8_t { acquire, renew, release };
    Kind kind = Kind::acquire;
    NodeId from = kNoNode;
    std::uint64_t request_id = 0;
    std::uint64_t token = 0;  // renew, release
  };
  struct InFlight {
    Request request;
    std::uint64_t sequence = 0;
    raft::Term term = 0;
    LockRow before;
    LockRow after;  // what the table holds once the command is applied as meant
  };

  void on_acquire(Context& ctx, NodeId from, const Acquire& request);
  void on_renew(Context& ctx, NodeId from, const Renew& request);
  void on_release(Context& ctx, NodeId from, const Release& release);
  void take(Context& ctx, Request request);
  // One queued request: answered at once, or a command proposed for it. Returns whether it proposed.
  bool handle(Context& ctx, const Request& request);
  void finish(Context& ctx);
  void propose(Context& ctx, const Request& request, LockRow before, LockRow after);
  bool lease_live(Context& ctx, const LockRow& row) const;
  void deny(Context& ctx, NodeId to, std::uint64_t request_id);

  replicated::RaftReplica& replica_;
  LockParams params_;
  std::deque<Request> queue_;          // requests waiting for the leader to be ready and free
  std::optional<InFlight> in_flight_;  // the request whose command is in the log
  raft::Term led_term_ = 0;            // the term in which this replica last became a ready leader
  TimeUs took_over_us_ = 0;            // when (this node's clock)
  // The lease this leader knows the end of: the row it granted or renewed and when it ends.
  LockRow lease_row_;
  TimeUs lease_expires_us_ = 0;
  std::uint64_t grants_this_term_ = 0;  // only the test mutant (LockParams::mutant_forget_next_token) uses it

 public:
  using Messages = MessageHandlers<&LockTableService::on_acquire, &LockTableService::on_renew,
                                   &LockTableService::on_release>;
  using Timers = TimerHandlers<>;
};

using LockReplica = replicated::ReplicaNode<LockTableService>;

}  // namespace dsim::lock
