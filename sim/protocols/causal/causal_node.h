// A member of a causal-broadcast group (Birman, Schiper and Stephenson, "Lightweight causal and
// atomic group multicast", ACM TOCS 9(3), 1991, the CBCAST protocol). It posts by stamping its vector
// timestamp on a message sent to every other member, and delivers a received message only once
// everything that causally precedes it has been delivered here; until then the message waits in
// a hold-back queue. The bug switch delivers at once. Members are nodes 0..n-1; nothing is
// persisted (the paper's group handles a crash by a view change, which this lab leaves out).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/causal/messages.h"
#include "sim/protocols/causal/params.h"
#include "sim/protocols/causal/timers.h"
#include "sim/protocols/causal/vector_timestamp.h"

namespace dsim::causal {

class CausalMember final : public ProtocolNode<CausalMember> {
 public:
  static constexpr std::string_view kNodeType = "causal broadcast member";

  CausalMember(CausalParams params, CausalWorkload workload, std::uint32_t members);

  void start(Context& ctx);
  bool is_current(const PostTimer&) const { return true; }  // one pending at a time
  void publish_view(Context& ctx);
  // "post": posts one message now.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  struct Waiting {  // a message in the hold-back queue
    Multicast message;
    TimeUs arrived_us = 0;
  };

  void on_multicast(Context& ctx, NodeId from, const Multicast& message);
  void on_post_timer(Context& ctx, const PostTimer& timer);
  void schedule_next_post(Context& ctx);
  void post(Context& ctx, std::string text);
  void deliver(Context& ctx, const Multicast& message);
  // Whether a copy of `message` already waits in the hold-back queue.
  bool is_held(const Multicast& message) const;
  // Delivers every held message that has become deliverable, until none is.
  void deliver_from_hold_back(Context& ctx);

  CausalParams params_;
  CausalWorkload workload_;
  std::uint32_t members_;
  VectorTimestamp delivered_;     // VT_i: messages delivered from each member (own posts included)
  std::vector<Waiting> hold_back_;  // arrived but not yet deliverable, in arrival order

 public:
  using Messages = MessageHandlers<&CausalMember::on_multicast>;
  using Timers = TimerHandlers<&CausalMember::on_post_timer>;
};

}  // namespace dsim::causal
