// The sink the consumers process into: a store whose writes are the side effect the delivery
// checkers judge. Each applied write is recorded in the history (op "process") and kept durably in
// its output. With dedup, the sink also keeps a table of the (partition, offset) pairs it applied,
// written in the same durable write as the output, so a record processed again after a consumer
// crash or a rebalance is recognised and not applied twice: the idempotent consumer of "effectively
// once" (Apache Kafka documentation, "Message Delivery Semantics": store the offset together with
// the output). It never crashes in these scenarios.
#pragma once

#include <cstdint>
#include <set>
#include <string_view>
#include <utility>

#include "sim/core/protocol_node.h"
#include "sim/protocols/log/group_messages.h"

namespace dsim::log {

class Sink final : public ProtocolNode<Sink> {
 public:
  static constexpr std::string_view kNodeType = "log sink";

  void start(Context& ctx);
  void publish_view(Context& ctx);

 private:
  void on_write(Context& ctx, NodeId from, const SinkWrite& write);

  std::set<std::pair<std::uint32_t, std::int64_t>> applied_;  // the dedup table (mirrors storage)
  std::int64_t outputs_ = 0;
  std::int64_t suppressed_ = 0;

 public:
  using Messages = MessageHandlers<&Sink::on_write>;
  using Timers = TimerHandlers<>;
};

}  // namespace dsim::log
