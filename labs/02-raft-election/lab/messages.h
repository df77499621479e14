// Lab 2's messages (given): Raft's RequestVote RPC and a log-less AppendEntries, the heartbeat
// (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm", 2014, Figure 2).
// Lab 3 adds the log to both.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"

namespace dsim::lab02 {

// candidate -> every server: "vote for me in `term`".
struct RequestVote : MessageOf<RequestVote> {
  std::int64_t term = 0;  // the candidate's term

  std::string_view type() const override { return "RequestVote"; }
  void describe(FieldWriter& out) const override { out.field("term", term); }
};

// server -> candidate: the answer, with the voter's term so a stale candidate learns it is behind.
struct RequestVoteReply : MessageOf<RequestVoteReply> {
  std::int64_t term = 0;      // the voter's current term
  bool vote_granted = false;  // true: the voter voted for this candidate in `term`

  std::string_view type() const override { return "RequestVoteReply"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("vote_granted", vote_granted);
  }
};

// leader -> every server, every heartbeat interval: "I lead `term`".
struct Heartbeat : MessageOf<Heartbeat> {
  std::int64_t term = 0;  // the leader's term

  std::string_view type() const override { return "Heartbeat"; }
  void describe(FieldWriter& out) const override { out.field("term", term); }
};

// server -> leader: the follower's term, so a stale leader learns it has been replaced.
struct HeartbeatReply : MessageOf<HeartbeatReply> {
  std::int64_t term = 0;

  std::string_view type() const override { return "HeartbeatReply"; }
  void describe(FieldWriter& out) const override { out.field("term", term); }
};

}  // namespace dsim::lab02
