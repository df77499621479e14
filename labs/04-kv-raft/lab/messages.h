// Lab 4's Raft messages (given): lab 3's two RPCs (Ongaro and Ousterhout 2014, Figure 2), whose
// log entries now carry the key-value service's commands (Raft §8). The clients' messages are
// dsim's key-value client protocol (sim/protocols/kvservice/messages.h: ClientRequest, ClientReply),
// the same ones dsim's own Raft and Multi-Paxos serve.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/kvservice/kv.h"

namespace dsim::lab04 {

using kvservice::Command;
using kvservice::CommandResult;

struct LogEntry {
  std::int64_t term = 0;  // the term of the leader that appended it
  Command command;        // what the service applies once it is committed ("noop": a leader's blank entry)
};

struct RequestVote : MessageOf<RequestVote> {
  std::int64_t term = 0;
  std::int64_t last_log_index = 0;
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
    for (const LogEntry& entry : entries) {
      shown.push_back(std::to_string(entry.term) + ":" + entry.command.op + " " + entry.command.key);
    }
    out.field("entries", shown);
    out.field("leader_commit", leader_commit);
  }
};

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

}  // namespace dsim::lab04
