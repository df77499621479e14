// A CRDT client: one operation at a time on a random replica, drawn to fit the type (increment;
// increment or decrement; add or remove of a random element; set of a fresh value). Each is an
// "invoke" in the history and ends "ok" with the replica's result (an add's tag "e1@2.3", a
// remove's removed tags, a set's stamped write "c0-4@1050000.2") or "info" on a timeout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/crdt/messages.h"
#include "sim/protocols/crdt/params.h"
#include "sim/protocols/crdt/timers.h"

namespace dsim::crdt {

class CrdtClient final : public ProtocolNode<CrdtClient> {
 public:
  static constexpr std::string_view kNodeType = "crdt client";

  CrdtClient(CrdtType type, CrdtWorkload workload, std::uint32_t client_index, std::uint32_t replica_count);

  void start(Context& ctx);
  bool is_current(const NextOperation&) const { return true; }
  bool is_current(const ReplyTimeout& timeout) const { return in_flight_ && timeout.request_id == request_id_; }

 private:
  void on_next_operation(Context& ctx, const NextOperation& timer);
  void on_done(Context& ctx, NodeId from, const ClientOpDone& done);
  void on_reply_timeout(Context& ctx, const ReplyTimeout& timeout);
  void finish(Context& ctx, HistoryEvent::Kind kind, std::string value);
  void schedule_next(Context& ctx);

  CrdtType type_;
  CrdtWorkload workload_;
  std::uint32_t client_index_;
  std::uint32_t replica_count_;
  std::uint64_t next_sequence_ = 1;
  bool in_flight_ = false;
  std::string in_flight_op_;
  std::string in_flight_argument_;
  std::uint64_t request_id_ = 0;
  std::uint64_t completed_ = 0;

 public:
  using Messages = MessageHandlers<&CrdtClient::on_done>;
  using Timers = TimerHandlers<&CrdtClient::on_next_operation, &CrdtClient::on_reply_timeout>;
};

}  // namespace dsim::crdt
