// A broker of the partitioned log: a pure state machine holding a replica of each partition placed
// on it. As a partition's leader it appends producers' messages, tracks each follower's log end
// offset, advances the high watermark over the ISR and acknowledges per the producer's acks; as a
// follower it fetches from the leader, truncating first where its log diverged (KIP-101). Leaders,
// epochs and ISRs come from the controller (controller_node.h); a leader proposes ISR changes and
// uses the larger of the old and proposed ISR for its high watermark until the controller confirms
// (KIP-497), so an acknowledged acks=all message is on every replica the controller may elect.
//
// Brokers are nodes 0..brokers-1; the consumers (servers too, so that faults can crash them) follow,
// and then the controller.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/log/group_coordinator.h"
#include "sim/protocols/log/group_messages.h"
#include "sim/protocols/log/messages.h"
#include "sim/protocols/log/params.h"
#include "sim/protocols/log/partition_log.h"
#include "sim/protocols/log/timers.h"

namespace dsim::log {

// Every partition's log in a broker's durable storage, by partition (absent: no records).
std::map<std::uint32_t, PartitionLog> stored_logs(const DurableEntries& storage);

// Test-only mutants that prove the checkers can fail; no scenario key sets them.
struct BrokerMutants {
  bool ack_before_commit = false;   // acks=all answered at append, as if acks=1
  bool ignore_isr_for_hw = false;   // the high watermark is the leader's own log end
  bool ignore_idempotence = false;  // the leader appends every copy, as if no producer were idempotent
};

class Broker final : public ProtocolNode<Broker> {
 public:
  static constexpr std::string_view kNodeType = "log broker";

  // `group`: the consumer group; the broker it names as coordinator hosts the GroupCoordinator.
  Broker(LogParams params, std::uint32_t brokers, BrokerMutants mutants = {}, ConsumerGroupConfig group = {});

  void start(Context& ctx);
  bool is_current(const BrokerTick&) const { return true; }  // one tick pending; a crash drops it
  void publish_view(Context& ctx);

 private:
  // A produce request waiting for the high watermark to pass its offset (acks=all).
  struct PendingAck {
    NodeId producer_node = kNoNode;
    ProduceResponse response;
  };
  // What a leader knows of a follower.
  struct FollowerState {
    std::int64_t log_end = 0;              // its fetch offset at its last matching fetch
    TimeUs caught_up_us = 0;               // the last time its fetch reached our log end
    std::int64_t leader_end_at_fetch = 0;  // our log end when it last fetched (Kafka's lastCaughtUpTime rule)
  };
  struct Replica {
    PartitionLog log;
    std::int64_t leader = -1;          // who leads, as the controller last said (-1: none)
    std::int64_t epoch = 0;            // the leader epoch of that word
    std::int64_t high_watermark = 0;   // volatile: learnt from the leader after a restart
    // Leader only:
    std::vector<NodeId> isr;           // as the controller confirmed it
    std::vector<NodeId> proposed_isr;  // sent in AlterIsr, not yet confirmed (empty: none)
    std::map<NodeId, FollowerState> followers;
    std::vector<PendingAck> pending_acks;  // offset order
  };

  void on_produce(Context& ctx, NodeId from, const Produce& request);
  void on_fetch(Context& ctx, NodeId from, const Fetch& fetch);
  void on_fetch_response(Context& ctx, NodeId from, const FetchResponse& response);
  void on_leader_and_isr(Context& ctx, NodeId from, const LeaderAndIsr& update);
  void on_tick(Context& ctx, const BrokerTick& tick);
  // A consumer's fetch: records below the high watermark only (consumers never see uncommitted ones).
  void on_consumer_fetch(Context& ctx, NodeId from, const ConsumerFetch& fetch);
  // The group's messages, for the coordinator (ignored by other brokers).
  void on_join_group(Context& ctx, NodeId from, const JoinGroup& join);
  void on_group_heartbeat(Context& ctx, NodeId from, const GroupHeartbeat& heartbeat);
  void on_leave_group(Context& ctx, NodeId from, const LeaveGroup& leave);
  void on_offset_commit(Context& ctx, NodeId from, const OffsetCommit& commit);
  void on_offset_fetch(Context& ctx, NodeId from, const OffsetFetch& request);

  bool leads(const Replica& replica, NodeId self) const { return replica.leader == static_cast<std::int64_t>(self); }
  void append(Context& ctx, std::uint32_t partition, Replica& replica, const LogRecord& record);
  void gauge_log_end(Context& ctx, std::uint32_t partition, const Replica& replica);
  void truncate(Context& ctx, std::uint32_t partition, Replica& replica, std::int64_t offset);
  // Leader: recompute the high watermark and answer the acks=all requests it now covers.
  void maybe_advance_high_watermark(Context& ctx, std::uint32_t partition, Replica& replica);
  // Leader: propose an ISR without followers that lag, or with followers that caught up.
  void maybe_alter_isr(Context& ctx, std::uint32_t partition, Replica& replica, bool resend);
  // The idempotent producer's last sequence in this log (-1: none), rebuilt from the records.
  std::int64_t last_sequence(const Replica& replica, std::uint32_t producer) const;
  std::int64_t offset_of(const Replica& replica, std::uint32_t producer, std::int64_t sequence) const;

  LogParams params_;
  std::uint32_t brokers_;
  NodeId controller_;  // the first node after the servers (brokers, then any consumers)
  BrokerMutants mutants_;
  ConsumerGroupConfig group_;
  std::optional<GroupCoordinator> coordinator_;  // on the group's coordinator broker only
  std::map<std::uint32_t, Replica> replicas_;  // partition -> this broker's replica of it
  bool registered_ = false;                    // heard from the controller since this start
  std::uint64_t ticks_ = 0;                    // ticks since this start (heartbeats go every few)

 public:
  using Messages = MessageHandlers<&Broker::on_produce, &Broker::on_fetch, &Broker::on_fetch_response, &Broker::on_leader_and_isr,
                                   &Broker::on_consumer_fetch, &Broker::on_join_group, &Broker::on_group_heartbeat,
                                   &Broker::on_leave_group, &Broker::on_offset_commit, &Broker::on_offset_fetch>;
  using Timers = TimerHandlers<&Broker::on_tick>;
};

}  // namespace dsim::log
