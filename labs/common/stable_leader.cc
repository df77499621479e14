// stable_leader (stable_leader.h): the latest role, term and leader each server published, judged
// once at the end over the servers that are up.
#include "labs/common/stable_leader.h"

#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "sim/core/view.h"

namespace dsim::labs {
namespace {

struct Published {
  std::string role = "(nothing)";
  std::int64_t term = -1;
  std::int64_t leader = -1;
};

std::int64_t parse_integer(std::string_view text, std::int64_t fallback) {
  std::int64_t value = fallback;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : fallback;
}

class StableLeaderChecker final : public Checker {
 public:
  StableLeaderChecker() : Checker(std::string(kCheckStableLeader)) {}

  void on_state(TimeUs, NodeId node, std::string_view key, std::string_view value_json) override {
    if (node >= run_info().servers) return;
    Published& server = latest_[node];
    if (key == dsim::view::kRole.name) {
      // A crash clears the node's view: an empty value.
      server.role = value_json.size() >= 2 ? std::string(value_json.substr(1, value_json.size() - 2)) : "(nothing)";
    } else if (key == dsim::view::kTerm.name) {
      server.term = parse_integer(value_json, -1);
    } else if (key == dsim::view::kLeader.name) {
      server.leader = parse_integer(value_json, -1);
    }
  }

  void finish(const FinalState& final_state) override {
    std::vector<NodeId> live, leaders;
    for (NodeId node = 0; node < run_info().servers; ++node) {
      if (!final_state.alive(node)) continue;
      live.push_back(node);
      if (latest_[node].role == dsim::view::role::kLeader) leaders.push_back(node);
    }
    TimeUs end = final_state.end_us();
    if (leaders.size() != 1) {
      std::string what = leaders.empty() ? "no live server is leader" : std::to_string(leaders.size()) + " live servers are leader";
      report(end, leaders.empty() ? live : leaders, "at the end of the run " + what + ": " + describe(live));
      return;
    }
    NodeId leader = leaders.front();
    std::int64_t term = latest_[leader].term;
    std::vector<NodeId> astray;
    for (NodeId node : live) {
      if (node == leader) continue;
      if (latest_[node].term != term || latest_[node].leader != static_cast<std::int64_t>(leader)) astray.push_back(node);
    }
    if (!astray.empty()) {
      report(end, astray, "at the end of the run " + node_name(leader) + " leads term " + std::to_string(term) +
                              ", but not every live server follows it: " + describe(live));
    }
  }

 private:
  // "n0 leader term 3, n1 follower term 3 (leader n0), n2 candidate term 5"
  std::string describe(const std::vector<NodeId>& nodes) {
    std::string text;
    for (NodeId node : nodes) {
      const Published& server = latest_[node];
      if (!text.empty()) text += ", ";
      text += node_name(node) + " " + server.role + " term " + std::to_string(server.term);
      if (server.role == dsim::view::role::kFollower) {
        text += server.leader >= 0 ? " (leader " + node_name(static_cast<NodeId>(server.leader)) + ")" : " (no leader known)";
      }
    }
    return text;
  }

  std::map<NodeId, Published> latest_;
};

}  // namespace

std::unique_ptr<Checker> make_stable_leader_checker() { return std::make_unique<StableLeaderChecker>(); }

}  // namespace dsim::labs
