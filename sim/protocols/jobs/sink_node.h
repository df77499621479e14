// The side-effect sink: the outside world a job changes (a payment, an e-mail, a row). It applies
// every Execute it is sent and records it, so the checkers can count how often each job really
// ran. With idempotency on it keeps a durable table of the idempotency keys it has applied and
// applies a key only once: a retried request with the same key changes nothing the second time.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/jobs/messages.h"
#include "sim/protocols/jobs/params.h"

namespace dsim::jobs {

class SideEffectSink final : public ProtocolNode<SideEffectSink> {
 public:
  static constexpr std::string_view kNodeType = "side-effect sink";

  explicit SideEffectSink(JobsParams params) : params_(std::move(params)) {}

  void start(Context& ctx);
  void publish_view(Context& ctx);

 private:
  void on_execute(Context& ctx, NodeId from, const Execute& execute);

  JobsParams params_;
  std::set<std::string, std::less<>> applied_keys_;  // durable under key/<key>
  std::int64_t applied_ = 0;
  std::int64_t deduplicated_ = 0;

 public:
  using Messages = MessageHandlers<&SideEffectSink::on_execute>;
  using Timers = TimerHandlers<>;
};

}  // namespace dsim::jobs
