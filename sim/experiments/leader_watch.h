// Follows each Raft server's published role and term (sim/protocols/raft/view.h) and records the
// moments that matter to an election study: when each server first became a candidate, and every
// time a server became leader, with its term. It reads only what the servers publish, never a
// RaftNode, so it judges a run the way a trace reader would.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/observer.h"
#include "sim/protocols/raft/messages.h"

namespace dsim::experiments {

struct Leadership {
  NodeId leader = kNoNode;
  raft::Term term = 0;
  TimeUs since_us = 0;  // when it became leader
};

class LeaderWatch final : public Observer {
 public:
  explicit LeaderWatch(std::size_t servers);

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;

  // Called as each leadership begins (inside the event that made it; the callback may schedule
  // or stop, not step the simulator).
  std::function<void(const Leadership&)> on_new_leader;

  // Every leadership so far, in order.
  const std::vector<Leadership>& leaderships() const { return leaderships_; }
  // When each server first became a candidate (its first election timeout), -1 if never.
  const std::vector<TimeUs>& first_candidacy_us() const { return first_candidacy_us_; }
  // Whether `node` is leader of `term` now (a leader that steps down always moves to a newer term).
  bool leads(NodeId node, raft::Term term) const;

 private:
  enum class Role : std::uint8_t { unknown, follower, candidate, leader };
  struct Server {
    Role role = Role::unknown;
    raft::Term term = 0;
  };
  // The JSON text a server publishes for each role, built once from the protocol's own names.
  std::string follower_json_;
  std::string candidate_json_;
  std::string leader_json_;
  std::vector<Server> servers_;
  std::vector<TimeUs> first_candidacy_us_;
  std::vector<Leadership> leaderships_;
};

}  // namespace dsim::experiments
