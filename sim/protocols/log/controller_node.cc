// The controller's reactions. Sections: start; sessions; elections; ISR changes; metadata; view.
#include "sim/protocols/log/controller_node.h"

#include <algorithm>
#include <string>

#include "sim/core/assert.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {
namespace {

bool contains(const std::vector<NodeId>& nodes, NodeId node) { return std::find(nodes.begin(), nodes.end(), node) != nodes.end(); }

std::string partition_key(std::uint32_t partition) {
  return std::string(view::kDurablePartitionPrefix) + view::partition_member(partition);
}

}  // namespace

// ---------------------------------------------------------------- start

Controller::Controller(LogParams params, std::uint32_t brokers)
    : params_(params), brokers_(brokers), alive_(brokers, true), last_heartbeat_us_(brokers, 0) {
  DSIM_ASSERT(params_.session_timeout_us > 0, "the session timeout is positive");
}

void Controller::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() >= brokers_, "the controller follows the brokers");
  ctx.publish(dsim::view::kRole, view::kRoleController);
  partitions_.assign(params_.partitions, PartitionState{});
  for (std::uint32_t partition = 0; partition < params_.partitions; ++partition) {
    if (const std::string* stored = ctx.storage().get(partition_key(partition))) {
      if (auto state = decode_partition_state(*stored)) {
        partitions_[partition] = *state;
        continue;
      }
    }
    // Every replica starts in sync (all logs empty) and the preferred replica leads in epoch 1.
    std::vector<NodeId> replicas = replicas_of(partition, brokers_, params_.replication_factor);
    partitions_[partition] = PartitionState{static_cast<std::int64_t>(replicas.front()), 1, replicas};
    save_and_announce(ctx, partition);
  }
  for (TimeUs& heard : last_heartbeat_us_) heard = ctx.now();
  ctx.set_timer(params_.heartbeat_interval_us, SessionCheck{});
}

// ---------------------------------------------------------------- sessions

void Controller::on_heartbeat(Context& ctx, NodeId from, const BrokerHeartbeat& heartbeat) {
  if (from >= brokers_) return;
  last_heartbeat_us_[from] = ctx.now();
  if (!alive(from)) {
    alive_[from] = true;
    ctx.annotate(ctx.node_name(from) + "'s session is back");
    on_broker_alive(ctx, from);
  }
  if (heartbeat.registering) {
    for (std::uint32_t partition = 0; partition < params_.partitions; ++partition) {
      if (contains(replicas_of(partition, brokers_, params_.replication_factor), from)) announce(ctx, partition, from);
    }
  }
}

void Controller::on_session_check(Context& ctx, const SessionCheck&) {
  ctx.set_timer(params_.heartbeat_interval_us, SessionCheck{});
  for (NodeId broker = 0; broker < brokers_; ++broker) {
    if (alive(broker) && ctx.now() - last_heartbeat_us_[broker] > params_.session_timeout_us) {
      alive_[broker] = false;
      ctx.annotate(ctx.node_name(broker) + "'s session expired (no heartbeat for " +
                   format_duration(ctx.now() - last_heartbeat_us_[broker]) + ")");
      on_broker_dead(ctx, broker);
    }
  }
}

void Controller::on_broker_dead(Context& ctx, NodeId broker) {
  for (std::uint32_t partition = 0; partition < params_.partitions; ++partition) {
    PartitionState& state = partitions_[partition];
    bool led = state.leader == static_cast<std::int64_t>(broker);
    // Out of the ISR, unless it is the last member: Kafka keeps the last one, so that a clean
    // election can wait for it to come back with everything committed.
    bool shrink = contains(state.isr, broker) && state.isr.size() > 1;
    if (shrink) state.isr.erase(std::find(state.isr.begin(), state.isr.end(), broker));
    if (led) elect_leader(ctx, partition);
    else if (shrink) save_and_announce(ctx, partition);
  }
}

void Controller::on_broker_alive(Context& ctx, NodeId broker) {
  for (std::uint32_t partition = 0; partition < params_.partitions; ++partition) {
    PartitionState& state = partitions_[partition];
    if (state.leader < 0 && contains(replicas_of(partition, brokers_, params_.replication_factor), broker)) elect_leader(ctx, partition);
  }
}

// ---------------------------------------------------------------- elections

