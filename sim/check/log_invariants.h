// Two of Raft's log properties (Figure 3), checked on the servers' published log windows:
//
// Log Matching: if two logs hold an entry with the same index and term, they are identical in
// all entries up through that index. Checked whenever a log changes, against every other log,
// over the indices both windows show (terms only: the published view carries no commands).
//
// Leader Completeness: an entry committed in a term is present in the log of every leader of a
// later term. An entry counts as committed once some server publishes a commit_index covering
// it; each server becoming leader is checked against every committed entry its window shows.
// A committed index later committed with another term is reported too.
#pragma once

#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "sim/check/checker.h"
#include "sim/check/index_table.h"
#include "sim/check/published_log.h"

namespace dsim {

class LogMatchingChecker final : public Checker {
 public:
  LogMatchingChecker() : Checker("log_matching") {}
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;

 private:
  PublishedLogs servers_;
  std::set<std::tuple<NodeId, NodeId, std::int64_t>> reported_;  // (lower node, higher node, index)
};

class LeaderCompletenessChecker final : public Checker {
 public:
  LeaderCompletenessChecker() : Checker("leader_completeness") {}
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;

 private:
  struct Committed {
    std::int64_t term = 0;        // the entry's term
    std::int64_t known_in = 0;    // the term of the server that first showed it committed
    NodeId node = kNoNode;
    TimeUs time_us = 0;
  };
  void record_commits(TimeUs time, NodeId node);
  void check_new_leader(TimeUs time, NodeId node);

  // The (index, term) pairs a node's last recorded commit covered: start, then the terms.
  struct Recorded {
    std::int64_t start = 0;
    std::vector<std::int64_t> terms;
  };

  PublishedLogs servers_;
  IndexTable<Committed> committed_;                              // index -> first sighting
  std::map<NodeId, Recorded> recorded_;
  std::set<std::pair<NodeId, std::int64_t>> checked_leaders_;    // (node, term) already checked
  std::set<std::int64_t> reported_indices_;
};

}  // namespace dsim
