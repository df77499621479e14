// SWIM's messages (Das, Gupta and Motivala, DSN 2002). The failure detector's ping, ack and
// ping-req (§3), each carrying piggybacked membership news (§4.1); joins and leaves; and the
// heartbeat of the all-to-all detector SWIM is measured against (§1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/swim/membership.h"

namespace dsim::swim {

namespace detail {
inline std::vector<std::string> describe_all(const std::vector<MemberUpdate>& updates) {
  std::vector<std::string> text;
  for (const MemberUpdate& update : updates) text.push_back(update.describe());
  return text;
}
}  // namespace detail

// "Are you alive?": a direct probe (from the prober) or a relayed one (from an intermediary).
struct Ping : MessageOf<Ping> {
  std::uint64_t seq = 0;  // the sender's probe or relay number; the Ack echoes it
  Incarnation incarnation = 0;  // the sender's: a message from a member is news that it is alive
  std::vector<MemberUpdate> updates;
  std::string_view type() const override { return "Ping"; }
  void describe(FieldWriter& out) const override {
    out.field("seq", seq);
    out.field("incarnation", incarnation);
    out.field("updates", detail::describe_all(updates));
  }
};

// "`member` is alive": the answer to a Ping, or an intermediary passing the target's answer on.
struct Ack : MessageOf<Ack> {
  std::uint64_t seq = 0;
  NodeId member = kNoNode;       // whose liveness this proves
  Incarnation incarnation = 0;   // that member's, as it answered
  std::vector<MemberUpdate> updates;
  std::string_view type() const override { return "Ack"; }
  void describe(FieldWriter& out) const override {
    out.field("seq", seq);
    out.field("member", static_cast<std::uint64_t>(member));
    out.field("incarnation", incarnation);
    out.field("updates", detail::describe_all(updates));
  }
};

// "Please ping `target` for me": sent to k members when a direct ping got no ack in time (§3).
struct PingReq : MessageOf<PingReq> {
  std::uint64_t seq = 0;  // the prober's probe number, for the Ack the intermediary passes back
  NodeId target = kNoNode;
  Incarnation incarnation = 0;  // the sender's
  std::vector<MemberUpdate> updates;
  std::string_view type() const override { return "PingReq"; }
  void describe(FieldWriter& out) const override {
    out.field("seq", seq);
    out.field("incarnation", incarnation);
    out.field("target", static_cast<std::uint64_t>(target));
    out.field("updates", detail::describe_all(updates));
  }
};

// A new member (or a restarted one) asks the introducer to let it in.
struct Join : MessageOf<Join> {
  Incarnation incarnation = 0;
  std::string_view type() const override { return "Join"; }
  void describe(FieldWriter& out) const override { out.field("incarnation", incarnation); }
};

// The introducer's answer: its whole membership list.
struct JoinAck : MessageOf<JoinAck> {
  std::vector<MemberUpdate> members;
  std::string_view type() const override { return "JoinAck"; }
  void describe(FieldWriter& out) const override { out.field("members", detail::describe_all(members)); }
};

// A member leaving on purpose tells a few others, who spread it like any news.
struct Leave : MessageOf<Leave> {
  Incarnation incarnation = 0;
  std::string_view type() const override { return "Leave"; }
  void describe(FieldWriter& out) const override { out.field("incarnation", incarnation); }
};

// The all-to-all detector: "I am alive", to every member, every period.
struct Heartbeat : MessageOf<Heartbeat> {
  std::string_view type() const override { return "Heartbeat"; }
};

}  // namespace dsim::swim