void Controller::elect_leader(Context& ctx, std::uint32_t partition) {
  PartitionState& state = partitions_[partition];
  std::vector<NodeId> replicas = replicas_of(partition, brokers_, params_.replication_factor);
  std::int64_t chosen = -1;
  // Clean: the first live member of the ISR, which holds every committed record.
  for (NodeId node : state.isr) {
    if (alive(node) && static_cast<std::int64_t>(node) != state.leader) {
      chosen = node;
      break;
    }
  }
  if (chosen < 0 && state.leader >= 0 && alive(static_cast<NodeId>(state.leader)) && contains(state.isr, static_cast<NodeId>(state.leader))) {
    chosen = state.leader;
  }
  bool unclean = false;
  if (chosen < 0 && params_.unclean_leader_election) {
    for (NodeId node : replicas) {
      if (alive(node)) {
        chosen = node;
        unclean = true;
        break;
      }
    }
  }
  std::string name = view::partition_member(partition);
  if (chosen < 0) {
    if (state.leader >= 0) {
      ctx.mark(view::kMarkPartitionOffline);
      ctx.annotate(name + " is offline: no live member of its ISR " + json_list(state.isr) +
                   (params_.unclean_leader_election ? " and no live replica" : " (unclean election is disabled)"));
      state.leader = -1;
      ++state.epoch;
      save_and_announce(ctx, partition);
    }
    return;
  }
  state.leader = chosen;
  ++state.epoch;
  if (unclean) {
    // The new leader was not in sync: the ISR restarts from it alone.
    state.isr = {static_cast<NodeId>(chosen)};
    ctx.mark(view::kMarkUncleanElection);
    ctx.annotate("unclean election: " + ctx.node_name(static_cast<NodeId>(chosen)) + " leads " + name + " in epoch " +
                 std::to_string(state.epoch) + " although it was not in the ISR; records only the old ISR held are lost");
  } else {
    if (!contains(state.isr, static_cast<NodeId>(chosen))) state.isr.push_back(static_cast<NodeId>(chosen));
    ctx.mark(view::kMarkLeaderElected);
    ctx.annotate(ctx.node_name(static_cast<NodeId>(chosen)) + " elected leader of " + name + " in epoch " + std::to_string(state.epoch) +
                 " from the ISR " + json_list(state.isr));
  }
  save_and_announce(ctx, partition);
}

void Controller::save_and_announce(Context& ctx, std::uint32_t partition) {
  ctx.persist(partition_key(partition), encode_partition_state(partitions_[partition]));
  for (NodeId node : replicas_of(partition, brokers_, params_.replication_factor)) announce(ctx, partition, node);
}

void Controller::announce(Context& ctx, std::uint32_t partition, NodeId to) {
  const PartitionState& state = partitions_[partition];
  LeaderAndIsr update;
  update.partition = partition;
  update.leader = state.leader;
  update.leader_epoch = state.epoch;
  update.isr = state.isr;
  ctx.send(to, update);
}

// ---------------------------------------------------------------- ISR changes

void Controller::on_alter_isr(Context& ctx, NodeId from, const AlterIsr& alter) {
  if (alter.partition >= params_.partitions) return;
  PartitionState& state = partitions_[alter.partition];
  // Only the current leader, in its epoch, may change the ISR; a deposed leader's request is stale.
  if (state.leader != static_cast<std::int64_t>(from) || state.epoch != alter.leader_epoch) return;
  if (!contains(alter.isr, from)) return;
  if (alter.isr == state.isr) {
    announce(ctx, alter.partition, from);  // a resend: confirm again
    return;
  }
  state.isr = alter.isr;
  save_and_announce(ctx, alter.partition);
}

// ---------------------------------------------------------------- metadata

void Controller::on_metadata_request(Context& ctx, NodeId from, const MetadataRequest&) {
  MetadataResponse response;
  for (const PartitionState& state : partitions_) response.leaders.push_back(state.leader);
  ctx.send(from, response);
}

// ---------------------------------------------------------------- view

void Controller::publish_view(Context& ctx) {
  for (std::uint32_t partition = 0; partition < partitions_.size(); ++partition) {
    const PartitionState& state = partitions_[partition];
    ctx.publish(view::kAssignment, view::partition_member(partition),
                "{\"leader\":" + std::to_string(state.leader) + ",\"epoch\":" + std::to_string(state.epoch) +
                    ",\"isr\":" + json_list(state.isr) +
                    ",\"replicas\":" + json_list(replicas_of(partition, brokers_, params_.replication_factor)) + "}");
  }
}

}  // namespace dsim::log
