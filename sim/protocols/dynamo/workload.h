// A dynamo client: one operation at a time, a get or a put of a random key, sent to its home
// server (the workload's "coordinators") or to a random one. Each operation is an "invoke" in the
// history and ends with "ok", "fail" or "info" (a put whose outcome is unknown: it may have
// reached some replicas). Its history is what stale_read and lost_write judge.
//
// History values: a put's invoke holds the value id ("c0-4"), and its ok the record the
// coordinator made of it ("c0-4@1050000.1"); a get's ok holds the record it read, or "" when no
// replica held one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/dynamo/messages.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/timers.h"

namespace dsim::dynamo {

inline constexpr std::string_view kOpPut = "put";
inline constexpr std::string_view kOpGet = "get";

class DynamoClient final : public ProtocolNode<DynamoClient> {
 public:
  static constexpr std::string_view kNodeType = "dynamo client";

  // `client_index` names the values ("c<index>-<sequence>"); servers are nodes 0..server_count-1.
  DynamoClient(DynamoWorkload workload, std::uint32_t client_index, std::uint32_t server_count);

  void start(Context& ctx);
  bool is_current(const NextOperation&) const { return true; }
  bool is_current(const ReplyTimeout& timeout) const { return in_flight_ && timeout.request_id == request_id_; }
  // "put KEY" or "get KEY": one operation now, through the workload's path (refused while one is in flight).
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  void on_next_operation(Context& ctx, const NextOperation& timer);
  void on_reply(Context& ctx, NodeId from, const ClientReply& reply);
  void on_reply_timeout(Context& ctx, const ReplyTimeout& timeout);
  void issue(Context& ctx, bool is_put, std::string key);
  void finish(Context& ctx, HistoryEvent::Kind kind, std::string value);
  void schedule_next(Context& ctx);
  NodeId pick_coordinator(Context& ctx);

  DynamoWorkload workload_;
  std::uint32_t client_index_;
  std::uint32_t server_count_;
  std::uint64_t next_sequence_ = 1;  // the next put's value sequence; also the next request id
  bool next_scheduled_ = false;  // a NextOperation timer is pending (one at a time)
  bool in_flight_ = false;
  bool in_flight_is_put_ = false;
  std::string in_flight_key_;
  std::uint64_t request_id_ = 0;
  std::uint64_t completed_ = 0;

 public:
  using Messages = MessageHandlers<&DynamoClient::on_reply>;
  using Timers = TimerHandlers<&DynamoClient::on_next_operation, &DynamoClient::on_reply_timeout>;
};

}  // namespace dsim::dynamo
