// A broadcast client: invents values at random times (a Poisson process whose rate is this
// client's share of the workload's rate), sends each to a random server, and retries it on another
// server until one acknowledges it. Its history (invoke, then ok) is what all_delivered checks.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/broadcast/messages.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/timers.h"
#include "sim/protocols/broadcast/value_summary.h"

namespace dsim::broadcast {

class BroadcastClient final : public ProtocolNode<BroadcastClient> {
 public:
  static constexpr std::string_view kNodeType = "broadcast client";

  // `client_index` names the values ("c<index>-<sequence>"); servers are nodes 0..server_count-1.
  BroadcastClient(BroadcastWorkload workload, std::uint32_t client_index, std::uint32_t server_count);

  void start(Context& ctx);
  // One value timer is pending at a time, and a crash drops it: never stale.
  bool is_current(const NextValueTimeout&) const { return true; }
  // Stale once the request is acknowledged, or once a later attempt owns it.
  bool is_current(const RequestTimeout& timeout) const;
  // "broadcast": originates one new value now, through the same path as the workload's values.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  struct PendingRequest {
    ValueId value;
    std::uint64_t attempt = 0;  // 0 for the first send; the timeout timer carries it
    NodeId server = kNoNode;    // where the latest attempt went
  };

  void schedule_next_value(Context& ctx);
  void on_next_value(Context& ctx, const NextValueTimeout& timeout);
  void on_broadcast_ok(Context& ctx, NodeId from, const BroadcastOk& ok);
  void originate_value(Context& ctx);
  void on_request_timeout(Context& ctx, const RequestTimeout& timeout);
  void send_attempt(Context& ctx, std::uint64_t request_id, PendingRequest& request);
  void publish_progress(Context& ctx);

  BroadcastWorkload workload_;
  std::uint32_t client_index_;
  std::uint32_t server_count_;
  std::uint64_t next_sequence_ = 1;               // the next value's sequence; also its request id
  std::map<std::uint64_t, PendingRequest> pending_;  // request id -> awaiting BroadcastOk
  std::uint64_t acknowledged_ = 0;                // values some server has acknowledged

 public:
  using Messages = MessageHandlers<&BroadcastClient::on_broadcast_ok>;
  using Timers = TimerHandlers<&BroadcastClient::on_next_value, &BroadcastClient::on_request_timeout>;
};

}  // namespace dsim::broadcast
