// A broadcast client: invents values at random times (a Poisson process whose rate is this
// client's share of the workload's rate), sends each to a random server, and retries it on another
// server until one acknowledges it. Its history (invoke, then ok) is what all_delivered checks.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/core/node.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/value_summary.h"

namespace dsim::broadcast {

class BroadcastClient final : public Node {
 public:
  static constexpr std::uint16_t kNextValueTimer = 1;
  static constexpr std::uint16_t kRequestTimeoutTimer = 2;  // a = request id, b = attempt

  // `client_index` names the values ("c<index>-<sequence>"); servers are nodes 0..server_count-1.
  BroadcastClient(BroadcastWorkload workload, std::uint32_t client_index, std::uint32_t server_count);

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t kind) const override;
  // "broadcast": originates one new value now, through the same path as the workload's values.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  struct PendingRequest {
    ValueId value;
    std::uint64_t attempt = 0;  // 0 for the first send; the timeout timer carries it
    NodeId server = kNoNode;    // where the latest attempt went
  };

  void schedule_next_value(Context& ctx);
  void on_next_value(Context& ctx);
  void originate_value(Context& ctx);
  void on_request_timeout(Context& ctx, std::uint64_t request_id, std::uint64_t attempt);
  void send_attempt(Context& ctx, std::uint64_t request_id, PendingRequest& request);
  void publish_progress(Context& ctx);

  BroadcastWorkload workload_;
  std::uint32_t client_index_;
  std::uint32_t server_count_;
  std::uint64_t next_sequence_ = 1;               // the next value's sequence; also its request id
  std::map<std::uint64_t, PendingRequest> pending_;  // request id -> awaiting BroadcastOk
  std::uint64_t acknowledged_ = 0;                // values some server has acknowledged
};

}  // namespace dsim::broadcast
