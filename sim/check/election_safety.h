// Election Safety (Raft Figure 3): at most one leader can be elected in a given term. Generic:
// any protocol that publishes "role" = "leader" and an integer "term" is checked.
#pragma once

#include <map>
#include <set>
#include <utility>

#include "sim/check/checker.h"
#include "sim/check/published_log.h"

namespace dsim {

class ElectionSafetyChecker final : public Checker {
 public:
  ElectionSafetyChecker() : Checker("election_safety") {}
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override;

 private:
  struct Leadership {
    NodeId node;
    TimeUs since_us;
  };
  PublishedLogs servers_{/*track_log=*/false};  // the role and term are all it reads
  std::map<std::int64_t, Leadership> first_leader_;            // term -> who led it first
  std::set<std::pair<std::int64_t, NodeId>> reported_;          // (term, second leader)
};

}  // namespace dsim
