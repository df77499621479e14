// Raft's messages, named as in Figure 2 of the extended paper (Ongaro and Ousterhout, 2014), plus
// the PreVote flag (Ongaro's thesis §9.6) and InstallSnapshot (§7). The client protocol (§8) and
// the key-value state machine are the shared key-value service's (sim/protocols/kvservice), named
// here so that Raft's code reads them as its own. Each message describes its fields for the trace;
// entries are shown by their terms to keep traces small.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/message.h"
#include "sim/protocols/raft/entry_list.h"
#include "sim/protocols/raft/log_entry.h"
#include "sim/protocols/kvservice/kv.h"
#include "sim/protocols/kvservice/messages.h"

namespace dsim::raft {

using kvservice::ByteReader;
using kvservice::ByteWriter;
using kvservice::ClientReply;
using kvservice::ClientRequest;
using kvservice::Command;
using kvservice::CommandResult;
using kvservice::KeyValueStore;
using kvservice::read_command;
using kvservice::write_command;



// RequestVote, or with pre_vote set, the PreVote probe: "would you vote for me in term+1?",
// which changes no one's term (thesis §9.6), so a server cut off from the cluster cannot disrupt
// it when it returns.
struct RequestVote : MessageOf<RequestVote> {
  Term term = 0;                 // the candidate's term (for a pre-vote: the term it would use)
  NodeId candidate_id = kNoNode;
  LogIndex last_log_index = 0;
  Term last_log_term = 0;
  bool pre_vote = false;
  std::string_view type() const override { return pre_vote ? "PreVote" : "RequestVote"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("candidate_id", candidate_id);
    out.field("last_log_index", last_log_index);
    out.field("last_log_term", last_log_term);
    out.field("pre_vote", pre_vote);
  }
};

struct RequestVoteReply : MessageOf<RequestVoteReply> {
  Term term = 0;        // the voter's current term, for the candidate to update itself
  bool vote_granted = false;
  bool pre_vote = false;
  Term request_term = 0;  // the term asked about, so that late replies are recognised as stale
  std::string_view type() const override { return pre_vote ? "PreVoteReply" : "RequestVoteReply"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("vote_granted", vote_granted);
    out.field("pre_vote", pre_vote);
    out.field("request_term", request_term);
  }
};

inline std::vector<std::int64_t> entry_terms(const EntryList& entries) {
  std::vector<std::int64_t> terms;
  terms.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) terms.push_back(entries[i].term);
  return terms;
}

struct AppendEntries : MessageOf<AppendEntries> {
  Term term = 0;
  NodeId leader_id = kNoNode;
  LogIndex prev_log_index = 0;
  Term prev_log_term = 0;
  EntryList entries;  // empty for a heartbeat; shared with the leader's log (entry_list.h)
  LogIndex leader_commit = 0;
  std::string_view type() const override { return "AppendEntries"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("leader_id", leader_id);
    out.field("prev_log_index", prev_log_index);
    out.field("prev_log_term", prev_log_term);
    out.field("entries", entry_terms(entries));
    out.field("leader_commit", leader_commit);
  }
};

// On failure the follower says where its log stops agreeing, so the leader can skip a whole
// conflicting term per round trip instead of one entry (the optimisation at the end of §5.3), and
// which request it rejects, so the leader can tell the answer to its probe from a duplicate or a
// late answer to an earlier request (etcd's MsgAppResp carries the rejected index the same way).
struct AppendEntriesReply : MessageOf<AppendEntriesReply> {
  Term term = 0;
  bool success = false;
  LogIndex match_index = 0;     // on success: the last index known to match the leader's log
  Term conflict_term = 0;       // on failure: the term of the follower's entry at prev_log_index (0: none)
  LogIndex conflict_index = 0;  // on failure: the first index of conflict_term, or the log's end + 1
  LogIndex prev_log_index = 0;  // on failure: the prev_log_index of the AppendEntries rejected
  std::string_view type() const override { return "AppendEntriesReply"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("success", success);
    out.field("match_index", match_index);
    out.field("conflict_term", conflict_term);
    out.field("conflict_index", conflict_index);
    if (!success) out.field("prev_log_index", prev_log_index);
  }
};

// The whole snapshot in one message: the paper's chunking (offset, done) only matters for
// snapshots larger than a packet, and a simulated packet has no size limit.
struct InstallSnapshot : MessageOf<InstallSnapshot> {
  Term term = 0;
  NodeId leader_id = kNoNode;
  LogIndex last_included_index = 0;
  Term last_included_term = 0;
  std::string data;  // KeyValueStore::encode()
  std::string_view type() const override { return "InstallSnapshot"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("leader_id", leader_id);
    out.field("last_included_index", last_included_index);
    out.field("last_included_term", last_included_term);
    out.field("bytes", static_cast<std::int64_t>(data.size()));
  }
};

struct InstallSnapshotReply : MessageOf<InstallSnapshotReply> {
  Term term = 0;
  LogIndex last_included_index = 0;  // echoed, so the leader knows what the follower now holds
  std::string_view type() const override { return "InstallSnapshotReply"; }
  void describe(FieldWriter& out) const override {
    out.field("term", term);
    out.field("last_included_index", last_included_index);
  }
};

}  // namespace dsim::raft
