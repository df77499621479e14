// Lab 1: a reliable broadcast server (the reference solution). Every value a client hands in is
// stored durably, acknowledged, and sent to every peer again and again until that peer
// acknowledges it: retransmission until acknowledgement is what makes a lossy link reliable
// (Cachin, Guerraoui and Rodrigues, "Introduction to Reliable and Secure Distributed
// Programming", 2nd ed., §2.4 "stubborn" and "perfect" links, and §3.3 eager reliable broadcast).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string_view>

#include "labs/01-broadcast/lab/messages.h"
#include "labs/01-broadcast/lab/params.h"
#include "labs/01-broadcast/lab/timers.h"
#include "sim/core/protocol_node.h"
#include "sim/protocols/broadcast/messages.h"

namespace dsim::lab01 {

class Server final : public ProtocolNode<Server> {
 public:
  static constexpr std::string_view kNodeType = "lab 1 broadcast server";

  Server(ServerParams params, std::uint32_t server_count);

  // A first start and a restart alike: whatever was stored is held again.
  void start(Context& ctx);
  bool is_current(const RetransmitTick&) const { return true; }
  void publish_view(Context& ctx);

 private:
  void on_broadcast(Context& ctx, NodeId from, const broadcast::Broadcast& request);
  void on_forward(Context& ctx, NodeId from, const Forward& forward);
  void on_forward_ack(Context& ctx, NodeId from, const ForwardAck& ack);
  void on_retransmit_tick(Context& ctx, const RetransmitTick& tick);

  // Stores `value` if it is new and queues it for every peer but `except`; false if it was known.
  bool learn(Context& ctx, const ValueId& value, NodeId except);

  ServerParams params_;
  std::uint32_t server_count_;                    // servers are nodes 0..server_count_-1
  std::set<ValueId> held_;                        // every value this server holds (and has stored)
  std::map<NodeId, std::set<ValueId>> unacked_;   // peer -> values it has not acknowledged yet

 public:
  using Messages = MessageHandlers<&Server::on_broadcast, &Server::on_forward, &Server::on_forward_ack>;
  using Timers = TimerHandlers<&Server::on_retransmit_tick>;
};

}  // namespace dsim::lab01
