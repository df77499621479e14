// A SWIM member (Das, Gupta and Motivala, DSN 2002): a pure state machine. Each protocol period it
// judges the last probe and probes one member, chosen at random or round-robin (§3, §4.3): a Ping,
// and when no Ack comes within the ping timeout, PingReqs to k other members who ping the target
// for it. A target that stays silent to the end of the period is suspected (§4.2; without
// suspicion: declared dead at once); a suspect that does not refute, by raising its incarnation,
// before the suspicion timeout is declared dead. All membership news travels piggybacked on
// pings and acks, each piece ceil(λ ln n) times (§4.1). Members join through member 0 and may
// leave on purpose (workload.h). With the "heartbeat" detector the same member instead sends
// every other member a heartbeat each period and declares silent ones dead: the all-to-all scheme
// SWIM was built to replace.
//
// Durable state is the incarnation alone: a restarted member rejoins with a higher one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/swim/dissemination.h"
#include "sim/protocols/swim/membership.h"
#include "sim/protocols/swim/messages.h"
#include "sim/protocols/swim/params.h"
#include "sim/protocols/swim/probe_order.h"
#include "sim/protocols/swim/timers.h"
#include "sim/protocols/swim/workload.h"

namespace dsim::swim {

class SwimNode final : public ProtocolNode<SwimNode> {
 public:
  static constexpr std::string_view kNodeType = "swim member";

  SwimNode(SwimParams params, SwimWorkload workload, std::uint32_t member_count);

  void start(Context& ctx);
  // After a crash: back with a higher incarnation, through a join.
  void restart(Context& ctx);
  bool is_current(const ProtocolPeriod&) const { return phase_ == Phase::member; }
  bool is_current(const ProbeTimeout& timeout) const;
  bool is_current(const SuspicionTimeout& timeout) const;
  bool is_current(const JoinAttempt& attempt) const { return phase_ == Phase::joining && attempt.attempt == join_attempts_; }
  bool is_current(const LeaveTime&) const { return phase_ == Phase::member; }
  // "leave": leave the group now.
  std::string on_operator_request(Context& ctx, std::string_view request) override;
  void publish_view(Context& ctx);

  // For white-box tests.
  MemberStatus status_of(NodeId member) const { return view_.at(member).status; }
  Incarnation incarnation() const { return incarnation_; }

 private:
  enum class Phase : std::uint8_t { joining, member, left };
  struct Entry {
    MemberStatus status = MemberStatus::unknown;
    Incarnation incarnation = 0;
    TimeUs last_heard_us = 0;  // heartbeat detector: when its last heartbeat came
  };
  struct Probe {
    std::uint64_t seq = 0;
    NodeId target = kNoNode;
    bool acked = false;
  };
  struct Relay {  // a ping this member sends for another's ping-req
    NodeId requester = kNoNode;
    std::uint64_t requester_seq = 0;
    NodeId target = kNoNode;
    std::uint64_t period = 0;  // when it was sent, to forget unanswered relays
  };

  void on_period(Context& ctx, const ProtocolPeriod& period);
  void on_probe_timeout(Context& ctx, const ProbeTimeout& timeout);
  void on_suspicion_timeout(Context& ctx, const SuspicionTimeout& timeout);
  void on_join_attempt(Context& ctx, const JoinAttempt& attempt);
  void on_leave_time(Context& ctx, const LeaveTime& leave);
  void on_ping(Context& ctx, NodeId from, const Ping& ping);
  void on_ack(Context& ctx, NodeId from, const Ack& ack);
  void on_ping_req(Context& ctx, NodeId from, const PingReq& request);
  void on_join(Context& ctx, NodeId from, const Join& join);
  void on_join_ack(Context& ctx, NodeId from, const JoinAck& ack);
  void on_leave(Context& ctx, NodeId from, const Leave& leave);
  void on_heartbeat(Context& ctx, NodeId from, const Heartbeat& heartbeat);

  // Enters the group: every member known from `known`, periods start.
  void become_member(Context& ctx);
  void schedule_first_period(Context& ctx);
  void heartbeat_period(Context& ctx);
  void leave(Context& ctx);
  // Applies news about a member (refuting it when it is about this member); returns whether it
  // changed the view. `disseminate`: pass it on by piggybacking.
  bool apply(Context& ctx, const MemberUpdate& update, bool disseminate = true);
  // A message from `member` states its incarnation: news that it is alive at it.
  void heard_from(Context& ctx, NodeId member, Incarnation incarnation);
  void suspect(Context& ctx, NodeId member);
  void declare_dead(Context& ctx, NodeId member, Incarnation incarnation);
  bool probeable(NodeId member) const;
  // Every change of a member's status goes through here, to keep others_in_group_ exact.
  void set_status(Entry& entry, MemberStatus status);
  // News for a message to `to`: from the buffer, plus any accusation of `to` itself.
  std::vector<MemberUpdate> piggyback(NodeId to);
  std::vector<MemberUpdate> membership_list(NodeId self) const;
  std::size_t group_size() const;
  template <typename M>
  void send(Context& ctx, NodeId to, M message);

  SwimParams params_;
  SwimWorkload workload_;
  std::uint32_t member_count_;          // members are nodes 0..member_count_-1
  Phase phase_ = Phase::joining;
  Incarnation incarnation_ = 0;         // only this member raises it (to refute); durable
  std::vector<Entry> view_;             // by member; this member's own entry unused
  ProbeOrder order_;
  DisseminationBuffer buffer_;
  std::optional<Probe> probe_;          // this period's probe
  std::map<std::uint64_t, Relay> relays_;  // by the relay ping's seq
  std::uint64_t next_seq_ = 1;
  std::uint64_t periods_begun_ = 0;
  std::uint64_t join_attempts_ = 0;
  std::int64_t messages_this_period_ = 0;
  std::size_t others_in_group_ = 0;     // members other than this one held alive or suspect
  bool view_dirty_ = true;

 public:
  using Messages = MessageHandlers<&SwimNode::on_ping, &SwimNode::on_ack, &SwimNode::on_ping_req, &SwimNode::on_join,
                                   &SwimNode::on_join_ack, &SwimNode::on_leave, &SwimNode::on_heartbeat>;
  using Timers = TimerHandlers<&SwimNode::on_period, &SwimNode::on_probe_timeout, &SwimNode::on_suspicion_timeout,
                               &SwimNode::on_join_attempt, &SwimNode::on_leave_time>;
};

}  // namespace dsim::swim
