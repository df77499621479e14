// Lab 3's messages (given): Raft's two RPCs with the log (Ongaro and Ousterhout 2014, Figure 2):
// RequestVote carries the candidate's last log entry (for the §5.4.1 up-to-date check), and
// AppendEntries carries entries after (prev_log_index, prev_log_term), the consistency check of §5.3.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"

namespace dsim::lab03 {

struct LogEntry {
  std::int64_t term = 0;  // the term of the leader that appended it
  std::string command;    // what it would apply ("x17"); the checkers look only at terms
};

struct RequestVote : MessageOf<RequestVote> {
  std::int64_t term = 0;
  std::int64_t last_log_index = 0;  // the candidate's last entry, 0 for an empty log
  std::int64_t last_log_term = 0;

  std::string_view type() const override { return "RequestVote"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("last_log_index", last_log_index);
    out.field("last_log_term", last_log_term);
  }
};

struct RequestVoteReply : MessageOf<RequestVoteReply> {
  std::int64_t term = 0;
  bool vote_granted = false;

  std::string_view type() const override { return "RequestVoteReply"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("vote_granted", vote_granted);
  }
};

// leader -> follower: "after the entry at prev_log_index, of term prev_log_term, come these";
// with no entries it is a heartbeat. leader_commit tells the follower how far it may commit.
struct AppendEntries : MessageOf<AppendEntries> {
  std::int64_t term = 0;
  std::int64_t prev_log_index = 0;
  std::int64_t prev_log_term = 0;
  std::vector<LogEntry> entries;
  std::int64_t leader_commit = 0;

  std::string_view type() const override { return "AppendEntries"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("prev_log_index", prev_log_index);
    out.field("prev_log_term", prev_log_term);
    std::vector<std::string> shown;
    for (const LogEntry& entry : entries) shown.push_back(std::to_string(entry.term) + ":" + entry.command);
    out.field("entries", shown);
    out.field("leader_commit", leader_commit);
  }
};

// follower -> leader. On success, match_index is the last index the follower now holds that
// matches the leader's log (prev_log_index + the entries' count).
struct AppendEntriesReply : MessageOf<AppendEntriesReply> {
  std::int64_t term = 0;
  bool success = false;
  std::int64_t match_index = 0;

  std::string_view type() const override { return "AppendEntriesReply"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("success", success);
    out.field("match_index", match_index);
  }
};

}  // namespace dsim::lab03
