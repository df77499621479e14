// The group coordinator, hosted by one broker (Apache Kafka documentation, "Consumer group
// protocol"; KIP-848): it keeps the group's members, computes the target assignment with the
// configured assignor on every membership change (a new generation), and hands each member its
// partitions in heartbeat answers. A partition moving between members is handed to its new owner
// only once the old one has reported it released (or left, or its session expired), so two members
// never own one partition at once (KIP-848's revocation before assignment). Committed offsets are
// durable on the coordinator's broker (Kafka's __consumer_offsets); a commit from a member that
// does not own the partition is refused (fenced).
//
// Not a node: the Broker that is the coordinator forwards the group's messages and its tick here.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/log/group_messages.h"
#include "sim/protocols/log/params.h"

namespace dsim::log {

// The committed offsets in a coordinator's durable storage, by partition (-1: never committed).
std::vector<std::int64_t> stored_offsets(const DurableEntries& storage, std::uint32_t partitions);

class GroupCoordinator {
 public:
  GroupCoordinator(ConsumerGroupConfig config, std::uint32_t partitions);

  void start(Context& ctx);  // reads the committed offsets back; members are volatile
  void on_join(Context& ctx, NodeId from, const JoinGroup& join);
  void on_heartbeat(Context& ctx, NodeId from, const GroupHeartbeat& heartbeat);
  void on_leave(Context& ctx, NodeId from);
  void on_offset_commit(Context& ctx, NodeId from, const OffsetCommit& commit);
  void on_offset_fetch(Context& ctx, NodeId from, const OffsetFetch& request);
  // Expires members silent for longer than the session timeout.
  void on_tick(Context& ctx);
  void publish_view(Context& ctx) const;

 private:
  struct Member {
    TimeUs last_heard_us = 0;
    std::int64_t join = 0;              // the JoinGroup that made it a member
    std::vector<std::uint32_t> owned;   // as its last heartbeat reported
    std::int64_t applied_epoch = 0;     // the last assignment it said it applied
    std::int64_t sent_epoch = 0;        // the last assignment sent to it
    // Grants sent after applied_epoch: it may own these though its reports do not show them yet.
    std::vector<std::pair<std::int64_t, std::vector<std::uint32_t>>> unapplied;
    std::vector<std::uint32_t> target;  // what the assignor gives it in this generation
  };

  void rebalance(Context& ctx, const std::string& why);
  void answer(Context& ctx, NodeId member);
  // Partitions `member` may own or may be about to own (its reports and its unapplied grants).
  bool claims(const Member& member, std::uint32_t partition) const;

  ConsumerGroupConfig config_;
  std::uint32_t partitions_;
  std::int64_t generation_ = 0;
  std::map<NodeId, Member> members_;
  std::vector<std::int64_t> committed_;  // by partition; mirrors durable storage
};

}  // namespace dsim::log
