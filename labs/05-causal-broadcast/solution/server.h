// Lab 5: a member of a causal-broadcast group (Birman, Schiper and Stephenson, "Lightweight causal
// and atomic group multicast", ACM TOCS 9(3), 1991, the CBCAST protocol). Read ../README.md first;
// the TODOs are in server.cc. You may add fields and helpers; keep the constructor, start,
// is_current and the handler lists, which the lab's plugin and the kit call.
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

namespace dsim::lab05 {

class Member final : public ProtocolNode<Member> {
 public:
  static constexpr std::string_view kNodeType = "lab 5 causal broadcast member";

  Member(causal::CausalWorkload workload, std::uint32_t members);

  void start(Context& ctx);
  bool is_current(const causal::PostTimer&) const { return true; }  // one pending at a time
  void publish_view(Context& ctx);

 private:
  struct Waiting {  // a message in the hold-back queue
    causal::Multicast message;
    TimeUs arrived_us = 0;
  };

  void on_multicast(Context& ctx, NodeId from, const causal::Multicast& message);
  void on_post_timer(Context& ctx, const causal::PostTimer& timer);

  // Stamps and sends one post of this member to every other member.
  void post(Context& ctx, std::string text);
  // Whether `message` may be delivered here now (the CBCAST delivery condition).
  bool deliverable(const causal::Multicast& message) const;
  // Delivers `message`: updates vt_, records it, and posts the workload's reply, if any.
  void deliver(Context& ctx, const causal::Multicast& message);
  // Delivers every held message that has become deliverable, until none is.
  void deliver_from_hold_back(Context& ctx);

  causal::CausalWorkload workload_;
  std::uint32_t members_;       // members are nodes 0..members_-1
  causal::VectorTimestamp vt_;  // vt_[k]: messages from member k delivered here (own posts included)
  std::vector<Waiting> hold_back_;  // arrived but not yet deliverable, in arrival order

 public:
  using Messages = MessageHandlers<&Member::on_multicast>;
  using Timers = TimerHandlers<&Member::on_post_timer>;
};

}  // namespace dsim::lab05
