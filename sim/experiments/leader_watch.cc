// LeaderWatch (see leader_watch.h). A server publishes its role before its term at the end of each
// handler (view.h's order), and becoming leader never changes the term, so the term known when
// "leader" appears is the term it leads.
#include "sim/experiments/leader_watch.h"

#include <charconv>

#include "sim/core/fields.h"
#include "sim/protocols/raft/raft_node.h"
#include "sim/protocols/raft/view.h"

namespace dsim::experiments {

LeaderWatch::LeaderWatch(std::size_t servers)
    : follower_json_(json_string(raft::role_name(raft::Role::follower))),
      candidate_json_(json_string(raft::role_name(raft::Role::candidate))),
      leader_json_(json_string(raft::role_name(raft::Role::leader))),
      servers_(servers),
      first_candidacy_us_(servers, -1) {}

void LeaderWatch::on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) {
  if (node >= servers_.size()) return;
  Server& server = servers_[node];
  if (key == dsim::view::kTerm.name) {
    raft::Term term = 0;
    std::from_chars(value_json.data(), value_json.data() + value_json.size(), term);
    server.term = term;  // an empty value (the server crashed) reads as 0
    return;
  }
  if (key != dsim::view::kRole.name) return;
  Role role = Role::unknown;
  if (value_json == follower_json_) role = Role::follower;
  if (value_json == candidate_json_) role = Role::candidate;
  if (value_json == leader_json_) role = Role::leader;
  if (role == server.role) return;
  server.role = role;
  if (role == Role::candidate && first_candidacy_us_[node] < 0) first_candidacy_us_[node] = time;
  if (role == Role::leader) {
    leaderships_.push_back({node, server.term, time});
    if (on_new_leader) on_new_leader(leaderships_.back());
  }
}

bool LeaderWatch::leads(NodeId node, raft::Term term) const {
  return node < servers_.size() && servers_[node].role == Role::leader && servers_[node].term == term;
}

}  // namespace dsim::experiments
