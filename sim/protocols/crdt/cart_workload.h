// The shopping cart on the OR-set (Shapiro et al. 2011, the OR-Set; DeCandia et al. 2007, §4.4
// for the cart): a client adds a new item at a random replica, or removes one: it reads the set at
// a random replica, picks one of the items it saw and removes it at that same replica, which has
// therefore observed the item's tag and tombstones it. The history is cart_items.h's (an add's ok
// value is the item's tag, a remove's the tags it took, which the converged checker also reads):
// "add" and "remove" with the item as key and value, "read" with the items as its ok value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/crdt/messages.h"
#include "sim/protocols/crdt/params.h"
#include "sim/protocols/crdt/timers.h"

namespace dsim::crdt {

class CrdtCartClient final : public ProtocolNode<CrdtCartClient> {
 public:
  static constexpr std::string_view kNodeType = "crdt cart client";

  CrdtCartClient(CrdtWorkload workload, std::uint32_t client_index, std::uint32_t replica_count);

  void start(Context& ctx);
  bool is_current(const NextOperation&) const { return true; }
  bool is_current(const ReplyTimeout& timeout) const { return in_flight_ && timeout.request_id == request_id_; }

 private:
  void on_next_operation(Context& ctx, const NextOperation& timer);
  void on_done(Context& ctx, NodeId from, const ClientOpDone& done);
  void on_reply_timeout(Context& ctx, const ReplyTimeout& timeout);
  // Records the invoke and sends the operation to `replica_`.
  void issue(Context& ctx, std::string op, std::string item);
  void finish(Context& ctx, HistoryEvent::Kind kind, std::string value);
  void schedule_next(Context& ctx);

  CrdtWorkload workload_;
  std::uint32_t client_index_;
  std::uint32_t replica_count_;
  std::uint64_t next_sequence_ = 1;  // request ids and new items' sequences; durable
  bool in_flight_ = false;
  std::string op_;
  std::string item_;
  NodeId replica_ = 0;  // this operation's replica: a remove goes where its read went
  std::uint64_t request_id_ = 0;
  std::uint64_t completed_ = 0;

 public:
  using Messages = MessageHandlers<&CrdtCartClient::on_done>;
  using Timers = TimerHandlers<&CrdtCartClient::on_next_operation, &CrdtCartClient::on_reply_timeout>;
};

}  // namespace dsim::crdt
