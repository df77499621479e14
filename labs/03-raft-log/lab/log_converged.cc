// log_converged (log_converged.h).
#include "labs/03-raft-log/lab/log_converged.h"

#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "sim/core/view.h"

namespace dsim::lab03 {
namespace {

class LogConvergedChecker final : public Checker {
 public:
  LogConvergedChecker() : Checker(std::string(kCheckLogConverged)) {}

  void on_state(TimeUs, NodeId node, std::string_view key, std::string_view value_json) override {
    if (node >= run_info().servers) return;
    if (key == dsim::view::kLog.name) logs_[node] = std::string(value_json);
    if (key == dsim::view::kCommitIndex.name) {
      std::int64_t value = -1;
      std::from_chars(value_json.data(), value_json.data() + value_json.size(), value);
      commits_[node] = value;
    }
  }

  void finish(const FinalState& final_state) override {
    std::vector<NodeId> live;
    for (NodeId node = 0; node < run_info().servers; ++node) {
      if (final_state.alive(node)) live.push_back(node);
    }
    if (live.empty()) return;
    NodeId first = live.front();
    std::string summary;
    bool converged = true;
    for (NodeId node : live) {
      std::int64_t length = entry_count(logs_[node]);
      if (!summary.empty()) summary += ", ";
      summary += node_name(node) + " holds " + std::to_string(length) + " entries, commit_index " + std::to_string(commits_[node]);
      if (logs_[node] != logs_[first] || commits_[node] != length || length == 0) converged = false;
    }
    if (!converged) {
      report(final_state.end_us(), live,
             "at the end of the run the live servers' logs are not all the same and fully committed: " + summary);
    }
  }

 private:
  // The number of entries in a published log ("[1,1,2]" holds 3).
  static std::int64_t entry_count(const std::string& json) {
    if (json.size() <= 2) return 0;
    std::int64_t commas = 0;
    for (char c : json) commas += c == ',';
    return commas + 1;
  }

  std::map<NodeId, std::string> logs_;
  std::map<NodeId, std::int64_t> commits_;
};

}  // namespace

std::unique_ptr<Checker> make_log_converged_checker() { return std::make_unique<LogConvergedChecker>(); }

}  // namespace dsim::lab03
