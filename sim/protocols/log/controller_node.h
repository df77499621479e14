// The controller: the one node that decides each partition's leader, epoch and ISR, and keeps
// them durably (the part ZooKeeper and the elected controller play together in Kafka: Kreps et al.
// 2011 §3.3; Apache Kafka documentation, "Replication"). It watches broker sessions; when a broker
// dies it removes it from every ISR and elects a new leader for the partitions it led, from the live
// ISR (clean), or, when none is alive and unclean_leader_election is set, from any live replica:
// that replica lacks committed records, which are lost (mark log.unclean_election).
//
// It never crashes in these scenarios (controller failover is not modelled); it is the first node
// after the servers (the brokers, then any consumers).
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/log/assignment.h"
#include "sim/protocols/log/messages.h"
#include "sim/protocols/log/params.h"
#include "sim/protocols/log/timers.h"

namespace dsim::log {

class Controller final : public ProtocolNode<Controller> {
 public:
  static constexpr std::string_view kNodeType = "log controller";

  Controller(LogParams params, std::uint32_t brokers);

  void start(Context& ctx);
  bool is_current(const SessionCheck&) const { return true; }
  void publish_view(Context& ctx);

 private:
  void on_heartbeat(Context& ctx, NodeId from, const BrokerHeartbeat& heartbeat);
  void on_alter_isr(Context& ctx, NodeId from, const AlterIsr& alter);
  void on_metadata_request(Context& ctx, NodeId from, const MetadataRequest& request);
  void on_session_check(Context& ctx, const SessionCheck& check);

  // A broker's session ended: out of every ISR, and a new leader where it led.
  void on_broker_dead(Context& ctx, NodeId broker);
  // A broker is back: offline partitions it can lead get it as leader.
  void on_broker_alive(Context& ctx, NodeId broker);
  // Picks a leader for `partition` among live brokers, bumps the epoch, persists and tells replicas.
  void elect_leader(Context& ctx, std::uint32_t partition);
  void save_and_announce(Context& ctx, std::uint32_t partition);
  void announce(Context& ctx, std::uint32_t partition, NodeId to);
  bool alive(NodeId broker) const { return alive_.at(broker); }

  LogParams params_;
  std::uint32_t brokers_;
  std::vector<PartitionState> partitions_;  // by partition; mirrors durable storage
  std::vector<bool> alive_;                 // by broker: its session is live
  std::vector<TimeUs> last_heartbeat_us_;   // by broker, on this node's clock

 public:
  using Messages = MessageHandlers<&Controller::on_heartbeat, &Controller::on_alter_isr, &Controller::on_metadata_request>;
  using Timers = TimerHandlers<&Controller::on_session_check>;
};

}  // namespace dsim::log
