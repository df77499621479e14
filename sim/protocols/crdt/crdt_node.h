// A CRDT replica: applies client operations to its own copy at once (no coordination: every
// replica accepts every operation, even cut off from all the others), makes the new state durable
// before it answers, and every gossip interval sends its whole state to one random peer, which
// merges it (Shapiro et al. 2011, on state-based replication: state-based objects converge when the merge is a least
// upper bound and every state eventually reaches every replica).
//
// Replicas are nodes 0..replica_count-1.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/crdt/messages.h"
#include "sim/protocols/crdt/params.h"
#include "sim/protocols/crdt/replica_state.h"
#include "sim/protocols/crdt/timers.h"

namespace dsim::crdt {

class CrdtReplica final : public ProtocolNode<CrdtReplica> {
 public:
  static constexpr std::string_view kNodeType = "crdt replica";

  CrdtReplica(CrdtParams params, std::uint32_t replica_count);

  void start(Context& ctx);
  bool is_current(const GossipTick&) const { return true; }
  void publish_view(Context& ctx);
  const ReplicaState& state() const { return state_; }

 private:
  void on_client_op(Context& ctx, NodeId from, const ClientOp& op);
  void on_state_gossip(Context& ctx, NodeId from, const StateGossip& gossip);
  void on_gossip_tick(Context& ctx, const GossipTick& tick);
  // Applies the operation and returns the reply's result text.
  std::string apply(Context& ctx, const ClientOp& op);
  void persist_state(Context& ctx);

  CrdtParams params_;
  std::uint32_t replica_count_;
  ReplicaState state_;
  std::string encoded_;  // state_.encode(), kept current: gossip, storage and the view all use it

 public:
  using Messages = MessageHandlers<&CrdtReplica::on_client_op, &CrdtReplica::on_state_gossip>;
  using Timers = TimerHandlers<&CrdtReplica::on_gossip_tick>;
};

}  // namespace dsim::crdt
